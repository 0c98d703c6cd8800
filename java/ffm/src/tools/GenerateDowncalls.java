import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.Symbol;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.StringJoiner;

/**
 * Build time (java/ffm's generate-sources phase, run by the source launcher with lwp4j-core on the class path): writes
 * {@code io/lwp4j/ffm/FfmDowncalls.java} under the directory given, the FFM backend's per-function code, generated
 * from the SPI's own table ({@link NativeBackend}'s methods and their {@link Symbol}s, which {@code SymbolContractTest}
 * checks against {@code lwp4j.h}): one {@code static final} downcall handle per method (a constant to the JIT), linked
 * by {@code FfmBackend.link}, and the method that calls it with {@code invokeExact}. Nothing per function is written by
 * hand. Methods in name order, so the same SPI always gives the same bytes (reproducible builds).
 *
 * <p>Usage: {@code java -cp CLASSPATH GenerateDowncalls.java GENERATED_SOURCES_DIR}
 */
public class GenerateDowncalls {
    public static void main(String[] args) throws Exception {
        Method[] methods = NativeBackend.class.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        StringBuilder handles = new StringBuilder();
        StringBuilder calls = new StringBuilder();
        for (Method m : methods) {
            Symbol symbol = m.getAnnotation(Symbol.class);
            if (symbol == null) {
                throw new IllegalStateException("NativeBackend." + m.getName() + " has no @Symbol: not in the table");
            }
            String name = m.getName();
            handles.append("        /** {@code ").append(symbol.value()).append("}: ")
                    .append(symbol.blocks() ? "may block" : "never blocks (critical)").append(". */\n")
                    .append("        static final MethodHandle ").append(name).append(" = FfmBackend.link(\"")
                    .append(name).append("\");\n");
            StringJoiner params = new StringJoiner(", ");
            StringJoiner argNames = new StringJoiner(", ");
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                params.add(types[i].getName() + " a" + i);
                argNames.add("a" + i);
            }
            String ret = m.getReturnType().getName();
            calls.append("\n    @Override\n    public ").append(ret).append(' ').append(name).append('(').append(params)
                    .append(") {\n        try {\n            return (").append(ret).append(") H.").append(name)
                    .append(".invokeExact(").append(argNames).append(");\n        } catch (Throwable t) {\n")
                    .append("            throw FfmBackend.rethrow(t);\n        }\n    }\n");
        }
        String source = """
                package io.lwp4j.ffm;

                import io.lwp4j.spi.NativeBackend;
                import java.lang.invoke.MethodHandle;

                /**
                 * Generated at build time by {@code java/ffm/src/tools/GenerateDowncalls.java} from the SPI's table: do
                 * not edit. One downcall handle per {@link NativeBackend} method and the method that calls it; the
                 * symbol, the descriptor and the linking come from {@link FfmBackend#link}.
                 */
                abstract class FfmDowncalls implements NativeBackend {

                    FfmDowncalls() {}

                    /** The handles, resolved together when the holder initialises (after {@link FfmBackend#bind}). */
                    static final class H {
                        private H() {}

                %s    }
                %s}
                """.formatted(handles, calls);
        Path out = Path.of(args[0], "io", "lwp4j", "ffm", "FfmDowncalls.java");
        Files.createDirectories(out.getParent());
        if (!Files.exists(out) || !Files.readString(out, StandardCharsets.UTF_8).equals(source)) {
            Files.writeString(out, source, StandardCharsets.UTF_8); // unchanged: keep its time, no recompilation
        }
    }
}
