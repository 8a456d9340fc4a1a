package org.shnn.memory.ring;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One producer and one consumer through a 16-record ring, so it wraps hundreds of thousands of
 * times; both sides pick random batch sizes, the producer mixes in-place claims with bulk offers
 * from a staging batch, and the consumer mixes poll, handler drains and batch copies. Every record carries its sequence number in two places, so a torn record shows.
 */
class SpscRingStressTest {

    private static final int CAPACITY = 16;
    private static final long RECORDS = 4_000_000;

    @Test
    void everyRecordArrivesOnceInOrderAcrossManyWraps() {
        long seed = RingTestSupport.SEED;
        String context = "seed " + seed + " (replay with -Dshnn.test.seed=" + seed + ")";
        try (Arena arena = Arena.ofShared()) {
            SpscRing ring = RingTestSupport.spsc(arena, CAPACITY, 24);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = Thread.ofPlatform().daemon().name("spsc-producer").start(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                IdleStrategy idle = YieldingIdleStrategy.INSTANCE;
                MemorySegment ringSegment = ring.segment();
                MemorySegment staging = Arena.ofAuto().allocate(CAPACITY * 24L, 8);
                try {
                    for (long next = 0; next < RECORDS; ) {
                        int batch = (int) Math.min(1 + random.nextInt(CAPACITY), RECORDS - next);
                        if (random.nextBoolean()) { // bulk offer from a staging batch
                            for (int i = 0; i < batch; i++) {
                                write(staging, i * 24L, next + i);
                            }
                            idle.reset();
                            while (ring.offer(staging, 0, batch) == 0) {
                                idle.idle();
                            }
                            next += batch;
                        } else { // claim, write in place, commit
                            long position = ring.claim(batch, idle);
                            for (int i = 0; i < batch; i++, next++) {
                                write(ringSegment, ring.recordOffset(position + i), next);
                            }
                            ring.commit(position, batch);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            long[] expected = {0};
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    SplittableRandom random = new SplittableRandom(~seed);
                    MemorySegment batch = arena.allocate(CAPACITY * 24L, 8);
                    RecordHandler check = (s, o) -> check(s, o, expected, context);
                    while (expected[0] < RECORDS) {
                        int n = switch (random.nextInt(3)) {
                            case 0 -> ring.poll(check) ? 1 : 0;
                            case 1 -> ring.drain(check, 1 + random.nextInt(2 * CAPACITY));
                            default -> {
                                int copied = ring.drain(batch, 0, 1 + random.nextInt(CAPACITY));
                                for (int i = 0; i < copied; i++) {
                                    check(batch, i * 24L, expected, context);
                                }
                                yield copied;
                            }
                        };
                        if (n == 0) {
                            Thread.yield();
                        }
                    }
                    producer.join();
                }, context);
            } finally {
                producer.interrupt();
            }
            assertNull(failure.get(), context);
            assertEquals(RECORDS, expected[0], context);
            assertFalse(ring.poll((s, o) -> { }), context);
        }
    }

    private static void write(MemorySegment s, long offset, long sequence) {
        s.set(JAVA_LONG, offset, sequence);
        s.set(JAVA_LONG, offset + 8, ~sequence);
        s.set(JAVA_LONG, offset + 16, sequence * 31);
    }

    private static void check(MemorySegment s, long offset, long[] expected, String context) {
        long sequence = s.get(JAVA_LONG, offset);
        long complement = s.get(JAVA_LONG, offset + 8);
        long product = s.get(JAVA_LONG, offset + 16);
        if (sequence != expected[0] || complement != ~sequence || product != sequence * 31) {
            throw new AssertionError("record " + expected[0] + " read as (" + sequence + ", " + complement
                    + ", " + product + "): " + context);
        }
        expected[0]++;
    }
}
