package io.lwp4j.cli.demo;

import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code lwp4j demo clone-vm}: with CLONE_VM the parent sees what the child wrote into private memory; without, such
 * a program is refused (the write would land in the child's own copy), and only MAP_SHARED memory reaches back.
 */
@Command(name = "clone-vm", description = "A child writes a message into a buffer: seen with CLONE_VM, not without.")
public final class CloneVmDemo extends DemoSupport implements Callable<Integer> {

    static final String MESSAGE = "hello from a raw task";

    @Override
    public Integer call() throws Exception {
        explain("clone-vm: does the child share our memory?",
                "Process-like tasks (no CLONE_THREAD: each is its own PID, a child of this JVM) copy the message",
                "\"" + MESSAGE + "\" into a buffer of this JVM. The first is made with CLONE_VM: it runs in our",
                "address space, so its write lands in our private buffer. The second is made without: it would run",
                "in a copy-on-write copy of our memory, and its write would change only its own copy — so lwp4j",
                "refuses that program before any clone. The third, also without CLONE_VM, writes into MAP_SHARED",
                "memory (NativeMemory.createShared), whose pages stay shared after the copy: we see its write.");
        String with = run(EnumSet.of(CloneFlag.CLONE_VM), "with CLONE_VM", false);
        String refused = "";
        String without;
        try {
            without = run(EnumSet.noneOf(CloneFlag.class), "without CLONE_VM", false);
        } catch (IllegalArgumentException e) {
            refused = e.getMessage();
            without = "";
        }
        String shared = run(EnumSet.noneOf(CloneFlag.class), "without CLONE_VM, shared buffer", true);
        if (json) {
            out.printf("{\"demo\":\"clone-vm\",\"message\":%s,\"withCloneVm\":%s,\"withoutCloneVm\":%s,"
                    + "\"withoutCloneVmRefused\":%s,\"withoutCloneVmShared\":%s}%n", Json.str(MESSAGE), Json.str(with),
                    Json.str(without), Json.str(refused), Json.str(shared));
        } else {
            out.printf("   with CLONE_VM    the private buffer holds: \"%s\"%n", with);
            out.printf("   without CLONE_VM the private buffer holds: \"%s\"%n", without);
            out.printf("                    (refused: %s)%n", refused);
            out.printf("   without CLONE_VM the shared buffer holds:  \"%s\"%n%n", shared);
            out.println("   Same code: only the flag (and the kind of memory) decides whose memory the task writes.");
        }
        return 0;
    }

    private String run(EnumSet<CloneFlag> flags, String label, boolean sharedBuffer) throws Exception {
        try (NativeMemory buffer = sharedBuffer ? NativeMemory.createShared(4096) : NativeMemory.create(4096);
                NativeMemory gate = NativeMemory.createShared(4096)) {
            TaskProgram p = TaskProgram.builder().setName("clone-vm")
                    .copy(buffer, 0, MESSAGE.getBytes(StandardCharsets.US_ASCII))
                    .signal(gate, 0, 1).await(gate, 4, 0).build();
            try (RawTask t = RawTask.spawn(flags, p)) {
                Gates.awaitStarted(gate);
                printPsRowsOfProcesses(label + ": the task is its own process (PPID = this JVM):", t.tid());
                Gates.open(gate);
                t.join(Duration.ofSeconds(30));
            }
            byte[] b = buffer.get(0, MESSAGE.length());
            return b[0] == 0 ? "" : new String(b, StandardCharsets.US_ASCII);
        }
    }
}
