package io.lwp4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lwp4j.internal.NativeLibraryLoader;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SPI against the ABI contract, {@code native/include/lwp4j.h}: every {@link NativeBackend} method names, with
 * {@link Symbol}, a function the header exports, with the same arity and a Java type of the C result's width. JNA and
 * jnr-ffi bind by these names, so a typo here would otherwise surface only as a failed bind.
 */
class SymbolContractTest {

    private static final Pattern EXPORT =
            Pattern.compile("LWP4J_EXPORT\\s+([\\w\\s*]+?)\\s*\\b(lwp_\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern ABI = Pattern.compile("#define\\s+LWP4J_ABI_VERSION\\s+(\\d+)");

    /** A C function of the header: its result type and how many parameters it takes. */
    private record CFunction(String result, int arity) {}

    @Test
    void everySpiMethodNamesAnExportedFunctionOfTheSameShape() throws IOException {
        Map<String, CFunction> exported = exportedFunctions(header());
        assertTrue(exported.containsKey("lwp_gettid"), "the header parser found no lwp_gettid: " + exported);
        Set<String> seen = new HashSet<>();
        for (Method m : NativeBackend.class.getMethods()) {
            Symbol symbol = m.getAnnotation(Symbol.class);
            assertNotNull(symbol, "NativeBackend." + m.getName() + " has no @Symbol");
            assertTrue(seen.add(symbol.value()), "two SPI methods name " + symbol.value());
            CFunction c = exported.get(symbol.value());
            assertNotNull(c, "NativeBackend." + m.getName() + " names " + symbol.value() + ", which lwp4j.h does not export");
            assertEquals(c.arity(), m.getParameterCount(), symbol.value() + ": arity");
            assertEquals(javaTypeOf(c.result()), m.getReturnType(), symbol.value() + ": result " + c.result());
        }
    }

    @Test
    void loaderAbiVersionIsTheHeaders() throws IOException {
        Matcher m = ABI.matcher(header());
        assertTrue(m.find(), "no LWP4J_ABI_VERSION in lwp4j.h");
        assertEquals(Integer.parseInt(m.group(1)), NativeLibraryLoader.ABI_VERSION);
    }

    /** The Java type a backend passes for a C type of the shim (ARCHITECTURE.md §2: integers and raw addresses only). */
    private static Class<?> javaTypeOf(String c) {
        if (c.contains("*")) {
            return long.class;
        }
        switch (c.replace("const", "").trim()) {
            case "void":
                return void.class;
            case "int32_t":
            case "uint32_t":
            case "int":
                return int.class;
            case "int64_t":
            case "uint64_t":
            case "intptr_t":
            case "uintptr_t":
                return long.class;
            default:
                return fail("lwp4j.h uses C type " + c + ", which the SPI has no mapping for");
        }
    }

    private static Map<String, CFunction> exportedFunctions(String header) {
        Map<String, CFunction> out = new HashMap<>();
        Matcher m = EXPORT.matcher(header);
        while (m.find()) {
            String params = m.group(3).trim();
            int arity = params.isEmpty() || params.equals("void") ? 0 : params.split(",").length;
            out.put(m.group(2), new CFunction(m.group(1).trim(), arity));
        }
        return out;
    }

    /** The tests run from a module of the source tree (java/ffm, java/jna, ...): the header is above it. */
    private static String header() throws IOException {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path h = dir.resolve("native/include/lwp4j.h");
            if (Files.isRegularFile(h)) {
                return Files.readString(h, StandardCharsets.UTF_8);
            }
        }
        return fail("no native/include/lwp4j.h above " + Paths.get("").toAbsolutePath());
    }
}
