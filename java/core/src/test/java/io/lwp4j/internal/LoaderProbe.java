package io.lwp4j.internal;

import io.lwp4j.Lwp4j;

/** Run in a child JVM by {@link NativeLibraryLoaderTest}: prints what the loader decided, one fact a line. */
public final class LoaderProbe {
    private LoaderProbe() {}

    public static void main(String[] args) {
        System.out.println("available=" + Lwp4j.isAvailable());
        if (Lwp4j.isAvailable()) {
            System.out.println("backend=" + Lwp4j.backendName());
            System.out.println("source=" + Lwp4j.librarySource());
            System.out.println("tid=" + Native.backend().gettid());
        } else {
            System.out.println("cause=" + Lwp4j.unavailabilityCause().getMessage());
        }
    }
}
