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
 */
public record SectionSpec(String name, int type, Dtype dtype, int elementSize, long elementCount, int flags) {

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
        return new SectionSpec(name, type, dtype, elementSize, elementCount, newFlags);
    }

    /** Section length in bytes. */
    public long length() {
        return elementCount * elementSize;
    }
}
