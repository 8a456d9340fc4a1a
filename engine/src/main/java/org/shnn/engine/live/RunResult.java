package org.shnn.engine.live;

/**
 * How a {@link LiveRunner} run ended. After any outcome the simulation stands at a step boundary with every
 * spike of the steps before {@code endStep} delivered: its state is consistent and may be saved, and a later run
 * continues exactly as an uninterrupted one would.
 *
 * @param startStep     the step the run started at
 * @param endStep       the step it stopped at (steps up to {@code endStep - 1} are simulated)
 * @param requestedEnd  the step it would have ended at without a cancel or stop
 * @param outcome       why it ended
 * @param reason        the stop condition or cancel that ended it, empty if completed
 * @param wallSeconds   wall time of the steps, warm-up excluded
 * @param pacing        lag and jitter against the wall clock, or null if the run was not paced
 */
public record RunResult(long startStep, long endStep, long requestedEnd, Outcome outcome, String reason,
        double wallSeconds, PacingReport pacing) {

    /** Why a run ended. */
    public enum Outcome {
        /** All requested steps ran. */
        COMPLETED,
        /** {@link LiveRunner#cancel()} (or cancelling the returned future) stopped it at a step boundary. */
        CANCELLED,
        /** A stop condition or a task's {@link LiveRunner#stop} stopped it at a step boundary. */
        STOPPED
    }
}
