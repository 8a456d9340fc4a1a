package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.network.Network;

/**
 * {@link AdaptiveThreads}: tries both choices, keeps the faster, probes the other every
 * {@link AdaptiveThreads#PROBE_PERIOD} runs and follows a change of load; in a simulation with a thread ceiling,
 * runs that switch between one thread and all give the raster of an exact thread count.
 */
class AdaptiveThreadsTest {

    /** How many of runs {@code from} to {@code to} (counted from 1, both included) probe ({@link AdaptiveThreads#probes}). */
    private static int probesIn(long from, long to) {
        int n = 0;
        for (long c = from; c <= to; c++) {
            n += AdaptiveThreads.probes(c) ? 1 : 0;
        }
        return n;
    }

    /**
     * Feeds the {@code 2 * (REPROBES + 1)} runs of {@code steps} steps (at {@code oneNanos} per step on one thread,
     * {@code allNanos} on all) that settle both choices when none of them counts, and checks they took the choices in
     * turn, all threads first.
     */
    private static void takesTheChoicesInTurnUntilSettled(AdaptiveThreads a, long steps, long oneNanos, long allNanos,
                                                          String why) {
        for (int i = 0; i < 2 * (AdaptiveThreads.REPROBES + 1); i++) {
            int t = a.next();
            assertEquals(i % 2 == 0 ? 2 : 1, t, why + ": the choices in turn, run " + i);
            a.record(t, steps, steps * (t == 1 ? oneNanos : allNanos));
        }
    }

    /** Feeds {@code runs} runs timed by {@code nanosPerStep(threads)}; returns how many ran on one thread. */
    private static int drive(AdaptiveThreads a, int runs, java.util.function.IntToLongFunction nanosPerStep) {
        int alone = 0;
        for (int i = 0; i < runs; i++) {
            int t = a.next();
            alone += t == 1 ? 1 : 0;
            a.record(t, 100, 100 * nanosPerStep.applyAsLong(t));
        }
        return alone;
    }

    @Test
    void keepsTheFasterChoiceProbesTheOtherAndFollowsTheLoad() {
        AdaptiveThreads a = new AdaptiveThreads(2, () -> -1);
        assertEquals(2, a.next(), "first run: all threads");
        a.record(2, 100, 100 * 50_000);
        assertEquals(1, a.next(), "second run: one thread");
        a.record(1, 100, 100 * 90_000);
        int alone = drive(a, 320, t -> t == 1 ? 90_000 : 50_000); // idle: two threads 1.8x faster
        assertEquals(probesIn(3, 322), alone, "idle: one thread only to probe");
        alone = drive(a, 320, t -> t == 1 ? 90_000 : 180_000); // busy: two threads 2x slower
        assertTrue(alone >= 320 - 320 / AdaptiveThreads.PROBE_PERIOD - 3, "busy: one thread after a few probes, " + alone);
        alone = drive(a, 320, t -> t == 1 ? 90_000 : 50_000); // idle again
        assertTrue(alone <= 320 / AdaptiveThreads.PROBE_PERIOD + AdaptiveThreads.PROBE_PERIOD,
                "idle again: back to all threads at the first probe, " + alone);
        assertEquals(960 + 2, a.runsAlone() + a.runsOnAll());
        AdaptiveThreads single = new AdaptiveThreads(1, () -> -1);
        assertEquals(1, single.next());
        single.record(1, 10, 10);
        assertEquals(0, single.runsAlone() + single.runsOnAll(), "nothing to choose with one worker");
    }

    /** The probing schedule: runs 4, 8 and 16, then every {@link AdaptiveThreads#PROBE_PERIOD}th. */
    @Test
    void probesEarlyThenEveryPeriod() {
        assertEquals(List.of(4L, 8L, 16L, 32L, 64L, 96L), java.util.stream.LongStream.rangeClosed(1, 100)
                .filter(AdaptiveThreads::probes).boxed().toList());
        AdaptiveThreads a = new AdaptiveThreads(2, () -> -1);
        a.record(a.next(), 100, 100 * 50_000L); // all threads
        a.record(a.next(), 100, 100 * 90_000L); // one
        a.next(); // run 3: all threads, the faster
        a.record(2, 100, 100 * 50_000L);
        assertEquals(1, a.next(), "run 4 probes one thread");
        a.record(1, 100, 100 * 40_000L); // one thread turned out faster: the early probe found it
        assertEquals(1, a.next(), "run 5 keeps the faster, one thread, 27 runs before the first periodic probe");
    }

