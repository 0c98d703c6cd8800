package io.lwp4j.cli;

import io.lwp4j.Lwp4j;
import io.lwp4j.BackendStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lwp4j backends}: every backend on the class path, whether it can run here, and which one is in use. */
@Command(name = "backends", description = "List the native backends (ffm, jnr, jna): available here or why not.")
final class BackendsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        String inUse = Lwp4j.isAvailable() ? Lwp4j.backendName() : null;
        System.out.printf("%-5s %-9s %s%n", "NAME", "PRIORITY", "STATUS");
        for (BackendStatus b : Lwp4j.backends()) {
            String status = !b.available() ? "unavailable: " + b.unavailableReason()
                    : b.name().equals(inUse) ? "in use (" + Lwp4j.librarySource() + ")" : "available";
            System.out.printf("%-5s %-9s %s%n", b.name(), b.priority() == Integer.MIN_VALUE ? "-" : b.priority(),
                    status);
        }
        if (inUse == null) {
            System.out.println();
            System.out.println("lwp4j is unavailable: " + Lwp4j.unavailabilityCause().getMessage());
            return 1;
        }
        return 0;
    }
}
