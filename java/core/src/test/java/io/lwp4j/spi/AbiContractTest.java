package io.lwp4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.internal.Native;
import io.lwp4j.internal.ShimLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Java hard-codes of {@code native/include/lwp4j.h} against what the target's compiler says (through
 * {@code lwp4j_abi_facts}): the task and thread blocks' offsets, the op codes and sizes ({@link ShimLayout}), the
 * errno table ({@link io.lwp4j.Errno} against {@code <errno.h>}), the pthread types' sizes as the bound library
 * reports them; and, fed a deliberately drifted table, the checks see every kind of drift — a symbol, a parameter
 * type, a result type, a blocking flag, an offset, an op code, a size, an errno — so they are not checks that
 * cannot fail.
 */
class AbiContractTest {

    private static List<String> lines;

    @BeforeAll
    static void facts() throws Exception {
        lines = AbiFacts.currentLines();
    }

    @Test
    void theLayoutJavaWritesIsTheHeaders() {
        assertEquals(List.of(), AbiFacts.parse(lines).constantDifferences(ShimLayout.class));
    }

    @Test
    void errnoIsErrnoH() {
        assertEquals(List.of(), AbiFacts.parse(lines).errnoDifferences());
    }

    @Test
    void thePthreadTypesAreAsLargeAsTheCompilerSays() {
        AbiFacts f = AbiFacts.parse(lines);
        String[][] which = {{"LWP_SIZE_MUTEX", "pthread_mutex_t"}, {"LWP_SIZE_COND", "pthread_cond_t"},
            {"LWP_SIZE_BARRIER", "pthread_barrier_t"}, {"LWP_SIZE_RWLOCK", "pthread_rwlock_t"}};
        for (String[] w : which) {
            long code = f.constants.get(w[0]);
            assertEquals(f.sizes.get(w[1]), Native.backend().pthreadSizes((int) code), w[1]);
        }
    }

    /** One drift: what is changed in the table, how, and a text the differences must contain. */
    static Stream<Arguments> drifts() {
        return Stream.of(
                drift("a swapped int32_t/int64_t parameter", "fn\tlwp_task_spawn\t",
                        l -> l.replace("int64_t,int32_t,int64_t", "int32_t,int64_t,int64_t"),
                        "lwp_task_spawn: parameter 0 is int32_t in C"),
                drift("a widened result", "fn\tlwp_abi_version\t", l -> l.replace("int32_t", "int64_t"),
                        "lwp_abi_version: C result int64_t"),
                drift("a parameter more", "fn\tlwp_close\t", l -> l.replace("\tint32_t\t", "\tint32_t,int64_t\t"),
                        "lwp_close: C takes [int32_t, int64_t]"),
                drift("a blocking flag", "fn\tlwp_mem_map\t", l -> l.replaceAll("\t0\t0$", "\t1\t0"),
                        "lwp_mem_map: lwp4j.h says LWP_BLOCKS"),
                drift("a raw-safe flag", "fn\tlwp_gettid\t", l -> l.replaceAll("\t1$", "\t0"),
                        "lwp_gettid: lwp4j.h says LWP_NOT_RAW_SAFE"),
                drift("a renamed symbol", "fn\tlwp_gettid\t", l -> l.replace("lwp_gettid", "lwp_get_tid"),
                        "names lwp_gettid, which lwp4j.h's LWP4J_FUNCTIONS does not list"),
                drift("a function Java does not bind", "fn\tlwp_close\t",
                        l -> l + "\nfn\tlwp_new_call\tint64_t\tint64_t\t0\t1", "lwp_new_call is in lwp4j.h but"),
                drift("a moved offset", "const\tLWP_TASK_OFF_PROGRAM\t", l -> l.replace("\t32", "\t40"),
                        "LWP_TASK_OFF_PROGRAM is 40 in lwp4j.h"),
                drift("a moved thread-block offset", "const\tLWP_PT_OFF_DONE\t", l -> l.replace("\t56", "\t60"),
                        "LWP_PT_OFF_DONE is 60 in lwp4j.h"),
                drift("a renumbered op code", "const\tLWP_OP_SIGNAL\t", l -> l.replace("\t2", "\t13"),
                        "LWP_OP_SIGNAL is 13 in lwp4j.h"),
                drift("a grown block", "const\tLWP_TASK_BLOCK_SIZE\t", l -> l.replace("\t320", "\t384"),
                        "LWP_TASK_BLOCK_SIZE is 384 in lwp4j.h"),
                drift("a removed constant", "const\tLWP_OP_SIZE\t", l -> "",
                        "ShimLayout.LWP_OP_SIZE names no constant"),
                drift("a renumbered errno", "errno\tEAGAIN\t", l -> l.replace("\t11\t", "\t12\t"),
                        "EAGAIN is 12 in <errno.h>, 11 in Errno"),
                drift("an errno Java lacks", "errno\tEAGAIN\t",
                        l -> l + "\nerrno\tENEWERR\t200\tA new error", "ENEWERR (200) of <errno.h> is missing"),
                drift("a reworded errno", "errno\tEPERM\t", l -> l.replace("Operation not permitted", "Not allowed"),
                        "EPERM: glibc says \"Not allowed\""));
    }

    private static Arguments drift(String what, String rowPrefix, UnaryOperator<String> edit, String expected) {
        return Arguments.of(what, rowPrefix, edit, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drifts")
    void everyKindOfDriftFailsTheContract(String what, String rowPrefix, UnaryOperator<String> edit,
            String expected) {
        List<String> drifted = new ArrayList<>();
        int edited = 0;
        for (String l : lines) {
            if (l.startsWith(rowPrefix)) {
                String e = edit.apply(l);
                assertTrue(!e.equals(l), what + ": the edit changed nothing in " + l);
                drifted.addAll(List.of(e.split("\n")));
                edited++;
            } else {
                drifted.add(l);
            }
        }
        assertEquals(1, edited, what + ": no single row starts with " + rowPrefix);
        AbiFacts f = AbiFacts.parse(drifted);
        List<String> differences = new ArrayList<>();
        differences.addAll(f.functionDifferences(NativeBackend.class));
        differences.addAll(f.constantDifferences(ShimLayout.class));
        differences.addAll(f.errnoDifferences());
        assertTrue(differences.stream().anyMatch(d -> d.contains(expected)),
                what + ": expected a difference containing \"" + expected + "\", got " + differences);
    }
}
