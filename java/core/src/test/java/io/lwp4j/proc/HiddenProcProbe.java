package io.lwp4j.proc;

import io.lwp4j.ErrnoException;

/**
 * Run by {@link TasksErrorsTest} in a child JVM, as an unprivileged user, under a procfs mounted with
 * {@code hidepid=1}: prints what {@link Tasks#of} says about each pid given, and about itself.
 */
public final class HiddenProcProbe {
    private HiddenProcProbe() {}

    public static void main(String[] args) {
        System.out.println("self " + Tasks.self().size());
        for (String a : args) {
            try {
                System.out.println("ok " + Tasks.of(Integer.parseInt(a)).size());
            } catch (ErrnoException e) {
                System.out.println(e.getClass().getName() + "|" + e.errno() + "|" + e.getMessage());
            }
        }
    }
}
