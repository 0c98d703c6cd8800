package io.lwp4j.proc;

import io.lwp4j.ErrnoException;
import io.lwp4j.Errno;
import io.lwp4j.Lwp4jException;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
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
final class ProcFile {
    private byte[] buf;
    private int length;

    ProcFile(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    /** The bytes of the last file read; valid up to {@link #length()}. */
    byte[] bytes() {
        return buf;
    }

    /** The length of the last file read. */
    int length() {
        return length;
    }

    /**
     * Reads the file, up to {@code limit} bytes.
     *
     * @return true when read; false when the file is not there (ENOENT), or its task ended while we read (ESRCH)
     * @throws ErrnoException when it exists but may not be read (EACCES, EPERM), naming {@code op} and
     *     {@code detail}
     */
    boolean read(String path, int limit, String op, String detail) {
        FileInputStream in;
        try {
            in = new FileInputStream(path);
        } catch (FileNotFoundException e) {
            return failedOpen(path, op, detail);
        }
        try (in) {
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n >= limit) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, Math.min(limit, buf.length * 2));
                }
                int want = buf.length - n;
                int r = in.read(buf, n, want);
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
            // read(2) on a task that has just been reaped answers ESRCH; the JDK gives no errno, so look again.
            if (!Files.exists(Paths.get(path))) {
                return false;
            }
            throw new Lwp4jException(op + "(" + detail + ") failed: read " + path + ": " + e.getMessage(), e);
        }
    }

    /** After FileInputStream refused to open: find out why through NIO, which reports the errno as a type. */
    private static boolean failedOpen(String path, String op, String detail) {
        try {
            Files.newByteChannel(Paths.get(path)).close();
            return false; // it opened now: let the caller take it as gone and move on
        } catch (NoSuchFileException e) {
            return false;
        } catch (AccessDeniedException e) {
            throw ErrnoException.of(op, detail, Errno.EACCES.number(), "may not read " + path
                    + " (is /proc mounted with hidepid=1 or 2, or does the process belong to another user?)");
        } catch (IOException e) {
            throw new Lwp4jException(op + "(" + detail + ") failed: open " + path + ": " + e, e);
        }
    }
}
