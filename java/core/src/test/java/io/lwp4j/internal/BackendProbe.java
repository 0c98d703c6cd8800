package io.lwp4j.internal;

import io.lwp4j.Lwp4j;

/**
 * Run in a fresh JVM by {@link BackendSelectionTest}: prints the backend the loader chose ({@code backend=NAME}) and
 * that its first call reached the kernel ({@code tid=N}), or {@code unavailable=CAUSE}.
 */
public final class BackendProbe {
    private BackendProbe() {}

    public static void main(String[] args) {
        if (!Lwp4j.isAvailable()) {
            System.out.println("unavailable=" + Lwp4j.unavailabilityCause());
            return;
        }
        System.out.println("backend=" + Lwp4j.backendName());
        System.out.println("tid=" + Native.backend().gettid());
    }
}
