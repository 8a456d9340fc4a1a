package org.shnn.memory.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shnn.memory.array.ByteArray;
import org.shnn.memory.array.FloatArray;

/** Off-heap data larger than the heap (surefire runs with -Xmx1g), held under a budget. */
class BeyondHeapTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void twoGibibytesOfFloatArraysUnderABudgetThenTheLimitHolds() {
        assertTrue(Runtime.getRuntime().maxMemory() < 2 * GIB, "the test needs a heap smaller than 2 GiB");
        OffHeapBudget budget = OffHeapBudget.create("beyond-heap", 2 * GIB);
        long elements = 64 * MIB / Float.BYTES;
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ArenaPool pool = ArenaPool.create("beyond-heap", budget)) {
                List<FloatArray> arrays = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    FloatArray a = FloatArray.allocate(pool, elements);
                    a.set(0, i);
                    a.set(elements - 1, -i);
                    arrays.add(a);
                }
                assertEquals(2 * GIB, budget.stats().inUseBytes());
                assertEquals(2 * GIB, pool.stats().reservedBytes());
                var e = assertThrows(OffHeapLimitException.class, () -> FloatArray.allocate(pool, elements));
                assertTrue(e.getMessage().contains("limit " + 2 * GIB), e.getMessage());
                for (int i = 0; i < arrays.size(); i++) {
                    assertEquals(i, arrays.get(i).get(0));
                    assertEquals(-i, arrays.get(i).get(elements - 1));
                    pool.free(arrays.get(i).segment());
                }
                pool.closeAndReport().assertClean();
            }
        });
        assertEquals(2 * GIB, budget.stats().peakReservedBytes());
        assertEquals(0, budget.stats().reservedBytes());
    }

    @Test
    void oneArrayWithMoreThanTwoToTheThirtyOneElements() {
        long length = (1L << 31) + 64;
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ArenaPool pool = ArenaPool.create("long-index")) {
                ByteArray a = ByteArray.allocate(pool, length);
                assertEquals(length, a.length());
                a.set(length - 1, (byte) 7);
                a.set(1L << 31, (byte) 9);
                a.set(Integer.MAX_VALUE, (byte) 3);
                assertEquals(7, a.get(length - 1));
                assertEquals(9, a.get(1L << 31));
                assertEquals(3, a.get(Integer.MAX_VALUE));
                assertThrows(IndexOutOfBoundsException.class, () -> a.get(length));
                assertThrows(IllegalStateException.class, a::toArray);
                pool.free(a.segment());
            }
        });
    }
}
