package org.shnn.memory.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

class ShortArrayTest extends OffHeapArrayContract<ShortArray> {

    @Override
    String typeName() {
        return "ShortArray";
    }

    @Override
    long elementSize() {
        return ShortArray.LAYOUT.byteSize();
    }

    @Override
    ShortArray allocate(SegmentAllocator allocator, long length) {
        return ShortArray.allocate(allocator, length);
    }

    @Override
    ShortArray wrap(MemorySegment segment) {
        return ShortArray.wrap(segment);
    }

    @Override
    long get(ShortArray array, long index) {
        return (long) array.get(index);
    }

    @Override
    void set(ShortArray array, long index, long value) {
        array.set(index, (short) value);
    }

    @Override
    void fill(ShortArray array, long value) {
        array.fill((short) value);
    }

    @Override
    void copyFrom(ShortArray dst, ShortArray src, long srcIndex, long dstIndex, long count) {
        dst.copyFrom(src, srcIndex, dstIndex, count);
    }

    @Override
    Object newHeap(int length) {
        return new short[length];
    }

    @Override
    void copyFromHeap(ShortArray dst, Object src, int srcIndex, long dstIndex, int count) {
        dst.copyFrom((short[]) src, srcIndex, dstIndex, count);
    }

    @Override
    void copyToHeap(ShortArray src, long srcIndex, Object dst, int dstIndex, int count) {
        src.copyTo(srcIndex, (short[]) dst, dstIndex, count);
    }

    @Override
    ShortArray slice(ShortArray array, long fromIndex, long count) {
        return array.slice(fromIndex, count);
    }

    @Override
    Object toArray(ShortArray array) {
        return array.toArray();
    }

    @Override
    MemorySegment heapSegment(int length) {
        return MemorySegment.ofArray(new short[length]);
    }
}
