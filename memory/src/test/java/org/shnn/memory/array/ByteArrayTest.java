package org.shnn.memory.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

class ByteArrayTest extends OffHeapArrayContract<ByteArray> {

    @Override
    String typeName() {
        return "ByteArray";
    }

    @Override
    long elementSize() {
        return ByteArray.LAYOUT.byteSize();
    }

    @Override
    ByteArray allocate(SegmentAllocator allocator, long length) {
        return ByteArray.allocate(allocator, length);
    }

    @Override
    ByteArray wrap(MemorySegment segment) {
        return ByteArray.wrap(segment);
    }

    @Override
    long get(ByteArray array, long index) {
        return (long) array.get(index);
    }

    @Override
    void set(ByteArray array, long index, long value) {
        array.set(index, (byte) value);
    }

    @Override
    void fill(ByteArray array, long value) {
        array.fill((byte) value);
    }

    @Override
    void copyFrom(ByteArray dst, ByteArray src, long srcIndex, long dstIndex, long count) {
        dst.copyFrom(src, srcIndex, dstIndex, count);
    }

    @Override
    Object newHeap(int length) {
        return new byte[length];
    }

    @Override
    void copyFromHeap(ByteArray dst, Object src, int srcIndex, long dstIndex, int count) {
        dst.copyFrom((byte[]) src, srcIndex, dstIndex, count);
    }

    @Override
    void copyToHeap(ByteArray src, long srcIndex, Object dst, int dstIndex, int count) {
        src.copyTo(srcIndex, (byte[]) dst, dstIndex, count);
    }

    @Override
    ByteArray slice(ByteArray array, long fromIndex, long count) {
        return array.slice(fromIndex, count);
    }

    @Override
    Object toArray(ByteArray array) {
        return array.toArray();
    }

    @Override
    MemorySegment heapSegment(int length) {
        return MemorySegment.ofArray(new byte[length]);
    }
}
