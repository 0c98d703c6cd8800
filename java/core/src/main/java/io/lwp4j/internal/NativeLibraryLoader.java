package io.lwp4j.internal;

import io.lwp4j.BackendStatus;
import io.lwp4j.Lwp4jException;
import io.lwp4j.spi.NativeBackend;
import io.lwp4j.spi.NativeBackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code liblwp4j.so}, checks it, and binds it through the best {@link NativeBackendProvider} (ARCHITECTURE.md §8).
 *
 * <p>Order: {@code -Dlwp4j.library.path=FILE} when set (used as is: the caller chose that file); otherwise the
 * jar's {@code META-INF/native/linux-<arch>/liblwp4j.so} is copied into a fresh owner-only directory (never a
 * shared, predictable path), its SHA-256 compared with the {@code .sha256} beside it, bound, and deleted. The
 * bound library's {@code lwp_abi_version()} must equal {@link #ABI_VERSION}. Like netty's loader, every failure
 * becomes an exception that says what to do; {@link io.lwp4j.Lwp4j} keeps it as the unavailability cause.
 *
 * <p>What the SHA-256 proves: the {@code .sha256} comes from the same jar as the library, so it detects
 * <em>corruption</em> (a truncated download, a damaged file, a half-written extraction), not <em>tampering</em> —
 * whoever can replace the library in the jar can replace its checksum too. Trust in the library is trust in the jar
 * (its origin, a signature or checksum of the whole artifact checked by the build that fetched it); the private
 * extraction directory only keeps other local users from swapping the file between extraction and loading.
 */
public final class NativeLibraryLoader {

    /** System property: an explicit path to {@code liblwp4j.so}, skipping extraction and the checksum. */
    public static final String LIBRARY_PATH_PROP_NAME = "lwp4j.library.path";
    /** System property: force one backend ({@code ffm}, {@code jna}, {@code jnr}); failing clearly if it can't. */
    public static final String BACKEND_PROP_NAME = "lwp4j.backend";
    /** System property: where the library is extracted; default {@code java.io.tmpdir}. */
    public static final String TMPDIR_PROP_NAME = "lwp4j.tmpdir";

    /** Must equal {@code LWP4J_ABI_VERSION} in {@code native/include/lwp4j.h} (a unit test reads the header). */
    public static final int ABI_VERSION = 4;

    static final String RESOURCE_ROOT = "META-INF/native/";
    static final String LIBRARY_NAME = "liblwp4j.so";

    /** A bound library: the backend, which provider made it, and where the library came from. */
    public record Loaded(NativeBackend backend, String backendName, String source, NativeBackendProvider provider) {}

    private final ClassLoader classLoader;
    private final String resourceRoot;
    private final String libraryPath;
    private final String forcedBackend;
    private final Path tmpDir;

    /**
     * @param classLoader where providers and the library resource are looked up
     * @param resourceRoot the resource folder holding {@code linux-<arch>/liblwp4j.so}, normally
     *     {@code META-INF/native/}
     * @param libraryPath the value of {@code lwp4j.library.path}, or {@code null}
     * @param forcedBackend the value of {@code lwp4j.backend}, or {@code null}
     * @param tmpDir where to extract
     */
    public NativeLibraryLoader(ClassLoader classLoader, String resourceRoot, String libraryPath,
            String forcedBackend, Path tmpDir) {
        this.classLoader = classLoader;
        this.resourceRoot = resourceRoot.endsWith("/") ? resourceRoot : resourceRoot + "/";
        this.libraryPath = blankToNull(libraryPath);
        this.forcedBackend = blankToNull(forcedBackend);
        this.tmpDir = tmpDir;
    }

    /** The loader the library uses, configured from system properties. */
    public static NativeLibraryLoader fromSystemProperties() {
        ClassLoader cl = NativeLibraryLoader.class.getClassLoader();
        String tmp = System.getProperty(TMPDIR_PROP_NAME, System.getProperty("java.io.tmpdir"));
        return new NativeLibraryLoader(cl, RESOURCE_ROOT, System.getProperty(LIBRARY_PATH_PROP_NAME),
                System.getProperty(BACKEND_PROP_NAME), Paths.get(tmp));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** {@code x86_64} or {@code aarch64}, as the resource folders are named; {@code null} if unsupported. */
    public static String arch() {
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        switch (a) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch64";
            default:
                return null;
        }
    }

