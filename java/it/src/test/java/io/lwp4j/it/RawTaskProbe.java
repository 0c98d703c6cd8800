package io.lwp4j.it;

import io.lwp4j.memory.NativeMemory;
import io.lwp4j.task.CloneFlag;
import io.lwp4j.task.RawTask;
import io.lwp4j.task.TaskProgram;
import java.time.Duration;

/**
 * Run in a container under Docker's default seccomp profile: spawns raw tasks with clone3 tried first and reports
 * which call made them (the profile answers clone3 with ENOSYS, so lwp4j must fall back to clone), their exit codes,
 * and whether they ran as threads of this JVM. Prints {@code key=value} lines.
 */
public final class RawTaskProbe {
    private RawTaskProbe() {}

    public static void main(String[] args) throws Exception {
        try (NativeMemory ids = NativeMemory.create(4096)) {
            TaskProgram p = TaskProgram.builder().setName("it-raw").writeIds(ids, 0).exit(7).build();
            try (RawTask t = RawTask.spawn(CloneFlag.threadPreset(), p)) {
                out("method", t.cloneMethod());
                out("joined", Boolean.toString(t.join(Duration.ofSeconds(30))));
                out("exit", Integer.toString(t.exitCode().getAsInt()));
                out("tid.matches", Boolean.toString(ids.getLong(0) == t.tid()));
                out("tgid.is.jvm", Boolean.toString(ids.getLong(8) == ProcessHandle.current().pid()));
            }
            try (RawTask t = RawTask.spawn(CloneFlag.processPreset(), TaskProgram.builder().exit(9).build())) {
                out("process.method", t.cloneMethod());
                t.join(Duration.ofSeconds(30));
                out("process.exit", Integer.toString(t.exitCode().getAsInt()));
            }
        }
        out("done", "true");
    }

    static void out(String key, String value) {
        System.out.println(key + "=" + value);
        System.out.flush();
    }
}
