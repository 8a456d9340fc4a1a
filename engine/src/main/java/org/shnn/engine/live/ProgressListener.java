package org.shnn.engine.live;

/**
 * Told how a {@link LiveRunner}'s run progresses: called on the run's thread between steps, at most every
 * {@link LiveRunner#progressInterval} of wall time and once when the run ends. It holds up the steps while it
 * runs, so it must be quick (print a line, store a figure) and must not call back into the simulation; an
 * exception fails the run.
 */
@FunctionalInterface
public interface ProgressListener {

    /** The run has reached {@code progress}. */
    void onProgress(Progress progress);
}
