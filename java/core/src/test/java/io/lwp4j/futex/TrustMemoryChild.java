package io.lwp4j.futex;

import io.lwp4j.memory.NativeMemory;
import io.lwp4j.pthread.LockOutcome;
import io.lwp4j.pthread.PthreadBarrier;
import io.lwp4j.pthread.PthreadCond;
import io.lwp4j.pthread.PthreadMutex;
import io.lwp4j.pthread.PthreadRwLock;
import io.lwp4j.pthread.PthreadType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scenarios of {@link TrustMemoryTest} that crashed the JVM before the lifetime rule: run in a child JVM, so a
 * regression shows as a failed test (the child's exit code and output), not as a dead test fork. Prints one line per
 * step: {@code <step>: <outcome>}.
 */
public final class TrustMemoryChild {
    private TrustMemoryChild() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "pthreadUseAfterClose" -> pthreadUseAfterClose();
            case "heldRobustMutex" -> heldRobustMutex();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("survived");
    }

    /** Every call of every pthread object after its memory's close. */
    private static void pthreadUseAfterClose() {
        NativeMemory mem = NativeMemory.create(4096);
        long cond = PthreadType.MUTEX.stride();
        long barrier = cond + PthreadType.COND.stride();
        long rw = barrier + PthreadType.BARRIER.stride();
        PthreadMutex m = PthreadMutex.create(mem, 0, true);
        PthreadCond c = PthreadCond.create(mem, cond);
        PthreadBarrier b = PthreadBarrier.create(mem, barrier, 1);
        PthreadRwLock l = PthreadRwLock.create(mem, rw);
        mem.close();
        // What used to happen here: glibc wrote into whatever was mapped at the old address next.
        NativeMemory reuse = NativeMemory.create(4096);
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("PthreadMutex.lock", m::lock);
        calls.put("PthreadMutex.tryLock(timeout)", () -> m.tryLock(Duration.ofSeconds(1)));
        calls.put("PthreadMutex.tryLock", m::tryLock);
        calls.put("PthreadMutex.unlock", m::unlock);
        calls.put("PthreadMutex.makeConsistent", m::makeConsistent);
        calls.put("PthreadMutex.close", m::close);
        calls.put("PthreadMutex.open+lock", () -> PthreadMutex.open(mem, 0).lock());
        calls.put("PthreadCond.signal", c::signal);
        calls.put("PthreadCond.signalAll", c::signalAll);
        calls.put("PthreadCond.await", () -> c.await(m, Duration.ofMillis(10)));
        calls.put("PthreadCond.close", c::close);
        calls.put("PthreadBarrier.await", b::await);
        calls.put("PthreadBarrier.close", b::close);
        calls.put("PthreadRwLock.readLock", l::readLock);
        calls.put("PthreadRwLock.writeLock", l::writeLock);
        calls.put("PthreadRwLock.tryReadLock(timeout)", () -> l.tryReadLock(Duration.ofSeconds(1)));
        calls.put("PthreadRwLock.tryWriteLock(timeout)", () -> l.tryWriteLock(Duration.ofSeconds(1)));
        calls.put("PthreadRwLock.unlock", l::unlock);
        calls.put("PthreadRwLock.close", l::close);
        calls.put("PthreadMutex.create", () -> PthreadMutex.create(mem, 0, true));
        calls.put("PthreadCond.create", () -> PthreadCond.create(mem, cond));
        calls.put("PthreadBarrier.create", () -> PthreadBarrier.create(mem, barrier, 1));
        calls.put("PthreadRwLock.create", () -> PthreadRwLock.create(mem, rw));
        for (Map.Entry<String, Call> e : calls.entrySet()) {
            String outcome;
            try {
                e.getValue().run();
                outcome = "returned";
            } catch (RuntimeException | InterruptedException x) {
                outcome = x.getClass().getSimpleName();
            }
            System.out.println(e.getKey() + ": " + outcome);
        }
        System.out.println("reused memory untouched: " + (reuse.getLong(0) == 0 && reuse.getLong(8) == 0
                && reuse.getLong(16) == 0));
        reuse.close();
    }

    /** A call that may be interruptible. */
    private interface Call {
        void run() throws InterruptedException;
    }

    /** Closing the memory of a robust mutex this thread holds, then locking another robust mutex. */
    private static void heldRobustMutex() {
        NativeMemory a = NativeMemory.create(4096);
        NativeMemory b = NativeMemory.create(4096);
        PthreadMutex held = PthreadMutex.create(a, 0, true);
        PthreadMutex healthy = PthreadMutex.create(b, 0, true);
        System.out.println("lock a: " + held.lock());
        try {
            a.close();
            System.out.println("close a: closed");
        } catch (IllegalStateException e) {
            System.out.println("close a: refused: " + e.getMessage());
        }
        // Make the old page's address likely to be reused, as a later allocation would.
        NativeMemory filler = NativeMemory.create(4096);
        LockOutcome o = healthy.lock(); // glibc links this one into the robust list beside the first
        healthy.unlock();
        System.out.println("lock b: " + o);
        boolean untouched = true; // before the rule, glibc's list pointers landed here when it took a's old address
        for (int off = 0; off < 64; off += 8) {
            untouched &= filler.getLong(off) == 0;
        }
        System.out.println("filler untouched: " + untouched);
        try {
            held.unlock();
            System.out.println("unlock a: unlocked");
        } catch (IllegalStateException e) {
            System.out.println("unlock a: " + e.getClass().getSimpleName());
        }
        a.close();
        System.out.println("close a again: " + (a.isClosed() ? "closed" : "open"));
        filler.close();
        b.close();
    }
}
