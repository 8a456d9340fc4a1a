package org.shnn.codec;

import static org.shnn.layouts.file.ShnnFileLayouts.BYTE_ORDER_MARK;
import static org.shnn.layouts.file.ShnnFileLayouts.CHECKSUM;
import static org.shnn.layouts.file.ShnnFileLayouts.DTYPE;
import static org.shnn.layouts.file.ShnnFileLayouts.ELEMENT_COUNT;
import static org.shnn.layouts.file.ShnnFileLayouts.ELEMENT_SIZE;
import static org.shnn.layouts.file.ShnnFileLayouts.FILE_LENGTH;
import static org.shnn.layouts.file.ShnnFileLayouts.HEADER_CHECKSUM;
import static org.shnn.layouts.file.ShnnFileLayouts.HEADER_FLAGS;
import static org.shnn.layouts.file.ShnnFileLayouts.HEADER_SIZE_FIELD;
import static org.shnn.layouts.file.ShnnFileLayouts.LENGTH;
import static org.shnn.layouts.file.ShnnFileLayouts.MAGIC;
import static org.shnn.layouts.file.ShnnFileLayouts.OFFSET;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_COUNT;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_ENTRY_SIZE_FIELD;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_FLAGS;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_TABLE_CHECKSUM;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_TABLE_OFFSET;
import static org.shnn.layouts.file.ShnnFileLayouts.TYPE;
import static org.shnn.layouts.file.ShnnFileLayouts.VERSION_MAJOR;
import static org.shnn.layouts.file.ShnnFileLayouts.VERSION_MINOR;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.shnn.layouts.file.ShnnFileLayouts;

/**
 * Writes a {@code .shnn} file section by section, streaming each one to disk as it is added (nothing is
 * buffered beyond one chunk), atomically through {@link AtomicFile}: until {@link #commit()} the target keeps
 * its previous content; {@link #close()} without commit, or any failure, deletes the temporary file.
 *
 * <p>Placement: a section of at least {@value ShnnFormat#PAGE_ALIGNMENT} bytes starts on a page boundary, a
 * smaller one on a {@value ShnnFormat#MIN_ALIGNMENT}-byte boundary; the gaps are holes that read as zeros. The
 * section table follows the last section, and the header (written last, at byte 0) points at it. Each
 * section's CRC32C is computed while it streams, and so are its block checksums when its spec asks for them
 * ({@link SectionSpec#blockSize()}): they follow it as a {@link SectionType#BLOCK_CHECKSUMS} section named
 * {@code crc32c-blocks#<i>}, {@code i} being the table index of the section they check.
 *
 * <pre>{@code
 * try (ShnnWriter w = ShnnWriter.create(path)) {
 *     w.addSection(SectionSpec.of("v", SectionType.NEURON_STATE, Dtype.FLOAT64, n), vSegment);
 *     w.addMetadata(Metadata.builder().putLong("seed", 42).build());
 *     w.commit();
 * }
 * }</pre>
 *
 * <p>Thread-safety: not thread-safe; one writer thread. Segments passed in are read during the call only.
 */
public final class ShnnWriter implements AutoCloseable {

    /** Name of the section {@link #addMetadata} writes. */
    public static final String METADATA_SECTION = "metadata";

    /** Prefix of the name of a section's block checksums, followed by the section's table index. */
    public static final String BLOCK_CHECKSUMS_PREFIX = "crc32c-blocks#";

    /** Bytes checksummed and written at a time: fits the L2 cache. */
    private static final long PIECE = 1L << 20;

    private final AtomicFile file;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private long end = ShnnFileLayouts.HEADER_SIZE;
    /** False once committed, closed or failed; each operation clears it and sets it back on success. */
    private boolean usable = true;

    /** @param blockChecksums the table index of the section's block checksums (0 when it has none) */
    private record Entry(SectionSpec spec, long offset, int checksum, int blockChecksums) {
    }

    private ShnnWriter(AtomicFile file) {
        this.file = file;
    }

    /**
     * Starts writing {@code target} (through a temporary file in its directory).
     *
     * @throws IOException if the temporary file cannot be created
     */
    public static ShnnWriter create(Path target) throws IOException {
        return new ShnnWriter(AtomicFile.create(target));
    }

    /**
     * Adds a section whose bytes are {@code data} (any segment; its size must equal the spec's length).
     *
     * @throws IllegalArgumentException if the size differs or the name repeats
     * @throws IllegalStateException after commit, close or a failure
     * @throws IOException on a write error (the writer is then failed)
     */
    public void addSection(SectionSpec spec, MemorySegment data) throws IOException {
        if (data.byteSize() != spec.length()) {
            throw new IllegalArgumentException("section '" + spec.name() + "': segment has " + data.byteSize()
                    + " bytes, spec declares " + spec.length() + " (" + spec.elementCount() + " x "
                    + spec.elementSize() + ")");
        }
        addSection(spec, out -> out.write(data));
    }

