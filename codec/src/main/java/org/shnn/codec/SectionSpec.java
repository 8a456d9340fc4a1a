package org.shnn.codec;

import java.nio.charset.StandardCharsets;
import org.shnn.layouts.file.ShnnFileLayouts;

/**
 * What a writer needs to know about a section before its bytes: name, type, element layout and count, flags.
 *
 * @param name 1 to 32 bytes of UTF-8 without NUL, unique in the file
 * @param type a {@link SectionType} id (or a user id from {@link SectionType#USER_FIRST})
 * @param dtype the element layout
 * @param elementSize bytes per element: {@code dtype.size()}, or 1 to 2^20 for {@link Dtype#RECORD}
 * @param elementCount number of elements, non-negative
 * @param flags entry flags ({@link Section#FLAG_REQUIRED})
 * @param blockSize 0, or the bytes per block (a power of two in [{@value ShnnFormat#MIN_BLOCK_SIZE},
 *     {@value ShnnFormat#MAX_BLOCK_SIZE}]) of the block checksums the writer stores beside the section's own
 *     ({@link ShnnFile#verifyRange}: a reader can then verify the parts it uses without reading the rest)
 */
public record SectionSpec(String name, int type, Dtype dtype, int elementSize, long elementCount, int flags,
        int blockSize) {

    /**
     * @throws IllegalArgumentException naming the bad value and its bound
     */
    public SectionSpec {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == 0 || utf8.length > ShnnFileLayouts.NAME_BYTES
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("section name '" + name + "' must be 1 to "
                    + ShnnFileLayouts.NAME_BYTES + " bytes of UTF-8 without NUL, is "
                    + utf8.length + " bytes");
        }
        if (!dtype.acceptsElementSize(elementSize)) {
            throw new IllegalArgumentException("section '" + name + "': element size " + elementSize
                    + " bytes does not fit dtype " + dtype + (dtype == Dtype.RECORD
                    ? " (1 to " + Dtype.MAX_RECORD_SIZE + ")" : " (" + dtype.size() + ")"));
        }
        if (elementCount < 0) {
            throw new IllegalArgumentException("section '" + name + "': element count " + elementCount + " < 0");
        }
        Math.multiplyExact(elementCount, (long) elementSize);
        if (blockSize != 0 && !ShnnFormat.isBlockSize(blockSize)) {
            throw new IllegalArgumentException("section '" + name + "': block size " + blockSize + " must be 0 or a "
                    + "power of two in [" + ShnnFormat.MIN_BLOCK_SIZE + ", " + ShnnFormat.MAX_BLOCK_SIZE + "]");
        }
    }

    /** A spec without block checksums. */
    public SectionSpec(String name, int type, Dtype dtype, int elementSize, long elementCount, int flags) {
        this(name, type, dtype, elementSize, elementCount, flags, 0);
    }

    /** A section of {@code elementCount} values of {@code dtype} (not {@link Dtype#RECORD}), no flags. */
    public static SectionSpec of(String name, int type, Dtype dtype, long elementCount) {
        if (dtype == Dtype.RECORD) {
            throw new IllegalArgumentException("section '" + name + "': RECORD needs an element size: use record()");
        }
        return new SectionSpec(name, type, dtype, dtype.size(), elementCount, 0);
    }

    /** A section of {@code count} records of {@code recordSize} bytes each. */
    public static SectionSpec record(String name, int type, int recordSize, long count) {
        return new SectionSpec(name, type, Dtype.RECORD, recordSize, count, 0);
    }

    /** This spec with {@code flags} replaced. */
    public SectionSpec withFlags(int newFlags) {
        return new SectionSpec(name, type, dtype, elementSize, elementCount, newFlags, blockSize);
    }

    /** This spec with block checksums of {@code bytes} per block (0: none). */
    public SectionSpec withBlockChecksums(int bytes) {
        return new SectionSpec(name, type, dtype, elementSize, elementCount, flags, bytes);
    }

    /** Number of blocks of {@link #blockSize()} bytes (the last one shorter), 0 without block checksums. */
    public long blocks() {
        return ShnnFormat.blocks(length(), blockSize);
    }

    /** Section length in bytes. */
    public long length() {
        return elementCount * elementSize;
    }
}
