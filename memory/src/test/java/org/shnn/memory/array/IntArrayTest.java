package org.shnn.memory.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

class IntArrayTest extends OffHeapArrayContract<IntArray> {

    @Override
    String typeName() {
        return "IntArray";
    }

    @Override
    long elementSize() {
        return IntArray.LAYOUT.byteSize();
    }

    @Override
    IntArray allocate(SegmentAllocator allocator, long length) {
        return IntArray.allocate(allocator, length);
    }

    @Override
    IntArray wrap(MemorySegment segment) {
        return IntArray.wrap(segment);
    }

    @Override
    long get(IntArray array, long index) {
        return (long) array.get(index);
    }

    @Override
    void set(IntArray array, long index, long value) {
        array.set(index, (int) value);
    }

    @Override
    void fill(IntArray array, long value) {
        array.fill((int) value);
    }

    @Override
    void copyFrom(IntArray dst, IntArray src, long srcIndex, long dstIndex, long count) {
        dst.copyFrom(src, srcIndex, dstIndex, count);
    }

    @Override
    Object newHeap(int length) {
        return new int[length];
    }

    @Override
    void copyFromHeap(IntArray dst, Object src, int srcIndex, long dstIndex, int count) {
        dst.copyFrom((int[]) src, srcIndex, dstIndex, count);
    }

    @Override
    void copyToHeap(IntArray src, long srcIndex, Object dst, int dstIndex, int count) {
        src.copyTo(srcIndex, (int[]) dst, dstIndex, count);
    }

    @Override
    IntArray slice(IntArray array, long fromIndex, long count) {
        return array.slice(fromIndex, count);
    }

    @Override
    Object toArray(IntArray array) {
        return array.toArray();
    }

    @Override
    MemorySegment heapSegment(int length) {
        return MemorySegment.ofArray(new int[length]);
    }
}