    /**
     * A trial (a settling run or a probe) takes {@link AdaptiveThreads#TRIAL_STEPS} of a run that holds two, and a
     * shorter run whole; a run of the faster choice is never cut.
     */
    @Test
    void aTrialTakesTheFirstStepsOfALongRun() {
        long trial = AdaptiveThreads.TRIAL_STEPS;
        AdaptiveThreads a = new AdaptiveThreads(2, () -> -1);
        assertEquals(2, a.next(), "first: all threads, settling");
        assertEquals(trial, a.stepsFor(1000));
        assertEquals(2 * trial - 1, a.stepsFor(2 * trial - 1), "too short to cut");
        a.record(2, trial, trial * 50_000L);
        assertEquals(1, a.next(), "then one thread, settling");
        assertEquals(trial, a.stepsFor(1000));
        a.record(1, trial, trial * 90_000L);
        assertEquals(2, a.next(), "run 3: the faster");
        assertEquals(1000, a.stepsFor(1000), "the faster choice takes the whole run");
        a.record(2, 1000, 1000 * 50_000L);
        assertEquals(1, a.next(), "run 4 probes one thread");
        assertEquals(trial, a.stepsFor(1000), "a probe is a trial");
        a.record(1, trial, trial * 90_000L);
        assertEquals(2, a.next(), "run 5: the faster again");
        assertEquals(1000, a.stepsFor(1000));
        assertEquals(2 * trial, a.stepsAlone(), "one thread took the settling trial's and the probe's steps only");
    }

    /**
     * A run of a few steps (a live runner's first, 16 steps) times the workers' wake-up more than the steps: it does not
     * settle its choice, so the next runs still take that choice until a run of enough steps gives it a time.
     */
    @Test
    void aRunOfAFewStepsDoesNotSettleAChoice() {
        AdaptiveThreads a = new AdaptiveThreads(2, () -> -1);
        assertEquals(2, a.next(), "first run: all threads");
        a.record(2, 16, 16 * 94_000L); // the wake-up of a first run of 16 steps
        assertEquals(1, a.next(), "second run: one thread");
        a.record(1, 150, 150 * 60_000L);
        assertEquals(2, a.next(), "all threads again: their first time came from 16 steps");
        a.record(2, 300, 300 * 39_000L);
        int alone = drive(a, 64, t -> t == 1 ? 60_000 : 39_000);
        assertEquals(probesIn(4, 67), alone, "all threads then win, one thread only to probe");
        assertTrue(AdaptiveThreads.MIN_SETTLING_STEPS > 16 && AdaptiveThreads.MIN_SETTLING_STEPS <= 100,
                "above a first run's 16 steps, at most the 100 the other tests run");

        // a simulation run in short runs only still settles: a short run counts as a disturbed time
        AdaptiveThreads shortRuns = new AdaptiveThreads(2, () -> -1);
        takesTheChoicesInTurnUntilSettled(shortRuns, 15, 90_000L, 50_000L, "short runs");
        int shortAlone = 0;
        for (int i = 0; i < 10; i++) { // still short runs: one thread only to probe
            int t = shortRuns.next();
            shortAlone += t == 1 ? 1 : 0;
            shortRuns.record(t, 15, 15 * (t == 1 ? 90_000L : 50_000L));
        }
        assertEquals(probesIn(9, 18), shortAlone,
                "settled after " + AdaptiveThreads.REPROBES + " short times each: the faster, all threads");
    }

