package org.shnn.engine.run;

import java.util.function.LongSupplier;

/**
 * Chooses, run by run, whether a simulation steps on all its worker threads or on the controlling thread alone,
 * which then steps one range over all neurons where it can, else every range in turn ({@code StepLoop.soloFor};
 * the results are the same either way, see {@link StepWorker}), from the measured wall time per step of each
 * choice. Used when the thread count is a ceiling ({@link SimulationConfig#threadsUpTo()}, the command line's
 * {@code --threads}); an exact count ({@link SimulationConfig#withThreads}) always runs all threads.
 *
 * <p>Why: a thread descheduled while it runs its range holds the phase up for a scheduler time slice, whatever
 * its partner does (it parks, {@link StepPhaser}). On the 2-vCPU VM at load 31, COBA 40k on 2 threads took
 * 1.2-2.1x as long as on 1 ({@code bench/RESULTS.md}, section "Threads: workers kept between runs"), and issue
 * 18 asks that 2 threads are never more than 10% slower than 1 on a busy machine. The command line and
 * {@code LiveRunner} run in chunks of ~20 ms, so the choice can follow the machine's load.
 *
 * <p>Method: a two-armed bandit with exponentially weighted averages of ns per step and a fixed probing period
 * (epsilon-greedy without a random stream, so that the choices are reproducible from the timings): the first run
 * uses all threads, the second one thread, then the faster average wins and every {@value #PROBE_PERIOD}th run
 * (and runs 4, 8 and 16, {@link #probes}) tries the other choice; a probe's time replaces that choice's average
 * (which is at least a probing period old), so a load that went away is noticed at the next probe, and a probe that
 * was a fluke is outvoted by the runs that follow it. On an idle machine where 2 threads are 1.7x faster, the
 * probes cost about (1.7 - 1) / {@value #PROBE_PERIOD} = 2% of the run time, and the early ones three runs once.
 *
 * <p>A probe disturbed by the JIT is not counted, and the next run probes again (up to {@value #REPROBES} times in a
 * row): the code of the choice not taken for a probing period may be recompiled at the probe, which then times the
 * compiler. Why: a run on one thread steps one range ({@code StepLoop.soloFor}),
 * and after a period of those C2 had compiled the several ranges' delivery paths with uncommon traps, which the
 * probe on all threads hit ({@code DeliveryBatch.range} and {@code rangeStart} deoptimised at COBA 40k's first
 * probe); timed, that probe lost to one thread, and COBA 40k stayed on one thread where all threads had been
 * 1.1x faster ({@code bench/RESULTS.md} section 46). Disturbed means that the compilations that ended during the run
 * took at least {@value #DISTURBING_SHARE} of its wall time, not that any did: a command-line run of ~20 ms nearly
 * always sees one (C1's small methods, the output's formatting), and a probe of one thread with its three repeats
 * then took four runs in a row off a CUBA 40,000 run that 2 threads stepped 1.5x faster (section 69).
 *
 * <p>The first times are taken the same way: until each choice has a run of at least {@value #MIN_SETTLING_STEPS}
 * steps that the JIT did not disturb (or {@value #REPROBES} disturbed or shorter ones), the runs take the
 * choice without one, in turn while neither has one.
 * Why: a run of the command line is about 20 ms, and a CUBA 40k run of 1 s about 20 of them, the first ten or so
 * while C2 still compiles the step path; the first two runs, timed then, decided for most of the run, and CUBA
 * 40k ran mostly on 2 threads although 1 was faster (0.76x of one thread, {@code bench/RESULTS.md} section 52).
 *
 * <p>A probe or a settling run is a trial: of a run of at least twice {@value #TRIAL_STEPS} steps, it takes the
 * first {@value #TRIAL_STEPS} only ({@link #stepsFor}), and the choice after it the rest. Why: a probe took a whole
 * command-line run of ~20 ms on the slower choice, and with the settling runs and the early probes three to seven of
 * a 1 s CUBA 40,000 run's ~27 runs went to one thread where 2 threads were 1.5x faster (section 69); a trial of 128
 * steps is a few ms there.
 *
 * <p>Thread-safety: the controlling thread only.
 */
final class AdaptiveThreads {

    /** Every this many runs, the choice that is not the faster one runs once. */
    static final int PROBE_PERIOD = 32;
    /** Weight of the newest sample in the averages. */
    static final double WEIGHT = 0.3;
    /** Probes in a row that compilations may void. */
    static final int REPROBES = 3;
    /**
     * A run of fewer steps does not settle a choice's first time; it counts as a disturbed one (so that a simulation
     * run in short runs only still settles): its wall time is mostly the workers' wake-up and the run's set-up. A
     * live runner's first run is 16 steps: timed, 2 threads took 94 us per step there against 39 us settled, one
     * thread won the first choice, and CUBA 40,000 then ran on one thread until the first probe, most of a 1 s run
     * (bench/RESULTS.md section 65).
     */
    static final int MIN_SETTLING_STEPS = 64;
    /**
     * A run is disturbed by the JIT when the compilations that ended during it took at least this share of its wall
     * time (the JVM's total compilation time, summed over the compiler threads, against the run's wall time).
     */
    static final double DISTURBING_SHARE = 0.1;
    /**
     * Steps of a trial (a probe or a settling run) in a run long enough to hold two ({@link #stepsFor}). At least
     * {@link #MIN_SETTLING_STEPS}; long enough that the run's start (waking the workers, a range's first touches
     * of memory the other thread last wrote) is a few percent of it: at CUBA 40,000, 3-5 ms.
     */
    static final long TRIAL_STEPS = 128;

