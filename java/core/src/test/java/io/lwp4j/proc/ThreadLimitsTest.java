package io.lwp4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.Errno;
import io.lwp4j.ResourceLimitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ThreadLimits} against what the kernel and the shell say on this machine. The cgroup {@code pids.max}
 * actually biting is proven in a container with {@code --pids-limit} (lwp4j-it's PidsLimitIT); here the cgroup
 * path resolution is checked on the exact lines a Docker container shows.
 */
class ThreadLimitsTest {

    private static Optional<ThreadLimits.Limit> named(String name) {
        return ThreadLimits.current().all().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    private static long threadsOfThisProcess() throws IOException {
        return Files.readAllLines(Paths.get("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Threads:"))
                .mapToLong(l -> Long.parseLong(l.substring(8).trim()))
                .findFirst().orElseThrow(AssertionError::new);
    }

    @Test
    void threadsMaxIsTheSysctlAndCountsAtLeastThisProcess() throws IOException {
        ThreadLimits.Limit l = named("kernel.threads-max").orElseThrow(AssertionError::new);
        String sysctl = Files.readAllLines(Paths.get("/proc/sys/kernel/threads-max")).get(0).trim();
        assertEquals(Long.parseLong(sysctl), l.max());
        assertTrue(l.current() >= threadsOfThisProcess(), () -> "system task count " + l.current());
        assertTrue(l.headroom() < l.max(), l::toString);
    }

    @Test
    @Timeout(10)
    void nprocIsWhatUlimitSays() throws Exception {
        Process sh = new ProcessBuilder("bash", "-c", "ulimit -u").redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(sh.waitFor(5, TimeUnit.SECONDS));
        ThreadLimits.Limit l = named("RLIMIT_NPROC").orElseThrow(AssertionError::new);
        assertEquals(out.equals("unlimited") ? ThreadLimits.UNLIMITED : Long.parseLong(out), l.max());
        assertEquals(ThreadLimits.UNKNOWN, l.current());
    }

    @Test
    void everyCgroupLevelReadCountsThisProcess() throws IOException {
        long mine = threadsOfThisProcess();
        for (ThreadLimits.Limit l : ThreadLimits.current().all()) {
            if (l.name().equals("pids.max")) {
                assertTrue(Files.exists(Paths.get(l.source())), l::toString);
                // pids.current of our cgroup (or an ancestor) counts our own threads, at least.
                assertTrue(l.current() >= mine - 2, () -> l + " vs " + mine + " threads here");
            }
        }
    }

    @Test
    void exhaustedIsEagainWithTheLimits() {
        ResourceLimitException e = ThreadLimits.exhausted("Thread.start", "worker-7");
        assertEquals(Errno.EAGAIN, e.errno());
        assertTrue(e.getMessage().startsWith(
                "Thread.start(worker-7) failed: EAGAIN (11): Resource temporarily unavailable — "), e.getMessage());
        assertTrue(e.getMessage().contains("kernel.threads-max="), e.getMessage());
    }

    // The lines of a Docker 20.10 container on cgroup v1 with no cgroup namespace: the path names the container's
    // cgroup, and the mount shows exactly that subtree at /sys/fs/cgroup/pids.
    private static final String ID = "a8b2126469acf795831c85ead8a1578e609784d72ba659ad289f7cbbb377c507";

    @Test
    void v1ContainerWithoutCgroupNamespaceIsTheMountPoint() {
        List<String> cgroup = List.of("9:name=systemd:/docker/" + ID, "8:pids:/docker/" + ID, "0::/docker/" + ID);
        List<String> mountinfo = List.of(
                "77 76 0:46 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755",
                "84 77 0:35 /docker/" + ID + " /sys/fs/cgroup/blkio ro,nosuid - cgroup cgroup rw,blkio",
                "85 77 0:36 /docker/" + ID + " /sys/fs/cgroup/pids ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,pids");
        assertEquals(Optional.of(Paths.get("/sys/fs/cgroup/pids")), CgroupPids.directory(cgroup, mountinfo, true));
        assertEquals(Optional.empty(), CgroupPids.directory(cgroup, mountinfo, false)); // no cgroup2 mount
    }

    @Test
    void v2HostPathIsBelowTheMount() {
        List<String> cgroup = List.of("0::/system.slice/docker-" + ID + ".scope");
        List<String> mountinfo = List.of(
                "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/system.slice/docker-" + ID + ".scope")),
                CgroupPids.directory(cgroup, mountinfo, false));
        assertEquals(Optional.empty(), CgroupPids.directory(cgroup, mountinfo, true));
    }

    @Test
    void mountPointEscapesAreDecoded() {
        assertEquals("/mnt/my cgroups", CgroupPids.unescape("/mnt/my\\040cgroups"));
        assertEquals("/plain", CgroupPids.unescape("/plain"));
    }
}
