package io.lwp4j.ps;

import io.lwp4j.NoSuchTaskException;
import io.lwp4j.internal.proc.ProcFile;
import io.lwp4j.internal.proc.ProcSystem;
import io.lwp4j.internal.proc.TaskParser;
import io.lwp4j.proc.TaskInfo;
import io.lwp4j.proc.Tasks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The output of {@code ps -eLf} (procps-ng 4.0.2) made from {@link TaskInfo}s, so that it works where no
 * {@code ps} is installed: {@code UID PID PPID LWP C NLWP STIME TTY TIME CMD}, each column computed by procps'
 * own rules and placed by its overflow algorithm.
 *
 * {@snippet :
 * PsFormat.psEfL().forEach(System.out::println);                            // like ps -eLf
 * PsFormat.psEfL((int) ProcessHandle.current().pid()).forEach(System.out::println); // like ps -Lf -p PID
 * }
 *
 * <p>The rules, from procps' {@code src/ps/output.c} and {@code library/}:
 * <ul>
 *   <li>UID: the owner of {@code /proc/<pid>/task/<tid>} (the effective uid; root for a non-dumpable process) by
 *       its {@code /etc/passwd} name; a name longer than 8 is cut to 7 characters and {@code '+'}.</li>
 *   <li>PID, PPID, LWP: right-aligned in as many columns as {@code /proc/sys/kernel/pid_max} has digits.</li>
 *   <li>C: integer CPU percent over the task's life, {@code (utime+stime) * 100 / ticks since start}, at most
 *       99.</li>
 *   <li>STIME: {@code btime + starttime / HZ} in local time, as {@code HH:MM} if today, {@code MmmDD} if this
 *       year, else {@code YYYY}.</li>
 *   <li>TTY: {@code tty_nr} by name ({@code pts/3}, {@code tty1}, {@code ttyS0}), {@code ?} for none.</li>
 *   <li>TIME: {@code (utime+stime) / HZ} as {@code [DD-]HH:MM:SS}.</li>
 *   <li>CMD: {@code /proc/<pid>/task/<tid>/cmdline} with its NULs as blanks and its non-printable characters as
 *       {@code ?}; when it is empty (kernel threads, zombies) {@code [comm]}, plus {@code <defunct>} for a
 *       zombie.</li>
 * </ul>
 *
 * <p>Limits, all of them corners: users known only to NSS sources other than {@code /etc/passwd} show as numbers;
 * printability of non-ASCII characters follows the JDK's Unicode tables rather than glibc's; lines are never cut
 * to a terminal's width (ps' behaviour when its output is a pipe).
 *
 * <p>An instance holds the system's constants (clock ticks, boot time, PID width, character set); each
 * {@link #render} reads the clock and {@code /proc/uptime} afresh. Thread-safe.
 */
public final class PsFormat {
    private final int hertz;
    private final long bootTime;
    private final boolean utf8;
    private final PsLayout layout;

    private PsFormat(int hertz, long bootTime, int pidWidth, boolean utf8) {
        this.hertz = hertz;
        this.bootTime = bootTime;
        this.utf8 = utf8;
        int w = pidWidth;
        this.layout = new PsLayout(new PsLayout.Column[] {
            new PsLayout.Column("UID", 8, PsLayout.Align.USER),
            new PsLayout.Column("PID", Math.max(w, 3), PsLayout.Align.RIGHT),
            new PsLayout.Column("PPID", Math.max(w, 4), PsLayout.Align.RIGHT),
            new PsLayout.Column("LWP", Math.max(w, 3), PsLayout.Align.RIGHT),
            new PsLayout.Column("C", 2, PsLayout.Align.RIGHT),
            new PsLayout.Column("NLWP", 4, PsLayout.Align.RIGHT),
            new PsLayout.Column("STIME", 5, PsLayout.Align.RIGHT),
            new PsLayout.Column("TTY", 8, PsLayout.Align.LEFT),
            new PsLayout.Column("TIME", 8, PsLayout.Align.RIGHT),
            new PsLayout.Column("CMD", 27, PsLayout.Align.UNLIMITED),
        }, PsLayout.UNLIMITED_WIDTH);
    }

    /**
     * A formatter for this system: clock ticks from the ELF auxiliary vector, {@code btime} from
     * {@code /proc/stat}, the PID width from {@code pid_max}, the character set from {@code LC_ALL}/
     * {@code LC_CTYPE}/{@code LANG}.
     */
    public static PsFormat system() {
        return system(PsEscape.utf8Locale());
    }

    /**
     * {@code text} made safe for a terminal the way {@code ps} makes every text column safe (its {@code escape_str}),
     * for this system's character set: every control character (C0, DEL, C1 — so no escape sequence survives), every
     * unassigned or non-printable character and every invalid byte becomes {@code '?'} (in a non-UTF-8 locale,
     * controls become {@code '.'} and non-ASCII bytes {@code '?'}). For any name that comes from another process.
     */
    public static String forScreen(String text) {
        return PsEscape.forScreen(text.getBytes(StandardCharsets.UTF_8), PsEscape.utf8Locale());
    }

    /** {@link #system()} with the character set given: UTF-8 or not (any other, as in the C locale). */
    public static PsFormat system(boolean utf8) {
        int pidWidth;
        try {
            pidWidth = ProcSystem.pidMaxText().length();
        } catch (RuntimeException e) {
            pidWidth = 5; // procps' DEFAULT_PID_LENGTH
        }
        return new PsFormat(ProcSystem.hertz(), ProcSystem.bootTimeSeconds(), pidWidth, utf8);
    }

    /**
     * {@code ps -eLf}: the header, then every task of every process, by PID and then in the kernel's order of
     * each process's threads (the main thread, then the others as they were created), which is {@code ps}' order.
     *
     * @return the lines, without line terminators
     */
    public static List<String> psEfL() {
        PsFormat f = system();
        return f.render(Tasks.allInKernelOrder(Tasks.Projection.STAT));
    }

    /**
     * {@code ps -Lf -p PID...}: the header, then every task of the given processes, by PID (whatever the order of
     * the arguments) and then in the kernel's order, as {@code ps} lists them. A PID with no process is left out,
     * as {@code ps} does; with none left, the result is the header alone. Without arguments, this is
     * {@link #psEfL()}.
     *
     * @throws IllegalArgumentException if a PID is not positive
     * @throws io.lwp4j.PermissionException if {@code /proc} hides one of the processes ({@code hidepid})
     */
    public static List<String> psEfL(int... pids) {
        if (pids.length == 0) {
            return psEfL();
        }
        int[] sorted = Arrays.stream(pids).sorted().distinct().toArray();
        List<TaskInfo> tasks = new ArrayList<>();
        for (int pid : sorted) {
            try {
                tasks.addAll(Tasks.ofInKernelOrder(pid, Tasks.Projection.STAT));
            } catch (NoSuchTaskException e) {
                // not there (any more): ps prints nothing for it
            }
        }
        return system().render(tasks);
    }

    /** The header line, {@code UID PID PPID LWP C NLWP STIME TTY TIME CMD} spaced as procps spaces it. */
    public String header() {
        return layout.header();
    }

    /** The header and one line per task, in the order given; see {@link #rows}. */
    public List<String> render(List<TaskInfo> tasks) {
        List<String> out = new ArrayList<>(tasks.size() + 1);
        out.add(header());
        out.addAll(rows(tasks));
        return out;
    }

    /**
     * One line per task, in the order given. The owner and command line are read now from
     * {@code /proc/<pid>/task/<tid>}; a task that has ended since it was read is left out (as {@code ps} leaves
     * out a task that ends while it reads it). C and STIME are computed against the clock and uptime of now.
     */
    public List<String> rows(List<TaskInfo> tasks) {
        long now = Instant.now().getEpochSecond(); // ps: seconds_since_1970 = time(NULL)
        // procps: boot_tics = uptime * Hertz, truncated to an integer of ticks.
        long bootTicks = (long) (ProcSystem.uptimeSeconds() * hertz);
        ZoneId zone = ZoneId.systemDefault();
        ZonedDateTime today = Instant.ofEpochSecond(now).atZone(zone);
        UserNames users = new UserNames();
        TtyNames ttys = new TtyNames();
        ProcFile cmdline = new ProcFile(4096);
        ProcFile stat = new ProcFile(1024);
        String[] values = new String[10];
        int cmdTgid = 0;
        byte[] cmdOfTgid = null;
        List<String> out = new ArrayList<>(tasks.size());
        for (TaskInfo t : tasks) {
            // procps reads a main thread from the process's own directory (readproc.c readeither: "to avoid loss
            // of some thread group leader data"), so its row shows the CPU time of the whole process, including
            // threads that have ended; every other thread's row shows its own.
            boolean main = t.isMainThread();
            String dir = main ? "/proc/" + t.tgid() : "/proc/" + t.tgid() + "/task/" + t.tid();
            Integer owner = ownerOf(dir);
            long cpuTicks = main ? processCpuTicks(dir, stat) : t.cpuTicks();
            if (owner == null || cpuTicks < 0) {
                continue;
            }
            byte[] cmd;
            if (t.tgid() == cmdTgid && cmdTgid != 0) {
                cmd = cmdOfTgid; // the threads of a process share its memory, so its argument area: read it once
            } else {
                try {
                    cmd = cmdline.read(dir + "/cmdline", PsEscape.MAX_CMDLINE, "PsFormat.rows", "tid=" + t.tid())
                            ? PsEscape.commandLine(cmdline.bytes(),
                                    Math.min(cmdline.length(), PsEscape.MAX_CMDLINE - 1), utf8)
                            : null;
                } catch (RuntimeException e) {
                    cmd = null; // procps: an unreadable cmdline is an empty one
                }
                cmdTgid = t.tgid();
                cmdOfTgid = cmd;
            }
            if (cmd == null) {
                cmd = PsEscape.bracketedName(t.name(), t.state(), utf8);
            }
            values[0] = user(users.name(owner), owner);
            values[1] = Integer.toString(t.tgid());
            values[2] = Integer.toString(t.ppid());
            values[3] = Integer.toString(t.tid());
            values[4] = cpuPercent(t, cpuTicks, bootTicks);
            values[5] = Integer.toString(t.numThreads());
            values[6] = startTime(t, today, zone);
            values[7] = ttys.name(t.ttyNr(), t.tid());
            values[8] = cpuTime(cpuTicks / hertz);
            values[9] = PsEscape.forScreen(cmd, utf8);
            out.add(layout.line(values));
        }
        return out;
    }

    /** utime + stime of the whole process from {@code /proc/<pid>/stat}, or -1 when it is gone. */
    private static long processCpuTicks(String dir, ProcFile stat) {
        try {
            if (!stat.read(dir + "/stat", 4096, "PsFormat.rows", dir)) {
                return -1;
            }
            return TaskParser.parse(stat.bytes(), stat.length(), stat.bytes(), 0).cpuTicks();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The uid owning the task's directory (what procps takes as the effective uid), or null when it is gone. */
    private static Integer ownerOf(String dir) {
        try {
            return (Integer) Files.getAttribute(Paths.get(dir), "unix:uid");
        } catch (IOException e) {
            return null;
        }
    }

    /** do_pr_name with an 8-cell column: a longer name keeps 7 characters and gets a '+'. */
    private String user(String name, int uid) {
        String s = PsEscape.forScreen(name.getBytes(StandardCharsets.UTF_8), utf8);
        if (s.codePointCount(0, s.length()) <= 8) {
            return s;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b[7] >= 0 && b[7] < 127) {
            return new String(b, 0, 7, StandardCharsets.UTF_8) + "+";
        }
        return Integer.toUnsignedString(uid); // no ASCII character to cut at: procps shows the number
    }

    /** pr_c: CPU percent over the task's life, in integer arithmetic on ticks exactly as procps does. */
    private String cpuPercent(TaskInfo t, long cpuTicks, long bootTicks) {
        long pcpu = 0;
        long elapsed = bootTicks - t.startTimeTicks();
        if (elapsed > 0) {
            long jiffies = (long) ((double) elapsed / hertz * hertz);
            if (jiffies > 0) {
                pcpu = Long.divideUnsigned(cpuTicks * 100, jiffies);
            }
        }
        pcpu = Math.min(pcpu, 99);
        return pcpu < 10 ? " " + pcpu : Long.toString(pcpu);
    }

    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MMMdd", Locale.ENGLISH);

    /** pr_stime: HH:MM today, MmmDD this year, YYYY before. */
    private String startTime(TaskInfo t, ZonedDateTime today, ZoneId zone) {
        ZonedDateTime start = Instant.ofEpochSecond(bootTime + t.startTimeTicks() / hertz).atZone(zone);
        if (start.getYear() != today.getYear()) {
            return Integer.toString(start.getYear());
        }
        if (start.getDayOfYear() != today.getDayOfYear()) {
            return MONTH_DAY.format(start);
        }
        return HOUR_MINUTE.format(start);
    }

    /** A CPU time as ps prints its TIME column (procps' {@code pr_time}): {@code [DD-]HH:MM:SS}. */
    public static String cpuTime(long seconds) {
        long ss = seconds % 60;
        long t = seconds / 60;
        long mm = t % 60;
        t /= 60;
        long hh = t % 24;
        long dd = t / 24;
        StringBuilder b = new StringBuilder(11);
        if (dd > 0) {
            b.append(dd).append('-');
        }
        two(b, hh).append(':');
        two(b, mm).append(':');
        return two(b, ss).toString();
    }

    private static StringBuilder two(StringBuilder b, long v) {
        if (v < 10) {
            b.append('0');
        }
        return b.append(v);
    }
}
