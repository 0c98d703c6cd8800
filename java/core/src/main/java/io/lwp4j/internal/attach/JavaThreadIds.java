package io.lwp4j.internal.attach;

/** A thread's Java id on Java 17 ({@code getId}) and later ({@code threadId}, the same number). */
public final class JavaThreadIds {
    private JavaThreadIds() {}

    /** The Java thread id: the {@code #<id>} of the thread dump. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() exists only from Java 19; core runs on 17
    public static long idOf(Thread t) {
        return t.getId();
    }
}
