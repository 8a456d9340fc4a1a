package org.shnn.memory.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * The common part of the off-heap typed arrays: a flyweight over a {@link MemorySegment} holding
 * {@link #length()} elements of one {@link ValueLayout} in native byte order, indexed by {@code long}
 * so that one array may exceed 2^31 elements.
 *
 * <p>Ownership: an array never owns its memory. The allocator it came from (pool, arena) or the owner
 * of the wrapped segment frees it; the array is valid exactly as long as its segment. To give pool
 * memory back, free {@link #segment()}.
 *
 * <p>Thread-safety: none beyond the segment's. Reads and writes are plain accesses; threads that share
 * an array must synchronize (or write disjoint ranges and join). A confined segment may only be used by
 * its owner thread.
 *
 * <p>Bounds: every public access checks its index or range and throws
 * {@link IndexOutOfBoundsException} naming the index (or range) and the length.
 */
public abstract sealed class OffHeapArray permits ByteArray, ShortArray, IntArray, LongArray, FloatArray, DoubleArray {

    /** Alignment in bytes of arrays made by {@code allocate}: one cache line, so that SIMD loops start aligned. */
    public static final long ALIGNMENT = 64;

    /** The memory, exactly {@code length * elementSize} bytes. */
    final MemorySegment segment;
    /** Number of elements. */
    final long length;

    OffHeapArray(MemorySegment segment, long length) {
        this.segment = segment;
        this.length = length;
    }

    /** The underlying memory, exactly {@link #byteSize()} bytes; owned by whoever owns this array's memory. */
    public final MemorySegment segment() {
        return segment;
    }

    /** Number of elements. */
    public final long length() {
        return length;
    }

    /** Size in bytes ({@code length() * elementLayout().byteSize()}). */
    public final long byteSize() {
        return segment.byteSize();
    }

    /** The layout of one element (native byte order, naturally aligned). */
    public abstract ValueLayout elementLayout();

    /** Allocates {@code length} elements of {@code layout} from {@code allocator}, {@link #ALIGNMENT}-byte aligned. */
    static MemorySegment allocateSegment(SegmentAllocator allocator, long length, ValueLayout layout, String type) {
        if (allocator == null) {
            throw new IllegalArgumentException(type + ": allocator is null");
        }
        long max = Long.MAX_VALUE / layout.byteSize();
        if (length < 0 || length > max) {
            throw new IllegalArgumentException(type + " length " + length + " must be in [0, " + max + "]");
        }
        return allocator.allocate(length * layout.byteSize(), ALIGNMENT);
    }

    /** Checks that {@code segment} can hold elements of {@code layout}; returns the element count. */
    static long wrappedLength(MemorySegment segment, ValueLayout layout, String type) {
        if (segment == null) {
            throw new IllegalArgumentException(type + ".wrap: segment is null");
        }
        long elementSize = layout.byteSize();
        if (segment.byteSize() % elementSize != 0) {
            throw new IllegalArgumentException(type + ".wrap: segment size " + segment.byteSize()
                    + " bytes is not a multiple of the element size " + elementSize + " bytes");
        }
        if (segment.maxByteAlignment() < layout.byteAlignment()) {
            throw new IllegalArgumentException(type + ".wrap: segment at address 0x" + Long.toHexString(segment.address())
                    + " is aligned to " + segment.maxByteAlignment() + " bytes, but elements need "
                    + layout.byteAlignment());
        }
        return segment.byteSize() / elementSize;
    }

    /** Checks {@code index} against the length. */
    final void checkIndex(long index) {
        Objects.checkIndex(index, length); // message: "Index i out of bounds for length n"
    }

    /** Checks [from, from + count) against the length; returns the byte slice it covers. */
    final MemorySegment range(long fromIndex, long count) {
        Objects.checkFromIndexSize(fromIndex, count, length); // message names the range and the length
        long elementSize = elementLayout().byteSize();
        return segment.asSlice(fromIndex * elementSize, count * elementSize);
    }

    /** Copies element 0 over the rest by doubling copies: log2(length) bulk copies instead of a loop. */
    final void replicateFirst() {
        long elementSize = elementLayout().byteSize();
        long total = segment.byteSize();
        for (long filled = elementSize; filled < total; filled <<= 1) {
            MemorySegment.copy(segment, 0, segment, filled, Math.min(filled, total - filled));
        }
    }

    /** Bulk copy from another array of the same element type; overlapping ranges copy correctly. */
    final void copyElements(OffHeapArray src, long srcIndex, long dstIndex, long count) {
        if (src == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".copyFrom: source is null");
        }
        Objects.checkFromIndexSize(srcIndex, count, src.length);
        Objects.checkFromIndexSize(dstIndex, count, length);
        long elementSize = elementLayout().byteSize();
        MemorySegment.copy(src.segment, srcIndex * elementSize, segment, dstIndex * elementSize, count * elementSize);
    }

    /** Bulk copy from a heap array ({@code array.length == arrayLength}). */
    final void copyInFromHeap(Object array, int arrayLength, int srcIndex, long dstIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, arrayLength);
        Objects.checkFromIndexSize(dstIndex, count, length);
        MemorySegment.copy(array, srcIndex, segment, elementLayout(), dstIndex * elementLayout().byteSize(), count);
    }

    /** Bulk copy to a heap array ({@code array.length == arrayLength}). */
    final void copyOutToHeap(long srcIndex, Object array, int arrayLength, int dstIndex, int count) {
        Objects.checkFromIndexSize(srcIndex, count, length);
        Objects.checkFromIndexSize(dstIndex, count, arrayLength);
        MemorySegment.copy(segment, elementLayout(), srcIndex * elementLayout().byteSize(), array, dstIndex, count);
    }

    /** Checks that the whole array fits a Java array. */
    final int heapLength() {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(getClass().getSimpleName() + " of length " + length
                    + " does not fit a Java array (max " + (Integer.MAX_VALUE - 8) + " elements)");
        }
        return (int) length;
    }

    /** Resolves a null argument to an exception naming it. */
    static void requireNonNullArray(Object array, String type, String what) {
        if (array == null) {
            throw new IllegalArgumentException(type + "." + what + ": array is null");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[length=" + length + ", address=0x" + Long.toHexString(segment.address()) + "]";
    }
}
