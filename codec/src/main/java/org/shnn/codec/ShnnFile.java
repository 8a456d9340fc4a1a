package org.shnn.codec;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * after that an access throws {@link IllegalStateException}. Do not modify the file while it is open
 * (a truncation would make mapped pages fault; the writer replaces files by rename, which is safe).
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

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final boolean copyOnWrite;
    private final int versionMajor;
    private final int versionMinor;
    private final long flags;
    private final List<Section> sections;
    private final Map<String, Section> byName;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ShnnFile(Path path, Arena arena, MemorySegment mapping, boolean copyOnWrite, FileParser parsed) {
        this.path = path;
        this.arena = arena;
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
        try {
            MemorySegment mapping;
            try (FileChannel ch = cow
                    ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ)) {
                // The mapping outlives the channel; it lives until the arena closes.
                mapping = ch.map(cow ? FileChannel.MapMode.PRIVATE : FileChannel.MapMode.READ_ONLY, 0, ch.size(),
                        arena);
            }
            ShnnFile f = new ShnnFile(path, arena, mapping, cow, FileParser.parse(path, mapping.asReadOnly()));
            if (opts.contains(Option.VERIFY)) {
                f.verify();
            }
            return f;
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
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
     * Recomputes one section's CRC32C.
     *
     * @throws CodecException if it differs from the stored checksum
     */
    public void verify(Section s) {
        int crc = Crc32c.of(s.segment());
        if (crc != s.checksum()) {
            throw new CodecException(path, s.name(), s.offset(), "checksum",
                    Crc32c.hex(s.checksum()) + " (stored CRC32C)", Crc32c.hex(crc) + " (computed)");
        }
    }

    /** Unmaps the file: every segment handed out becomes invalid. Idempotent; the arena is closed once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "ShnnFile[" + path + " v" + versionMajor + "." + versionMinor + ", " + sections.size() + " sections, "
                + length() + " bytes]";
    }
}
