package org.shnn.memory.ring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The memory format of a ring: the header declared once as {@link #HEADER_LAYOUT}, from which every
 * offset and {@code VarHandle} of the ring classes is derived, plus the body that follows it.
 *
 * <pre>
 * byte   0 +-----------------------------------------------------------------+
 *          | magic int64 "SHNNRING" | version int32 | kind int32             |  written once by
 *       16 | capacity int32 (records) | recordSize int32 (bytes)             |  create(); read by
 *       24 | pad0 (104 bytes)                                                |  wrap() to validate
 *      128 +-----------------------------------------------------------------+
 *          | tail int64: next position producers claim | pad1 (120 bytes)    |  producers' line
 *      256 +-----------------------------------------------------------------+
 *          | headCache int64: a head value producers saw | pad2 (120 bytes)  |  producers' cache
 *      384 +-----------------------------------------------------------------+
 *          | head int64: next position to consume | tailCache int64:       |  consumer's line
 *          | committed records end here, as far as the consumer knows        |
 *          | pad3 (112 bytes)                                                |
 *      512 +=================================================================+
 *   SPSC:  | slots: capacity x (commitWord int64 | record, recordSize bytes),  |
 *          | slot = position &amp; (capacity - 1)                             |
 *   MPSC:  | records: capacity x recordSize bytes, slot = position &amp; (capacity - 1) |
 *          | commitWords: capacity x int64                                   |
 *          +-----------------------------------------------------------------+
 * commit word: at the first position p of each committed run of n records, p + n once all n are
 * written (words of other positions are left as they were)
 * </pre>
 *
 * <p>Positions count records since {@code create} (they never wrap in practice: 2^63 records).
 * {@code tailCache} is the consumer's: in an SPSC ring the {@code tail} it last read, in an MPSC ring
 * the end of the committed runs whose commit words it has read (see {@link MpscRing}); in both,
 * {@code head <= tailCache <= tail}.
 * An SPSC commit word shares its record's cache line, so the consumer learns of a record and reads it
 * with one line transfer and never reads the producer's {@code tail}; MPSC records stay contiguous
 * (bulk copies) and their words follow them.
 * Fields written by different sides are 128 bytes apart (two cache lines, so the adjacent-line
 * prefetcher does not couple them either), as Agrona's {@code RingBufferDescriptor} spaces them.
 * All values are in native byte order; a consumer in another process on the same machine (a C host)
 * reads the same bytes. The segment base must be {@value #ALIGNMENT}-byte aligned.
 *
 * <p>Thread-safety: this class is immutable and holds constants only.
 */
public final class RingDescriptor {

    /** {@code "SHNNRING"} in ASCII, as a little-endian int64. */
    public static final long MAGIC = 0x474E_4952_4E4E_4853L;
    /**
     * Format version written by this code; {@code wrap} accepts only this version. Version 2: a commit
     * word marks a whole committed run at its first position, and SPSC slots carry their commit word
     * (version 1 had one MPSC word per record and SPSC records without words).
     */
    public static final int VERSION = 2;
    /** {@code kind} of a single-producer/single-consumer ring ({@link SpscRing}). */
    public static final int KIND_SPSC = 1;
    /** {@code kind} of a many-producer/single-consumer ring ({@link MpscRing}). */
    public static final int KIND_MPSC = 2;
    /** Required alignment of a ring segment's base address, in bytes (one cache line). */
    public static final long ALIGNMENT = 64;
    /** Largest capacity, in records. */
    public static final int MAX_CAPACITY = 1 << 30;
    /** Largest record size, in bytes. */
    public static final int MAX_RECORD_SIZE = 1 << 20;

    /** The ring header: metadata, then the producer and consumer positions on separate cache-line pairs. */
    public static final StructLayout HEADER_LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("magic"),
            JAVA_INT.withName("version"),
            JAVA_INT.withName("kind"),
            JAVA_INT.withName("capacity"),
            JAVA_INT.withName("recordSize"),
            MemoryLayout.paddingLayout(104).withName("pad0"),
            JAVA_LONG.withName("tail"),
            MemoryLayout.paddingLayout(120).withName("pad1"),
            JAVA_LONG.withName("headCache"),
            MemoryLayout.paddingLayout(120).withName("pad2"),
            JAVA_LONG.withName("head"),
            JAVA_LONG.withName("tailCache"),
            MemoryLayout.paddingLayout(112).withName("pad3"))
            .withName("shnn_ring_header");

    /** Size of the header in bytes (512); the records start here. */
    public static final long HEADER_SIZE = HEADER_LAYOUT.byteSize();
    /** Byte offset of {@code magic}. */
    public static final long MAGIC_OFFSET = HEADER_LAYOUT.byteOffset(groupElement("magic"));
    /** Byte offset of {@code version}. */
    public static final long VERSION_OFFSET = HEADER_LAYOUT.byteOffset(groupElement("version"));
    /** Byte offset of {@code kind}. */
    public static final long KIND_OFFSET = HEADER_LAYOUT.byteOffset(groupElement("kind"));
    /** Byte offset of {@code capacity}. */
    public static final long CAPACITY_OFFSET = HEADER_LAYOUT.byteOffset(groupElement("capacity"));
    /** Byte offset of {@code recordSize}. */
    public static final long RECORD_SIZE_OFFSET = HEADER_LAYOUT.byteOffset(groupElement("recordSize"));
    /** Byte offset of {@code tail}. */
    public static final long TAIL_OFFSET = HEADER_LAYOUT.byteOffset(groupElement("tail"));
    /** Byte offset of {@code headCache}. */
    public static final long HEAD_CACHE_OFFSET = HEADER_LAYOUT.byteOffset(groupElement("headCache"));
    /** Byte offset of {@code head}. */
    public static final long HEAD_OFFSET = HEADER_LAYOUT.byteOffset(groupElement("head"));
    /** Byte offset of {@code tailCache}. */
    public static final long TAIL_CACHE_OFFSET = HEADER_LAYOUT.byteOffset(groupElement("tailCache"));

    // Handles with coordinates (MemorySegment ring, long baseOffset = 0); the rings comment each access.
    static final VarHandle MAGIC_VH = header("magic");
    static final VarHandle VERSION_VH = header("version");
    static final VarHandle KIND_VH = header("kind");
    static final VarHandle CAPACITY_VH = header("capacity");
    static final VarHandle RECORD_SIZE_VH = header("recordSize");
    static final VarHandle TAIL_VH = header("tail");
    static final VarHandle HEAD_CACHE_VH = header("headCache");
    static final VarHandle HEAD_VH = header("head");
    static final VarHandle TAIL_CACHE_VH = header("tailCache");
    /** A commit word; coordinates (MemorySegment ring, long byteOffset). */
    static final VarHandle COMMIT_WORD_VH = JAVA_LONG.varHandle();

    private RingDescriptor() {
    }

    private static VarHandle header(String field) {
        return HEADER_LAYOUT.varHandle(groupElement(field));
    }

    /**
     * The layout of a whole ring: {@code header}, then for SPSC {@code slots} (each a {@code commitWord}
     * followed by its {@code record}), for MPSC {@code records} followed by {@code commitWords}.
     *
     * @param kind {@link #KIND_SPSC} or {@link #KIND_MPSC}
     * @param capacity records, a power of two in [1, {@value #MAX_CAPACITY}]
     * @param recordSize bytes per record, a multiple of 8 in [8, {@value #MAX_RECORD_SIZE}]
     * @return the layout; its {@code byteSize()} is the segment size the ring needs
     * @throws IllegalArgumentException naming the bad value and its bound
     */
    public static StructLayout ringLayout(int kind, int capacity, int recordSize) {
        checkKind(kind);
        checkCapacity(capacity);
        checkRecordSize(recordSize);
        MemoryLayout record = MemoryLayout.sequenceLayout(recordSize, JAVA_BYTE).withByteAlignment(8);
        if (kind == KIND_SPSC) {
            MemoryLayout slot = MemoryLayout.structLayout(JAVA_LONG.withName("commitWord"), record.withName("record"))
                    .withName("slot");
            return MemoryLayout.structLayout(HEADER_LAYOUT.withName("header"),
                    MemoryLayout.sequenceLayout(capacity, slot).withName("slots"));
        }
        return MemoryLayout.structLayout(HEADER_LAYOUT.withName("header"),
                MemoryLayout.sequenceLayout(capacity, record).withName("records"),
                MemoryLayout.sequenceLayout(capacity, JAVA_LONG).withName("commitWords"));
    }

    /**
     * Bytes a ring needs: header, records and commit words.
     *
     * @throws IllegalArgumentException as {@link #ringLayout}
     */
    public static long requiredBytes(int kind, int capacity, int recordSize) {
        return ringLayout(kind, capacity, recordSize).byteSize();
    }

    /** Byte offset of the commit words of an MPSC ring (its records end there). */
    static long commitWordsOffset(int capacity, int recordSize) {
        return HEADER_SIZE + (long) capacity * recordSize;
    }

    static String kindName(int kind) {
        return switch (kind) {
            case KIND_SPSC -> "SPSC";
            case KIND_MPSC -> "MPSC";
            default -> "unknown";
        };
    }

    static void checkKind(int kind) {
        if (kind != KIND_SPSC && kind != KIND_MPSC) {
            throw new IllegalArgumentException("ring kind " + kind + " is neither " + KIND_SPSC
                    + " (SPSC) nor " + KIND_MPSC + " (MPSC)");
        }
    }

    private static boolean validCapacity(int capacity) {
        return capacity >= 1 && capacity <= MAX_CAPACITY && Integer.bitCount(capacity) == 1;
    }

    private static boolean validRecordSize(int recordSize) {
        return recordSize >= 8 && recordSize <= MAX_RECORD_SIZE && recordSize % 8 == 0;
    }

    static void checkCapacity(int capacity) {
        if (!validCapacity(capacity)) {
            throw new IllegalArgumentException("ring capacity " + capacity
                    + " must be a power of two in [1, " + MAX_CAPACITY + "] records");
        }
    }

    static void checkRecordSize(int recordSize) {
        if (!validRecordSize(recordSize)) {
            throw new IllegalArgumentException("record size " + recordSize
                    + " bytes must be a multiple of 8 in [8, " + MAX_RECORD_SIZE + "]");
        }
    }

    /** Checks that {@code segment} is native, aligned and at least {@code required} bytes long. */
    static void checkSegment(MemorySegment segment, long required) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("ring segment must be native (off-heap or mapped), not a heap "
                    + "segment: atomic access needs " + ALIGNMENT + "-byte alignment");
        }
        if (segment.address() % ALIGNMENT != 0) {
            throw new IllegalArgumentException("ring segment address 0x" + Long.toHexString(segment.address())
                    + " is not " + ALIGNMENT + "-byte aligned");
        }
        if (segment.byteSize() < required) {
            throw new IllegalArgumentException("ring segment of " + segment.byteSize()
                    + " bytes is smaller than the " + required + " bytes the ring needs");
        }
    }

    /**
     * Writes a fresh header and zeroes positions and commit words; {@code magic} is stored last with
     * release, so a reader that sees the magic with acquire (another thread or process) sees the rest.
     */
    static void initialize(MemorySegment segment, int kind, int capacity, int recordSize) {
        long required = requiredBytes(kind, capacity, recordSize);
        checkSegment(segment, required);
        MAGIC_VH.setVolatile(segment, 0L, 0L); // volatile: hide the ring from validators while it is rebuilt
        segment.asSlice(0, HEADER_SIZE).fill((byte) 0);
        if (kind == KIND_MPSC) {
            segment.asSlice(commitWordsOffset(capacity, recordSize), (long) capacity * Long.BYTES).fill((byte) 0);
        } else {
            segment.asSlice(HEADER_SIZE, required - HEADER_SIZE).fill((byte) 0); // slots: words and records
        }
        VERSION_VH.set(segment, 0L, VERSION);
        KIND_VH.set(segment, 0L, kind);
        CAPACITY_VH.set(segment, 0L, capacity);
        RECORD_SIZE_VH.set(segment, 0L, recordSize);
        MAGIC_VH.setRelease(segment, 0L, MAGIC); // release: publishes every header store above to wrap()'s acquire
    }

    /**
     * Validates the header of an existing ring of {@code kind} in {@code segment}.
     *
     * @throws IllegalArgumentException naming the field, the expected and the found value
     */
    static void validate(MemorySegment segment, int kind) {
        checkSegment(segment, HEADER_SIZE);
        long magic = (long) MAGIC_VH.getAcquire(segment, 0L); // acquire: pairs with initialize()'s release
        if (magic != MAGIC) {
            throw mismatch("magic", "0x" + Long.toHexString(MAGIC), "0x" + Long.toHexString(magic));
        }
        int version = (int) VERSION_VH.get(segment, 0L);
        if (version != VERSION) {
            throw mismatch("version", Integer.toString(VERSION), Integer.toString(version));
        }
        int found = (int) KIND_VH.get(segment, 0L);
        if (found != kind) {
            throw mismatch("kind", kind + " (" + kindName(kind) + ")", found + " (" + kindName(found) + ")");
        }
        int capacity = (int) CAPACITY_VH.get(segment, 0L);
        if (!validCapacity(capacity)) {
            throw mismatch("capacity", "a power of two in [1, " + MAX_CAPACITY + "]", Integer.toString(capacity));
        }
        int recordSize = (int) RECORD_SIZE_VH.get(segment, 0L);
        if (!validRecordSize(recordSize)) {
            throw mismatch("recordSize", "a multiple of 8 in [8, " + MAX_RECORD_SIZE + "]",
                    Integer.toString(recordSize));
        }
        checkSegment(segment, requiredBytes(kind, capacity, recordSize));
        // A live ring may move while we look: the bounds hold for a snapshot in which head did not move.
        long head = (long) HEAD_VH.getAcquire(segment, 0L); // acquire: orders the tail load after it
        long tail = (long) TAIL_VH.getAcquire(segment, 0L); // acquire: orders the second head load after it
        long headAgain = (long) HEAD_VH.getAcquire(segment, 0L); // acquire: only compared with head
        if (head < 0) {
            throw mismatch("head", ">= 0", Long.toString(head));
        }
        if (head == headAgain && (tail < head || tail - head > capacity)) {
            throw mismatch("tail", "head (" + head + ") <= tail <= head + capacity (" + capacity + ")",
                    Long.toString(tail));
        }
    }

    private static IllegalArgumentException mismatch(String field, String expected, String found) {
        return new IllegalArgumentException("not a valid ring: header field '" + field + "' expected "
                + expected + ", found " + found);
    }
}
