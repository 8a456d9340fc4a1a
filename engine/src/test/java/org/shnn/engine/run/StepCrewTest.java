package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link StepCrew}: each helper runs each task exactly once and everything it wrote is visible after
 * {@link StepCrew#await}; what the controlling thread wrote before {@link StepCrew#start} is visible to the
 * helpers; a failing task is reported; idle helpers exit and are replaced; close ends them.
 */
class StepCrewTest {

    private static final long SEED = Long.getLong("shnn.test.seed", System.nanoTime());
    /** Longs between two helpers' plain words. */
    private static final int STRIDE = 16;

    /**
     * Many short runs back to back with random work and random pauses (helpers spin, park, or are still
     * finishing when the controller arrives): with plain stores only, each helper checks it sees the run number
     * the controller wrote before start, and the controller checks after await that every helper wrote it back.
     */
    @Test
    void everyHelperRunsEachTaskOnceAndPublishesItsWrites() {
        String context = "seed " + SEED + " (replay with -Dshnn.test.seed=" + SEED + ")";
        System.out.println("StepCrewTest: " + context);
        SplittableRandom setup = new SplittableRandom(SEED);
        for (int round = 0; round < 3; round++) {
            int helpers = 1 + setup.nextInt(5);
            int runs = 2_000 + setup.nextInt(3_000);
            long roundSeed = setup.nextLong();
            String where = context + ", round " + round + ": " + helpers + " helpers, " + runs + " runs";
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> stress(helpers, runs, roundSeed, where), where);
        }
    }

    private static void stress(int helpers, int runs, long seed, String where) {
        long[] given = new long[STRIDE]; // [0]: the run number, written by the controller before start
        long[] done = new long[(helpers + 1) * STRIDE]; // per helper: the last run it saw
        long[] calls = new long[(helpers + 1) * STRIDE];
        SplittableRandom random = new SplittableRandom(seed);
        StepCrew crew = new StepCrew("crew-stress-", helpers);
        try {
            for (int run = 1; run <= runs; run++) {
                given[0] = run; // plain: published by start
                long pause = random.nextInt(100) < 2 ? 100_000 + random.nextInt(200_000) : 0; // park past the spin
                crew.start(k -> {
                    long seen = given[0]; // plain: published by start
                    if (done[k * STRIDE] != seen - 1) {
                        throw new AssertionError(where + ": helper " + k + " at run " + seen + " after run " + done[k * STRIDE]);
                    }
                    if (pause > 0 && (k & 1) == 1) {
                        LockSupport.parkNanos(pause);
                    }
                    calls[k * STRIDE]++;
                    done[k * STRIDE] = seen; // plain: published by await
                });
                if (pause > 0) {
                    LockSupport.parkNanos(pause); // the helpers spin past the limit and park before the next run
                }
                crew.await();
                for (int k = 1; k <= helpers; k++) {
                    assertEquals(run, done[k * STRIDE], where + ": helper " + k + "'s write after run " + run);
                }
            }
            for (int k = 1; k <= helpers; k++) {
                assertEquals(runs, calls[k * STRIDE], where + ": helper " + k + "'s calls");
            }
            assertEquals(helpers, crew.alive(), where + ": helpers alive between runs");
        } finally {
            crew.close();
        }
    }

    /** A task that throws fails await (the throwable is the cause); the next run works. */
    @Test
    void aFailingTaskIsReportedAndTheCrewGoesOn() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            StepCrew crew = new StepCrew("crew-fail-", 2);
            try {
                IllegalArgumentException boom = new IllegalArgumentException("helper 2 fails");
                crew.start(k -> {
                    if (k == 2) {
                        throw boom;
                    }
                });
                IllegalStateException e = assertThrows(IllegalStateException.class, crew::await);
                assertSame(boom, e.getCause());
                long[] ran = new long[3 * STRIDE];
                crew.start(k -> ran[k * STRIDE]++);
                crew.await();
                assertEquals(1, ran[STRIDE]);
                assertEquals(1, ran[2 * STRIDE]);
            } finally {
                crew.close();
            }
        });
    }

    /** Start twice without await, or after close: refused naming the crew. */
    @Test
    void misuseIsRefused() {
        StepCrew crew = new StepCrew("crew-misuse-", 1);
        crew.start(k -> LockSupport.parkNanos(50_000_000));
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> crew.start(k -> { }));
        assertTrue(twice.getMessage().contains("crew-misuse-"), twice.getMessage());
        crew.await();
        crew.close();
        assertThrows(IllegalStateException.class, () -> crew.start(k -> { }));
        assertThrows(IllegalArgumentException.class, () -> new StepCrew("crew-bad-", -1));
    }

    /**
     * A helper idle for {@link StepCrew#IDLE_NANOS} exits (a simulation never closed keeps no thread), the next
     * start starts a new one that runs the task; close ends idle helpers at once.
     */
    @Test
    void idleHelpersExitAndAreReplacedAndCloseEndsThem() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            StepCrew crew = new StepCrew("crew-idle-", 2);
            long[] ran = new long[3 * STRIDE];
            crew.start(k -> ran[k * STRIDE]++);
            crew.await();
            assertEquals(2, crew.alive());
            long deadline = System.nanoTime() + StepCrew.IDLE_NANOS + 10_000_000_000L;
            while (crew.alive() > 0) {
                assertTrue(System.nanoTime() < deadline, "helpers still alive long after " + StepCrew.IDLE_NANOS + " ns idle");
                Thread.sleep(50);
            }
            crew.start(k -> ran[k * STRIDE]++);
            crew.await();
            assertEquals(2, ran[STRIDE]);
            assertEquals(2, ran[2 * STRIDE]);
            crew.close();
            deadline = System.nanoTime() + 10_000_000_000L;
            while (crew.alive() > 0) {
                assertTrue(System.nanoTime() < deadline, "helpers alive 10 s after close");
                Thread.sleep(10);
            }
        });
    }
}
