package io.lwp4j;

/**
 * One native backend found on the class path ({@code ffm}, {@code jnr}, {@code jna}), as {@link Lwp4j#backends()}
 * and {@code lwp4j backends} report it: whether it can run here and, if not, why (too old a Java, a missing library
 * jar). The backend in use is {@link Lwp4j#backendName()}: the available one with the highest priority, unless
 * {@code -Dlwp4j.backend=NAME} forces another.
 *
 * @param name the name {@code -Dlwp4j.backend} selects
 * @param priority higher is preferred (FFM 300, jnr-ffi 200, JNA 100); {@link Integer#MIN_VALUE} for a provider that
 *     could not even be loaded
 * @param unavailableReason why it cannot run here, or {@code null} when it can
 */
public record BackendStatus(String name, int priority, String unavailableReason) {

    /** True when this backend can run here. */
    public boolean available() {
        return unavailableReason == null;
    }

    /** {@code "jnr (priority 200): available"} or {@code "ffm: unavailable: it needs Java 22 or newer; ..."}. */
    @Override
    public String toString() {
        String head = priority == Integer.MIN_VALUE ? name : name + " (priority " + priority + ")";
        return head + (available() ? ": available" : ": unavailable: " + unavailableReason);
    }
}
