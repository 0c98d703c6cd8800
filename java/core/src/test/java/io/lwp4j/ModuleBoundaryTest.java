package io.lwp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module boundary (ARCHITECTURE.md §2): user code on the module path reaches lwp4j's API but neither {@code io.lwp4j.internal} (the raw
 * bound backend) nor {@code io.lwp4j.spi} — not by compiling against them, not by reflection. Compiles a small user
 * module against this very lwp4j-core (its jar or classes directory) with the JDK's {@code javac}, and runs it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModuleBoundaryTest {

    private static Path core() throws Exception {
        Path p = Paths.get(Lwp4j.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.exists(p.resolve("module-info.class")) || p.toString().endsWith(".jar"), p.toString());
        return p;
    }

    /** Compiles the user module {@code user.app} with the given class; returns javac's exit code and output. */
    private static String compile(Path dir, String className, String source, int[] code) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("p"));
        Files.writeString(src.resolve("module-info.java"), "module user.app { requires io.lwp4j.core; }\n");
        Files.writeString(src.resolve("p").resolve(className + ".java"), source);
        Path javac = Paths.get(System.getProperty("java.home"), "bin", "javac");
        assertTrue(Files.isExecutable(javac), "this runtime has no javac (a JDK is needed): " + javac);
        Process p = new ProcessBuilder(javac.toString(), "--module-path", core().toString(), "-d",
                dir.resolve("out").toString(), src.resolve("module-info.java").toString(),
                src.resolve("p").resolve(className + ".java").toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        code[0] = p.exitValue();
        return text;
    }

    @Test
    void item15_userCodeOnTheModulePathCannotCompileAgainstInternalOrSpi(@TempDir Path dir) throws Exception {
        int[] code = new int[1];
        String internal = compile(dir.resolve("a"), "UsesInternal", "package p;\n"
                + "class UsesInternal { Object b = io.lwp4j.internal.Native.backend();\n"
                + "  Object w = io.lwp4j.internal.wait.Waits.TIMED_OUT;\n"
                + "  Object d = io.lwp4j.internal.attach.ThreadDump.class; }\n", code);
        assertEquals(1, code[0], internal);
        for (String pkg : new String[] {"io.lwp4j.internal", "io.lwp4j.internal.wait", "io.lwp4j.internal.attach"}) {
            assertTrue(internal.contains("package " + pkg + " is not visible")
                    || internal.contains("does not export " + pkg + " "), pkg + ": " + internal);
        }
        String spi = compile(dir.resolve("b"), "UsesSpi", "package p;\n"
                + "class UsesSpi { io.lwp4j.spi.NativeBackend b; }\n", code);
        assertEquals(1, code[0], spi);
        assertTrue(spi.contains("package io.lwp4j.spi is not visible")
                || spi.contains("does not export io.lwp4j.spi"), spi);
        String api = compile(dir.resolve("c"), "UsesApi", "package p;\n"
                + "class UsesApi { io.lwp4j.memory.SharedMemory m; io.lwp4j.futex.Futex f; }\n", code);
        assertEquals(0, code[0], "the API packages are exported: " + api);
    }

    @Test
    void item15_userCodeOnTheModulePathCannotReachInternalByReflection(@TempDir Path dir) throws Exception {
        int[] code = new int[1];
        String out = compile(dir, "Main", "package p;\n"
                + "public class Main { public static void main(String[] a) throws Exception {\n"
                + "  Class<?> c = Class.forName(\"io.lwp4j.internal.Native\");\n"
                + "  java.lang.reflect.Method m = c.getMethod(\"backend\");\n"
                + "  try { m.invoke(null); System.out.println(\"REACHED\"); }\n"
                + "  catch (IllegalAccessException e) { System.out.println(\"REFUSED\"); }\n"
                + "  try { m.setAccessible(true); System.out.println(\"OPENED\"); }\n"
                + "  catch (RuntimeException e) { System.out.println(\"CLOSED \" + e.getClass().getSimpleName()); }\n"
                + "  System.out.println(\"API \" + io.lwp4j.Lwp4j.class.getModule().getName());\n"
                + "} }\n", code);
        assertEquals(0, code[0], out);
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java().toString(), "--module-path", core() + java.io.File.pathSeparator + dir.resolve("out"),
                "-m", "user.app/p.Main"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        assertEquals(List.of("REFUSED", "CLOSED InaccessibleObjectException", "API io.lwp4j.core"),
                text.lines().toList(), text);
        assertFalse(text.contains("REACHED"));
    }
}