    /** Every provider on the class path, best first, each with why it can't work here (or null). */
    public List<BackendStatus> backends() {
        List<BackendStatus> out = new ArrayList<>();
        for (Candidate c : candidates()) {
            out.add(new BackendStatus(c.name, c.priority, c.reason));
        }
        return out;
    }

    /** Loads the library and binds it; throws {@link Lwp4jException} saying why not and what to do. */
    public Loaded load() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            throw new Lwp4jException("lwp4j runs on Linux only, not " + System.getProperty("os.name"));
        }
        String arch = arch();
        if (arch == null) {
            throw new Lwp4jException("lwp4j has no native library for os.arch=" + System.getProperty("os.arch")
                    + " (x86_64 and aarch64 are supported)");
        }
        List<Candidate> usable = usableCandidates();
        if (libraryPath != null) {
            Path p = Paths.get(libraryPath).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new Lwp4jException("-D" + LIBRARY_PATH_PROP_NAME + "=" + libraryPath
                        + " does not name a readable file");
            }
            return bind(usable, p, p.toString());
        }
        String resource = resourceRoot + "linux-" + arch + "/" + LIBRARY_NAME;
        Path dir = null;
        Path file = null;
        try {
            dir = Files.createTempDirectory(tmpDir, "lwp4j-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            file = dir.resolve(LIBRARY_NAME);
            extract(resource, file);
            return bind(usable, file, "jar:" + resource);
        } catch (IOException e) {
            throw new Lwp4jException("cannot extract " + resource + " into " + tmpDir + ": " + e
                    + " (set -D" + TMPDIR_PROP_NAME + " to a writable directory)", e);
        } finally {
            deleteQuietly(file);
            deleteQuietly(dir);
        }
    }

    private void extract(String resource, Path file) throws IOException {
        String expected;
        try (InputStream sum = classLoader.getResourceAsStream(resource + ".sha256")) {
            if (sum == null) {
                throw new Lwp4jException("the jar holds no " + resource + ".sha256: this build of lwp4j has no "
                        + "native library for linux-" + arch() + " (build it with CMake, or point -D"
                        + LIBRARY_PATH_PROP_NAME + " at a liblwp4j.so)");
            }
            String text = new String(sum.readAllBytes(), StandardCharsets.US_ASCII).trim();
            expected = text.split("\\s+")[0].toLowerCase(Locale.ROOT);
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new Lwp4jException("the jar holds no " + resource + ": this build of lwp4j has no native "
                        + "library for linux-" + arch() + " (point -D" + LIBRARY_PATH_PROP_NAME
                        + " at a liblwp4j.so)");
            }
            try (DigestInputStream din = new DigestInputStream(in, sha);
                    OutputStream out = Files.newOutputStream(file)) {
                din.transferTo(out);
            }
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(expected)) {
            throw new Lwp4jException("checksum mismatch for " + resource + ": SHA-256 is " + actual
                    + " but " + resource + ".sha256 says " + expected + " (a corrupted jar)");
        }
    }

    private Loaded bind(List<Candidate> usable, Path file, String source) {
        Lwp4jException failure = null;
        for (Candidate c : usable) {
            try {
                NativeBackend b = c.provider.bind(file);
                int abi = b.abiVersion();
                if (abi != ABI_VERSION) {
                    throw new Lwp4jException(source + " implements ABI version " + abi + " but this lwp4j needs "
                            + ABI_VERSION + " (a liblwp4j.so from another release)");
                }
                return new Loaded(b, c.name, source, c.provider);
            } catch (Lwp4jException e) {
                failure = e;
            } catch (Exception | LinkageError e) {
                String hint = String.valueOf(e.getMessage()).contains("failed to map segment")
                        || String.valueOf(e.getMessage()).contains("operation not permitted")
                        ? " (is " + file.getParent() + " mounted noexec? set -D" + TMPDIR_PROP_NAME + ")" : "";
                Lwp4jException le = new Lwp4jException("backend " + c.name + " cannot bind " + source + ": "
                        + e + hint, e);
                if (failure != null) {
                    le.addSuppressed(failure);
                }
                failure = le;
            }
            if (forcedBackend != null) {
                break;
            }
        }
        throw failure;
    }

    private List<Candidate> usableCandidates() {
        List<Candidate> all = candidates();
        if (forcedBackend != null) {
            for (Candidate c : all) {
                if (c.name.equals(forcedBackend)) {
                    if (c.reason != null) {
                        throw new Lwp4jException("backend " + forcedBackend + " (forced by -D" + BACKEND_PROP_NAME
                                + ") is not available: " + c.reason);
                    }
                    return List.of(c);
                }
            }
            throw new Lwp4jException("backend " + forcedBackend + " (forced by -D" + BACKEND_PROP_NAME
                    + ") is not on the class path; found: " + names(all));
        }
        List<Candidate> usable = new ArrayList<>();
        for (Candidate c : all) {
            if (c.reason == null) {
                usable.add(c);
            }
        }
        if (usable.isEmpty()) {
            StringBuilder why = new StringBuilder("no lwp4j backend can run here");
            for (Candidate c : all) {
                why.append("; ").append(c.name).append(": ").append(c.reason);
            }
            if (all.isEmpty()) {
                why.append(": none is on the class path (add lwp4j-ffm on Java 22+, or lwp4j-jna / lwp4j-jnr)");
            }
            throw new Lwp4jException(why.toString());
        }
        return usable;
    }

    private static String names(List<Candidate> all) {
        if (all.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (Candidate c : all) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.name);
        }
        return sb.toString();
    }

    private static final class Candidate {
        final String name;
        final int priority;
        final NativeBackendProvider provider;
        final String reason;

        Candidate(String name, int priority, NativeBackendProvider provider, String reason) {
            this.name = name;
            this.priority = priority;
            this.provider = provider;
            this.reason = reason;
        }
    }

    /**
     * Every provider on the class path. A provider compiled for a newer Java than this runtime (the FFM backend on
     * Java 17) fails to load with a {@link ServiceConfigurationError} or {@link LinkageError}: that becomes its
     * reason, not a failure of the whole lookup.
     */
    private List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>();
        Iterator<NativeBackendProvider> it = ServiceLoader.load(NativeBackendProvider.class, classLoader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                NativeBackendProvider p = it.next();
                String reason;
                try {
                    reason = p.unavailableReason();
                } catch (RuntimeException | LinkageError e) {
                    reason = e.toString();
                }
                out.add(new Candidate(p.name(), p.priority(), p, reason));
            } catch (ServiceConfigurationError | LinkageError e) {
                out.add(new Candidate(unloadableName(e), Integer.MIN_VALUE, null, unloadableReason(e)));
            }
        }
        out.sort(Comparator.comparingInt((Candidate c) -> c.priority).reversed());
        return out;
    }

    private static final Pattern PROVIDER_PACKAGE = Pattern.compile("io[./]lwp4j[./](?!spi[./])(\\w+)[./]");
    private static final Pattern CLASS_FILE_VERSION = Pattern.compile("class file version (\\d+)");

    /** The backend a provider that failed to load belongs to: its package, {@code io.lwp4j.<name>}. */
    static String unloadableName(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = PROVIDER_PACKAGE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return m.group(1);
            }
        }
        return "unknown";
    }

    /**
     * Why a provider failed to load. The usual case is a provider compiled for a newer Java than this one (FFM's, on
     * Java 17 or 21), whose {@link UnsupportedClassVersionError} names the class file version: Java = version - 44.
     */
    static String unloadableReason(Throwable e) {
        Throwable root = e.getCause() != null ? e.getCause() : e;
        if (root instanceof UnsupportedClassVersionError) {
            Matcher m = CLASS_FILE_VERSION.matcher(String.valueOf(root.getMessage()));
            String needs = m.find() ? "Java " + (Integer.parseInt(m.group(1)) - 44) : "a newer Java";
            return "it needs " + needs + " or newer; this is Java " + System.getProperty("java.specification.version");
        }
        return root.toString();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the directory is owner-only and uniquely named
            }
        }
    }
}
