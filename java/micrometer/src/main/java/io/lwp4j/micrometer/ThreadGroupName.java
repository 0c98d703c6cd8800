package io.lwp4j.micrometer;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The group of a thread for metrics: its name with the pool counters removed, so that a pool of 2,000 threads is one
 * series, not 2,000: {@code http-nio-8080-exec-17} → {@code http-nio-8080-exec-#}, {@code pool-3-thread-12} →
 * {@code pool-#-thread-#}, {@code ForkJoinPool-1-worker-3} → {@code ForkJoinPool-#-worker-#},
 * {@code C2 CompilerThread0} → {@code C2 CompilerThread#}, {@code GC Thread#3} → {@code GC Thread#}.
 *
 * <p>The rule: the number that ends the name is the counter; a number of at most three digits standing alone
 * between separators ({@code - _ . space #}) is a pool's counter too; longer ones stay (a port: {@code 8080}).
 */
public final class ThreadGroupName {
    private ThreadGroupName() {}

    private static final Pattern TRAILING = Pattern.compile("#?\\d+$");
    private static final Pattern INNER = Pattern.compile("(?<=[-_ .#])\\d{1,3}(?=[-_ .#])");
    private static final int MAX_LENGTH = 64;

    /** Java threads of the JVM's own (java.base), grouped as one. */
    private static final Set<String> JVM_SYSTEM = Set.of("Reference Handler", "Finalizer", "Signal Dispatcher",
            "Common-Cleaner", "Notification Thread", "Attach Listener", "Service Thread", "Monitor Deflation Thread",
            "Cleaner-#", "process reaper", "Read-Poller", "Write-Poller");

    /** The group of a thread named {@code name}. */
    public static String of(String name) {
        if (name == null || name.isEmpty()) {
            return "unnamed";
        }
        String g = TRAILING.matcher(name).replaceFirst("#");
        return clean(INNER.matcher(g).replaceAll("#"));
    }

    /** {@code name} cut to 64 characters, control characters replaced: fit for a tag value. */
    static String clean(String g) {
        StringBuilder b = new StringBuilder(Math.min(g.length(), MAX_LENGTH));
        for (int i = 0; i < g.length() && b.length() < MAX_LENGTH; i++) {
            char c = g.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c); // a tag value is for people and exporters: no controls
        }
        return b.toString();
    }

    /** Whether {@code group} is one of the JVM's own Java threads (reference handler, finalizer, cleaner, …). */
    static boolean isJvmSystem(String group) {
        return JVM_SYSTEM.contains(group);
    }
}