    /**
     * Adds a section whose bytes {@code source} streams; it must write exactly {@code spec.length()} bytes.
     * If it throws, the writer is failed and the exception propagates: close it to discard the file.
     *
     * @throws IllegalArgumentException if the name repeats
     * @throws IllegalStateException after commit, close or a failure, or if the source writes too few or too
     *         many bytes
     * @throws IOException on a write error or from the source
     */
    public void addSection(SectionSpec spec, SectionSource source) throws IOException {
        checkOpen();
        if (!names.add(spec.name())) {
            throw new IllegalArgumentException("section name '" + spec.name() + "' already used in " + file.target());
        }
        if (spec.blocks() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("section '" + spec.name() + "': " + spec.blocks() + " blocks of "
                    + spec.blockSize() + " bytes; use larger blocks (at most 2^31 - 9 of them)");
        }
        long length = spec.length();
        long offset = ShnnFormat.alignUp(end,
                length >= ShnnFormat.PAGE_ALIGNMENT ? ShnnFormat.PAGE_ALIGNMENT : ShnnFormat.MIN_ALIGNMENT);
        usable = false; // set back on success: a throwing source leaves the writer failed
        Out out = new Out(spec, offset);
        source.writeTo(out);
        if (out.written != length) {
            throw new IllegalStateException("section '" + spec.name() + "': source wrote " + out.written
                    + " bytes, spec declares " + length);
        }
        out.endBlock();
        usable = true;
        int index = entries.size();
        entries.add(new Entry(spec, offset, out.checksum(), spec.blockSize() == 0 ? 0 : index + 1));
        end = offset + length;
        if (spec.blockSize() != 0) {
            addSection(SectionSpec.of(BLOCK_CHECKSUMS_PREFIX + index, SectionType.BLOCK_CHECKSUMS, Dtype.UINT32,
                    out.blockCrcs.length), MemorySegment.ofArray(out.blockCrcs));
        }
    }

    /**
     * Adds {@code metadata} as the {@link SectionType#METADATA} section named {@value #METADATA_SECTION}.
     *
     * @throws IllegalArgumentException if a metadata section was already added
     */
    public void addMetadata(Metadata metadata) throws IOException {
        byte[] bytes = metadata.encode();
        addSection(SectionSpec.of(METADATA_SECTION, SectionType.METADATA, Dtype.BYTES, bytes.length),
                MemorySegment.ofArray(bytes));
    }

