package io.lwp4j;

import java.time.Instant;

/**
 * A kernel TID as seen for a Java thread, with where the answer came from and when. The kernel reuses TIDs after a
 * thread ends, so an observation is a fact about {@link #observedAt()}, not forever.
 *
 * @param tid the kernel TID (the LWP column of {@code ps -eLf})
 * @param javaThreadId the Java thread id ({@code #id} in a thread dump)
 * @param javaThreadName the Java thread name when observed
 * @param source how lwp4j found it
 * @param observedAt when
 */
public record TidObservation(int tid, long javaThreadId, String javaThreadName, Source source, Instant observedAt) {

    /** How a TID was found. */
    public enum Source {
        /** The thread asked the kernel itself ({@code gettid(2)}) at {@code observedAt}. */
        GETTID,
        /**
         * The thread's own {@code gettid(2)} from its first call, cached: a platform thread keeps its kernel task
         * for life, so the answer holds for as long as the thread is alive.
         */
        CACHED_GETTID,
        /** A virtual thread: the TID of the carrier it was mounted on, from {@code gettid(2)} on that carrier. */
        CARRIER_GETTID,
        /** The JVM's thread dump ({@code Thread.print}): the {@code [tid]} / {@code nid=} of the thread's header. */
        THREAD_DUMP,
        /** A virtual thread: the TID of the carrier the thread dump showed it mounted on. */
        CARRIER_THREAD_DUMP
    }
}
