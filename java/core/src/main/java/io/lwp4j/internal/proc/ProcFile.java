package io.lwp4j.internal.proc;

import io.lwp4j.ErrnoException;
import io.lwp4j.Errno;
import io.lwp4j.Lwp4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads small {@code /proc} files into a reused buffer with as few syscalls as the JDK allows (open, read, close).
 *
 * <p>Why one read is enough: {@code stat}, {@code status}, {@code comm} and {@code cmdline} are produced whole by the
 * kernel ({@code seq_file} {@code single_open}, or one copy of the argument area), so a read that returns fewer
 * bytes than asked for has returned everything; only a read that fills the buffer is followed by another.
 *
 * <p>Not thread-safe: each reader owns its buffer. {@link #bytes()} is valid until the next read.
 */
public final class ProcFile {
    private byte[] buf;
    private ByteBuffer view;
    private int length;

    public ProcFile(int initialCapacity) {
        buf = new byte[initialCapacity];
        view = ByteBuffer.wrap(buf);
    }

    /** The bytes of the last file read; valid up to {@link #length()}. */
    public byte[] bytes() {
        return buf;
    }

    /** The length of the last file read. */
    public int length() {
        return length;
    }

    /**
     * Reads the file, up to {@code limit} bytes.
     *
     * @return true when read; false when the file is not there (ENOENT), or its task ended while we read (ESRCH)
     * @throws ErrnoException when it exists but may not be read (EACCES, EPERM), naming {@code op} and
     *     {@code detail}
     */
    public boolean read(String path, int limit, String op, String detail) {
        // FileChannel.open is open(2), read(2)s, close(2): three syscalls for a small file. FileInputStream would add
        // an fstat(2) to every open — a quarter more syscalls when listing 10,000 threads (20,000 files).
        FileChannel in;
        try {
            in = FileChannel.open(Paths.get(path), StandardOpenOption.READ);
        } catch (IOException e) {
            return failedOpen(e, path, op, detail);
        }
        try (in) {
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n >= limit) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, Math.min(limit, buf.length * 2));
                    view = ByteBuffer.wrap(buf);
                }
                int want = buf.length - n;
                view.limit(buf.length).position(n);
                int r = in.read(view);
                if (r <= 0) {
                    break;
                }
                n += r;
                if (r < want) {
                    break; // a short read: the kernel gave us the whole file (see the class comment)
                }
            }
            length = n;
            return true;
        } catch (IOException e) {
            // read(2) on a task that has just been reaped answers ESRCH; look again.
            if (!Files.exists(Paths.get(path))) {
                return false;
            }
            throw new Lwp4jException(op + "(" + detail + ") failed: read " + path + ": " + e.getMessage(), e);
        }
    }

    /** After the open failed: ENOENT/ESRCH mean the task is gone; EACCES/EPERM are a permission error. */
    private static boolean failedOpen(IOException e, String path, String op, String detail) {
        int errno = errnoOf(e);
        if (errno == Errno.ENOENT.number() || errno == Errno.ESRCH.number()) {
            return false;
        }
        if (errno == Errno.EACCES.number() || errno == Errno.EPERM.number()) {
            throw ErrnoException.of(op, detail, errno, "may not read " + path + HIDDEN);
        }
        throw new Lwp4jException(op + "(" + detail + ") failed: open " + path + ": " + e, e);
    }

    /** Why procfs refuses: hidepid (EPERM since Linux 5.8 for hidepid=1) or another user's restricted file. */
    public static final String HIDDEN = " (/proc is mounted with hidepid, or the file is restricted to the process's owner)";

    /**
     * The errno behind an NIO exception, or 0 when it cannot be told. The JDK reports ENOENT and EACCES as their
     * own types and any other errno as a {@link FileSystemException} whose reason is {@code strerror(errno)}.
     */
    public static int errnoOf(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT.number();
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EACCES.number();
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            for (Errno errno : Errno.values()) {
                if (errno.description().equals(fse.getReason())) {
                    return errno.number();
                }
            }
        }
        return 0;
    }
}
