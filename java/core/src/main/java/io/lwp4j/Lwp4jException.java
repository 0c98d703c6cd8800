package io.lwp4j;

/**
 * The root of every exception lwp4j throws for a failure of the system (as opposed to a bad argument, which is an
 * {@link IllegalArgumentException} thrown before any syscall). Unchecked, like {@link java.io.UncheckedIOException}.
 */
public class Lwp4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Lwp4jException(String message) {
        super(message);
    }

    public Lwp4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
