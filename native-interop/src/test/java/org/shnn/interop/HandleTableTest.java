package org.shnn.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HandleTableTest {

    @Test
    void handlesStartAtOneAndAreNeverReused() {
        HandleTable<String> t = new HandleTable<>("thing");
        long a = t.add(h -> "a");
        long b = t.add(h -> "b");
        assertEquals(1, a);
        assertEquals(2, b);
        assertEquals("a", t.remove(a));
        long c = t.add(h -> "c");
        assertEquals(3, c, "a removed handle must not be issued again");
        InvalidHandleException stale = assertThrows(InvalidHandleException.class, () -> t.get(a));
        assertTrue(stale.getMessage().contains("thing handle 1 is not open"), stale.getMessage());
        assertSame("b", t.get(b));
        assertEquals(2, t.size());
    }

    @Test
    void zeroNegativeAndUnknownHandlesAreRejected() {
        HandleTable<String> t = new HandleTable<>("thing");
        t.add(h -> "x");
        for (long bad : new long[] {0, -1, Long.MIN_VALUE, 2, Long.MAX_VALUE}) {
            assertThrows(InvalidHandleException.class, () -> t.get(bad), "get " + bad);
            assertThrows(InvalidHandleException.class, () -> t.remove(bad), "remove " + bad);
        }
        assertThrows(IllegalArgumentException.class, () -> t.add(h -> null));
        long named = t.add(h -> "thing handle " + h);
        assertEquals("thing handle " + named, t.get(named), "the factory receives the new handle");
    }

    @Test
    void concurrentRemoveOfOneHandleSucceedsOnce() throws Exception {
        HandleTable<Object> t = new HandleTable<>("thing");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                long h = t.add(x -> new Object());
                AtomicInteger wins = new AtomicInteger();
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    fs.add(pool.submit(() -> {
                        try {
                            t.remove(h);
                            wins.incrementAndGet();
                        } catch (InvalidHandleException expected) {
                            // another thread removed it first
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                assertEquals(1, wins.get(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAddsGetDistinctHandles() throws Exception {
        HandleTable<Integer> t = new HandleTable<>("thing");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int k = 0; k < 5_000; k++) {
                        final int v = k;
                        mine.add(t.add(h -> v));
                    }
                    return mine;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : fs) {
                all.addAll(f.get(10, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(20_000, all.size());
            assertEquals(20_000, t.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
