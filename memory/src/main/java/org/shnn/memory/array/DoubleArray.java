package org.shnn.memory.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;

/**
 * An off-heap array of {@code double} ({@value Double#BYTES} bytes each, native byte order) with {@code long}
 * indices. See {@link OffHeapArray} for ownership, thread-safety and bounds checks.
 */
public final class DoubleArray extends OffHeapArray {

    /** The element layout, {@link ValueLayout#JAVA_DOUBLE}: native order, naturally aligned. */
    public static final ValueLayout.OfDouble LAYOUT = ValueLayout.JAVA_DOUBLE;

    private DoubleArray(MemorySegment segment, long length) {
        super(segment, length);
    }

    /**
     * An array of {@code length} elements whose memory comes from (and is owned by) {@code allocator},
     * {@value OffHeapArray#ALIGNMENT}-byte aligned. Contents are what the allocator gives (zero for an
     * {@code Arena} or an {@code ArenaPool}).
     *
     * @throws IllegalArgumentException if {@code allocator} is null or {@code length} is negative or its
     *     byte size overflows a long, naming the length and the bound
     */
    public static DoubleArray allocate(SegmentAllocator allocator, long length) {
        return new DoubleArray(allocateSegment(allocator, length, LAYOUT, "DoubleArray"), length);
    }

    /**
     * A view of all of {@code segment} (native, mapped file or heap) as {@code double} elements. The view
     * shares the segment's memory, lifetime and thread confinement; its owner frees it.
     *
     * @throws IllegalArgumentException if the segment is null, its size is not a multiple of
     *     {@value Double#BYTES} bytes, or it is not {@value Double#BYTES}-byte aligned
     */
    public static DoubleArray wrap(MemorySegment segment) {
        return new DoubleArray(segment, wrappedLength(segment, LAYOUT, "DoubleArray"));
    }

    @Override
    public ValueLayout.OfDouble elementLayout() {
        return LAYOUT;
    }

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, length)
     */
    public double get(long index) {
        checkIndex(index);
        return segment.getAtIndex(LAYOUT, index);
    }

    /**
     * Sets the element at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in [0, length)
     */
    public void set(long index, double value) {
        checkIndex(index);
        segment.setAtIndex(LAYOUT, index, value);
    }

    /** Sets every element to {@code value}. */
    public void fill(double value) {
        if (length > 0) {
            segment.setAtIndex(LAYOUT, 0, value);
            replicateFirst();
        }
    }

    /**
     * Copies {@code count} elements from {@code src[srcIndex..]} to {@code this[dstIndex..]}; correct
     * when both are views of overlapping memory.
     *
     * @throws IllegalArgumentException if {@code src} is null
     * @throws IndexOutOfBoundsException if either range is out of bounds (or {@code count < 0})
     */
    public void copyFrom(DoubleArray src, long srcIndex, long dstIndex, long count) {
        copyElements(src, srcIndex, dstIndex, count);
    }

    /**
     * Copies {@code count} elements from the heap array {@code src[srcIndex..]} to {@code this[dstIndex..]}.
     *
     * @throws IllegalArgumentException if {@code src} is null
     * @throws IndexOutOfBoundsException if either range is out of bounds (or {@code count < 0})
     */
    public void copyFrom(double[] src, int srcIndex, long dstIndex, int count) {
        requireNonNullArray(src, "DoubleArray", "copyFrom");
        copyInFromHeap(src, src.length, srcIndex, dstIndex, count);
    }

    /**
     * Copies {@code count} elements from {@code this[srcIndex..]} to the heap array {@code dst[dstIndex..]}.
     *
     * @throws IllegalArgumentException if {@code dst} is null
     * @throws IndexOutOfBoundsException if either range is out of bounds (or {@code count < 0})
     */
    public void copyTo(long srcIndex, double[] dst, int dstIndex, int count) {
        requireNonNullArray(dst, "DoubleArray", "copyTo");
        copyOutToHeap(srcIndex, dst, dst.length, dstIndex, count);
    }

    /**
     * A view of elements [fromIndex, fromIndex + count) sharing this array's memory (e.g. one per thread).
     *
     * @throws IndexOutOfBoundsException if the range is out of bounds (or {@code count < 0})
     */
    public DoubleArray slice(long fromIndex, long count) {
        return new DoubleArray(range(fromIndex, count), count);
    }

    /**
     * A heap copy of all elements.
     *
     * @throws IllegalStateException if the length exceeds what a Java array holds
     */
    public double[] toArray() {
        heapLength();
        return segment.toArray(LAYOUT);
    }
}
