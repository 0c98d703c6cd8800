package io.lwp4j.cli.demo;

import io.lwp4j.Errno;
import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lwp4j demo clone-files}: a child closes an fd; with CLONE_FILES our next write fails with EBADF. */
@Command(name = "clone-files", description = "A child closes a descriptor: with CLONE_FILES our write then fails "
        + "with EBADF, without it succeeds.")
public final class CloneFilesDemo extends DemoSupport implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        explain("clone-files: does the child share our file descriptor table?",
                "This JVM opens a pipe. A task closes the pipe's write end, then ends; then this JVM writes to that",
                "descriptor number. Made with CLONE_FILES, the task closed it in the table we share: our write fails",
                "with EBADF. Made without, it closed it in its own copy of the table: our write succeeds.",
                "(The write is of zero bytes, so even a reused descriptor number could never receive data.)");
        long with = run(EnumSet.of(CloneFlag.CLONE_VM, CloneFlag.CLONE_FILES));
        long without = run(EnumSet.of(CloneFlag.CLONE_VM));
        if (json) {
            out.printf("{\"demo\":\"clone-files\",\"withCloneFiles\":%s,\"withoutCloneFiles\":%s}%n",
                    Json.str(describe(with)), Json.str(describe(without)));
        } else {
            out.printf("   with CLONE_FILES    our write(fd) after the task's close: %s%n", describe(with));
            out.printf("   without CLONE_FILES our write(fd) after the task's close: %s%n", describe(without));
        }
        return 0;
    }

    static String describe(long r) {
        return r >= 0 ? "succeeded (" + r + " bytes)" : "failed: " + Errno.describe(r);
    }

    /** Returns our zero-byte write's result after a task with {@code flags} closed the pipe's write end. */
    private long run(EnumSet<CloneFlag> flags) throws Exception {
        try (NativeMemory fds = NativeMemory.create(4096)) {
            long r = Native.backend().pipe(fds.address(0, 4));
            if (r < 0) {
                throw ErrnoException.of("pipe2", "O_CLOEXEC", r);
            }
            int readEnd = fds.getInt(0);
            int writeEnd = fds.getInt(4);
            TaskProgram p = TaskProgram.builder().setName("clone-files").close(writeEnd).build();
            long result;
            try (RawTask t = RawTask.spawn(flags, p)) {
                t.join(Duration.ofSeconds(30));
                if (!json) {
                    out.printf("   task %d (%s) closed fd %d: %s%n", t.tid(), flags, writeEnd,
                            t.lastResult() == 0 ? "ok" : Errno.describe(t.lastResult()));
                }
            } finally {
                result = Native.backend().write(writeEnd, fds.address(8, 4), 0);
                Native.backend().close(readEnd);
                if (result >= 0) {
                    Native.backend().close(writeEnd); // still ours: close it; with CLONE_FILES the task already did
                }
            }
            return result;
        }
    }
}
