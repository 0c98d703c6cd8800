package io.lwp4j.cli;

import io.lwp4j.cli.demo.Json;
import io.lwp4j.proc.ProcessSample;
import io.lwp4j.ps.PsFormat;
import io.lwp4j.proc.ThreadSample;
import io.lwp4j.proc.ThreadSampler;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code lwp4j top} shows of a sample, as text lines (batch mode and the full-screen view share them) and as
 * the JSON line of its contract. Every name read from a process is escaped for the screen here.
 */
final class TopView {
    private TopView() {}

    /** The sort orders the keys choose; each sorts busiest (or, for NAME, alphabetically) first. */
    enum Sort {
        CPU(Comparator.comparingDouble(ThreadSample::cpu).reversed()),
        SYS(Comparator.comparingDouble(ThreadSample::sys).reversed()),
        DELAY(Comparator.comparingDouble((ThreadSample t) -> Double.isNaN(t.delay()) ? 0 : t.delay()).reversed()),
        CSW(Comparator.comparingDouble(ThreadSample::switchesPerSecond).reversed()),
        NAME(Comparator.comparing(TopView::name, String.CASE_INSENSITIVE_ORDER));

        final Comparator<ThreadSample> order;

        Sort(Comparator<ThreadSample> order) {
            this.order = order.thenComparingInt(ThreadSample::tid);
        }
    }

