package org.shnn.engine.run;

/**
 * The owner of sections a restored {@link Simulation} uses in place (e.g. a mapped checkpoint file holding the
 * CSR arrays): closed with the simulation, and asked before and after each run and save whether the memory
 * behind those sections is still what was opened.
 *
 * <p>Thread-safety: called from the simulation's controlling thread only.
 */
public interface SectionOwner extends AutoCloseable {

    /**
     * What {@link #checkIntact} waits for, of the checks still running in the background.
     */
    enum Wait {
        /** Nothing: before a run starts (the checks then overlap the first steps). */
        NONE,
        /**
         * The checks a run's results depend on: before a run's results are released (or, for a run that streams
         * spikes out as it steps, before its first step). Bytes verified before their first use (a checkpoint's
         * block checksums) need no waiting.
         */
        RESULTS,
        /** Every check: before a checkpoint is written from the sections, so that no damaged byte is saved anew. */
        ALL
    }

    /**
     * Throws if the sections can no longer be trusted (a mapped file truncated or rewritten in place, or a
     * checksum verified in the background that failed); the simulation is then poisoned.
     *
     * @param wait which checks still running in the background to wait for first
     * @throws RuntimeException naming the resource and what failed
     */
    void checkIntact(Wait wait);

    /** Releases the sections; called once, when the simulation closes. */
    @Override
    void close();
}
