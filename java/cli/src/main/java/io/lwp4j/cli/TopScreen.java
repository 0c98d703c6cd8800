package io.lwp4j.cli;

import io.lwp4j.proc.ThreadSample;
import io.lwp4j.proc.ThreadSampler;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen view of {@code lwp4j top} (JLine): a refresh every interval, and keys — {@code c s d w n} sort by
 * CPU, system CPU, run-queue delay, context switches or name; {@code t} shows the stacks of the busiest; {@code /}
 * filters by name; {@code p} chooses the processes; {@code q} (or Ctrl-C) quits.
 */
final class TopScreen {
    private static final int STACKS_DEFAULT = 3;
    private static final String KEYS = "keys: c cpu  s sys  d delay  w csw  n name  t stacks  / filter  p pids  q quit";

    private final TopCommand options;
    private final Terminal terminal;
    private TopView.Sort sort;
    private String filter;
    private boolean showStacks;
    private List<Integer> pids;
    private ThreadSampler sampler;
    private ThreadSampler.Sample last;
    private String message = "";
    private String prompt;                       // non-null while a line is being typed
    private final StringBuilder typed = new StringBuilder();
    private volatile boolean resized;
    private volatile boolean interrupted;

    TopScreen(TopCommand options, Terminal terminal, TopView.Sort sort) {
        this.options = options;
        this.terminal = terminal;
        this.sort = sort;
        this.filter = options.filter;
        this.showStacks = options.stacks != null && options.stacks > 0;
        this.pids = new ArrayList<>(options.pids);
    }

    int run() throws Exception {
        int stackThreads = options.stacks != null && options.stacks > 0 ? options.stacks : STACKS_DEFAULT;
        sampler = options.sampler(pids, stackThreads);
        Attributes saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.handle(Terminal.Signal.WINCH, s -> resized = true);
        terminal.handle(Terminal.Signal.INT, s -> interrupted = true); // Ctrl-C when the terminal still sends SIGINT
        Display display = new Display(terminal, true);
        Size size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
        NonBlockingReader keys = terminal.reader();
        try {
            long step = (long) (options.delay * 1e9);
            long next = System.nanoTime() + step;
            int done = 0;
            draw(display);
            while (!interrupted) {
                if (resized) {
                    resized = false;
                    size = terminal.getSize();
                    display.clear();
                    display.resize(size.getRows(), size.getColumns());
                    draw(display);
                }
                long wait = next - System.nanoTime();
                if (wait <= 0) {
                    last = sampler.sample();
                    next += step;
                    draw(display);
                    if (options.iterations > 0 && ++done >= options.iterations) {
                        return 0;
                    }
                    continue;
                }
                int c = keys.read(Math.max(1, Math.min(200, wait / 1_000_000)));
                if (c == NonBlockingReader.READ_EXPIRED) {
                    continue;
                }
                if (c < 0) {
                    return 0; // the terminal is gone
                }
                if (!key(c)) {
                    return 0;
                }
                if (sampler == null) { // the process set changed: a new baseline, a full interval to the next sample
                    sampler = options.sampler(pids, stackThreads);
                    last = null;
                    next = System.nanoTime() + step;
                }
                draw(display);
            }
            return 0; // Ctrl-C
        } finally {
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    /** Handles one key; false to quit. */
    private boolean key(int c) {
        if (prompt != null) {
            if (c == '\r' || c == '\n') {
                String text = typed.toString().trim();
                String which = prompt;
                prompt = null;
                typed.setLength(0);
                if (which.startsWith("filter")) {
                    filter = text;
                    message = text.isEmpty() ? "no filter" : "filter: " + text;
                } else {
                    choosePids(text);
                }
            } else if (c == 27) {
                prompt = null;
                typed.setLength(0);
                message = "";
            } else if (c == 127 || c == 8) {
                if (typed.length() > 0) {
                    typed.setLength(typed.length() - 1);
                }
            } else if (c >= 0x20 && typed.length() < 200) {
                typed.appendCodePoint(c);
            }
            return true;
        }
        switch (c) {
            case 'q', 'Q', 3 -> {
                return false;
            }
            case 'c', 'C', 'P' -> sort = TopView.Sort.CPU;
            case 's', 'S' -> sort = TopView.Sort.SYS;
            case 'd', 'D' -> sort = TopView.Sort.DELAY;
            case 'w', 'W' -> sort = TopView.Sort.CSW;
            case 'n', 'N' -> sort = TopView.Sort.NAME;
            case 't', 'T' -> showStacks = !showStacks;
            case '/', 'f' -> prompt = "filter (name, empty for none): ";
            case 'p' -> prompt = "PIDs (comma-separated, empty for all): ";
            default -> message = "unknown key; " + KEYS;
        }
        return true;
    }

    private void choosePids(String text) {
        List<Integer> chosen = new ArrayList<>();
        try {
            for (String p : text.split(",")) {
                if (!p.isBlank()) {
                    chosen.add(Integer.parseInt(p.trim()));
                }
            }
            options.sampler(chosen, 1); // validates: a missing process is said now, and the old view stays
            pids = chosen;
            sampler = null;
            message = chosen.isEmpty() ? "all processes" : "processes " + chosen;
        } catch (RuntimeException e) {
            message = "cannot watch " + text + ": " + e.getMessage();
        }
    }

    private void draw(Display display) {
        Size size = terminal.getSize();
        int cols = Math.max(20, size.getColumns());
        int rows = Math.max(5, size.getRows());
        List<AttributedString> lines = new ArrayList<>();
        if (last == null) {
            lines.add(new AttributedString("lwp4j top - sampling for " + options.delay + " s …"));
        } else {
            TopView.summary(last, 3).forEach(l -> lines.add(new AttributedString(l)));
        }
        String status = prompt != null ? prompt + typed
                : "sort " + sort.name().toLowerCase(java.util.Locale.ROOT)
                        + (filter.isEmpty() ? "" : ", filter '" + io.lwp4j.ps.PsFormat.forScreen(filter) + "'")
                        + (showStacks ? ", stacks" : "") + (message.isEmpty() ? "   " + KEYS : "   " + message);
        lines.add(new AttributedString(status, AttributedStyle.BOLD));
        if (last != null) {
            List<ThreadSample> shown = TopView.select(last, sort, filter, 0);
            boolean ns = TopView.nsColumn(shown);
            lines.add(new AttributedString(TopView.header(ns), AttributedStyle.INVERSE));
            for (ThreadSample t : shown) {
                if (lines.size() >= rows) {
                    break;
                }
                lines.add(new AttributedString(TopView.row(t, ns)));
                if (showStacks) {
                    for (String f : TopView.stack(t)) {
                        if (lines.size() < rows) {
                            lines.add(new AttributedString(f));
                        }
                    }
                }
            }
        }
        List<AttributedString> fitted = new ArrayList<>(lines.size());
        for (AttributedString l : lines.subList(0, Math.min(lines.size(), rows))) {
            fitted.add(l.columnLength() > cols ? l.columnSubSequence(0, cols) : l);
        }
        display.update(fitted, -1);
        terminal.flush();
    }
}
