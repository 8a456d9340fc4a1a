package org.shnn.memory.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.reflect.Array;
import org.junit.jupiter.api.Test;
import org.shnn.memory.pool.ArenaPool;

/**
 * The behaviour every typed array shares, run once per element type. Values are small integers
 * ({@link #value(long)}), exact in every element type, passed through {@code long}.
 *
 * @param <A> the array type
 */
abstract class OffHeapArrayContract<A extends OffHeapArray> {

    abstract String typeName();

    abstract long elementSize();

    abstract A allocate(SegmentAllocator allocator, long length);

    abstract A wrap(MemorySegment segment);

    abstract long get(A array, long index);

    abstract void set(A array, long index, long value);

    abstract void fill(A array, long value);

    abstract void copyFrom(A dst, A src, long srcIndex, long dstIndex, long count);

    /** A heap array of the element type. */
    abstract Object newHeap(int length);

    abstract void copyFromHeap(A dst, Object src, int srcIndex, long dstIndex, int count);

    abstract void copyToHeap(A src, long srcIndex, Object dst, int dstIndex, int count);

    abstract A slice(A array, long fromIndex, long count);

    abstract Object toArray(A array);

    /** A heap segment of the element type (so naturally aligned) of {@code length} elements. */
    abstract MemorySegment heapSegment(int length);

    static long value(long i) {
        return (i * 7 + 3) % 101 - 50;
    }

    private long heapGet(Object heap, int i) {
        return ((Number) Array.get(heap, i)).longValue();
    }

    private static void assertMessageHas(Throwable t, String... parts) {
        for (String p : parts) {
            assertTrue(t.getMessage().contains(p), () -> "message '" + t.getMessage() + "' lacks '" + p + "'");
        }
    }

    @Test
    void allocateSetGetAndLength() {
        try (Arena arena = Arena.ofConfined()) {
            A a = allocate(arena, 100);
            assertEquals(100, a.length());
            assertEquals(100 * elementSize(), a.byteSize());
            assertEquals(a.byteSize(), a.segment().byteSize());
            assertEquals(elementSize(), a.elementLayout().byteSize());
            assertEquals(0, a.segment().address() % OffHeapArray.ALIGNMENT);
            for (long i = 0; i < 100; i++) {
                assertEquals(0, get(a, i));
                set(a, i, value(i));
            }
            for (long i = 0; i < 100; i++) {
                assertEquals(value(i), get(a, i));
            }
            assertTrue(a.toString().contains(typeName() + "[length=100"));
            assertEquals(0, allocate(arena, 0).length());
        }
    }

    @Test
    void worksOverPoolMemory() {
        try (ArenaPool pool = ArenaPool.create(typeName())) {
            A a = allocate(pool, 1000);
            fill(a, 9);
            assertEquals(9, get(a, 999));
            pool.free(a.segment());
            pool.closeAndReport().assertClean();
        }
    }

    @Test
    void indexOutOfBoundsNamesIndexAndLength() {
        try (Arena arena = Arena.ofConfined()) {
            A a = allocate(arena, 10);
            for (long bad : new long[] {-1, 10, 11, Long.MAX_VALUE, Long.MIN_VALUE}) {
                assertMessageHas(assertThrows(IndexOutOfBoundsException.class, () -> get(a, bad)),
                        Long.toString(bad), "length 10");
                assertMessageHas(assertThrows(IndexOutOfBoundsException.class, () -> set(a, bad, 1)),
                        Long.toString(bad), "length 10");
            }
        }
    }

    @Test
    void fillSetsEveryElementForEveryLength() {
        try (Arena arena = Arena.ofConfined()) {
            for (long length : new long[] {0, 1, 2, 3, 7, 64, 1000, 4097}) {
                A a = allocate(arena, length);
                fill(a, -17);
                for (long i = 0; i < length; i++) {
                    assertEquals(-17, get(a, i), "length " + length + " index " + i);
                }
            }
        }
    }

    @Test
    void copyBetweenArraysAndWithinOne() {
        try (Arena arena = Arena.ofConfined()) {
            A src = allocate(arena, 50);
            A dst = allocate(arena, 40);
            for (long i = 0; i < 50; i++) {
                set(src, i, value(i));
            }
            copyFrom(dst, src, 10, 5, 30);
            for (long i = 0; i < 40; i++) {
                assertEquals(i >= 5 && i < 35 ? value(i + 5) : 0, get(dst, i), "index " + i);
            }
            copyFrom(src, src, 0, 1, 49); // overlapping: shift right by one
            assertEquals(value(0), get(src, 0));
            for (long i = 1; i < 50; i++) {
                assertEquals(value(i - 1), get(src, i));
            }
            copyFrom(dst, src, 50, 40, 0); // empty copy at the very end is fine
        }
    }

