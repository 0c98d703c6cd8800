package io.lwp4j.memory;

import io.lwp4j.ErrnoException;
import io.lwp4j.internal.Native;
import io.lwp4j.spi.NativeBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A {@code MAP_SHARED} mapping of a named file under {@value #DIRECTORY} that several processes open by name —
 * {@code shm_open(3)} semantics without librt: one process {@linkplain #create creates} the name (exclusively, mode
 * {@code 0600}: only the same user can open it), sizes it and maps it; others {@linkplain #open open} it and map the
 * same pages. A futex word in here is a {@linkplain io.lwp4j.futex.Futex#shared shared futex}: waiters and wakers
 * in different processes meet on it, because the kernel keys a shared futex by the page, not by the address.
 *
 * <p>Everything {@link NativeMemory} offers applies: the accessors, their memory ordering (which holds across
 * processes on the same pages exactly as across threads), alignment checks, and the lifetime rule of {@link #close()}.
 *
 * <p>Lifetime: {@link #close()} unmaps this process's view; the name and its pages stay until {@link #unlink()}
 * (or {@link #unlink(String)}) removes the name and the last mapping goes. Nothing removes a name by itself: a
 * creator that dies leaves it in {@value #DIRECTORY} (as with {@code shm_open}). The file must not be truncated
 * while mapped: an access past its end raises {@code SIGBUS}, which the JVM reports as an {@link InternalError}.
 *
 * {@snippet :
 * try (SharedMemory shm = SharedMemory.create("lwp4j-demo", 4096)) {   // process A
 *     shm.setIntRelease(0, 1);
 * }
 * try (SharedMemory shm = SharedMemory.open("lwp4j-demo")) {           // process B
 *     int seen = shm.getIntAcquire(0);
 *     shm.unlink();
 * }
 * }
 */
public final class SharedMemory extends NativeMemory {

    /** Where the names live: the tmpfs glibc's {@code shm_open} uses. */
    public static final String DIRECTORY = "/dev/shm";

    private final String name;

    private SharedMemory(long address, int size, String name) {
        super(address, size, true);
        this.name = name;
    }

    /**
     * Creates the name (failing if it exists: {@code O_CREAT | O_EXCL}, mode {@code 0600}), sizes it to
     * {@code bytes} rounded up to whole pages (zeroed) and maps it. If sizing or mapping fails, the name is removed
     * again.
     *
     * @param name a file name: 1 to 255 bytes, no {@code '/'} (one leading {@code '/'} is accepted, as
     *     {@code shm_open} names are written), not {@code "."} or {@code ".."}
     * @throws ErrnoException {@code EEXIST} when the name exists, {@code EACCES}, {@code ENOSPC}, …
     */
    public static SharedMemory create(String name, long bytes) {
        String n = checkName(name);
        if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SharedMemory.create(" + n + ", bytes=" + bytes + "): 1 to "
                    + Integer.MAX_VALUE + " bytes");
        }
        long page = Native.backend().pageSize();
        long len = (bytes + page - 1) / page * page;
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SharedMemory.create(" + n + ", bytes=" + bytes + "): "
                    + len + " bytes in whole pages is more than " + Integer.MAX_VALUE);
        }
        int fd = openFd(n, true);
        boolean done = false;
        try {
            NativeBackend b = Native.backend();
            long r = b.fdTruncate(fd, len);
            if (r < 0) {
                throw ErrnoException.of("ftruncate", pathOf(n) + ", len=" + len, r);
            }
            SharedMemory shm = map(fd, len, n);
            done = true;
            return shm;
        } finally {
            Native.backend().close(fd);
            if (!done) {
                unlinkName(n, false);
            }
        }
    }

    /**
     * Opens and maps an existing name, all of it (its size is the file's).
     *
     * @throws ErrnoException {@code ENOENT} when there is no such name, {@code EACCES}, …
     * @throws IllegalStateException when the file is empty (its creator has not sized it yet) or larger than
     *     2 GiB - 1
     */
    public static SharedMemory open(String name) {
        String n = checkName(name);
        int fd = openFd(n, false);
        try {
            long len = Native.backend().fdSize(fd);
            if (len < 0) {
                throw ErrnoException.of("lseek", pathOf(n) + ", SEEK_END", len);
            }
            if (len == 0 || len > Integer.MAX_VALUE) {
                throw new IllegalStateException("SharedMemory.open(" + n + "): " + pathOf(n) + " is " + len
                        + " bytes; expected 1 to " + Integer.MAX_VALUE + " (is its creator still sizing it?)");
            }
            return map(fd, len, n);
        } finally {
            Native.backend().close(fd);
        }
    }

    /**
     * Removes {@code name} from {@value #DIRECTORY}; mappings of it stay valid until closed.
     *
     * @return {@code false} when there was no such name
     * @throws ErrnoException on any other failure ({@code EACCES}, …)
     */
    public static boolean unlink(String name) {
        return unlinkName(checkName(name), true);
    }

    /** The name this mapping was created or opened with (without a leading {@code '/'}). */
    public String name() {
        return name;
    }

    /** The file: {@value #DIRECTORY}{@code /name}. */
    public Path path() {
        return Paths.get(DIRECTORY, name);
    }

    /**
     * Removes the name (see {@link #unlink(String)}); this mapping stays usable until {@link #close()}.
     *
     * @return {@code false} when the name was already gone
     */
    public boolean unlink() {
        return unlinkName(name, true);
    }

    private static SharedMemory map(int fd, long len, String name) {
        long addr = Native.backend().memMapFd(fd, len, 0);
        if (addr < 0) {
            throw ErrnoException.of("mmap", pathOf(name) + ", len=" + len + ", MAP_SHARED", addr);
        }
        return new SharedMemory(addr, (int) len, name);
    }

    private static int openFd(String name, boolean create) {
        long fd = withPath(name, p -> Native.backend().shmOpen(p, create ? 1 : 0));
        if (fd < 0) {
            throw ErrnoException.of("open", pathOf(name) + (create ? ", O_CREAT|O_EXCL, 0600" : ""), fd,
                    create ? "unlink the stale name or choose another" : "create it first");
        }
        return (int) fd;
    }

    private static boolean unlinkName(String name, boolean report) {
        long r = withPath(name, p -> Native.backend().shmUnlink(p));
        if (r == -2 /* ENOENT */ || (r < 0 && !report)) {
            return false;
        }
        if (r < 0) {
            throw ErrnoException.of("unlink", pathOf(name), r);
        }
        return true;
    }

    /** Passes the NUL-terminated path of {@code name} in native memory to {@code call}. */
    private static long withPath(String name, java.util.function.LongUnaryOperator call) {
        byte[] path = (pathOf(name) + '\0').getBytes(StandardCharsets.UTF_8);
        try (NativeMemory buf = NativeMemory.allocate(path.length)) {
            buf.put(0, path);
            return call.applyAsLong(buf.address());
        }
    }

    private static String pathOf(String name) {
        return DIRECTORY + "/" + name;
    }

    private static String checkName(String name) {
        String n = name != null && name.startsWith("/") ? name.substring(1) : name;
        if (n == null || n.isEmpty() || n.indexOf('/') >= 0 || n.indexOf('\0') >= 0 || n.equals(".")
                || n.equals("..") || n.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("shared memory name " + (name == null ? "null" : '"' + name + '"')
                    + ": 1 to 255 bytes, no '/' (but one leading) or NUL, not \".\" or \"..\"");
        }
        return n;
    }

    @Override
    public String toString() {
        return "SharedMemory[" + pathOf(name) + ", " + size() + " bytes" + (isClosed() ? ", closed]" : "]");
    }
}