    /**
     * A probe during which the JIT's compilations took a tenth of its time or more (the choice not taken for a while
     * is recompiled when it runs again) is not counted: the next run probes again, up to
     * {@link AdaptiveThreads#REPROBES} times in a row, after which the probe counts whatever the JIT did; without a
     * compilation clock every probe counts, and so does one that a few milliseconds of compilation hardly disturbed.
     */
    @Test
    void aProbeDuringACompilationIsRepeated() {
        long[] jit = {0};
        AdaptiveThreads a = new AdaptiveThreads(2, () -> jit[0]);
        int alone = drive(a, AdaptiveThreads.PROBE_PERIOD - 1, t -> t == 1 ? 90_000 : 100_000);
        assertEquals(AdaptiveThreads.PROBE_PERIOD - 2 - probesIn(3, AdaptiveThreads.PROBE_PERIOD - 1), alone,
                "one thread is faster: all threads at the first run and the early probes only");
        for (int k = 0; k < AdaptiveThreads.REPROBES; k++) {
            assertEquals(2, a.next(), "probe " + k + " of all threads");
            jit[0] += 7; // recompiled during the probe, which ran slowly
            a.record(2, 100, 100 * 400_000L);
        }
        assertEquals(2, a.next(), "probed again after " + AdaptiveThreads.REPROBES + " voided probes");
        a.record(2, 100, 100 * 60_000L);
        assertEquals(0, drive(a, 10, t -> t == 1 ? 90_000 : 60_000), "the undisturbed probe counted: all threads");

        AdaptiveThreads noClock = new AdaptiveThreads(2, () -> -1);
        drive(noClock, AdaptiveThreads.PROBE_PERIOD - 1, t -> t == 1 ? 90_000 : 100_000);
        assertEquals(2, noClock.next(), "the probe");
        noClock.record(2, 100, 100 * 400_000L);
        assertEquals(1, noClock.next(), "without a compilation clock the slow probe counts");

        AdaptiveThreads always = new AdaptiveThreads(2, () -> jit[0] += 10); // 10 ms per 40 ms probe: a quarter
        drive(always, AdaptiveThreads.PROBE_PERIOD - 1, t -> t == 1 ? 90_000 : 100_000);
        for (int k = 0; k <= AdaptiveThreads.REPROBES; k++) {
            assertEquals(2, always.next(), "probe " + k);
            always.record(2, 100, 100 * 400_000L);
        }
        assertEquals(1, always.next(), "a JIT that never stands still voids at most " + AdaptiveThreads.REPROBES + " probes");

        AdaptiveThreads small = new AdaptiveThreads(2, () -> jit[0]);
        drive(small, AdaptiveThreads.PROBE_PERIOD - 1, t -> t == 1 ? 90_000 : 100_000);
        assertEquals(2, small.next(), "the probe");
        jit[0] += 3; // 3 ms of compilations in a 40 ms probe: under a tenth of it
        small.record(2, 100, 100 * 400_000L);
        assertEquals(1, small.next(), "a probe that the JIT hardly disturbed counts: one thread again");
    }

    /**
     * The first time of each choice is taken again while the JIT compiled during it (up to
     * {@link AdaptiveThreads#REPROBES} times per choice), the runs taking the choice without a settled time, in turn
     * while neither has one: a short run's first chunks, timed while C2 compiles the step path, decided for the rest.
     */
    @Test
    void firstTimesTakenDuringACompilationAreTakenAgain() {
        long[] jit = {0};
        AdaptiveThreads a = new AdaptiveThreads(2, () -> jit[0]);
        assertEquals(2, a.next(), "first run: all threads");
        a.record(2, 100, 100 * 100_000L);
        assertEquals(1, a.next(), "second run: one thread");
        jit[0] += 5; // compiled during it: it ran slowly
        a.record(1, 100, 100 * 400_000L);
        assertEquals(1, a.next(), "one thread's time was disturbed: taken again");
        a.record(1, 100, 100 * 90_000L);
        assertEquals(AdaptiveThreads.PROBE_PERIOD - 4 - probesIn(4, AdaptiveThreads.PROBE_PERIOD - 1),
                drive(a, AdaptiveThreads.PROBE_PERIOD - 4, t -> t == 1 ? 90_000 : 100_000),
                "then the faster of the settled times: one thread, but for the early probes");

        long[] moving = {0};
        AdaptiveThreads b = new AdaptiveThreads(2, () -> moving[0] += 5); // 5 ms per run of 9-10 ms
        takesTheChoicesInTurnUntilSettled(b, 100, 90_000L, 100_000L, "disturbed every time");
        assertEquals(1, b.next(), "settled after " + AdaptiveThreads.REPROBES + " disturbed times each: the faster");
    }

    /**
     * Brunel 12,500 (15 steps per phase, two threads under a ceiling of 2) in 40 short runs: whatever the timings,
     * the first two runs take both choices, and the raster equals an exact 2 threads' and 1 thread's.
     */
    @Test
    void runsSwitchingBetweenOneThreadAndAllKeepTheRaster() {
        Network n = BuiltinNetworks.brunel(12_500, 31L, BrunelRegime.AI);
        long steps = 600;
        byte[] adaptive;
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreadsUpTo(2))) {
            assertEquals(2, s.threads());
            for (long done = 0; done < steps; done += 15) {
                s.runSteps(15);
            }
            assertTrue(s.adaptiveThreads().runsAlone() >= 1 && s.adaptiveThreads().runsOnAll() >= 1,
                    "both choices ran: alone " + s.adaptiveThreads().runsAlone() + ", all " + s.adaptiveThreads().runsOnAll());
            assertTrue(s.spikeCount() > 1000, "network should be active: " + s.spikeCount());
            adaptive = s.rasterSha256();
        }
        for (int t = 1; t <= 2; t++) {
            try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(t))) {
                assertNull(s.adaptiveThreads(), "an exact count does not adapt");
                s.runSteps(steps);
                assertArrayEquals(adaptive, s.rasterSha256(), "exact " + t + " thread(s) vs adaptive");
            }
        }
    }
}
