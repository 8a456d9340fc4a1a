package org.shnn.engine.run;

/**
 * What a {@link StepHook} sees during one call: the step, all spikes of the step (every worker's, as global
 * neuron ids in ascending order) and the calling worker's neuron range, plus a way to deliver input to those
 * neurons at a later step. Valid only during the call; owned by the worker (do not keep it).
 */
public interface StepContext {

    /**
     * The index of the calling worker, in {@code [0, workers())}: a worker is a neuron range, fixed for the
     * simulation, and per-worker state a hook keeps is indexed by it. The thread that runs a worker may change
     * from one step to the next (a thread takes over the range of a descheduled one); a worker's calls are
     * never concurrent, and each happens-before the next.
     */
    int worker();

    /** The number of workers (the configured thread count). */
    int workers();

    /** The step whose spikes were just delivered. */
    long step();

    /** The number of neurons that fired at {@link #step()} (all populations, all workers). */
    int spikeCount();

    /**
     * The global id of the {@code k}-th spike of the step; ids ascend with {@code k}.
     *
     * @throws IndexOutOfBoundsException if {@code k} is not in {@code [0, spikeCount())}
     */
    int spike(int k);

    /** First global neuron id owned by the calling worker. */
    int from();

    /** End (exclusive) of the calling worker's global id range. */
    int to();

    /**
     * Adds {@code weight} to receptor {@code receptor} of neuron {@code local} of population {@code population}
     * at step {@code arrivalStep}, through that population's delay ring (as a synapse would).
     *
     * @throws IllegalArgumentException if the neuron is not owned by the calling worker, the population has
     *     no ring (a generator), the receptor is out of range, {@code arrivalStep - step()} is not in
     *     {@code [1, ringSlots - 1]}, or the worker has already advanced {@code arrivalStep} (a hook whose
     *     {@link StepHook#maxStepsPerPhase()} exceeds its delay)
     */
    void deliver(int population, int receptor, long arrivalStep, int local, float weight);
}
