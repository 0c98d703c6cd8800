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
