package org.shnn.memory.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Four producers race into one MPSC ring with random batch sizes (two claim and write in place, two
 * offer staged batches in bulk); the consumer drains with random limits, so it often stops inside
 * a batch, and checks that every spike arrives exactly once and in order per producer (timeStep = the
 * producer's sequence number, neuronId = the producer).
 */
class MpscRingStressTest {

    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 1_000_000;

    @Test
    void fourProducersDeliverEverySpikeOnceInOrderThroughHandlers() {
        run(1024, false);
    }

    @Test
    void smallRingDrainedIntoBatchesWrapsManyTimes() {
        run(64, true);
    }

    private static void run(int capacity, boolean drainToBatch) {
        long seed = RingTestSupport.SEED;
        String context = "seed " + seed + " (replay with -Dshnn.test.seed=" + seed + "), capacity " + capacity;
        try (Arena arena = Arena.ofShared()) {
            MpscRing ring = RingTestSupport.mpsc(arena, capacity, SpikeRecord.SIZE);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                int id = p;
                producers[p] = Thread.ofPlatform().daemon().name("producer-" + p).start(() -> {
                    SplittableRandom random = new SplittableRandom(seed + id);
                    IdleStrategy idle = YieldingIdleStrategy.INSTANCE;
                    MemorySegment staging = Arena.ofAuto().allocate(16L * SpikeRecord.SIZE, 8);
                    boolean bulk = id % 2 == 1; // producers 1 and 3 offer staged batches in bulk
                    try {
                        for (long next = 0; next < PER_PRODUCER; ) {
                            int batch = (int) Math.min(1 + random.nextInt(16), PER_PRODUCER - next);
                            if (bulk) {
                                for (int i = 0; i < batch; i++) {
                                    SpikeRecord.write(staging, (long) i * SpikeRecord.SIZE, next + i, id);
                                }
                                idle.reset();
                                while (ring.offer(staging, 0, batch) == 0) {
                                    idle.idle();
                                }
                                next += batch;
                            } else {
                                long position = ring.claim(batch, idle);
                                for (int i = 0; i < batch; i++) {
                                    SpikeRecord.write(ring.segment(), ring.recordOffset(position + i), next++, id);
                                }
                                ring.commit(position, batch);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
            }
            long[] expected = new long[PRODUCERS];
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> consume(ring, expected, drainToBatch, arena, context), context);
                for (Thread producer : producers) {
                    producer.join();
                }
            } catch (InterruptedException e) {
                throw new AssertionError(context, e);
            } finally {
                for (Thread producer : producers) {
                    producer.interrupt();
                }
            }
            assertNull(failure.get(), context);
            long[] all = new long[PRODUCERS];
            Arrays.fill(all, PER_PRODUCER);
            assertArrayEquals(all, expected, context);
            assertFalse(ring.poll((s, o) -> { }), "nothing extra: " + context);
        }
    }

    /**
     * Drains with random limits (1 to 40 records, so most drains stop inside a producer's batch and
     * the next one resumes there), in place through a handler or by bulk copy into a batch.
     */
    private static void consume(MpscRing ring, long[] expected, boolean drainToBatch, Arena arena, String context) {
        long total = (long) PRODUCERS * PER_PRODUCER;
        int maxLimit = 40;
        SplittableRandom random = new SplittableRandom(~RingTestSupport.SEED);
        MemorySegment batch = arena.allocate((long) maxLimit * SpikeRecord.SIZE, 8);
        RecordHandler check = (s, o) -> accept(SpikeRecord.timeStep(s, o), SpikeRecord.neuronId(s, o), expected, context);
        IdleStrategy idle = YieldingIdleStrategy.INSTANCE;
        for (long received = 0; received < total; ) {
            int limit = 1 + random.nextInt(maxLimit);
            int n;
            if (drainToBatch) {
                n = ring.drain(batch, 0, limit);
                for (int i = 0; i < n; i++) {
                    long offset = (long) i * SpikeRecord.SIZE;
                    accept(SpikeRecord.timeStep(batch, offset), SpikeRecord.neuronId(batch, offset), expected, context);
                }
            } else {
                n = ring.drain(check, limit);
            }
            if (n > limit) {
                throw new AssertionError("drain of at most " + limit + " returned " + n + ": " + context);
            }
            if (n == 0) {
                idle.idle();
            }
            received += n;
        }
    }

    private static void accept(long step, int producer, long[] expected, String context) {
        if (producer < 0 || producer >= PRODUCERS) {
            throw new AssertionError("spike from unknown producer " + producer + ": " + context);
        }
        if (step != expected[producer]) {
            throw new AssertionError("producer " + producer + " sent " + step + " where "
                    + expected[producer] + " was due (lost, duplicated or reordered): " + context);
        }
        expected[producer]++;
    }
}
