package io.lwp4j;

/** EAGAIN from a resource limit: {@code RLIMIT_NPROC}, a cgroup's {@code pids.max}, {@code threads-max}, … */
public class ResourceLimitException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    ResourceLimitException(String operation, String detail, int errno, String hint) {
        super(operation, detail, errno, hint);
    }
}
