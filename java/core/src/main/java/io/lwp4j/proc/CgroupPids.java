package io.lwp4j.proc;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the {@code pids} controller's directory of a process and reads {@code pids.max}/{@code pids.current} there
 * and at every ancestor up to the mount point, for cgroup v1 (a {@code cgroup} mount whose options name
 * {@code pids}) and v2 (the {@code cgroup2} mount).
 *
 * <p>Why the mount's root matters: {@code /proc/<pid>/cgroup} gives the path in the hierarchy, but a container
 * mounts only its own subtree. Without a cgroup namespace (Docker on cgroup v1), the process sees
 * {@code 8:pids:/docker/<id>} while {@code /sys/fs/cgroup/pids} is that very {@code /docker/<id>} directory, as the
 * fourth field of {@code mountinfo} says; so the directory is the mount point plus the path below the mount's root.
 */
final class CgroupPids {
    private CgroupPids() {}

    /** One cgroup mount: the hierarchy path it shows ({@code root}) and where. */
    static final class Mount {
        final String root;
        final Path mountPoint;

        Mount(String root, Path mountPoint) {
            this.root = root;
            this.mountPoint = mountPoint;
        }
    }

    /** The pids limits of the process whose {@code /proc/<pid>} is {@code proc}, innermost cgroup first. */
    static List<ThreadLimits.Limit> limits(Path proc) {
        List<String> cgroup = ThreadLimits.readLines(proc.resolve("cgroup"));
        List<String> mountinfo = ThreadLimits.readLines(proc.resolve("mountinfo"));
        List<ThreadLimits.Limit> out = new ArrayList<>();
        Optional<Path> dir = directory(cgroup, mountinfo, true);
        if (dir.isPresent()) {
            out.addAll(walk(dir.get(), mountOf(dir.get(), mountinfo, true)));
        }
        if (out.isEmpty()) { // hybrid systems keep pids on v1; a pure v2 system has it on the unified mount
            dir = directory(cgroup, mountinfo, false);
            if (dir.isPresent()) {
                out.addAll(walk(dir.get(), mountOf(dir.get(), mountinfo, false)));
            }
        }
        return out;
    }

    private static Path mountOf(Path dir, List<String> mountinfo, boolean v1) {
        return mount(mountinfo, v1).map(m -> m.mountPoint).orElse(dir);
    }

    private static List<ThreadLimits.Limit> walk(Path dir, Path top) {
        List<ThreadLimits.Limit> out = new ArrayList<>();
        for (Path d = dir; d != null && d.startsWith(top); d = d.getParent()) {
            Path maxFile = d.resolve("pids.max");
            Optional<String> max = ThreadLimits.readFirstLine(maxFile);
            if (max.isPresent()) { // the root cgroup has no pids.max
                long current = ThreadLimits.readFirstLine(d.resolve("pids.current"))
                        .map(s -> Long.parseLong(s.trim())).orElse(ThreadLimits.UNKNOWN);
                out.add(new ThreadLimits.Limit("pids.max", ThreadLimits.parseMax(max.get()), current,
                        maxFile.toString()));
            }
        }
        return out;
    }

    /**
     * The directory of the pids cgroup, from the lines of {@code /proc/<pid>/cgroup} and {@code mountinfo}.
     *
     * @param v1 look for the v1 {@code pids} hierarchy; else the v2 unified one
     */
    static Optional<Path> directory(List<String> cgroup, List<String> mountinfo, boolean v1) {
        Optional<String> path = cgroupPath(cgroup, v1);
        Optional<Mount> mount = mount(mountinfo, v1);
        if (!path.isPresent() || !mount.isPresent()) {
            return Optional.empty();
        }
        String root = mount.get().root;
        String p = path.get();
        String below;
        if (root.equals("/")) {
            below = p;
        } else if (p.equals(root) || p.startsWith(root + "/")) {
            below = p.substring(root.length());
        } else {
            below = "/"; // the process sits outside what this mount shows (another cgroup namespace): use its top
        }
        Path dir = mount.get().mountPoint;
        for (String part : below.split("/")) {
            if (!part.isEmpty()) {
                dir = dir.resolve(part);
            }
        }
        return Optional.of(dir);
    }

    /** {@code "8:pids:/docker/ab"} (v1) or {@code "0::/user.slice"} (v2) → the path. */
    private static Optional<String> cgroupPath(List<String> cgroup, boolean v1) {
        for (String line : cgroup) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (v1 ? List.of(f[1].split(",")).contains("pids") : f[0].equals("0") && f[1].isEmpty()) {
                return Optional.of(f[2]);
            }
        }
        return Optional.empty();
    }

    /**
     * The cgroup mount, from {@code mountinfo} lines:
     * {@code "85 77 0:36 /docker/ab /sys/fs/cgroup/pids ro,nosuid - cgroup cgroup rw,pids"}: root is field 4, the
     * mount point field 5, and after the {@code -} separator come the type, the source and the super options.
     */
    static Optional<Mount> mount(List<String> mountinfo, boolean v1) {
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            int sep = List.of(f).indexOf("-");
            if (sep < 5 || f.length < sep + 4) {
                continue;
            }
            String type = f[sep + 1];
            boolean match = v1
                    ? type.equals("cgroup") && List.of(f[sep + 3].split(",")).contains("pids")
                    : type.equals("cgroup2");
            if (match) {
                return Optional.of(new Mount(unescape(f[3]), Paths.get(unescape(f[4]))));
            }
        }
        return Optional.empty();
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()
                    && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
