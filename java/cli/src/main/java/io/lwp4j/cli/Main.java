package io.lwp4j.cli;

import io.lwp4j.Lwp4j;

/** Placeholder entry point; the picocli command arrives with the ps and tour subcommands. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("lwp4j backend: " + (Lwp4j.isAvailable() ? Lwp4j.backendName() : Lwp4j.unavailabilityCause()));
    }
}
