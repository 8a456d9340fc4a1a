package org.shnn.memory.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

class LongArrayTest extends OffHeapArrayContract<LongArray> {

    @Override
    String typeName() {
        return "LongArray";
    }

    @Override
    long elementSize() {
        return LongArray.LAYOUT.byteSize();
    }

    @Override
    LongArray allocate(SegmentAllocator allocator, long length) {
        return LongArray.allocate(allocator, length);
    }

    @Override
    LongArray wrap(MemorySegment segment) {
        return LongArray.wrap(segment);
    }

    @Override
    long get(LongArray array, long index) {
        return array.get(index);
    }

    @Override
    void set(LongArray array, long index, long value) {
        array.set(index, value);
    }

    @Override
    void fill(LongArray array, long value) {
        array.fill(value);
    }

    @Override
    void copyFrom(LongArray dst, LongArray src, long srcIndex, long dstIndex, long count) {
        dst.copyFrom(src, srcIndex, dstIndex, count);
    }

    @Override
    Object newHeap(int length) {
        return new long[length];
    }

    @Override
    void copyFromHeap(LongArray dst, Object src, int srcIndex, long dstIndex, int count) {
        dst.copyFrom((long[]) src, srcIndex, dstIndex, count);
    }

    @Override
    void copyToHeap(LongArray src, long srcIndex, Object dst, int dstIndex, int count) {
        src.copyTo(srcIndex, (long[]) dst, dstIndex, count);
    }

    @Override
    LongArray slice(LongArray array, long fromIndex, long count) {
        return array.slice(fromIndex, count);
    }

    @Override
    Object toArray(LongArray array) {
        return array.toArray();
    }

    @Override
    MemorySegment heapSegment(int length) {
        return MemorySegment.ofArray(new long[length]);
    }
}
