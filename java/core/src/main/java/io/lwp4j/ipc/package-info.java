/**
 * Message passing between processes on one host: {@link io.lwp4j.ipc.MessageChannel}, a bounded
 * single-producer/single-consumer ring of byte messages in a {@link io.lwp4j.memory.SharedMemory} mapping, with
 * futex wake-ups only when a side sleeps — as fast as a busy-spinning ring while it has work, and asleep (no CPU)
 * when idle.
 *
 * <h2>Layout (version 1)</h2>
 * All integers are native-endian (the two sides share a host); offsets in bytes from the mapping's start.
 * <pre>
 *   header (256 bytes)
 *     0  u32 magic      0x4E43574C ("LWCN" in memory), written last by the creator (release)
 *     4  u32 version    1
 *     8  u32 capacity   ring bytes: a power of two, 64 .. 2^30; the mapping holds at least 256 + capacity
 *    12  u32 header     256: where the ring starts
 *    16  u32 producer pid   (0: none yet)        20  u32 consumer pid
 *    24  u64 producer start time                 32  u64 consumer start time
 *        (clock ticks since boot, /proc/&lt;pid&gt;/stat field 22: a reused PID is not the peer)
 *    40  u32 state      bit 0: the producer closed its end; bit 1: the consumer closed its end
 *    64  u32 tail       bytes ever committed, mod 2^32 (written by the producer only); futex word "not empty"
 *    68  u32 consumer sleeping flag   (own cache line with the tail)
 *   128  u32 head       bytes ever consumed, mod 2^32 (written by the consumer only); futex word "not full"
 *   132  u32 producer sleeping flag
 *   ring (capacity bytes) at 256: records, each 8-byte aligned, never split by the ring's end
 *     +0 u32 length (payload bytes)   +4 u32 kind: 1 message, 2 padding (skip to the ring's end)
 *     +8 payload, then zero to 7 bytes to the next multiple of 8
 * </pre>
 * A message is at most {@code capacity / 2 - 8} bytes, so it always fits after padding to the end.
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li><b>Publish</b>: the producer writes a record (and a padding record before it, when the message does not
 *       fit before the ring's end) at {@code tail mod capacity}, then stores the new tail (release, sequentially
 *       consistent), then reads the consumer-sleeping flag; only if it is up does it exchange it to 0 and
 *       {@code FUTEX_WAKE} the tail word.</li>
 *   <li><b>Consume</b>: the consumer reads the tail (acquire), reads records up to it, then stores the new head
 *       and, only if the producer-sleeping flag is up, exchanges it to 0 and wakes the head word.</li>
 *   <li><b>Sleep when empty</b>: after a bounded spin, the consumer exchanges 1 into its flag, re-reads the tail,
 *       and if it still equals its head, {@code FUTEX_WAIT}s on the tail word expecting that value. The exchange
 *       and the producer's store-then-read are sequentially consistent, so either the producer sees the flag or
 *       the consumer sees the new tail (or the kernel sees it, and the wait returns at once). The producer, on a
 *       full ring, does the same on the head word with its own flag.</li>
 *   <li><b>Peers</b>: each side records its PID and start time when it attaches. A side blocked on the other
 *       checks, every {@value io.lwp4j.ipc.MessageChannel#LIVENESS_CHECK_DEFAULT} ms, that the peer's process
 *       still runs (not a zombie, same start time): a peer that died — even mid-message, whose uncommitted record
 *       is never published — ends the wait with {@link io.lwp4j.ipc.ChannelClosedException}.</li>
 *   <li><b>Untrusted memory</b>: everything read from the mapping (header fields, head, tail, record lengths and
 *       kinds) is checked before use: the header when the channel is opened, the distance between head and tail
 *       (at most the capacity, a multiple of 8), each record against the committed bytes and the ring's end. A
 *       violation is a {@link io.lwp4j.ipc.CorruptChannelException}; nothing outside the ring is read. Opening
 *       by name goes through {@link io.lwp4j.memory.SharedMemory#open}, which checks the mapping's owner and
 *       mode.</li>
 * </ul>
 * The C reference peer {@code native/bench/bench_ipc_channel.c} speaks this layout.
 */
package io.lwp4j.ipc;