    /** The threads to show: those matching {@code filter} (case-insensitive, comm or Java name), in order, at most {@code limit}. */
    static List<ThreadSample> select(ThreadSampler.Sample s, Sort sort, String filter, int limit) {
        List<ThreadSample> out = new ArrayList<>();
        String f = filter == null ? "" : filter.toLowerCase(Locale.ROOT);
        for (ThreadSample t : s.threads()) {
            if (f.isEmpty() || t.task().name().toLowerCase(Locale.ROOT).contains(f)
                    || (t.java() != null && t.java().name().toLowerCase(Locale.ROOT).contains(f))) {
                out.add(t);
            }
        }
        if (sort != Sort.CPU) {
            out.sort(sort.order); // the sample comes busiest first already
        }
        return limit > 0 && out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** The summary lines above the table: the time, the interval, and the processes' totals (at most {@code max}). */
    static List<String> summary(ThreadSampler.Sample s, int max) {
        List<String> out = new ArrayList<>();
        double cpu = 0;
        int threads = 0;
        int running = 0;
        for (ProcessSample p : s.processes()) {
            cpu += p.cpu();
            threads += p.threads();
            running += p.threadsByState().getOrDefault('R', 0);
        }
        out.add(String.format(Locale.ROOT, "lwp4j top - %s  interval %.2f s  %d processes, %d threads (%d running), "
                + "%.1f%% CPU, %d ended", CLOCK.format(s.time().atZone(ZoneId.systemDefault())), s.intervalSeconds(),
                s.processes().size(), threads, running, cpu, s.ended().size()));
        int shown = 0;
        for (ProcessSample p : s.processes()) {
            if (shown++ >= max) {
                break;
            }
            out.add(String.format(Locale.ROOT, "  pid %d %s: %.1f%% CPU (%.1f usr, %.1f sys), delay %s, %d threads %s,"
                    + " +%d -%d%s", p.pid(), PsFormat.forScreen(p.name()), p.cpu(), p.user(), p.sys(), pct(p.delay()),
                    p.threads(), p.threadsByState(), p.started(), p.ended(),
                    p.javaProblem() != null ? "; no Java names: " + PsFormat.forScreen(p.javaProblem())
                            : p.java() ? "; JVM" : ""));
        }
        return out;
    }

    /** Whether any of these threads lives in another PID namespace (then the NS-TID column is shown). */
    static boolean nsColumn(List<ThreadSample> threads) {
        for (ThreadSample t : threads) {
            if (t.nsTid() != t.tid()) {
                return true;
            }
        }
        return false;
    }

    static String header(boolean ns) {
        return String.format(Locale.ROOT, "%7s %7s %s%-15s %5s %5s %5s %6s %7s %s %3s %7s %-13s %s", "PID", "TID",
                ns ? String.format("%7s ", "NS-TID") : "", "COMM", "%CPU", "%USR", "%SYS", "%DELAY", "CSW/s", "S",
                "CPU", "JAVA-ID", "JAVA-STATE", "JAVA-NAME");
    }

    static String row(ThreadSample t, boolean ns) {
        ThreadSample.Java j = t.java();
        return String.format(Locale.ROOT, "%7d %7d %s%-15s %5.1f %5.1f %5.1f %6s %7.0f %c %3d %7s %-13s %s", t.pid(),
                t.tid(), ns ? String.format("%7d ", t.nsTid()) : "", PsFormat.forScreen(t.task().name()), t.cpu(),
                t.user(), t.sys(), pct(t.delay()), t.switchesPerSecond(), t.task().state(), t.task().processor(),
                j == null || j.id() < 0 ? "-" : Long.toString(j.id()),
                j == null || j.state() == null ? "-" : j.state().name(), describe(t));
    }

    /** The Java name (escaped), the role of a JVM-internal thread, the virtual thread a carrier carries. */
    static String describe(ThreadSample t) {
        ThreadSample.Java j = t.java();
        String role = switch (t.role()) {
            case GC -> "[GC] ";
            case JIT -> "[JIT] ";
            case VM -> "[VM] ";
            case JVM_OTHER -> "[JVM] ";
            case NATIVE -> "[native] ";
            default -> "";
        };
        if (j == null) {
            return role.isEmpty() ? "-" : role.trim();
        }
        String s = role + PsFormat.forScreen(j.name());
        if (j.carriedVirtualThreadId() >= 0) {
            s += String.format(Locale.ROOT, " (carrying virtual #%d for %.0f s)", j.carriedVirtualThreadId(),
                    j.carryingSeconds());
        }
        if (t.started()) {
            s += String.format(Locale.ROOT, " (new, %.0f%% of the interval)", t.lifetimeShare() * 100);
        }
        return s;
    }

    /** The stack lines of a row, indented below it. */
    static List<String> stack(ThreadSample t) {
        List<String> out = new ArrayList<>();
        if (t.java() != null) {
            for (String f : t.java().stack()) {
                out.add("          at " + PsFormat.forScreen(f));
            }
        }
        return out;
    }

    private static String name(ThreadSample t) {
        return t.java() != null ? t.java().name() : t.task().name();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** One line of the JSON contract: {"time", "intervalSeconds", "threads": [...]}, plus processes. */
    static String json(ThreadSampler.Sample s, List<ThreadSample> threads) {
        StringBuilder b = new StringBuilder(256 + threads.size() * 256);
        b.append("{\"time\":").append(Json.str(s.time().toString()))
                .append(",\"intervalSeconds\":").append(num(s.intervalSeconds())).append(",\"threads\":[");
        for (int i = 0; i < threads.size(); i++) {
            ThreadSample t = threads.get(i);
            ThreadSample.Java j = t.java();
            boolean javaThread = j != null && j.id() >= 0;
            b.append(i == 0 ? "" : ",").append("{\"pid\":").append(t.pid()).append(",\"tid\":").append(t.tid())
                    .append(",\"nsTid\":").append(t.nsTid())
                    .append(",\"comm\":").append(Json.str(t.task().name()))
                    .append(",\"javaName\":").append(javaThread ? Json.str(j.name()) : "null")
                    .append(",\"javaId\":").append(javaThread ? Long.toString(j.id()) : "null")
                    .append(",\"javaState\":").append(javaThread && j.state() != null ? Json.str(j.state().name())
                            : "null")
                    .append(",\"cpu\":").append(num(t.cpu())).append(",\"user\":").append(num(t.user()))
                    .append(",\"sys\":").append(num(t.sys())).append(",\"delay\":").append(num(t.delay()))
                    .append(",\"state\":").append(Json.str(String.valueOf(t.task().state())))
                    .append(",\"lastCpu\":").append(t.task().processor())
                    .append(",\"voluntarySwitchesPerSecond\":").append(num(t.voluntarySwitchesPerSecond()))
                    .append(",\"involuntarySwitchesPerSecond\":").append(num(t.involuntarySwitchesPerSecond()))
                    .append(",\"role\":").append(Json.str(t.role().name()))
                    .append(",\"jvmThreadName\":").append(j != null && !javaThread ? Json.str(j.name()) : "null")
                    .append(",\"carriedVirtualThreadId\":")
                    .append(j != null && j.carriedVirtualThreadId() >= 0 ? Long.toString(j.carriedVirtualThreadId())
                            : "null")
                    .append(",\"started\":").append(t.started())
                    .append(",\"lifetimeShare\":").append(num(t.lifetimeShare())).append(",\"stack\":[");
            List<String> frames = j == null ? List.of() : j.stack();
            for (int k = 0; k < frames.size(); k++) {
                b.append(k == 0 ? "" : ",").append(Json.str(frames.get(k)));
            }
            b.append("]}");
        }
        b.append("],\"processes\":[");
        for (int i = 0; i < s.processes().size(); i++) {
            ProcessSample p = s.processes().get(i);
            b.append(i == 0 ? "" : ",").append("{\"pid\":").append(p.pid()).append(",\"name\":")
                    .append(Json.str(p.name())).append(",\"threads\":").append(p.threads())
                    .append(",\"cpu\":").append(num(p.cpu())).append(",\"user\":").append(num(p.user()))
                    .append(",\"sys\":").append(num(p.sys())).append(",\"delay\":").append(num(p.delay()))
                    .append(",\"started\":").append(p.started()).append(",\"ended\":").append(p.ended())
                    .append(",\"exited\":").append(p.exited()).append(",\"java\":").append(p.java())
                    .append(",\"javaProblem\":").append(Json.str(p.javaProblem())).append('}');
        }
        return b.append("]}").toString();
    }

    /** A JSON number with two decimals; NaN (no schedstat) as null. */
    private static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
