package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link StepPhaser}: every chunk runs exactly once per phase, a phase sees everything the previous one wrote
 * with plain stores, late threads hold nobody up, and a failure releases every waiting thread.
 */
class StepPhaserTest {

    private static final long SEED = Long.getLong("shnn.test.seed", System.nanoTime());
    /** Longs between two chunks' plain words (no false sharing to hide a missing fence behind). */
    private static final int STRIDE = 16;

    /**
     * More threads than cores, random work lengths, random pauses far longer than the spin (threads park,
     * and the others take over their chunks): each chunk writes its phase number into its slot of the phase's
     * parity with a plain store and checks with plain loads that every slot of the other parity holds the
     * previous phase.
     */
    @Test
    void everyChunkRunsOncePerPhaseAndSeesThePreviousPhase() {
        String context = "seed " + SEED + " (replay with -Dshnn.test.seed=" + SEED + ")";
        System.out.println("StepPhaserTest: " + context);
        SplittableRandom setup = new SplittableRandom(SEED);
        for (int round = 0; round < 4; round++) {
            int threads = 2 + setup.nextInt(5);
            long phases = 500 + setup.nextInt(2_000);
            long roundSeed = setup.nextLong();
            String where = context + ", round " + round + ": " + threads + " threads, " + phases + " phases";
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> runStress(threads, phases, roundSeed, where, false), where);
        }
    }

    /**
     * As {@link #everyChunkRunsOncePerPhaseAndSeesThePreviousPhase}, with a gate (a distributed run's exchange):
     * it runs once between every two phases, on home 0's thread, after every chunk of the previous phase and
     * before any of the next, and the next phase's chunks see what it wrote with plain stores.
     */
    @Test
    void aGateRunsBetweenPhasesOnHomeZerosThread() {
        String context = "seed " + SEED + " (replay with -Dshnn.test.seed=" + SEED + ")";
        System.out.println("StepPhaserTest (gate): " + context);
        SplittableRandom setup = new SplittableRandom(SEED ^ 0x9E3779B97F4A7C15L);
        for (int round = 0; round < 4; round++) {
            int threads = 1 + setup.nextInt(5);
            long phases = 300 + setup.nextInt(1_000);
            long roundSeed = setup.nextLong();
            String where = context + ", gated round " + round + ": " + threads + " threads, " + phases + " phases";
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> runStress(threads, phases, roundSeed, where, true), where);
        }
    }

    private static void runStress(int threads, long phases, long seed, String where, boolean gated)
            throws InterruptedException {
        long[][] slots = new long[2][threads * STRIDE];
        long[] gateRuns = new long[2 * STRIDE]; // [0]: the last phase the gate opened; [STRIDE]: how often it ran
        Thread[] pool = new Thread[threads];
        StepPhaser.Gate gate = !gated ? null : phase -> {
            if (Thread.currentThread() != pool[0]) {
                throw new AssertionError(where + ": the gate of phase " + phase + " ran on " + Thread.currentThread());
            }
            for (int k = 0; k < threads; k++) {
                long seen = slots[(int) ((phase - 1) & 1)][k * STRIDE]; // plain: published by the phaser
                if (seen != phase - 1) {
                    throw new AssertionError(where + ": gate of phase " + phase + " sees chunk " + k + " at " + seen);
                }
            }
            gateRuns[0] = phase; // plain: published to the next phase by the phaser
            gateRuns[STRIDE]++;
        };
        StepPhaser phaser = new StepPhaser(threads, threads, phases, gate);
        long[] ran = new long[threads * STRIDE]; // per chunk: the last phase it ran in
        java.util.Arrays.fill(ran, -1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] started = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int home = t;
            SplittableRandom random = new SplittableRandom(seed + t);
            pool[t] = Thread.ofPlatform().name("phaser-stress-" + t).unstarted(() -> {
                try {
                    phaser.work(home, (chunk, phase) -> {
                        int parity = (int) (phase & 1);
                        if (ran[chunk * STRIDE] != phase - 1) { // plain: ordered by the phaser
                            throw new AssertionError(where + ": chunk " + chunk + " ran in phase " + phase + " after phase "
                                    + ran[chunk * STRIDE]);
                        }
                        ran[chunk * STRIDE] = phase;
                        if (gated && gateRuns[0] != phase) { // plain: the gate's write, published by the phaser
                            throw new AssertionError(where + ": chunk " + chunk + " runs phase " + phase
                                    + " but the gate last opened " + gateRuns[0]);
                        }
                        for (int k = 0; phase > 0 && k < threads; k++) {
                            long seen = slots[parity ^ 1][k * STRIDE]; // plain: published by the phaser
                            if (seen != phase - 1) {
                                throw new AssertionError(where + ": phase " + phase + ", chunk " + chunk + " sees chunk " + k
                                        + "'s slot at " + seen + ", expected " + (phase - 1));
                            }
                        }
                        int work = random.nextInt(100);
                        if (work < 3) {
                            LockSupport.parkNanos(20_000 + random.nextInt(300_000)); // a descheduled thread
                        } else {
                            for (int spin = random.nextInt(work * 20 + 1); spin > 0; spin--) {
                                Thread.onSpinWait();
                            }
                        }
                        slots[parity][chunk * STRIDE] = phase; // plain: published by the phaser
                    });
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    phaser.breakPhases();
                }
            });
        }
        for (int t = 0; t < threads; t++) {
            started[t] = pool[t];
            pool[t].start();
        }
        for (Thread t : started) {
            t.join();
        }
        assertNull(failure.get(), where);
        if (gated) {
            assertEquals(phases - 1, gateRuns[STRIDE], where + ": gate runs");
        }
        for (int k = 0; k < threads; k++) {
            assertEquals(phases - 1, ran[k * STRIDE], where + ": chunk " + k + "'s last phase");
        }
    }

    /** A thread that shows up only after the others finished finds nothing left: its chunks were taken over. */
    @Test
    void aLateThreadHoldsNobodyUp() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int chunks = 3;
            long phases = 200;
            StepPhaser phaser = new StepPhaser(chunks, chunks, phases, null);
            long[] runs = new long[chunks * STRIDE];
            Thread[] early = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int home = t;
                early[t] = Thread.ofPlatform().start(() -> phaser.work(home, (chunk, phase) -> runs[chunk * STRIDE]++));
            }
            for (Thread t : early) {
                t.join();
            }
            long[] late = {0};
            Thread last = Thread.ofPlatform().start(() -> phaser.work(2, (chunk, phase) -> late[0]++));
            last.join();
            for (int k = 0; k < chunks; k++) {
                assertEquals(phases, runs[k * STRIDE], "chunk " + k);
            }
            assertEquals(0, late[0], "chunks run by the late thread");
        });
    }

    /** A chunk that throws breaks the phaser: threads waiting (spinning or parked) throw and return. */
    @Test
    void aFailureReleasesEveryWaitingThread() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int threads = 4;
            StepPhaser phaser = new StepPhaser(threads, threads, 1_000, null);
            java.util.List<AtomicReference<Throwable>> outcome = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                outcome.add(new AtomicReference<>());
            }
            Thread[] pool = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int home = t;
                pool[t] = Thread.ofPlatform().start(() -> {
                    try {
                        phaser.work(home, (chunk, phase) -> {
                            if (phase == 10 && chunk == 0) {
                                LockSupport.parkNanos(2_000_000); // the others spin past the limit and park
                                throw new IllegalArgumentException("chunk 0 fails in phase 10");
                            }
                        });
                    } catch (Throwable e) {
                        outcome.get(home).set(e);
                        phaser.breakPhases();
                    }
                });
            }
            for (Thread t : pool) {
                t.join();
            }
            int failed = 0;
            for (int t = 0; t < threads; t++) {
                Throwable e = outcome.get(t).get();
                assertTrue(e != null, "thread " + t + " returned normally from a broken run");
                if (e instanceof IllegalArgumentException) {
                    failed++;
                } else {
                    assertInstanceOf(IllegalStateException.class, e, "thread " + t);
                }
            }
            assertEquals(1, failed, "threads that ran the failing chunk");
        });
    }
}
