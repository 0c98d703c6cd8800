package io.lwp4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs the C reference programs of {@code native/bench/} (built by lwp4j-core's CMake run) and reads their
 * results: one flat JSON object per stdout line, as {@code bench_kit.h} prints them. Java steps that are not JMH
 * ({@link BlockedTasks}) print the same lines and run through {@link #runCommand}. A line with a {@code note}
 * member is a remark for the report ({@link #notes()}).
 */
final class NativeBench {
    private final Path dir;
    private final OptionalInt pinCpu;
    private final Map<String, String> env;
    private final List<String> notes;

    NativeBench(Path dir, OptionalInt pinCpu) {
        this(dir, pinCpu, new LinkedHashMap<>(), new ArrayList<>());
    }

    private NativeBench(Path dir, OptionalInt pinCpu, Map<String, String> env, List<String> notes) {
        this.dir = dir;
        this.pinCpu = pinCpu;
        this.env = env;
        this.notes = notes;
    }

    /** The path of a program in the native build directory; fails with what to do when it is not built. */
    Path program(String name) {
        Path p = dir.resolve(name);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("no C benchmark program " + p + ": build it with "
                    + "`mvn -DskipTests package -pl java/bench -am` (or run java/bench/run, which does)");
        }
        return p;
    }

    /** The command line, under {@code taskset -c CPU} when pinning. */
    List<String> command(List<String> command) {
        List<String> c = new ArrayList<>();
        pinCpu.ifPresent(cpu -> c.addAll(List.of("taskset", "-c", Integer.toString(cpu))));
        c.addAll(command);
        return c;
    }

    /** The same programs, pinned to another CPU (or not pinned); what they print goes to this one's env and notes. */
    NativeBench pinned(OptionalInt cpu) {
        return new NativeBench(dir, cpu, env, notes);
    }

    /** Runs a program to completion and returns its result figures (the env line is kept for {@link #env()}). */
    List<Figure> run(String program, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(program(program).toString());
        cmd.addAll(List.of(args));
        return runCommand(cmd, "c");
    }

    /**
     * Runs any command that prints bench_kit.h's lines (pinned like the C programs) and returns its figures; the
     * env line goes to {@link #env()}, note lines to {@link #notes()}. {@code source} labels the figures
     * ({@code c}, {@code java}).
     */
    List<Figure> runCommand(List<String> cmd, String source) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(cmd)).redirectError(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        int notesBefore = notes.size();
        List<Figure> figures = parse(out, source, env, notes);
        if (rc != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + rc + ": " + String.join("; ",
                    notes.subList(notesBefore, notes.size())) + " " + err.strip());
        }
        if (figures.isEmpty()) {
            throw new IOException(String.join(" ", cmd) + " printed no result: " + out + err);
        }
        return figures;
    }

    /**
     * The figures of a program's output lines ({@code source} labels them); the env line's members go to
     * {@code env}, note lines to {@code notes}.
     */
    static List<Figure> parse(String out, String source, Map<String, String> env, List<String> notes) {
        List<Figure> figures = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> m = parseFlatJson(line);
            if (m.containsKey("env")) {
                m.remove("env");
                env.putAll(m);
            } else if (m.containsKey("note")) {
                notes.add(m.get("note"));
            } else {
                figures.add(toFigure(m, line, source));
            }
        }
        return figures;
    }

    /** The notes the programs printed so far ({@code {"note":"..."}} lines), oldest first. */
    List<String> notes() {
        return notes;
    }

    /** What the C programs said about their build: {@code cc} and {@code libc} versions. */
    Map<String, String> env() {
        return env;
    }

    private static Figure toFigure(Map<String, String> m, String line, String source) {
        try {
            Map<String, Long> extra = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : m.entrySet()) {
                if (!List.of("name", "unit", "median", "p25", "p75", "min", "max", "rounds").contains(e.getKey())) {
                    extra.put(e.getKey(), Long.parseLong(e.getValue()));
                }
            }
            return new Figure(m.get("name"), m.get("unit"), num(m, "median"), num(m, "p25"), num(m, "p75"),
                    num(m, "min"), num(m, "max"), Long.parseLong(m.get("rounds")), source, extra);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a result line of bench_kit.h: " + line, e);
        }
    }

    private static double num(Map<String, String> m, String key) {
        return Double.parseDouble(m.get(key));
    }

    /**
     * Parses one flat JSON object whose values are numbers or strings without escapes (all that bench_kit.h
     * prints). Anything else is an {@link IllegalArgumentException} naming the line.
     */
    static Map<String, String> parseFlatJson(String line) {
        String s = line.strip();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object: " + line);
        }
        Map<String, String> m = new LinkedHashMap<>();
        int i = 1;
        int end = s.length() - 1;
        while (i < end) {
            int k0 = s.indexOf('"', i);
            int k1 = k0 < 0 ? -1 : s.indexOf('"', k0 + 1);
            int colon = k1 < 0 ? -1 : s.indexOf(':', k1);
            if (colon < 0) {
                throw new IllegalArgumentException("bad member at " + i + " in: " + line);
            }
            String key = s.substring(k0 + 1, k1);
            int v0 = colon + 1;
            String value;
            if (s.charAt(v0) == '"') {
                int v1 = s.indexOf('"', v0 + 1);
                if (v1 < 0 || s.substring(v0, v1).indexOf('\\') >= 0) {
                    throw new IllegalArgumentException("bad string for " + key + " in: " + line);
                }
                value = s.substring(v0 + 1, v1);
                i = v1 + 1;
            } else {
                int comma = s.indexOf(',', v0);
                int v1 = comma < 0 ? end : comma;
                value = s.substring(v0, v1).strip();
                if (!value.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException("bad number for " + key + " in: " + line);
                }
                i = v1;
            }
            m.put(key, value);
            if (i < end && s.charAt(i) == ',') {
                i++;
            } else if (i < end) {
                throw new IllegalArgumentException("expected ',' at " + i + " in: " + line);
            }
        }
        return m;
    }
}
