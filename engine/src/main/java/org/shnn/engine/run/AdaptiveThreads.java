package org.shnn.engine.run;

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
 * tries the other choice; a probe's time replaces that choice's average (which is at least a probing period old),
 * so a load that went away is noticed at the next probe, and a probe that was a fluke is outvoted by the runs
 * that follow it. On an idle machine where 2 threads are 1.7x faster, the
 * probes cost about (1.7 - 1) / {@value #PROBE_PERIOD} = 2% of the run time.
 *
 * <p>Thread-safety: the controlling thread only.
 */
final class AdaptiveThreads {

    /** Every this many runs, the choice that is not the faster one runs once. */
    static final int PROBE_PERIOD = 32;
    /** Weight of the newest sample in the averages. */
    static final double WEIGHT = 0.3;

    private final int all;
    /** Average ns per step: [0] on one thread, [1] on all; NaN before the first sample. */
    private final double[] nanosPerStep = {Double.NaN, Double.NaN};
    /** Runs on one thread [0] and on all [1], for tests and figures. */
    private final long[] runs = new long[2];
    private long choices;
    /** Whether the run chosen last is a probe. */
    private boolean probe;

    /** @param all the simulation's worker threads (>= 1) */
    AdaptiveThreads(int all) {
        if (all < 1) {
            throw new IllegalArgumentException("adaptive threads over " + all + " workers: needs >= 1");
        }
        this.all = all;
    }

    /** The threads the next run uses: 1 or all. */
    int next() {
        if (all == 1) {
            return 1;
        }
        choices++;
        if (Double.isNaN(nanosPerStep[1])) {
            return all;
        }
        if (Double.isNaN(nanosPerStep[0])) {
            return 1;
        }
        int best = nanosPerStep[0] <= nanosPerStep[1] ? 0 : 1;
        probe = choices % PROBE_PERIOD == 0;
        return (probe ? 1 - best : best) == 0 ? 1 : all;
    }

    /** Records a run of {@code steps} steps on {@code threads} threads that took {@code nanos} of wall time. */
    void record(int threads, long steps, long nanos) {
        if (steps <= 0 || all == 1) {
            return;
        }
        int k = threads == 1 ? 0 : 1;
        runs[k]++;
        double x = (double) nanos / steps;
        double m = nanosPerStep[k];
        nanosPerStep[k] = Double.isNaN(m) || probe ? x : m + WEIGHT * (x - m);
        probe = false;
    }

    /** Runs recorded on one thread. */
    long runsAlone() {
        return runs[0];
    }

    /** Runs recorded on all threads. */
    long runsOnAll() {
        return runs[1];
    }
}
