package io.lwp4j.cli.demo;

import io.lwp4j.ps.PsFormat;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
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
        return childJvm(List.of(), "io.lwp4j.cli.Main", args);
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
        for (TaskInfo t : Tasks.ofInKernelOrder((int) ProcessHandle.current().pid())) {
            if (tids.contains(t.tid())) {
                chosen.add(t);
            }
        }
        return PsFormat.system().render(chosen);
    }

    /** Prints the {@code ps -eLf} rows of whole processes (header first), indented, unless {@code --json}. */
    protected void printPsRowsOfProcesses(String caption, int... pids) {
        if (!json) { // read /proc only when the rows are printed
            printLines(caption, PsFormat.psEfL(pids));
        }
    }

    /** Prints {@link #psRows} indented, unless {@code --json}. */
    protected void printPsRows(String caption, Collection<Integer> tids) {
        if (!json) {
            printLines(caption, psRows(tids));
        }
    }

    /** Prints a caption and lines, indented, unless {@code --json}. */
    protected void printLines(String caption, Collection<String> lines) {
        if (json) {
            return;
        }
        out.println("   " + caption);
        for (String l : lines) {
            out.println("   " + l);
        }
        out.println();
    }

    /** Checks an option's range before anything runs: {@code IllegalArgumentException} naming the option. */
    protected static void check(String option, long v, long lo, long hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(option + " " + v + ": from " + lo + " to " + hi);
        }
    }

    /**
     * A field of {@code /proc/<pid>/status} in kB or as a count (e.g. {@code "Threads"}, {@code "VmSize"},
     * {@code "VmRSS"}), or empty when the process has no such line (a kernel thread has no {@code VmSize}) or is gone.
     */
    public static OptionalLong statusField(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
                if (l.startsWith(field + ":")) {
                    String v = l.substring(field.length() + 1).trim();
                    int sp = v.indexOf(' ');
                    return OptionalLong.of(Long.parseLong(sp < 0 ? v : v.substring(0, sp)));
                }
            }
            return OptionalLong.empty();
        } catch (NoSuchFileException gone) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The thread count of a process (the NLWP column of {@code ps -eLf}), from {@code status: Threads}; 0 if gone. */
    public static int nlwpOf(long pid) {
        return (int) statusField(pid, "Threads").orElse(0);
    }

    /** The median of some measurements (they are sorted in place). */
    protected static long median(long[] v) {
        Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }

    /**
     * The command line of a child JVM running {@code mainClass} from this JVM's class path, with this JVM's backend
     * settings and native access enabled.
     */
    protected static List<String> childJvm(List<String> jvmOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        for (String p : new String[] {"lwp4j.backend", "lwp4j.library.path"}) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /**
     * {@code s} safe for a terminal: control characters, DEL and everything outside printable ASCII become
     * {@code \xNN} (a request target or a name read from another process may carry escape sequences).
     */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\\') {
                b.append(String.format("\\x%02x", c & 0xff));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