    private final int all;
    /** Average ns per step: [0] on one thread, [1] on all; NaN before the first sample. */
    private final double[] nanosPerStep = {Double.NaN, Double.NaN};
    /** Runs on one thread [0] and on all [1], for tests and figures. */
    private final long[] runs = new long[2];
    /** Steps run on one thread [0] and on all [1]. */
    private final long[] steps = new long[2];
    private long choices;
    /** Whether the run chosen last is a probe. */
    private boolean probe;
    /** The JVM's total JIT compilation time so far (ms, never decreasing), or -1 where not measured. */
    private final LongSupplier jitMillis;
    /** {@link #jitMillis} when the current probe, or the current run that settles a choice, was chosen. */
    private long jitAtChoice;
    /**
     * Per choice ([0] one thread, [1] all), whether it has a time that the JIT did not disturb (or after
     * {@value #REPROBES} disturbed samples, {@link #unsettledVoids}): until both have, the runs take the choice
     * without one, in turn while neither has.
     */
    private final boolean[] settled = new boolean[2];
    /** Per choice, its samples before it settled that a compilation disturbed. */
    private final int[] unsettledVoids = new int[2];
    /** Whether the run chosen last is one that settles a choice. */
    private boolean settling;
    /** The choice the last settling run took (0 one thread, 1 all); 0 at first, so that the first run takes all. */
    private int lastUnsettled;
    /** Probes voided in a row by a compilation; the next run probes again while this is above 0. */
    private int voided;

    /** @param all the simulation's worker threads (>= 1); compilations seen through the JVM's compilation bean */
    AdaptiveThreads(int all) {
        this(all, KernelWarmUp.jitMillis());
    }

    /**
     * @param all the simulation's worker threads (>= 1)
     * @param jitMillis the JVM's total JIT compilation time so far (ms), or -1 where not measured (then no probe is
     *     voided)
     */
    AdaptiveThreads(int all, LongSupplier jitMillis) {
        if (all < 1) {
            throw new IllegalArgumentException("adaptive threads over " + all + " workers: needs >= 1");
        }
        this.all = all;
        this.jitMillis = jitMillis;
    }

    /** The threads the next run uses: 1 or all. */
    int next() {
        if (all == 1) {
            return 1;
        }
        choices++;
        if (!settled[0] || !settled[1]) {
            // the choice without a settled time; all threads first, then in turn while neither has one
            int k = settled[0] ? 1 : settled[1] ? 0 : 1 - lastUnsettled;
            lastUnsettled = k;
            settling = true;
            jitAtChoice = jitMillis.getAsLong();
            return k == 0 ? 1 : all;
        }
        int best = nanosPerStep[0] <= nanosPerStep[1] ? 0 : 1;
        probe = probes(choices) || voided > 0;
        if (probe) {
            jitAtChoice = jitMillis.getAsLong();
        }
        return (probe ? 1 - best : best) == 0 ? 1 : all;
    }

    /**
     * How many of a run's {@code n} steps the choice {@link #next} gave last takes: {@value #TRIAL_STEPS} when that
     * choice is a trial (a probe or a settling run) and {@code n} is at least twice that, else {@code n}. The caller
     * runs those, records them, and asks {@link #next} for the rest.
     */
    long stepsFor(long n) {
        return (probe || settling) && n >= 2 * TRIAL_STEPS ? TRIAL_STEPS : n;
    }

    /**
     * Whether run {@code choice} (counted from 1) probes the choice that is not the faster: every
     * {@value #PROBE_PERIOD}th, and runs 4, 8 and 16 before the first of those. Why the early ones: the first times
     * are taken while the JIT's ramp still moves them (a 2-thread CUBA 40,000 run's first three took 119, 74 and 40
     * us per step), and a choice settled there held until run 32, most of a 1 s run (bench/RESULTS.md section 66).
     */
    static boolean probes(long choice) {
        return choice % PROBE_PERIOD == 0 || choice >= 4 && choice < PROBE_PERIOD && Long.bitCount(choice) == 1;
    }

    /** Records a run of {@code n} steps on {@code threads} threads that took {@code nanos} of wall time. */
    void record(int threads, long n, long nanos) {
        if (n <= 0 || all == 1) {
            return;
        }
        int k = threads == 1 ? 0 : 1;
        runs[k]++;
        steps[k] += n;
        double x = (double) nanos / n;
        if (settling) {
            settling = false;
            // kept either way, so that a choice whose samples were all disturbed still has a time
            nanosPerStep[k] = x;
            // a short run counts as a disturbed time: runs that are all short still settle, after REPROBES each
            settled[k] = n >= MIN_SETTLING_STEPS && !disturbed(nanos) || ++unsettledVoids[k] > REPROBES;
            return;
        }
        if (probe) {
            if (disturbed(nanos) && voided < REPROBES) {
                voided++; // not a measurement of the choice: probe again
                probe = false;
                return;
            }
            voided = 0;
        }
        double m = nanosPerStep[k]; // set when the choice settled
        nanosPerStep[k] = probe ? x : m + WEIGHT * (x - m);
        probe = false;
    }

    /**
     * Whether the JIT disturbed the run chosen last, which took {@code nanos} of wall time: the compilations that ended
     * since it was chosen took at least {@link #DISTURBING_SHARE} of that (never without a compilation clock).
     */
    private boolean disturbed(long nanos) {
        long jit = jitMillis.getAsLong();
        return jit >= 0 && jit != jitAtChoice && (jit - jitAtChoice) * 1e6 >= DISTURBING_SHARE * nanos;
    }

    /** Runs recorded on one thread. */
    long runsAlone() {
        return runs[0];
    }

    /** Runs recorded on all threads. */
    long runsOnAll() {
        return runs[1];
    }

    /** Steps recorded on one thread. */
    long stepsAlone() {
        return steps[0];
    }
}
