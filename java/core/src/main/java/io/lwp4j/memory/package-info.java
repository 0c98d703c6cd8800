/**
 * Native memory lwp4j maps and owns (DESIGN §2): {@link io.lwp4j.memory.NativeMemory} — anonymous, private or
 * {@code MAP_SHARED} — and {@link io.lwp4j.memory.SharedMemory}, a {@code MAP_SHARED} mapping of a name under
 * {@code /dev/shm} that other processes open by name ({@code shm_open(3)} semantics: created exclusively with mode
 * {@code 0600}, removed only by {@code unlink}).
 *
 * <p>One owner closes each mapping; raw tasks {@linkplain io.lwp4j.memory.NativeMemory#retain() retain} what they
 * use. Every accessor checks that the mapping is open, the bytes are inside it and a 32- or 64-bit word is naturally
 * aligned, so no input reaches unmapped memory or tears a word. The memory-ordering contract of each accessor is in
 * its Javadoc: acquire reads pair with release writes and with the read-modify-writes, across threads, raw tasks and
 * processes alike (the hardware atomics are the same ones C11 uses). With the FFM backend the 32-bit ordered and
 * atomic accessors go through FFM's var handles (as fast as C); with JNA or jnr-ffi through a direct buffer's view
 * var handle.
 */
package io.lwp4j.memory;