    @Test
    void badCopyRangesNameTheRangeAndLength() {
        try (Arena arena = Arena.ofConfined()) {
            A src = allocate(arena, 8);
            A dst = allocate(arena, 4);
            assertMessageHas(assertThrows(IndexOutOfBoundsException.class, () -> copyFrom(dst, src, 0, 1, 4)),
                    "1", "4", "length 4");
            assertMessageHas(assertThrows(IndexOutOfBoundsException.class, () -> copyFrom(dst, src, 6, 0, 3)),
                    "6", "3", "length 8");
            assertThrows(IndexOutOfBoundsException.class, () -> copyFrom(dst, src, -1, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> copyFrom(dst, src, 0, -1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> copyFrom(dst, src, 0, 0, -1));
            assertThrows(IndexOutOfBoundsException.class, () -> copyFrom(dst, src, Long.MAX_VALUE, 0, 2));
            assertMessageHas(assertThrows(IllegalArgumentException.class, () -> copyFrom(dst, null, 0, 0, 1)), "null");
        }
    }

    @Test
    void heapCopiesBothWays() {
        try (Arena arena = Arena.ofConfined()) {
            Object heap = newHeap(20);
            for (int i = 0; i < 20; i++) {
                Array.set(heap, i, castFromLong(heap, value(i)));
            }
            A a = allocate(arena, 30);
            copyFromHeap(a, heap, 5, 10, 15);
            for (long i = 0; i < 30; i++) {
                assertEquals(i >= 10 && i < 25 ? value(i - 5) : 0, get(a, i));
            }
            Object back = newHeap(15);
            copyToHeap(a, 10, back, 0, 15);
            for (int i = 0; i < 15; i++) {
                assertEquals(value(i + 5), heapGet(back, i));
            }
            Object all = toArray(a);
            assertEquals(30, Array.getLength(all));
            assertEquals(value(5), heapGet(all, 10));
        }
    }

    private static Object castFromLong(Object heap, long v) {
        return switch (heap) {
            case byte[] b -> (byte) v;
            case short[] s -> (short) v;
            case int[] i -> (int) v;
            case long[] l -> v;
            case float[] f -> (float) v;
            case double[] d -> (double) v;
            default -> throw new IllegalArgumentException(heap.getClass().toString());
        };
    }

    @Test
    void badHeapCopiesAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            A a = allocate(arena, 10);
            Object heap = newHeap(5);
            assertMessageHas(assertThrows(IndexOutOfBoundsException.class, () -> copyFromHeap(a, heap, 2, 0, 4)),
                    "length 5");
            assertMessageHas(assertThrows(IndexOutOfBoundsException.class, () -> copyFromHeap(a, heap, 0, 8, 3)),
                    "length 10");
            assertMessageHas(assertThrows(IndexOutOfBoundsException.class, () -> copyToHeap(a, 9, heap, 0, 2)),
                    "length 10");
            assertMessageHas(assertThrows(IndexOutOfBoundsException.class, () -> copyToHeap(a, 0, heap, 4, 2)),
                    "length 5");
            assertThrows(IndexOutOfBoundsException.class, () -> copyFromHeap(a, heap, 0, 0, -1));
            assertMessageHas(assertThrows(IllegalArgumentException.class, () -> copyFromHeap(a, null, 0, 0, 1)), "null");
            assertMessageHas(assertThrows(IllegalArgumentException.class, () -> copyToHeap(a, 0, null, 0, 1)), "null");
        }
    }

    @Test
    void wrapViewsAnySegmentAndSharesItsMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16 * elementSize(), 64);
            A a = wrap(s);
            assertEquals(16, a.length());
            assertSame(s, a.segment());
            set(a, 3, 42);
            assertEquals(42, get(wrap(s), 3));
            A heapView = wrap(heapSegment(8));
            set(heapView, 7, 5);
            assertEquals(5, get(heapView, 7));
            assertEquals(0, wrap(MemorySegment.NULL).length());
        }
    }

    @Test
    void wrapRefusesBadSegments() {
        try (Arena arena = Arena.ofConfined()) {
            assertMessageHas(assertThrows(IllegalArgumentException.class, () -> wrap(null)), "null");
            if (elementSize() > 1) {
                MemorySegment odd = arena.allocate(4 * elementSize() + 1, 64);
                assertMessageHas(assertThrows(IllegalArgumentException.class, () -> wrap(odd)),
                        Long.toString(odd.byteSize()), "multiple", Long.toString(elementSize()));
                MemorySegment misaligned = arena.allocate(8 * elementSize(), 64).asSlice(1, 4 * elementSize());
                assertMessageHas(assertThrows(IllegalArgumentException.class, () -> wrap(misaligned)),
                        "aligned to 1 bytes", "need " + elementSize());
                MemorySegment bytes = MemorySegment.ofArray(new byte[(int) (4 * elementSize())]);
                assertThrows(IllegalArgumentException.class, () -> wrap(bytes));
            }
        }
    }

    @Test
    void badAllocationArgumentsNameTheLength() {
        try (Arena arena = Arena.ofConfined()) {
            assertMessageHas(assertThrows(IllegalArgumentException.class, () -> allocate(arena, -1)),
                    typeName(), "length -1");
            long tooLong = Long.MAX_VALUE / elementSize() + 1;
            if (elementSize() > 1) {
                assertMessageHas(assertThrows(IllegalArgumentException.class, () -> allocate(arena, tooLong)),
                        "length " + tooLong, Long.toString(Long.MAX_VALUE / elementSize()));
            }
            assertMessageHas(assertThrows(IllegalArgumentException.class, () -> allocate(null, 1)), "allocator");
        }
    }

    @Test
    void slicesShareMemoryAndCheckTheirRange() {
        try (Arena arena = Arena.ofConfined()) {
            A a = allocate(arena, 10);
            A s = slice(a, 4, 3);
            assertEquals(3, s.length());
            set(s, 0, 11);
            assertEquals(11, get(a, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> get(s, 3));
            assertMessageHas(assertThrows(IndexOutOfBoundsException.class, () -> slice(a, 8, 3)), "length 10");
            assertThrows(IndexOutOfBoundsException.class, () -> slice(a, -1, 1));
            assertEquals(0, slice(a, 10, 0).length());
        }
    }

    @Test
    void accessAfterTheArenaClosesIsAnIllegalState() {
        Arena arena = Arena.ofConfined();
        A a = allocate(arena, 4);
        arena.close();
        assertThrows(IllegalStateException.class, () -> get(a, 0));
        assertThrows(IllegalStateException.class, () -> set(a, 0, 1));
    }
}
