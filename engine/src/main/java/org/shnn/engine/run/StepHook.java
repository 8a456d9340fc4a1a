package org.shnn.engine.run;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Function;

/**
 * Code that runs inside the step loop on every worker thread (plasticity, hyperedges): after a worker has
 * delivered the synapses of step {@code t}'s spikes into its own target range, it calls
 * {@link #afterDelivery} once per registered hook, in registration order.
 *
 * <p>Rules that keep results bit-identical for any thread count: during the call, a hook may write only
 * state owned by the calling worker, i.e. state of the neurons in {@code [context.from(), context.to())}
 * (including the CSR weights of synapses targeting them, which no other worker reads) or per-worker copies
 * it keeps itself, indexed by {@link StepContext#worker()}; and it must deliver through
 * {@link StepContext#deliver} only to those neurons. Other workers may still be delivering step {@code t}, or
 * already advancing step {@code t + 1}. While hooks are registered the workers exchange spikes every step
 * (without hooks, once per shortest synaptic delay).
 *
 * <p>Implementations must be thread-safe in that sense (called concurrently by all workers) and must not
 * block; an exception fails the run like any worker failure.
 */
@FunctionalInterface
public interface StepHook {

    /** Called by each worker after delivering step {@code context.step()}. */
    void afterDelivery(StepContext context);

    /**
     * The hook's own state to checkpoint, appended to {@link Simulation#stateSections()} (names must be unique
     * and stable, e.g. {@code plasticity/projection/3/pre}); called from the controlling thread between runs.
     * The segments must stay valid until the checkpoint is written. Default: none.
     */
    default List<NamedSegment> stateSections() {
        return List.of();
    }

    /**
     * Restores the state saved by {@link #stateSections()}: called by {@link Simulation#addHook} when the
     * simulation was restored from a checkpoint and has not run since. {@code sections} returns a saved
     * segment by name, or null if the checkpoint has none (e.g. it was saved without this hook). Default: nothing.
     */
    default void restoreState(Function<String, MemorySegment> sections) {
    }

    /**
     * Whether the hook is correct on each rank of a distributed run ({@link Simulation#create(org.shnn.engine.network.Network,
     * SimulationConfig, RankComm)}): there {@link StepContext#spikeCount()} and {@link StepContext#spike} give every
     * rank's spikes of the step, the workers are this rank's, and a projection's CSR holds only the synapses onto
     * this rank's neurons. A hook whose writes stay within the calling worker's neurons and their incoming synapses
     * (STDP) says yes; one that reads other ranks' state, or delivers input that arrives at one process (live
     * streams), says no, and a run on more than one rank with it is refused naming it. Default: false.
     */
    default boolean runsOnRanks() {
        return false;
    }
}
