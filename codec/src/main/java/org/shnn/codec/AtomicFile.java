package org.shnn.codec;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Writes a file so that the target name only ever shows the previous complete file or the new complete one:
 * the content goes to a temporary file in the target's directory ({@code <name>.tmp<random>}), which
 * {@link #commit()} forces to disk ({@link FileChannel#force}), renames over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (POSIX {@code rename(2)}), and makes durable by forcing the
 * directory. {@link #close()} without a commit deletes the temporary file, so a failed or abandoned write
 * leaves neither a partial file nor a damaged previous one; the temporary file of a process killed while
 * writing is deleted by the next {@link #create} for the same target once it is stale ({@link #STALE_AFTER}).
 *
 * <p>Usage: {@code try (AtomicFile f = AtomicFile.create(target)) { write to f.channel(); f.commit(); }}, or for
 * a stream of text or bytes {@code AtomicFile.write(target, out -> out.write(bytes))}. The new file gets the
 * usual permissions of a new file (0666 less the umask, e.g. 0644), not owner-only.
 *
 * <p>Thread-safety: not thread-safe; one writer thread.
 */
public final class AtomicFile implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bytes handed to the channel per write call. */
    private static final long CHUNK = 1L << 24;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean done;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /**
     * Temporary files of our naming for the same target left for this long without a write are stale (a
     * process killed while saving): {@link #create} deletes them. A save in progress writes its file
     * continually, so its modification time stays recent.
     */
    public static final Duration STALE_AFTER = Duration.ofMinutes(10);

    /**
     * Creates the temporary file next to {@code target}, first deleting stale temporary files of the same
     * target ({@link #STALE_AFTER}).
     *
     * @throws IOException if the directory does not exist or is not writable, or the target is a directory; named
     *     for the target, not the temporary file ({@link FileFailure#reason} words it)
     */
    public static AtomicFile create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(target.toString(), null, "is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "its directory does not exist");
        }
        deleteStale(dir, abs.getFileName().toString());
        // Not Files.createTempFile: that makes the file owner-only (0600), and the rename would carry those
        // permissions to the target. CREATE_NEW gives the usual permissions (0666 less the umask).
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve(abs.getFileName() + ".tmp" + Long.toUnsignedString(RANDOM.nextLong(), 36));
            try {
                return new AtomicFile(abs, temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, StandardOpenOption.READ));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            } catch (AccessDeniedException e) {
                throw (IOException) new AccessDeniedException(target.toString(), null, "cannot create a file in " + dir)
                        .initCause(e);
            } catch (FileSystemException e) { // e.g. "File name too long": said of the target, not the temporary file
                throw (IOException) new FileSystemException(target.toString(), null, e.getReason()).initCause(e);
            }
        }
    }

    /** What {@link #write(Path, Content)} writes. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code out} (buffered; not to be closed by the callee). */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes what {@code content} writes, through a 64 KiB buffer, to {@code target} atomically: on any exception
     * the target keeps its previous content (or stays absent).
     *
     * @throws IOException if the directory does not exist or is not writable, or from {@code content}
     */
    public static void write(Path target, Content content) throws IOException {
        try (AtomicFile f = create(target)) {
            OutputStream out = new BufferedOutputStream(f.named(Channels.newOutputStream(f.channel)), 1 << 16);
            content.writeTo(out);
            out.flush();
            f.commit();
        }
    }

    /** Deletes {@code <name>.tmp<base-36 digits>} files in {@code dir} not modified for {@link #STALE_AFTER}. */
    private static void deleteStale(Path dir, String name) {
        Pattern ours = Pattern.compile(Pattern.quote(name) + "\\.tmp[0-9a-z]{1,13}");
        FileTime before = FileTime.from(Instant.now().minus(STALE_AFTER));
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir,
                p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path p : temps) {
                try {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // someone else's file or already gone: the save itself does not depend on it
                }
            }
        } catch (IOException e) {
            // an unreadable directory: creating the temporary file below reports what matters
        }
    }

    /** The channel of the temporary file (read/write, position 0); owned by this object. */
    public FileChannel channel() {
        return channel;
    }

    /**
     * Writes all bytes of {@code data} (any segment: native, mapped or heap) at {@code position} of the
     * temporary file, in chunks a {@link java.nio.ByteBuffer} can index.
     *
     * @throws IOException on a write error
     */
    public void write(MemorySegment data, long position) throws IOException {
        long size = data.byteSize();
        for (long off = 0; off < size; off += CHUNK) {
            ByteBuffer buf = Crc32c.byteBuffer(data.asSlice(off, Math.min(CHUNK, size - off)));
            long pos = position + off;
            try {
                while (buf.hasRemaining()) {
                    pos += channel.write(buf, pos);
                }
            } catch (IOException e) {
                throw named(e);
            }
        }
    }

    /**
     * {@code e}, a failure writing or forcing the temporary file ("No space left on device", which the JDK raises
     * without a file), as a {@link FileSystemException} naming the target, the file the user gave; a
     * {@code FileSystemException} as it is.
     */
    private IOException named(IOException e) {
        if (e instanceof FileSystemException) {
            return e;
        }
        return (IOException) new FileSystemException(target.toString(), null, e.getMessage() != null ? e.getMessage()
                : e.getClass().getSimpleName()).initCause(e);
    }

    /** {@code out} (the temporary file's), its failures {@link #named}. */
    private OutputStream named(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw named(e);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw named(e);
                }
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw named(e);
                }
            }
        };
    }

    /** The final path. */
    public Path target() {
        return target;
    }

    /** The temporary file's path (gone after commit or close). */
    public Path tempPath() {
        return temp;
    }

    /**
     * Forces the content to disk, renames the temporary file over the target atomically and forces the
     * directory entry. On failure the temporary file is deleted and the previous target is untouched.
     *
     * @throws IOException if forcing or renaming fails (including a file system without atomic rename)
     * @throws IllegalStateException if already committed or closed
     */
    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException("atomic write of " + target + " already committed or closed");
        }
        done = true;
        try {
            channel.force(true);
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot replace " + target + " atomically on this file system", e);
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(temp);
            throw named(e); // force: a delayed allocation's "No space left on device"
        } catch (RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temp);
            throw e;
        }
        // The rename is durable only once the directory itself is forced (POSIX); Linux supports this.
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Without a prior {@link #commit()}: closes and deletes the temporary file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!done) {
            done = true;
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
