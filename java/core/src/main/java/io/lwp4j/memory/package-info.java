/**
 * Native memory lwp4j maps and owns (ARCHITECTURE.md §2): {@link io.lwp4j.memory.NativeMemory} — anonymous, private or
 * {@code MAP_SHARED} — and {@link io.lwp4j.memory.SharedMemory}, a {@code MAP_SHARED} mapping of a name under
 * {@code /dev/shm} that other processes open by name ({@code shm_open(3)} semantics: created exclusively with mode
 * {@code 0600}, removed only by {@code unlink}).
 *
 * <p>One owner closes each mapping. Everything lwp4j builds on a mapping holds a claim on it that only lwp4j can end
 * (a futex wait while it sleeps, a pthread call while it runs, a pthread mutex while a thread of this JVM holds
 * it, a raw task's program while the task may run), so a mapping is never unmapped under its user and no
 * public call can unbalance that. {@link io.lwp4j.memory.NativeMemory#close()} ends the futex and pthread waits on
 * the memory with {@link java.lang.IllegalStateException}, defers the unmap until the last claim has ended, and
 * refuses while a live thread of this JVM holds a pthread mutex in it; afterwards every accessor and every object built on the
 * memory throws {@link java.lang.IllegalStateException}.
 *
 * <p>Every accessor checks that the mapping is open, the bytes are inside it and a 32- or 64-bit word is naturally
 * aligned, so no input reaches unmapped memory or tears a word. The memory-ordering contract of each accessor is in
 * its Javadoc: acquire reads pair with release writes and with the read-modify-writes, across threads, raw tasks and
 * processes alike (the hardware atomics are the same ones C11 uses). With the FFM backend the 32-bit ordered and
 * atomic accessors go through FFM's var handles (as fast as C); with JNA or jnr-ffi through a direct buffer's view
 * var handle.
 */
package io.lwp4j.memory;
