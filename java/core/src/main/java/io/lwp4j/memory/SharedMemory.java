package io.lwp4j.memory;

import io.lwp4j.Errno;
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
 * same pages. A futex word in here is a {@linkplain io.lwp4j.futex.Futex#sharedOn shared futex}: waiters and wakers
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
 * <p><b>Trust.</b> {@value #DIRECTORY} is writable by every user, so a name can be squatted: another user creates it
 * first and waits for its victim to open it. {@link #create} never follows an existing name ({@code O_CREAT | O_EXCL
 * | O_NOFOLLOW}, mode {@code 0600}). {@link #open(String)} checks the file it opened ({@code fstat} of the open
 * descriptor, so what was checked is what gets mapped): it must be a regular file owned by this process's effective
 * uid and writable by no group or other user; anything else is refused with an {@link IllegalStateException} naming
 * the owner and mode. {@link #open(String, Trust)} names other acceptable owners, or accepts group/other write,
 * explicitly.
 *
 * <p><b>What a writer of the mapping can do to every process that uses it.</b> Whoever can write the pages controls
 * everything in them. For futex words and counters that means wrong values and missed or spurious wake-ups. For
 * process-shared <em>robust</em> pthread mutexes it is worse: glibc links a held robust mutex into the holding
 * thread's robust list <em>through the mapping</em> (the list pointers live in the mutex), and the kernel walks that
 * list when the thread dies; {@code unlock()} unlinks the mutex by writing through those pointers. A writer can
 * therefore read the pointers (learning addresses of the holder's thread-local storage, defeating ASLR) and rewrite
 * them so that the victim's own {@code unlock()} — or the kernel at its death — writes values of the writer's choice
 * into the victim's private memory. Share a mapping that holds pthread objects only with processes you trust as much
 * as your own; across a trust boundary use plain futex words and treat every value read as input.
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
     * Opens and maps an existing name, all of it (its size is the file's), if this process's effective uid owns it
     * and no group or other user may write it: {@link #open(String, Trust) open(name, Trust.ownerOnly())}.
     *
     * @throws ErrnoException {@code ENOENT} when there is no such name, {@code EACCES}, …
     * @throws IllegalStateException when the file is not one this process may trust (another owner, group or other
     *     write, not a regular file), is empty (its creator has not sized it yet) or is larger than 2 GiB - 1
     */
    public static SharedMemory open(String name) {
        return open(name, Trust.ownerOnly());
    }

    /**
     * Opens and maps an existing name if the opened file passes {@code trust}: a regular file, owned by one of the
     * uids it names, writable by group or others only when it allows that. Checked with {@code fstat} on the opened
     * descriptor, before mapping.
     *
     * @throws ErrnoException {@code ENOENT} when there is no such name, {@code EACCES}, …
     * @throws IllegalStateException when the file fails {@code trust}, is empty, or is larger than 2 GiB - 1
     */
    public static SharedMemory open(String name, Trust trust) {
        String n = checkName(name);
        java.util.Objects.requireNonNull(trust, "trust");
        int fd = openFd(n, false);
        try {
            long len = checkTrusted(fd, n, trust);
            long max = Integer.MAX_VALUE / Native.backend().pageSize() * Native.backend().pageSize();
            if (len == 0 || len > max) {
                throw new IllegalStateException("SharedMemory.open(" + n + "): " + pathOf(n) + " is " + len
                        + " bytes; expected 1 to " + max + " (is its creator still sizing it?)");
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

    /** fstat of the open fd against {@code trust}; returns the file's size. */
    private static long checkTrusted(int fd, String name, Trust trust) {
        long uid;
        long mode;
        long size;
        try (NativeMemory st = NativeMemory.create(32)) {
            long r = Native.backend().fdStat(fd, st.address());
            if (r < 0) {
                throw ErrnoException.of("fstat", pathOf(name), r);
            }
            uid = st.getLong(0);
            mode = st.getLong(16);
            size = st.getLong(24);
        }
        String what = pathOf(name) + " (owner uid " + uid + ", mode " + String.format("%04o", mode & 07777) + ")";
        if ((mode & 0170000) != 0100000) {
            throw new IllegalStateException("SharedMemory.open: " + what + " is not a regular file; refused");
        }
        java.util.Set<Long> owners = trust.owners.isEmpty() ? java.util.Set.of(effectiveUid()) : trust.owners;
        if (!owners.contains(uid)) {
            throw new IllegalStateException("SharedMemory.open: " + what + " is owned by uid " + uid + ", not by "
                    + (trust.owners.isEmpty() ? "this process's effective uid " + owners.iterator().next()
                    : "any of " + new java.util.TreeSet<>(owners))
                    + "; refused (another user may have squatted the name: unlink it, or name the owner with "
                    + "SharedMemory.Trust.ownedBy)");
        }
        if ((mode & 020) != 0 && !trust.groupWrite || (mode & 02) != 0 && !trust.otherWrite) {
            throw new IllegalStateException("SharedMemory.open: " + what + " is writable by "
                    + ((mode & 02) != 0 && !trust.otherWrite ? "every user" : "its group")
                    + "; refused (anyone who can write it controls what this process reads there, and pthread "
                    + "objects in it; accept it explicitly with SharedMemory.Trust)");
        }
        return size;
    }

    /** The effective uid of this process ({@code /proc/self/status: Uid}, second value). */
    private static long effectiveUid() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Paths.get("/proc/self/status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[2]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new io.lwp4j.Lwp4jException("cannot read this process's effective uid from /proc/self/status: "
                    + e, e);
        }
        throw new io.lwp4j.Lwp4jException("/proc/self/status has no Uid line");
    }

    /**
     * Which files {@link SharedMemory#open(String, Trust)} accepts: owned by one of a set of uids (by default only
     * this process's effective uid), writable by group and other users only when allowed. Immutable.
     *
     * {@snippet :
     * SharedMemory.open("jobs", SharedMemory.Trust.ownedBy(1000, 1001).allowingGroupWrite());
     * }
     */
    public static final class Trust {
        private static final Trust OWNER_ONLY = new Trust(java.util.Set.of(), false, false);

        private final java.util.Set<Long> owners;
        private final boolean groupWrite;
        private final boolean otherWrite;

        private Trust(java.util.Set<Long> owners, boolean groupWrite, boolean otherWrite) {
            this.owners = owners;
            this.groupWrite = groupWrite;
            this.otherWrite = otherWrite;
        }

        /** The default: owned by this process's effective uid, writable by nobody else. */
        public static Trust ownerOnly() {
            return OWNER_ONLY;
        }

        /** Owned by any of {@code uids} (which replace the default owner), writable by nobody else. */
        public static Trust ownedBy(long... uids) {
            if (uids.length == 0) {
                throw new IllegalArgumentException("Trust.ownedBy: name at least one uid");
            }
            java.util.Set<Long> set = new java.util.HashSet<>();
            for (long u : uids) {
                if (u < 0 || u > 0xffff_fffeL) {
                    throw new IllegalArgumentException("Trust.ownedBy: a uid is 0 to 4294967294, not " + u);
                }
                set.add(u);
            }
            return new Trust(java.util.Set.copyOf(set), false, false);
        }

        /** This trust, also accepting a file its group may write. */
        public Trust allowingGroupWrite() {
            return new Trust(owners, true, otherWrite);
        }

        /**
         * This trust, also accepting a file every user may write — then every user of the system can do what the
         * class documentation says a writer can do.
         */
        public Trust allowingOtherWrite() {
            return new Trust(owners, groupWrite, true);
        }

        @Override
        public String toString() {
            return "Trust[owners=" + (owners.isEmpty() ? "effective uid" : new java.util.TreeSet<>(owners))
                    + ", groupWrite=" + groupWrite + ", otherWrite=" + otherWrite + "]";
        }
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
        if (Errno.ENOENT.is(r) || (r < 0 && !report)) {
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
        try (NativeMemory buf = NativeMemory.create(path.length)) {
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
