package org.shnn.memory.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Eight threads hammer one pool with random sizes (all size classes and some large requests), keep up to
 * 64 segments each, hand some to other threads to free, and fill every segment with a pattern unique to
 * its (thread, sequence) that is checked in full before it is freed: two live segments that overlapped
 * would break a pattern. At the end the leak check must be clean.
 */
class ArenaPoolStressTest {

    /** Seed of the run; replay a failure with {@code -Dshnn.test.seed=<seed>}. */
    private static final long SEED = Long.getLong("shnn.test.seed", System.nanoTime());
    private static final int THREADS = 8;
    private static final int OPS_PER_THREAD = 20_000;
    private static final int MAX_LIVE = 64;

    /** A live segment and the pattern it must hold. */
    private record Owned(MemorySegment segment, long pattern) {
    }

    private static long pattern(int thread, int sequence) {
        return ((long) (thread + 1) << 48) ^ (sequence * 0x9E3779B97F4A7C15L) | 1;
    }

    private static void write(Owned o) {
        MemorySegment s = o.segment;
        long words = s.byteSize() / 8;
        for (long i = 0; i < words; i++) {
            s.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, o.pattern + i);
        }
        for (long b = words * 8; b < s.byteSize(); b++) {
            s.set(ValueLayout.JAVA_BYTE, b, (byte) o.pattern);
        }
    }

    private static void check(Owned o, String context) {
        MemorySegment s = o.segment;
        long words = s.byteSize() / 8;
        for (long i = 0; i < words; i++) {
            long found = s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
            if (found != o.pattern + i) {
                throw new AssertionError(context + ": segment at 0x" + Long.toHexString(s.address()) + " ("
                        + s.byteSize() + " B) overwritten at word " + i + ": expected " + (o.pattern + i) + ", found " + found);
            }
        }
        for (long b = words * 8; b < s.byteSize(); b++) {
            if (s.get(ValueLayout.JAVA_BYTE, b) != (byte) o.pattern) {
                throw new AssertionError(context + ": tail byte " + b + " overwritten");
            }
        }
    }

    private static long randomSize(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 60) {
            return 1 + random.nextInt(512);
        } else if (kind < 90) {
            return 1 + random.nextInt(16 * 1024);
        } else if (kind < 99) {
            return 1 + random.nextInt((int) ArenaPool.MAX_BLOCK_SIZE);
        }
        return ArenaPool.MAX_BLOCK_SIZE + 1 + random.nextInt(1 << 20); // own allocation
    }

    @Test
    void eightThreadsNeverShareALiveSegmentAndLeakNothing() {
        long seed = SEED;
        String context = "seed " + seed + " (replay with -Dshnn.test.seed=" + seed + ")";
        ArenaPool pool = ArenaPool.create("stress");
        ConcurrentLinkedQueue<Owned> handOff = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger foreignFrees = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().daemon().name("pool-stress-" + t).start(() -> {
                    SplittableRandom random = new SplittableRandom(seed + id);
                    List<Owned> live = new ArrayList<>();
                    try {
                        start.await();
                        for (int op = 0; op < OPS_PER_THREAD && failure.get() == null; op++) {
                            int action = random.nextInt(10);
                            if (live.size() < MAX_LIVE && (action < 5 || live.isEmpty())) {
                                long size = randomSize(random);
                                MemorySegment s = random.nextInt(8) == 0 ? pool.allocatePageAligned(size) : pool.allocate(size);
                                Owned o = new Owned(s, pattern(id, op));
                                write(o);
                                live.add(o);
                            } else if (action < 9) {
                                Owned o = live.remove(random.nextInt(live.size()));
                                check(o, context);
                                if (random.nextInt(4) == 0) {
                                    handOff.add(o); // freed by whichever thread polls it
                                } else {
                                    pool.free(o.segment);
                                }
                            } else {
                                // polls up to 2 for the 1 handed off per 10 ops on average: the queue stays short
                                for (int k = 0; k < 2; k++) {
                                    Owned o = handOff.poll();
                                    if (o != null) {
                                        check(o, context);
                                        pool.free(o.segment);
                                        foreignFrees.incrementAndGet();
                                    }
                                }
                            }
                        }
                        for (Owned o : live) {
                            check(o, context);
                            pool.free(o.segment);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }, context);
        if (failure.get() != null) {
            throw new AssertionError(context, failure.get());
        }
        for (Owned o; (o = handOff.poll()) != null; ) {
            check(o, context);
            pool.free(o.segment);
        }
        PoolStats stats = pool.stats();
        assertEquals(0, stats.liveSegments(), context);
        assertEquals(0, stats.inUseBytes(), context);
        pool.closeAndReport().assertClean();
        System.out.println("pool stress: " + context + ", " + foreignFrees.get() + " cross-thread frees, " + stats);
    }

    @Test
    void racingFreesOfOneSegmentLetExactlyOneWin() {
        long seed = SEED;
        try (ArenaPool pool = ArenaPool.create("race")) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int round = 0; round < 2_000; round++) {
                    MemorySegment s = pool.allocate(64 << (round % 8));
                    AtomicInteger wins = new AtomicInteger();
                    AtomicInteger refusals = new AtomicInteger();
                    CountDownLatch go = new CountDownLatch(1);
                    Runnable freer = () -> {
                        try {
                            go.await();
                            pool.free(s);
                            wins.incrementAndGet();
                        } catch (IllegalArgumentException e) {
                            refusals.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    };
                    Thread a = Thread.ofPlatform().start(freer);
                    Thread b = Thread.ofPlatform().start(freer);
                    go.countDown();
                    a.join();
                    b.join();
                    assertEquals(1, wins.get(), "round " + round + ", seed " + seed);
                    assertEquals(1, refusals.get(), "round " + round);
                }
            });
            assertEquals(0, pool.stats().liveSegments());
            pool.closeAndReport().assertClean();
        }
    }
}
