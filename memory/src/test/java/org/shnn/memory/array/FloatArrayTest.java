package org.shnn.memory.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

class FloatArrayTest extends OffHeapArrayContract<FloatArray> {

    @Override
    String typeName() {
        return "FloatArray";
    }

    @Override
    long elementSize() {
        return FloatArray.LAYOUT.byteSize();
    }

    @Override
    FloatArray allocate(SegmentAllocator allocator, long length) {
        return FloatArray.allocate(allocator, length);
    }

    @Override
    FloatArray wrap(MemorySegment segment) {
        return FloatArray.wrap(segment);
    }

    @Override
    long get(FloatArray array, long index) {
        return (long) array.get(index);
    }

    @Override
    void set(FloatArray array, long index, long value) {
        array.set(index, (float) value);
    }

    @Override
    void fill(FloatArray array, long value) {
        array.fill((float) value);
    }

    @Override
    void copyFrom(FloatArray dst, FloatArray src, long srcIndex, long dstIndex, long count) {
        dst.copyFrom(src, srcIndex, dstIndex, count);
    }

    @Override
    Object newHeap(int length) {
        return new float[length];
    }

    @Override
    void copyFromHeap(FloatArray dst, Object src, int srcIndex, long dstIndex, int count) {
        dst.copyFrom((float[]) src, srcIndex, dstIndex, count);
    }

    @Override
    void copyToHeap(FloatArray src, long srcIndex, Object dst, int dstIndex, int count) {
        src.copyTo(srcIndex, (float[]) dst, dstIndex, count);
    }

    @Override
    FloatArray slice(FloatArray array, long fromIndex, long count) {
        return array.slice(fromIndex, count);
    }

    @Override
    Object toArray(FloatArray array) {
        return array.toArray();
    }

    @Override
    MemorySegment heapSegment(int length) {
        return MemorySegment.ofArray(new float[length]);
    }
}
