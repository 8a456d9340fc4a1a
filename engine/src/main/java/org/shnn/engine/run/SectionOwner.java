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
     * Throws if the sections can no longer be trusted (a mapped file truncated or rewritten in place); the
     * simulation is then poisoned.
     *
     * @throws RuntimeException naming the resource and what changed
     */
    void checkIntact();

    /** Releases the sections; called once, when the simulation closes. */
    @Override
    void close();
}
