package org.shnn.engine.run;

import java.lang.foreign.MemorySegment;
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
 * already advancing later steps.
 *
 * <p>When a hook runs: the workers exchange spikes once per phase of {@code n} steps, {@code n} the shortest
 * synaptic delay, capped by every registered hook's {@link #maxStepsPerPhase()} (NEST's min-delay scheme, see
 * {@link StepWorker}). In the phase after the one that advanced step {@code t}, a worker delivers the phase's steps
 * in order, calling the hooks after each: deliver {@code t}, hooks of {@code t}, deliver {@code t + 1}, hooks of
 * {@code t + 1}, and so on. So the hook calls, deliveries and CSR weight reads of a worker come in the same order
 * for any {@code n}, but its neurons may have advanced up to {@code n - 1} steps past {@code t}.
 *
 * <p>Implementations must be thread-safe in that sense (called concurrently by all workers) and must not
 * block; an exception fails the run like any worker failure. A hook's state is saved with checkpoints through
 * {@link SavedState}.
 */
@FunctionalInterface
public interface StepHook extends SavedState {

    /** Called by each worker after delivering step {@code context.step()}. */
    void afterDelivery(StepContext context);

    /**
     * The longest phase (steps between two exchanges of spikes) this hook gives the same results with. A hook that
     * only reads the step's spikes and writes its own state and the weights of its workers' incoming synapses
     * (STDP, homeostatic scaling, weight recorders) returns {@link Integer#MAX_VALUE}: its calls come in the same
     * order for any phase (see above). One that delivers input with a delay of {@code d} steps returns at most
     * {@code d} ({@link StepContext#deliver} refuses an arrival step its worker has already advanced); one that
     * must run close to the step's wall-clock time (pacing, live output) returns 1. Read when a run starts.
     * Default: 1 (step by step, the safe choice).
     */
    default int maxStepsPerPhase() {
        return 1;
    }

    /**
     * Whether the hook sends what the run computes out of the process while the run goes on (a live spike output
     * stream), rather than leaving it in the simulation until the run returns. A run of a simulation opened under
     * {@code Verification.DEFERRED} with such a hook waits, before its first step, for the background verification
     * that its results depend on, so that nothing computed from unverified bytes leaves before the verdict (issue
     * 17): none for a checkpoint with block checksums, whose rows are verified before their first use; the whole of
     * the large sections for an older one, which other runs wait for before they return. Read when a run starts.
     * Default: false.
     */
    default boolean streamsOut() {
        return false;
    }

    /**
     * Restores the saved state of the neurons with global ids {@code [from, to)} only, from one shard of a
     * checkpoint saved on another number of ranks: a rank resuming it calls {@link #restoreState} with the first
     * shard it reads, then this with each further shard for the block of its own neurons that shard held (the rest
     * of a shard's per-neuron state is stale; state that every rank holds alike, such as pre-synaptic traces, is
     * current in any shard and left as the first one restored it). Default: refuses, naming the hook: a hook
     * that {@linkplain #runsOnRanks() runs on ranks} implements it.
     *
     * @throws IllegalStateException by default
     */
    default void restoreNeurons(Function<String, MemorySegment> sections, int from, int to) {
        throw new IllegalStateException("the step hook " + getClass().getSimpleName() + " cannot restore the state of"
                + " neurons [" + from + ", " + to + ") from a checkpoint saved on another number of ranks: resume it"
                + " on as many ranks as saved it");
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

    /**
     * After a run on more than one rank: makes what this rank's workers recorded of its own neurons and synapses
     * every rank's (with {@code comm}'s collectives), so that any rank holds, reports and saves what one process
     * would (a weight recorder's samples). Collective: every rank calls it for each hook, in registration order, on
     * the controlling thread. Default: nothing (state per neuron stays with the rank that owns the neuron).
     */
    default void gatherRanks(RankComm comm) {
    }
}
