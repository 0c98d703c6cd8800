package io.lwp4j.spi;

import static org.junit.jupiter.api.Assertions.fail;

import io.lwp4j.Errno;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The facts of {@code native/include/lwp4j.h} as the target's compiler sees them — the TSV that
 * {@code lwp4j_abi_facts} (native/tools, built by CMake beside the library) prints — and the comparisons with what
 * Java knows: the SPI's methods and their {@link Symbol}s, {@code ShimLayout}'s constants, {@link Errno}. Each
 * comparison returns the list of differences, so a test can also feed it a deliberately drifted table and check
 * that the drift is seen.
 */
final class AbiFacts {

    /** One exported function: its C result type, its parameters' C types, and the header's two facts. */
    record Function(String name, String result, List<String> params, boolean blocks, boolean rawSafe) {}

    /** One errno of {@code <errno.h>}, named and described by glibc. */
    record ErrnoRow(String name, int number, String description) {}

    final Map<String, Function> functions = new LinkedHashMap<>();
    final Map<String, Long> constants = new LinkedHashMap<>();
    final Map<String, Long> sizes = new LinkedHashMap<>();
    final Map<String, ErrnoRow> errnos = new LinkedHashMap<>();

    /** Parses the TSV; an unknown kind of row or a malformed one fails (the tool and this parser must agree). */
    static AbiFacts parse(List<String> lines) {
        AbiFacts f = new AbiFacts();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            String[] c = line.split("\t", -1);
            switch (c[0]) {
                case "fn":
                    require(c.length == 6, line);
                    List<String> params = c[3].equals("void") ? List.of() : Arrays.asList(c[3].split(","));
                    f.functions.put(c[1], new Function(c[1], c[2], params, bit(c[4], line), bit(c[5], line)));
                    break;
                case "const":
                    require(c.length == 3, line);
                    f.constants.put(c[1], Long.parseLong(c[2]));
                    break;
                case "size":
                    require(c.length == 3, line);
                    f.sizes.put(c[1], Long.parseLong(c[2]));
                    break;
                case "errno":
                    require(c.length == 4, line);
                    f.errnos.put(c[1], new ErrnoRow(c[1], Integer.parseInt(c[2]), c[3]));
                    break;
                default:
                    fail("lwp4j_abi_facts printed a row of unknown kind: " + line);
            }
        }
        require(f.functions.size() >= 10 && f.constants.containsKey("LWP4J_ABI_VERSION") && f.errnos.size() >= 100,
                "too few functions or errnos, or no LWP4J_ABI_VERSION");
        return f;
    }

    private static boolean bit(String s, String line) {
        require(s.equals("0") || s.equals("1"), line);
        return s.equals("1");
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            fail("malformed lwp4j_abi_facts output: " + what);
        }
    }

    /** The facts of this build: runs {@code java/core/target/native/host/lwp4j_abi_facts} of the source tree. */
    static List<String> currentLines() throws IOException, InterruptedException {
        Path root = root();
        Path tool = root.resolve("java/core/target/native/host/lwp4j_abi_facts");
        if (!Files.isExecutable(tool)) {
            fail(tool + " is missing: lwp4j-core's build (CMake, generate-resources) makes it beside the library");
        }
        Process p = new ProcessBuilder(tool.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(tool + " failed: " + out);
        }
        return List.of(out.split("\n"));
    }

    static AbiFacts current() throws IOException, InterruptedException {
        return parse(currentLines());
    }

    /** The tests run from a module of the source tree (java/ffm, java/jna, ...): the root is above it. */
    static Path root() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("native/include/lwp4j.h"))) {
                return dir;
            }
        }
        return fail("no native/include/lwp4j.h above " + Paths.get("").toAbsolutePath());
    }

    // ---- the comparisons ----

    /** The Java type the SPI passes for a C type of the shim: {@code int32_t} is {@code int}, {@code int64_t} long. */
    static Class<?> javaTypeOf(String c) {
        switch (c) {
            case "int32_t":
                return int.class;
            case "int64_t":
                return long.class;
            default:
                return null; // the SPI maps no other type (ARCHITECTURE.md §2: integers and addresses as int64_t)
        }
    }

    /**
     * Every method of {@code spi} against the function its {@link Symbol} names: present, same result and
     * parameter types one by one, same blocking and raw-safe facts; and every function of the header bound by
     * exactly one method.
     */
    List<String> functionDifferences(Class<?> spi) {
        List<String> d = new ArrayList<>();
        Map<String, Method> bound = new LinkedHashMap<>();
        for (Method m : spi.getMethods()) {
            Symbol s = m.getAnnotation(Symbol.class);
            if (s == null) {
                d.add(spi.getSimpleName() + "." + m.getName() + " has no @Symbol");
                continue;
            }
            if (bound.put(s.value(), m) != null) {
                d.add("two SPI methods name " + s.value());
            }
            Function c = functions.get(s.value());
            if (c == null) {
                d.add(m.getName() + " names " + s.value() + ", which lwp4j.h's LWP4J_FUNCTIONS does not list");
                continue;
            }
            if (javaTypeOf(c.result()) != m.getReturnType()) {
                d.add(s.value() + ": C result " + c.result() + ", Java " + m.getReturnType());
            }
            Class<?>[] jp = m.getParameterTypes();
            if (jp.length != c.params().size()) {
                d.add(s.value() + ": C takes " + c.params() + ", Java " + Arrays.toString(jp));
            } else {
                for (int i = 0; i < jp.length; i++) {
                    if (javaTypeOf(c.params().get(i)) != jp[i]) {
                        d.add(s.value() + ": parameter " + i + " is " + c.params().get(i) + " in C, " + jp[i]
                                + " in Java");
                    }
                }
            }
            if (c.blocks() != s.blocks()) {
                d.add(s.value() + ": lwp4j.h says " + (c.blocks() ? "LWP_BLOCKS" : "LWP_NEVER_BLOCKS")
                        + ", the SPI blocks=" + s.blocks());
            }
            if (c.rawSafe() != s.rawSafe()) {
                d.add(s.value() + ": lwp4j.h says " + (c.rawSafe() ? "LWP_RAW_SAFE" : "LWP_NOT_RAW_SAFE")
                        + ", the SPI rawSafe=" + s.rawSafe());
            }
        }
        for (String name : functions.keySet()) {
            if (!bound.containsKey(name)) {
                d.add(name + " is in lwp4j.h but no SPI method binds it");
            }
        }
        return d;
    }

    /** Every {@code public static final int} of {@code layout} against the header's macro of the same name. */
    List<String> constantDifferences(Class<?> layout) {
        List<String> d = new ArrayList<>();
        int checked = 0;
        for (Field f : layout.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (!Modifier.isStatic(mod) || !Modifier.isFinal(mod) || f.getType() != int.class) {
                continue;
            }
            checked++;
            Long c = constants.get(f.getName());
            long j;
            try {
                j = f.getInt(null);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            if (c == null) {
                d.add(layout.getSimpleName() + "." + f.getName() + " names no constant of lwp4j.h's LWP4J_CONSTANTS");
            } else if (c != j) {
                d.add(f.getName() + " is " + c + " in lwp4j.h, " + j + " in " + layout.getSimpleName());
            }
        }
        if (checked == 0) {
            d.add(layout + " has no int constant to check");
        }
        return d;
    }

    /** {@link Errno} against {@code <errno.h>}: the same names with the same numbers and descriptions, both ways. */
    List<String> errnoDifferences() {
        List<String> d = new ArrayList<>();
        for (Errno e : Errno.values()) {
            ErrnoRow c = errnos.get(e.name());
            if (c == null) {
                d.add("Errno." + e.name() + " is not an <errno.h> name");
            } else if (c.number() != e.number()) {
                d.add(e.name() + " is " + c.number() + " in <errno.h>, " + e.number() + " in Errno");
            } else if (!c.description().equals(e.description())) {
                d.add(e.name() + ": glibc says \"" + c.description() + "\", Errno \"" + e.description() + "\"");
            }
        }
        for (ErrnoRow c : errnos.values()) {
            boolean known = Arrays.stream(Errno.values()).anyMatch(e -> e.name().equals(c.name()));
            if (!known) {
                d.add(c.name() + " (" + c.number() + ") of <errno.h> is missing from Errno");
            }
        }
        return d;
    }
}
