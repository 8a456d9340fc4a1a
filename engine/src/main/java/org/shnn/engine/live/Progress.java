package org.shnn.engine.live;

/**
 * A snapshot of a run's progress, handed to {@link ProgressListener}s.
 *
 * @param startStep      the simulation step the run started at
 * @param step           the current step (steps up to {@code step - 1} are simulated)
 * @param endStep        the step the run ends at unless cancelled or stopped
 * @param elapsedNanos   wall time since the run's first step (warm-up excluded), ns
 * @param stepsPerSecond steps per wall second over the run so far (0 before the first step)
 */
public record Progress(long startStep, long step, long endStep, long elapsedNanos, double stepsPerSecond) {

    /** Steps simulated by this run so far. */
    public long stepsDone() {
        return step - startStep;
    }

    /** Fraction of the run done, in [0, 1] (1 for an empty run). */
    public double fraction() {
        long total = endStep - startStep;
        return total == 0 ? 1.0 : (double) stepsDone() / total;
    }

    /** Estimated wall seconds left at the speed so far, or NaN before the first step. */
    public double etaSeconds() {
        return stepsPerSecond > 0 ? (endStep - step) / stepsPerSecond : Double.NaN;
    }
}
