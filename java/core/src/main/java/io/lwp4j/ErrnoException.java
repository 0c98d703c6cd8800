package io.lwp4j;

import java.util.Objects;

/**
 * A syscall or C library call failed with an errno. The message has one shape everywhere (ARCHITECTURE.md §7):
 * {@code "<op>(<detail>) failed: <ERRNO_NAME> (<n>): <description>"}, followed by {@code " — <hint>"} when there is
 * something the caller can do.
 *
 * <p>Callers that branch on a cause catch one of the few subclasses: {@link NoSuchTaskException} (ESRCH),
 * {@link PermissionException} (EPERM, EACCES) and {@link ResourceLimitException} (EAGAIN from a resource limit).
 * {@link #of} picks the subclass, so every thrower uses it.
 */
public class ErrnoException extends Lwp4jException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String detail;
    private final int errnoNumber;

    protected ErrnoException(String operation, String detail, int errnoNumber, String hint) {
        super(message(operation, detail, errnoNumber, hint));
        this.operation = operation;
        this.detail = detail;
        this.errnoNumber = errnoNumber;
    }

    /**
     * The exception for a failed call, of the subclass that matches the errno.
     *
     * @param operation the call, e.g. {@code "sched_setaffinity"}
     * @param detail its important arguments, e.g. {@code "tid=812"}; may be empty
     * @param errno the errno, positive or as the shim's negative result
     * @param hint what the caller can do about it, or {@code null}
     */
    public static ErrnoException of(String operation, String detail, long errno, String hint) {
        Objects.requireNonNull(operation, "operation");
        int n = (int) Math.abs(errno);
        String d = detail == null ? "" : detail;
        Errno e = Errno.of(n);
        if (e == Errno.ESRCH) {
            return new NoSuchTaskException(operation, d, n, hint);
        } else if (e == Errno.EPERM || e == Errno.EACCES) {
            return new PermissionException(operation, d, n, hint);
        } else if (e == Errno.EAGAIN) {
            return new ResourceLimitException(operation, d, n, hint);
        }
        return new ErrnoException(operation, d, n, hint);
    }

    /** {@link #of(String, String, long, String)} without a hint. */
    public static ErrnoException of(String operation, String detail, long errno) {
        return of(operation, detail, errno, null);
    }

    private static String message(String operation, String detail, int n, String hint) {
        String m = operation + "(" + detail + ") failed: " + Errno.describe(n);
        return hint == null || hint.isEmpty() ? m : m + " — " + hint;
    }

    /** The operation that failed, e.g. {@code "sched_setaffinity"}. */
    public String operation() {
        return operation;
    }

    /** The operation's important arguments as given in the message. */
    public String detail() {
        return detail;
    }

    /** The errno, or {@code null} for a number Linux does not define. */
    public Errno errno() {
        return Errno.of(errnoNumber);
    }

    /** The positive errno number. */
    public int errnoNumber() {
        return errnoNumber;
    }
}