    /**
     * Writes the section table and the header, forces the file and renames it over the target.
     *
     * @throws IllegalStateException after commit, close or a failure
     * @throws IOException on a write, force or rename error (the target keeps its previous content)
     */
    public void commit() throws IOException {
        checkOpen();
        usable = false; // for good: after commit (or a failed one) only close() is allowed
        long tableOffset = ShnnFormat.alignUp(end, ShnnFormat.MIN_ALIGNMENT);
        long entrySize = ShnnFileLayouts.SECTION_ENTRY_SIZE;
        long fileLength = tableOffset + entries.size() * entrySize;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment table = arena.allocate(entries.size() * entrySize, 8);
            for (int i = 0; i < entries.size(); i++) {
                writeEntry(table, i * entrySize, entries.get(i));
            }
            file.write(table, tableOffset);
            MemorySegment header = arena.allocate(ShnnFileLayouts.HEADER);
            MAGIC.set(header, 0L, ShnnFormat.MAGIC);
            BYTE_ORDER_MARK.set(header, 0L, ShnnFormat.BYTE_ORDER_MARK);
            VERSION_MAJOR.set(header, 0L, (short) ShnnFormat.VERSION_MAJOR);
            VERSION_MINOR.set(header, 0L, (short) ShnnFormat.VERSION_MINOR);
            HEADER_SIZE_FIELD.set(header, 0L, (int) ShnnFileLayouts.HEADER_SIZE);
            HEADER_FLAGS.set(header, 0L, 0L);
            SECTION_COUNT.set(header, 0L, entries.size());
            SECTION_ENTRY_SIZE_FIELD.set(header, 0L, (int) entrySize);
            SECTION_TABLE_OFFSET.set(header, 0L, tableOffset);
            FILE_LENGTH.set(header, 0L, fileLength);
            SECTION_TABLE_CHECKSUM.set(header, 0L, Crc32c.of(table));
            HEADER_CHECKSUM.set(header, 0L, Crc32c.skipping(header, ShnnFileLayouts.HEADER_CHECKSUM_OFFSET));
            file.write(header, 0);
        }
        file.commit();
    }

    private static void writeEntry(MemorySegment table, long at, Entry e) {
        SectionSpec s = e.spec();
        byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(MemorySegment.ofArray(name), 0, table, at + ShnnFileLayouts.NAME_OFFSET, name.length);
        TYPE.set(table, at, s.type());
        DTYPE.set(table, at, s.dtype().id());
        ELEMENT_SIZE.set(table, at, s.elementSize());
        SECTION_FLAGS.set(table, at, s.flags());
        ELEMENT_COUNT.set(table, at, s.elementCount());
        OFFSET.set(table, at, e.offset());
        LENGTH.set(table, at, s.length());
        CHECKSUM.set(table, at, e.checksum());
        ShnnFileLayouts.BLOCK_SIZE.set(table, at, s.blockSize());
        ShnnFileLayouts.BLOCK_CHECKSUMS.set(table, at, e.blockChecksums());
    }

    private void checkOpen() {
        if (!usable) {
            throw new IllegalStateException("writer of " + file.target()
                    + " is committed, closed or failed; close it (the target keeps its previous content)");
        }
    }

    /** Discards the file unless {@link #commit()} succeeded. Idempotent. */
    @Override
    public void close() throws IOException {
        usable = false;
        file.close();
    }

    private final class Out implements SectionSource.Output {
        private final SectionSpec spec;
        private final long offset;
        /** The section's CRC32C so far, without block checksums; null with them. */
        private final CRC32C crc;
        /** The CRC32C of each block ({@link SectionSpec#blockSize()}), filled as the section streams. */
        private final int[] blockCrcs;
        /** The checksum of the block being written; null without block checksums. */
        private final CRC32C blockCrc;
        /** With block checksums, the section's CRC32C of the blocks completed so far, combined from theirs. */
        private int blocksCrc;
        private long written;
        /** Heap copy of a mapped piece, allocated on the first one. */
        private MemorySegment stage;

        Out(SectionSpec spec, long offset) {
            this.spec = spec;
            this.offset = offset;
            this.blockCrcs = new int[(int) spec.blocks()];
            this.blockCrc = spec.blockSize() == 0 ? null : new CRC32C();
            this.crc = blockCrc == null ? new CRC32C() : null;
        }

        /** The section's CRC32C, once all of it was written. */
        int checksum() {
            return crc != null ? (int) crc.getValue() : blocksCrc;
        }

        /** Feeds {@code piece}, which starts at byte {@code at} of the section, to the block checksums. */
        private void blocks(MemorySegment piece, long at) {
            long size = spec.blockSize();
            for (long k = 0; k < piece.byteSize(); ) {
                long p = at + k;
                long n = Math.min(piece.byteSize() - k, size - p % size);
                Crc32c.update(blockCrc, piece.asSlice(k, n));
                k += n;
                if ((p + n) % size == 0) {
                    endBlock((int) (p / size), size);
                }
            }
        }

        /** Stores the checksum of the last block when it is shorter than the others. */
        void endBlock() {
            if (blockCrc != null && written % spec.blockSize() != 0) {
                endBlock(blockCrcs.length - 1, written % spec.blockSize());
            }
        }

        /**
         * Stores block {@code b}'s checksum, of its {@code length} bytes, and adds it to the section's: one pass over
         * the bytes gives both ({@link Crc32c#combine}; a second pass made saves 12% slower, bench/RESULTS.md
         * section 53).
         */
        private void endBlock(int b, long length) {
            int c = (int) blockCrc.getValue();
            blockCrcs[b] = c;
            blocksCrc = Crc32c.combine(blocksCrc, c, length);
            blockCrc.reset();
        }

        @Override
        public void write(MemorySegment chunk) throws IOException {
            long n = chunk.byteSize();
            if (n > spec.length() - written) {
                throw new IllegalStateException("section '" + spec.name() + "': source writes past the declared "
                        + spec.length() + " bytes (" + written + " written, chunk of " + n + ")");
            }
            // Checksum and write piece by piece, so each piece is still in the CPU cache (and, for a mapped
            // source, its pages are faulted in once) when the kernel copies it to the page cache. A mapped
            // piece is first copied to the heap (Crc32c.stage): a file truncated under its mapping then gives
            // an exception here instead of a SIGBUS in the checksum intrinsic.
            try {
                for (long off = 0; off < n; off += PIECE) {
                    MemorySegment piece = chunk.asSlice(off, Math.min(PIECE, n - off));
                    if (piece.isMapped()) {
                        if (stage == null) {
                            stage = MemorySegment.ofArray(new byte[(int) PIECE]);
                        }
                        piece = Crc32c.stage(piece, stage);
                    }
                    if (crc != null) {
                        Crc32c.update(crc, piece);
                    } else {
                        blocks(piece, written + off);
                    }
                    file.write(piece, offset + written + off);
                }
            } catch (InternalError e) {
                throw new IOException("section '" + spec.name() + "' of " + file.target() + ": reading its source "
                        + "faulted at or after byte " + written + " of " + spec.length() + " (a mapped file behind "
                        + "it was truncated or rewritten while open)", e);
            }
            written += n;
        }

        @Override
        public long written() {
            return written;
        }
    }
}
