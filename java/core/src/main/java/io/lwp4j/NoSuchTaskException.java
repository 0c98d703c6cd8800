package io.lwp4j;

/** ESRCH, or a {@code /proc} entry that is not there: the process or thread does not exist (any more). */
public class NoSuchTaskException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    NoSuchTaskException(String operation, String detail, int errno, String hint) {
        super(operation, detail, errno, hint);
    }
}
