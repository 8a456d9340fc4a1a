package org.shnn.engine.live;

/**
 * How a paced run kept to the wall clock. Step {@code t}'s deadline is {@code origin + (t + 1 - first) * dt /
 * factor} of wall time; its lag is how much later than its deadline its spikes had been delivered (0 when the
 * pacer waited for the deadline: then it is the wake-up's lateness). Its jitter is how far the wall interval
 * between two consecutive steps' ends strays from {@code dt / factor}. Figures in nanoseconds.
 *
 * @param factor         simulated time per wall time (1.0 = real time)
 * @param steps          steps paced
 * @param lag            lag per step
 * @param jitter         jitter per step (one fewer than steps)
 * @param behindSteps    steps whose lag exceeded {@code toleranceNanos}
 * @param toleranceNanos lag above which a step counts as behind
 * @param firstBehindStep the first step that was behind, or -1
 */
public record PacingReport(double factor, long steps, LogHistogram lag, LogHistogram jitter, long behindSteps,
        long toleranceNanos, long firstBehindStep) {

    /** Whether any step was behind the wall clock by more than the tolerance. */
    public boolean fellBehind() {
        return behindSteps > 0;
    }
}
