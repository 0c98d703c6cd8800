package io.lwp4j;

/** EPERM or EACCES: the caller lacks a privilege or a capability; the message names it where it is known. */
public class PermissionException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    PermissionException(String operation, String detail, int errno, String hint) {
        super(operation, detail, errno, hint);
    }
}
