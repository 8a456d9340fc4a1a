package org.shnn.codec;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Element layout of a section (the {@code dtype} field of a section entry): the value type of its elements.
 * Values are little-endian on disk; {@link #layout()} returns the little-endian layout to read them with.
 * {@link #RECORD} sections hold opaque fixed-size records whose structure the section type defines.
 *
 * <p>The id set is fixed for a major version: a minor version may not add ids (FORMAT.md, compatibility).
 */
public enum Dtype {
    /** Raw bytes (metadata, serialized topology). */
    BYTES(0, 1, ValueLayout.JAVA_BYTE),
    /** Signed 8-bit integers. */
    INT8(1, 1, ValueLayout.JAVA_BYTE),
    /** Unsigned 8-bit integers (read as byte, mask with 0xFF). */
    UINT8(2, 1, ValueLayout.JAVA_BYTE),
    /** Signed 16-bit integers. */
    INT16(3, 2, ValueLayout.JAVA_SHORT),
    /** Unsigned 16-bit integers. */
    UINT16(4, 2, ValueLayout.JAVA_SHORT),
    /** Signed 32-bit integers. */
    INT32(5, 4, ValueLayout.JAVA_INT),
    /** Unsigned 32-bit integers. */
    UINT32(6, 4, ValueLayout.JAVA_INT),
    /** Signed 64-bit integers. */
    INT64(7, 8, ValueLayout.JAVA_LONG),
    /** Unsigned 64-bit integers. */
    UINT64(8, 8, ValueLayout.JAVA_LONG),
    /** IEEE 754 binary32. */
    FLOAT32(9, 4, ValueLayout.JAVA_FLOAT),
    /** IEEE 754 binary64. */
    FLOAT64(10, 8, ValueLayout.JAVA_DOUBLE),
    /** Fixed-size records of {@code elementSize} bytes (1 to 2^20), structure defined by the section type. */
    RECORD(11, 0, ValueLayout.JAVA_BYTE);

    /** Largest element size of a {@link #RECORD} section, in bytes. */
    public static final int MAX_RECORD_SIZE = 1 << 20;

    private static final Dtype[] BY_ID = values();

    private final int id;
    private final int size;
    private final ValueLayout layout;

    Dtype(int id, int size, ValueLayout layout) {
        this.id = id;
        this.size = size;
        this.layout = layout.withOrder(ByteOrder.LITTLE_ENDIAN);
    }

    /** The id stored in the section entry. */
    public int id() {
        return id;
    }

    /** Element size in bytes, or 0 for {@link #RECORD} (the entry's {@code elementSize} says). */
    public int size() {
        return size;
    }

    /** The little-endian, naturally aligned layout of one element ({@code JAVA_BYTE} for BYTES and RECORD). */
    public ValueLayout layout() {
        return layout;
    }

    /** Whether {@code elementSize} is valid for this dtype. */
    public boolean acceptsElementSize(long elementSize) {
        return this == RECORD ? elementSize >= 1 && elementSize <= MAX_RECORD_SIZE : elementSize == size;
    }

    /**
     * The dtype with this id.
     *
     * @throws IllegalArgumentException if {@code id} is not a known dtype id
     */
    public static Dtype ofId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("dtype id " + id + " is not in [0, " + (BY_ID.length - 1) + "]");
        }
        return BY_ID[id];
    }

    /** Whether {@code id} names a dtype. */
    public static boolean isKnown(int id) {
        return id >= 0 && id < BY_ID.length;
    }
}
