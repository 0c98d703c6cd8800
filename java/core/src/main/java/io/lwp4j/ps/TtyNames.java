package io.lwp4j.ps;

import io.lwp4j.internal.proc.ProcSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TTY column: a task's {@code tty_nr} turned into a name the way procps-ng 4.0.2's {@code dev_to_tty}
 * ({@code library/devname.c}) does it, with {@code ABBREV_DEV}: first the drivers in {@code /proc/tty/drivers},
 * then the link {@code /proc/<tid>/fd/2}, then the classic names by major number, then {@code /proc/<tid>/fd/255};
 * each candidate counts only if the device file exists with that very device number. No tty is {@code "?"}.
 *
 * <p>One instance per rendering (it caches the drivers table and the names it found); not thread-safe.
 */
final class TtyNames {
    private record Driver(String name, int major, int minorFirst, int minorLast, boolean devfs) {}

    private List<Driver> drivers;
    private final Map<Integer, String> byDriver = new HashMap<>();

    /** The name for the TTY column, for example {@code "pts/0"}, {@code "tty1"}, {@code "ttyS0"} or {@code "?"}. */
    String name(int ttyNr, int tid) {
        if (ttyNr == 0) {
            return "?";
        }
        // Linux's encoding of dev_t in /proc (new_encode_dev), as glibc's major()/minor() read it.
        int major = (ttyNr >>> 8) & 0xfff;
        int minor = (ttyNr & 0xff) | ((ttyNr >>> 12) & 0xfff00);
        String path = byDriver.computeIfAbsent(ttyNr, k -> driverName(major, minor));
        if (path.isEmpty()) {
            path = linkName(major, minor, tid, "fd/2");
        }
        if (path == null) {
            path = guessName(major, minor);
        }
        if (path == null) {
            path = linkName(major, minor, tid, "fd/255");
        }
        if (path == null) {
            return "?";
        }
        String s = path.startsWith("/dev/") && path.length() > 5 ? path.substring(5) : path;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            out.append(c <= ' ' || c > 126 ? '?' : c);
        }
        return out.toString();
    }

    /** The {@code /proc/tty/drivers} candidate, or "" (cached as such) when none matches. */
    private String driverName(int major, int minor) {
        if (drivers == null) {
            drivers = loadDrivers();
        }
        for (Driver d : drivers) { // procps pushes each line at the front: the last matching line wins
            if (d.major == major && d.minorFirst <= minor && d.minorLast >= minor) {
                String[] candidates = d.devfs
                        ? new String[] {"/dev/" + d.name + minor, "/dev/" + d.name + "/" + minor}
                        : new String[] {"/dev/" + d.name + minor, "/dev/" + d.name + "/" + minor, "/dev/" + d.name};
                // procps stops at the first file that exists, and only then checks its device number
                for (String c : candidates) {
                    long rdev = rdev(Paths.get(c));
                    if (rdev != -1) {
                        return matches(rdev, major, minor) ? c : "";
                    }
                }
                return "";
            }
        }
        return "";
    }

    private static List<Driver> loadDrivers() {
        List<Driver> out = new ArrayList<>();
        String text;
        try {
            text = ProcSystem.readAscii("/proc/tty/drivers");
        } catch (RuntimeException e) {
            return out;
        }
        for (String line : text.split("\n")) {
            int p = line.indexOf(" /dev/");
            if (p < 0) {
                continue;
            }
            String[] f = line.substring(p + 6).trim().split(" +");
            if (f.length < 3) {
                continue;
            }
            String name = f[0];
            boolean devfs = name.length() >= 3 && name.endsWith("%d");
            if (devfs) {
                name = name.substring(0, name.length() - 2);
            }
            if (name.length() > 15) {
                name = name.substring(0, 15);
            }
            try {
                int major = Integer.parseInt(f[1]);
                String[] range = f[2].split("-");
                int first = Integer.parseInt(range[0]);
                int last = range.length > 1 ? Integer.parseInt(range[1]) : first;
                out.add(0, new Driver(name, major, first, last, devfs));
            } catch (NumberFormatException e) {
                // procps drops a line it cannot parse
            }
        }
        return out;
    }

    private static String linkName(int major, int minor, int tid, String fd) {
        try {
            String target = Files.readSymbolicLink(Paths.get("/proc/" + tid + "/" + fd)).toString();
            long rdev = rdev(Paths.get(target));
            return rdev != -1 && matches(rdev, major, minor) ? target : null;
        } catch (IOException | UnsupportedOperationException | java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** devname.c {@code guess_name}: the traditional device names by major number. */
    private static String guessName(int major, int minor) {
        String p;
        if (major == 3) {
            if (minor > 255) {
                return null;
            }
            p = "/dev/tty" + "pqrstuvwxyzabcde".charAt(minor >> 4) + "0123456789abcdef".charAt(minor & 0xf);
        } else if (major == 4) {
            p = minor < 64 ? "/dev/tty" + minor : "/dev/ttyS" + (minor - 64);
        } else if (major >= 136 && major <= 143) {
            p = "/dev/pts/" + (minor + (major - 136) * 256);
        } else {
            String prefix = GUESS.get(major);
            if (prefix == null) {
                return null; // (major 204's table of low-density serial names is left out)
            }
            p = prefix + (major == 156 ? minor + 256 : minor);
        }
        long rdev = rdev(Paths.get(p));
        return rdev != -1 && matches(rdev, major, minor) ? p : null;
    }

    private static final Map<Integer, String> GUESS = Map.ofEntries(
            Map.entry(11, "/dev/ttyB"), Map.entry(17, "/dev/ttyH"), Map.entry(19, "/dev/ttyC"),
            Map.entry(22, "/dev/ttyD"), Map.entry(23, "/dev/ttyD"), Map.entry(24, "/dev/ttyE"),
            Map.entry(32, "/dev/ttyX"), Map.entry(43, "/dev/ttyI"), Map.entry(46, "/dev/ttyR"),
            Map.entry(48, "/dev/ttyL"), Map.entry(57, "/dev/ttyP"), Map.entry(71, "/dev/ttyF"),
            Map.entry(75, "/dev/ttyW"), Map.entry(78, "/dev/ttyM"), Map.entry(105, "/dev/ttyV"),
            Map.entry(112, "/dev/ttyM"), Map.entry(148, "/dev/ttyT"), Map.entry(154, "/dev/ttySR"),
            Map.entry(156, "/dev/ttySR"), Map.entry(164, "/dev/ttyCH"), Map.entry(166, "/dev/ttyACM"),
            Map.entry(172, "/dev/ttyMX"), Map.entry(174, "/dev/ttySI"), Map.entry(188, "/dev/ttyUSB"),
            Map.entry(208, "/dev/ttyU"), Map.entry(216, "/dev/ttyUB"), Map.entry(224, "/dev/ttyY"),
            Map.entry(227, "/dev/3270/tty"), Map.entry(229, "/dev/iseries/vtty"), Map.entry(256, "/dev/ttyEQ"));

    /** glibc's {@code major()}/{@code minor()} of a 64-bit {@code st_rdev} compared with a device number. */
    private static boolean matches(long rdev, int major, int minor) {
        long ma = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        long mi = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
        return ma == major && mi == minor;
    }

    /** {@code st_rdev} of a path (following links, as stat(2)), or -1 when it does not exist. */
    private static long rdev(Path p) {
        try {
            Object v = Files.getAttribute(p, "unix:rdev");
            return ((Number) v).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
