package org.shnn.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * CRC32C (Castagnoli) over segments of any size, through {@link CRC32C} (a HotSpot intrinsic on x86 SSE4.2 and
 * AArch64 CRC). Segments are fed in chunks because a {@link java.nio.ByteBuffer} view is int-indexed.
 */
final class Crc32c {

    /** Bytes per {@code ByteBuffer} view: well under the 2^31 limit, big enough to amortize the view. */
    private static final long CHUNK = 1L << 26;
    /** Bytes of a mapped segment copied to the heap at a time before checksumming: fits the L2 cache. */
    static final long STAGE = 1L << 18;
    /**
     * Each thread's buffer of {@link #STAGE} bytes for {@link #update}: a resumed run verifies every row's blocks on
     * first use (16 KiB each, {@code ShnnFile.verifyRange}), and a buffer per call made gigabytes of garbage.
     */
    private static final ThreadLocal<MemorySegment> STAGE_BUFFER =
            ThreadLocal.withInitial(() -> MemorySegment.ofArray(new byte[(int) STAGE]));

    private Crc32c() {
    }

    /** CRC32C of all bytes of {@code segment}, as the unsigned 32-bit value stored in an int. */
    static int of(MemorySegment segment) {
        CRC32C crc = new CRC32C();
        update(crc, segment);
        return (int) crc.getValue();
    }

    /** CRC32C of {@code segment} bytes [0, skip) and [skip + 4, size): a checksum that excludes its own field. */
    static int skipping(MemorySegment segment, long skip) {
        CRC32C crc = new CRC32C();
        update(crc, segment.asSlice(0, skip));
        update(crc, segment.asSlice(skip + 4));
        return (int) crc.getValue();
    }

    /**
     * Feeds every byte of {@code segment} to {@code checksum}. A mapped segment is first copied, a
     * {@link #STAGE} at a time, into a heap buffer and the copy checksummed (see {@link #stage}).
     *
     * @throws InternalError if {@code segment} is mapped and its file was truncated under the mapping
     */
    static void update(Checksum checksum, MemorySegment segment) {
        if (segment.isMapped()) {
            MemorySegment buffer = STAGE_BUFFER.get();
            for (long off = 0; off < segment.byteSize(); off += STAGE) {
                MemorySegment piece = stage(segment.asSlice(off, Math.min(STAGE, segment.byteSize() - off)), buffer);
                checksum.update(byteBuffer(piece));
            }
            return;
        }
        long size = segment.byteSize();
        for (long off = 0; off < size; off += CHUNK) {
            checksum.update(byteBuffer(segment.asSlice(off, Math.min(CHUNK, size - off))));
        }
    }

    /**
     * A {@link ByteBuffer} over {@code chunk} (at most 2^31 - 1 bytes): a view for native and {@code byte[]}
     * segments; a copy for heap segments over other arrays, whose views the NIO and checksum code cannot use.
     */
    static ByteBuffer byteBuffer(MemorySegment chunk) {
        if (chunk.isNative() || chunk.heapBase().orElse(null) instanceof byte[]) {
            return chunk.asByteBuffer();
        }
        return ByteBuffer.wrap(chunk.toArray(ValueLayout.JAVA_BYTE));
    }

    /**
     * Copies {@code piece} (at most {@code buffer}'s size) into {@code buffer} and returns the filled slice.
     *
     * <p>Why: the CRC32C intrinsic and the kernel reading a mapping whose file was truncated under it (another
     * process ran {@code truncate} or {@code cp} over an open checkpoint) take SIGBUS, which kills the JVM and
     * any C or Python host with it. A {@link MemorySegment#copy} is an Unsafe copy that HotSpot guards: the
     * same fault becomes an {@link InternalError} ("a fault occurred in an unsafe memory access operation").
     * Every read of mapped bytes by native code in this module goes through here.
     *
     * @throws InternalError if the mapping faults (its file shrank)
     */
    static MemorySegment stage(MemorySegment piece, MemorySegment buffer) {
        MemorySegment.copy(piece, 0, buffer, 0, piece.byteSize());
        return buffer.asSlice(0, piece.byteSize());
    }

    /** The CRC32C polynomial, bit-reflected (as the checksum computes). */
    private static final int POLY = 0x82F6_3B78;
    /** {@code X2N[k]} = x^(2^k) modulo the polynomial, reflected. */
    private static final int[] X2N = new int[64];

    static {
        int p = 1 << 30; // x^1
        for (int k = 0; k < X2N.length; k++) {
            X2N[k] = p;
            p = multiplyModP(p, p);
        }
    }

    /**
     * The CRC32C of the bytes of {@code a} followed by those of {@code b}, from their CRC32Cs and the length of
     * {@code b} in bytes (zlib's {@code crc32_combine}, after Mark Adler: the CRC of {@code a} shifted by
     * {@code 8 * bLength} zero bits is {@code crcA * x^(8 * bLength)} modulo the polynomial, then added to
     * {@code crcB}; the pre- and post-conditioning cancel). Costs O(log bLength) multiplications of 32 bits.
     */
    static int combine(int crcA, int crcB, long bLength) {
        return multiplyModP(xPow8n(bLength), crcA) ^ crcB;
    }

    /** x^(8n) modulo the polynomial, reflected. */
    private static int xPow8n(long n) {
        int p = 1 << 31; // x^0
        for (int k = 3; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                p = multiplyModP(X2N[k & 63], p);
            }
        }
        return p;
    }

    /** {@code a * b} modulo the polynomial, both reflected. */
    private static int multiplyModP(int a, int b) {
        int p = 0;
        for (int m = 1 << 31; m != 0; m >>>= 1) { // a's bits from x^0 (the top bit, reflected) up
            if ((a & m) != 0) {
                p ^= b;
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1; // b * x
        }
        return p;
    }

    /** The checksum as eight hex digits, for messages. */
    static String hex(int crc) {
        return String.format("0x%08x", crc);
    }
}
