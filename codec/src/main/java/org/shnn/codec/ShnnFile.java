package org.shnn.codec;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open {@code .shnn} file: the whole file mapped into one shared {@link Arena} owned by this object (one
 * arena per open file, closed once by {@link #close()}, as Lucene's {@code MMapDirectory} does), its header and
 * section table validated at open, its sections handed out as slices of the mapping with no copy.
 *
 * <p>Opening costs O(sections), not O(file size): nothing is read but the header and the table, unless
 * {@link Option#VERIFY} asks for the checksums. Every offset and length is checked against the file length
 * and the layouts before any access (FORMAT.md, "Validation"), so a truncated or corrupted file gives a
 * {@link CodecException}, never an access outside the mapping.
 *
 * <p>Ownership: every segment this object returns belongs to its arena and stays valid until {@link #close()};
 * after that an access throws {@link IllegalStateException}. The file must not change while it is open:
 * replacing it by rename (as {@link ShnnWriter} does) or deleting it is safe (the mapping keeps the old
 * file), but truncating it or rewriting it in place ({@code truncate}, {@code cp other.shnn this.shnn}) changes
 * or removes mapped pages under us. {@link #checkUnchanged()} detects that (size, identity, modification
 * time); a Java read of a page the truncation removed throws {@link InternalError}, and this module's own
 * checksumming copies mapped bytes before native code sees them, so a truncation is an exception, never a
 * SIGBUS. A read that races with a rewrite in place may still see the new bytes: callers check before and
 * after using the mapping.
 *
 * <p>Thread-safety: after {@code open} returns, all accessors are safe from any thread. {@link #close()} must
 * not race with threads still reading the segments (the shared arena then fails the close or the access).
 */
public final class ShnnFile implements AutoCloseable {

    /** Options of {@link #open(Path, Option...)}. */
    public enum Option {
        /** Verify every section's CRC32C while opening (reads the whole file). */
        VERIFY,
        /**
         * Map the file privately (copy-on-write): {@link #writableSegment(Section)} then gives views that can be
         * written without changing the file. Needs a file the process may open for writing.
         */
        COPY_ON_WRITE
    }

    /** One stored block checksum (u32, little-endian, 4-byte aligned in a 64-byte aligned section). */
    private static final ValueLayout.OfInt BLOCK_CRC = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    /** Kept open until {@link #close()}: its size (fstat) is the length of the inode we mapped. */
    private final FileChannel channel;
    /** Identity and modification time of the file when opened, for {@link #checkUnchanged()}. */
    private final Object fileKey;
    private final FileTime modified;
    private final MemorySegment mapping;
    private final boolean copyOnWrite;
    private final int versionMajor;
    private final int versionMinor;
    private final long flags;
    private final List<Section> sections;
    private final Map<String, Section> byName;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Per section index, for a section with block checksums one flag per block, non-zero once the block passed
     * {@link #verifyRange}; for a BLOCK_CHECKSUMS section one flag, non-zero once its own checksum passed; null
     * otherwise. Written by whichever thread verifies first, without ordering: a thread that sees a stale 0 verifies
     * again (the mapped bytes and the stored checksums never change while the file is open, {@link #checkUnchanged}),
     * so a race costs a repeated check, never a skipped one.
     */
    private final byte[][] verified;

    private ShnnFile(Path path, Arena arena, FileChannel channel, BasicFileAttributes attributes,
            MemorySegment mapping, boolean copyOnWrite, FileParser parsed) {
        this.path = path;
        this.arena = arena;
        this.channel = channel;
        this.fileKey = attributes.fileKey();
        this.modified = attributes.lastModifiedTime();
        this.mapping = mapping;
        this.copyOnWrite = copyOnWrite;
        this.versionMajor = parsed.versionMajor;
        this.versionMinor = parsed.versionMinor;
        this.flags = parsed.flags;
        this.sections = Collections.unmodifiableList(new ArrayList<>(parsed.sections));
        Map<String, Section> m = new LinkedHashMap<>();
        for (Section s : sections) {
            m.put(s.name(), s);
        }
        this.byName = Collections.unmodifiableMap(m);
        this.verified = new byte[sections.size()][];
        for (Section s : sections) {
            if (s.hasBlockChecksums()) {
                verified[s.index()] = new byte[(int) s.blocks()];
                verified[s.blockChecksumsIndex()] = new byte[1];
            }
        }
    }

    /**
     * Maps and validates {@code path}.
     *
     * @throws CodecException if the file violates the format (naming file, section, offset, field)
     * @throws IOException if the file cannot be opened or mapped
     */
    public static ShnnFile open(Path path, Option... options) throws IOException {
        EnumSet<Option> opts = EnumSet.noneOf(Option.class);
        Collections.addAll(opts, options);
        boolean cow = opts.contains(Option.COPY_ON_WRITE);
        Arena arena = Arena.ofShared();
        FileChannel ch = null;
        try {
            BasicFileAttributes attributes = Files.readAttributes(FileFailure.requireMappable(path),
                    BasicFileAttributes.class);
            ch = cow ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
            MemorySegment mapping = ch.map(cow ? FileChannel.MapMode.PRIVATE : FileChannel.MapMode.READ_ONLY, 0,
                    ch.size(), arena);
            ShnnFile f = new ShnnFile(path, arena, ch, attributes, mapping, cow,
                    FileParser.parse(path, mapping.asReadOnly()));
            if (opts.contains(Option.VERIFY)) {
                f.verify();
            }
            return f;
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            if (ch != null) {
                ch.close();
            }
            throw e;
        }
    }

    /** The path the file was opened from. */
    public Path path() {
        return path;
    }

    /** The file's major version. */
    public int versionMajor() {
        return versionMajor;
    }

    /** The file's minor version (any minor of this reader's major is read). */
    public int versionMinor() {
        return versionMinor;
    }

    /** The header flags (compatible bits this reader does not know are kept). */
    public long flags() {
        return flags;
    }

    /** File length in bytes. */
    public long length() {
        return mapping.byteSize();
    }

    /** Every section in table order, including types this reader does not know (unmodifiable). */
    public List<Section> sections() {
        return sections;
    }

    /** The section named {@code name}, if present. */
    public Optional<Section> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The section named {@code name}.
     *
     * @throws CodecException if the file has no such section (a required section is missing)
     */
    public Section section(String name) {
        Section s = byName.get(name);
        if (s == null) {
            throw new CodecException(path, name, CodecException.NO_OFFSET, "name", "a section named '" + name + "'",
                    "none among " + byName.keySet());
        }
        return s;
    }

    /** The sections of type {@code type}, in table order. */
    public List<Section> sectionsOfType(int type) {
        return sections.stream().filter(s -> s.type() == type).toList();
    }

    /**
     * The metadata ({@link ShnnWriter#METADATA_SECTION}), or {@link Metadata#EMPTY} if the file has none.
     *
     * @throws CodecException if the metadata section is malformed
     */
    public Metadata metadata() {
        return find(ShnnWriter.METADATA_SECTION).filter(s -> s.type() == SectionType.METADATA)
                .map(s -> Metadata.decode(s.segment(), path, s.name(), s.offset()))
                .orElse(Metadata.EMPTY);
    }

    /**
     * A writable copy-on-write view of {@code section}: writes go to private pages of this process and never
     * reach the file. Owned by this file, valid until {@link #close()}.
     *
     * @throws IllegalStateException unless opened with {@link Option#COPY_ON_WRITE}
     * @throws IllegalArgumentException if {@code section} is not one of this file's sections
     */
    public MemorySegment writableSegment(Section section) {
        if (!copyOnWrite) {
            throw new IllegalStateException(path + " was opened read-only; open it with Option.COPY_ON_WRITE");
        }
        if (byName.get(section.name()) != section) {
            throw new IllegalArgumentException("section " + section + " does not belong to " + path);
        }
        return mapping.asSlice(section.offset(), section.length());
    }

    /**
     * Recomputes every section's CRC32C and compares it with the table (reads the whole file).
     *
     * @throws CodecException naming the first section whose checksum differs
     */
    public void verify() {
        for (Section s : sections) {
            verify(s);
        }
    }

    /**
     * Recomputes one section's CRC32C (for a section of block checksums, {@link #verifyRange} then trusts them).
     *
     * @throws CodecException if it differs from the stored checksum
     */
    public void verify(Section s) {
        int crc;
        try {
            crc = Crc32c.of(s.segment());
        } catch (InternalError e) {
            throw truncated(s, e);
        }
        if (crc != s.checksum()) {
            throw new CodecException(path, s.name(), s.offset(), "checksum",
                    Crc32c.hex(s.checksum()) + " (stored CRC32C)", Crc32c.hex(crc) + " (computed)");
        }
        boolean mine = s.index() < verified.length && sections.get(s.index()) == s;
        if (mine && verified[s.index()] != null && !s.hasBlockChecksums()) { // block checksums verified: trusted now
            verified[s.index()][0] = 1; // plain: see verified
        }
    }

    /**
     * Verifies bytes {@code [offset, offset + length)} of {@code s} against its block checksums: every block they
     * touch that was not verified yet (each at most once, whoever asks), after the checksum of the block checksums
     * themselves the first time. Costs the blocks' bytes: a reader verifies what it uses, not the whole section.
     * Thread-safety: any thread, concurrently.
     *
     * @throws IllegalArgumentException if {@code s} has no block checksums or is not one of this file's sections
     * @throws IndexOutOfBoundsException if the range is not inside the section
     * @throws CodecException naming the section, the block's file offset and both checksums, if a block differs
     *     (or the block checksums do, or the file was truncated under the mapping)
     */
    public void verifyRange(Section s, long offset, long length) {
        if (!s.hasBlockChecksums() || s.index() >= sections.size() || sections.get(s.index()) != s) {
            throw new IllegalArgumentException("section " + s + " of " + path + " has no block checksums here");
        }
        Objects.checkFromIndexSize(offset, length, s.length());
        if (length == 0) {
            return;
        }
        byte[] done = verified[s.index()];
        long size = s.blockSize();
        for (long b = offset / size, last = (offset + length - 1) / size; b <= last; b++) {
            if (done[(int) b] == 0) {
                verifyBlock(s, (int) b);
                done[(int) b] = 1; // plain: see verified
            }
        }
    }

    /** Block {@code b} of {@code s} against its stored checksum. */
    private void verifyBlock(Section s, int b) {
        Section table = sections.get(s.blockChecksumsIndex());
        if (verified[table.index()][0] == 0) {
            verify(table); // marks it
        }
        long at = (long) b * s.blockSize();
        int crc;
        int stored;
        try {
            crc = Crc32c.of(s.segment().asSlice(at, Math.min(s.blockSize(), s.length() - at)));
            stored = table.segment().getAtIndex(BLOCK_CRC, b);
        } catch (InternalError e) {
            throw truncated(s, e);
        }
        if (crc != stored) {
            throw new CodecException(path, s.name(), s.offset() + at, "block checksum", Crc32c.hex(stored)
                    + " (stored CRC32C of block " + b + " of " + s.blocks() + ", bytes [" + at + ", "
                    + Math.min(at + s.blockSize(), s.length()) + ") of the section)", Crc32c.hex(crc) + " (computed)");
        }
    }

    /**
     * Checks that the file we mapped has not been truncated, extended or rewritten in place since
     * {@link #open}: the size of the open file (whatever its name now) and, if the path still names it, its
     * modification time. A file replaced by rename or deleted passes: the mapping keeps the old one.
     *
     * @throws CodecException naming the file and what changed
     */
    public void checkUnchanged() {
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            throw new CodecException(path, null, CodecException.NO_OFFSET, "length", length()
                    + " bytes (the length mapped at open)", "a file whose size cannot be read: " + e, e);
        }
        if (size != length()) {
            throw new CodecException(path, null, CodecException.NO_OFFSET, "length", length()
                    + " bytes (the length mapped at open; the file must not change while open)", size
                    + " bytes: the file was truncated or rewritten in place");
        }
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return; // deleted or renamed away: the mapping holds the file we opened
        }
        if (fileKey != null && fileKey.equals(now.fileKey()) && !modified.equals(now.lastModifiedTime())) {
            throw new CodecException(path, null, CodecException.NO_OFFSET, "modification time", modified
                    + " (when opened; the file must not change while open)", now.lastModifiedTime()
                    + ": the file was rewritten in place");
        }
    }

    /** The error for a fault reading section {@code s} of the mapping. */
    private CodecException truncated(Section s, Throwable fault) {
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            size = -1;
        }
        return new CodecException(path, s.name(), s.offset(), "length", length()
                + " bytes (the length mapped at open; the file must not change while open)", size
                + " bytes: the file was truncated while open, reading the section faulted", fault);
    }

    /** Unmaps the file: every segment handed out becomes invalid. Idempotent; the arena is closed once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                arena.close();
            } finally {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing was written through it; the mapping is gone either way
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ShnnFile[" + path + " v" + versionMajor + "." + versionMinor + ", " + sections.size() + " sections, "
                + length() + " bytes]";
    }
}
