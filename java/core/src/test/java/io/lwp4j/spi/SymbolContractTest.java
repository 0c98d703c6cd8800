package io.lwp4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lwp4j.internal.NativeLibraryLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SPI against the ABI contract, {@code native/include/lwp4j.h}, as the target's compiler sees it (through
 * {@code lwp4j_abi_facts}): every {@link NativeBackend} method names, with {@link Symbol}, a function of the
 * header's {@code LWP4J_FUNCTIONS} table with the same result and parameter types one by one ({@code int32_t} is
 * {@code int}, {@code int64_t} is {@code long}) and the same blocking and raw-safe facts, and every function of the
 * table is bound. The FFM backend links by these facts, JNA and jnr-ffi by these names and signatures, so this is
 * the check of all three. {@code AbiContractTest} shows that each kind of drift fails it.
 */
class SymbolContractTest {

    @Test
    void everySpiMethodIsItsHeaderRow() throws Exception {
        assertEquals(List.of(), AbiFacts.current().functionDifferences(NativeBackend.class));
    }

    @Test
    void loaderAbiVersionIsTheHeaders() throws Exception {
        assertEquals(AbiFacts.current().constants.get("LWP4J_ABI_VERSION"), (long) NativeLibraryLoader.ABI_VERSION);
    }
}
