package io.lwp4j.cli.demo;

import io.lwp4j.proc.PsFormat;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Option;

/** What every demo shares: {@code --json}, the explanation block, and the {@code ps -eLf} rows of chosen tasks. */
public class DemoSupport {

    @Option(names = "--json", description = "Print the result as one JSON object instead of text.")
    protected boolean json;

    protected final PrintStream out = System.out;

    /**
     * The command line that runs {@code lwp4j args...} in a fresh JVM: this Java, this class path, native access
     * enabled on 22+, and this JVM's {@code lwp4j.backend} and {@code lwp4j.library.path}.
     */
    protected static List<String> selfCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        for (String p : new String[] {"lwp4j.backend", "lwp4j.library.path"}) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.lwp4j.cli.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A titled block of plain lines: what the reader is looking at, and why. */
    protected void explain(String title, String... lines) {
        if (json) {
            return;
        }
        out.println("== " + title);
        for (String l : lines) {
            out.println("   " + l);
        }
        out.println();
    }

    /**
     * The {@code ps -eLf} header and the rows of this process's tasks whose TIDs are given (in kernel order), as
     * lwp4j renders them from {@code /proc} — the same rows {@code ps -eLf} prints for them.
     */
    protected static List<String> psRows(Collection<Integer> tids) {
        List<TaskInfo> chosen = new ArrayList<>();
        for (TaskInfo t : Tasks.ofInKernelOrder(ProcessHandle.current().pid())) {
            if (tids.contains(t.tid())) {
                chosen.add(t);
            }
        }
        return PsFormat.system().render(chosen);
    }

    /** Prints the {@code ps -eLf} rows of whole processes (header first), indented, unless {@code --json}. */
    protected void printPsRowsOfProcesses(String caption, long... pids) {
        if (json) {
            return;
        }
        out.println("   " + caption);
        for (String l : PsFormat.psEfL(pids)) {
            out.println("   " + l);
        }
        out.println();
    }

    /** Prints {@link #psRows} indented, unless {@code --json}. */
    protected void printPsRows(String caption, Collection<Integer> tids) {
        if (json) {
            return;
        }
        out.println("   " + caption);
        for (String l : psRows(tids)) {
            out.println("   " + l);
        }
        out.println();
    }
}
