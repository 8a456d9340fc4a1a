package org.shnn.memory.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

class DoubleArrayTest extends OffHeapArrayContract<DoubleArray> {

    @Override
    String typeName() {
        return "DoubleArray";
    }

    @Override
    long elementSize() {
        return DoubleArray.LAYOUT.byteSize();
    }

    @Override
    DoubleArray allocate(SegmentAllocator allocator, long length) {
        return DoubleArray.allocate(allocator, length);
    }

    @Override
    DoubleArray wrap(MemorySegment segment) {
        return DoubleArray.wrap(segment);
    }

    @Override
    long get(DoubleArray array, long index) {
        return (long) array.get(index);
    }

    @Override
    void set(DoubleArray array, long index, long value) {
        array.set(index, (double) value);
    }

    @Override
    void fill(DoubleArray array, long value) {
        array.fill((double) value);
    }

    @Override
    void copyFrom(DoubleArray dst, DoubleArray src, long srcIndex, long dstIndex, long count) {
        dst.copyFrom(src, srcIndex, dstIndex, count);
    }

    @Override
    Object newHeap(int length) {
        return new double[length];
    }

    @Override
    void copyFromHeap(DoubleArray dst, Object src, int srcIndex, long dstIndex, int count) {
        dst.copyFrom((double[]) src, srcIndex, dstIndex, count);
    }

    @Override
    void copyToHeap(DoubleArray src, long srcIndex, Object dst, int dstIndex, int count) {
        src.copyTo(srcIndex, (double[]) dst, dstIndex, count);
    }

    @Override
    DoubleArray slice(DoubleArray array, long fromIndex, long count) {
        return array.slice(fromIndex, count);
    }

    @Override
    Object toArray(DoubleArray array) {
        return array.toArray();
    }

    @Override
    MemorySegment heapSegment(int length) {
        return MemorySegment.ofArray(new double[length]);
    }
}
