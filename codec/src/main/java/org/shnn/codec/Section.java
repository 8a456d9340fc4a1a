package org.shnn.codec;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import org.shnn.memory.array.ByteArray;
import org.shnn.memory.array.DoubleArray;
import org.shnn.memory.array.FloatArray;
import org.shnn.memory.array.IntArray;
import org.shnn.memory.array.LongArray;
import org.shnn.memory.array.ShortArray;

/**
 * One section of an open {@link ShnnFile}: its validated table entry and a view of its bytes. The view is a
 * slice of the file's mapping (no copy), read-only, little-endian (read it with {@link Dtype#layout()}), and
 * at least 64-byte aligned (4096 when the writer placed it on a page). It is owned by the {@link ShnnFile}:
 * valid until the file is closed, after which any access throws {@link IllegalStateException}.
 *
 * <p>Thread-safety: immutable; the view may be read from any thread while the file is open.
 */
public final class Section {

    /**
     * Entry flag: a reader that does not know this section's type must refuse the file instead of skipping
     * the section (its absence would change the meaning of the other sections).
     */
    public static final int FLAG_REQUIRED = 1;

    private final int index;
    private final String name;
    private final int type;
    private final Dtype dtype;
    private final int elementSize;
    private final int flags;
    private final long elementCount;
    private final long offset;
    private final long length;
    private final int checksum;
    private final int blockSize;
    private final int blockChecksums;
    private final MemorySegment bytes;

    Section(int index, String name, int type, Dtype dtype, int elementSize, int flags, long elementCount,
            long offset, long length, int checksum, int blockSize, int blockChecksums, MemorySegment bytes) {
        this.index = index;
        this.name = name;
        this.type = type;
        this.dtype = dtype;
        this.elementSize = elementSize;
        this.flags = flags;
        this.elementCount = elementCount;
        this.offset = offset;
        this.length = length;
        this.checksum = checksum;
        this.blockSize = blockSize;
        this.blockChecksums = blockChecksums;
        this.bytes = bytes;
    }

    /** Position of the entry in the section table. */
    public int index() {
        return index;
    }

    /** The section name (1 to 32 bytes of UTF-8, unique in the file). */
    public String name() {
        return name;
    }

    /** The section type id ({@link SectionType}); may be a type this reader does not know. */
    public int type() {
        return type;
    }

    /** Whether this reader knows the section type (format types; user types count as unknown here). */
    public boolean isKnownType() {
        return SectionType.isKnown(type);
    }

    /** The element layout. */
    public Dtype dtype() {
        return dtype;
    }

    /** Bytes per element. */
    public int elementSize() {
        return elementSize;
    }

    /** Entry flags ({@link #FLAG_REQUIRED}; unknown bits are kept). */
    public int flags() {
        return flags;
    }

    /** Number of elements. */
    public long elementCount() {
        return elementCount;
    }

    /** Byte offset of the section in the file. */
    public long offset() {
        return offset;
    }

    /** Length of the section in bytes ({@code elementCount * elementSize}). */
    public long length() {
        return length;
    }

    /** The CRC32C the writer stored for the section's bytes. */
    public int checksum() {
        return checksum;
    }

    /**
     * Bytes per block of this section's block checksums ({@link ShnnFile#verifyRange}), or 0 when it has none (every
     * section of a 1.0 file).
     */
    public int blockSize() {
        return blockSize;
    }

    /** Whether this section has block checksums ({@link #blockSize()} is not 0). */
    public boolean hasBlockChecksums() {
        return blockSize != 0;
    }

    /** Table index of the BLOCK_CHECKSUMS section holding this section's block checksums (when it has them). */
    int blockChecksumsIndex() {
        return blockChecksums;
    }

    /** Number of blocks ({@link #blockSize()} bytes each, the last one shorter); 0 without block checksums. */
    public long blocks() {
        return ShnnFormat.blocks(length, blockSize);
    }

    /** The section's bytes: a read-only view of the mapping, valid while the file is open. */
    public MemorySegment segment() {
        return bytes;
    }

    /** A FLOAT32 section as a typed array view (no copy; read-only, valid while the file is open). */
    public FloatArray asFloatArray() {
        return FloatArray.wrap(typed(Dtype.FLOAT32, Dtype.FLOAT32));
    }

    /** A FLOAT64 section as a typed array view. */
    public DoubleArray asDoubleArray() {
        return DoubleArray.wrap(typed(Dtype.FLOAT64, Dtype.FLOAT64));
    }

    /** An INT32 or UINT32 section as a typed array view. */
    public IntArray asIntArray() {
        return IntArray.wrap(typed(Dtype.INT32, Dtype.UINT32));
    }

    /** An INT64 or UINT64 section as a typed array view. */
    public LongArray asLongArray() {
        return LongArray.wrap(typed(Dtype.INT64, Dtype.UINT64));
    }

    /** An INT16 or UINT16 section as a typed array view. */
    public ShortArray asShortArray() {
        return ShortArray.wrap(typed(Dtype.INT16, Dtype.UINT16));
    }

    /** Any section as a byte view (for BYTES, INT8, UINT8 and RECORD sections, or raw access to any). */
    public ByteArray asByteArray() {
        return ByteArray.wrap(bytes);
    }

    /**
     * The bytes for a typed view: the typed arrays read in native order, which is the file's little-endian
     * order on every host SHNN supports (x86-64, AArch64); a big-endian host must use {@link Dtype#layout()}.
     */
    private MemorySegment typed(Dtype a, Dtype b) {
        if (dtype != a && dtype != b) {
            throw new IllegalStateException("section '" + name + "' holds " + dtype + ", not " + a
                    + (a == b ? "" : " or " + b));
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("section '" + name + "': typed arrays read native (big-endian) order; "
                    + "read the little-endian file through dtype().layout()");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "Section[" + index + " '" + name + "' " + SectionType.name(type) + " " + dtype + " x " + elementCount
                + " @" + offset + "+" + length + "]";
    }
}
