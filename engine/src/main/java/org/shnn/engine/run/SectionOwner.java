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
     * Throws if the sections can no longer be trusted (a mapped file truncated or rewritten in place, or a
     * checksum verified in the background that failed); the simulation is then poisoned.
     *
     * @param complete also wait for checks still running in the background: true before a run's results or a
     *     checkpoint are released, false before a run starts (the checks then overlap the first steps)
     * @throws RuntimeException naming the resource and what failed
     */
    void checkIntact(boolean complete);

    /** Releases the sections; called once, when the simulation closes. */
    @Override
    void close();
}
