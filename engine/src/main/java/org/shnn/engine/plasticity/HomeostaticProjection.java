package org.shnn.engine.plasticity;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.Projection;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.engine.run.NamedSegment;
import org.shnn.engine.run.StateDescriptor;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.StepContext;
import org.shnn.engine.run.StepHook;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * Runs {@link HomeostaticScaling} on one projection of a {@link Simulation}: each worker counts the spikes of
 * the target neurons it owns and, on the last step of every window, scales their incoming weights of this
 * projection. Each worker writes only its own neurons' counters and the weights it delivers, so the result is
 * bit-identical for any thread count. The counters are checkpointed as {@code homeostasis/projection/<i>}.
 *
 * <p>Ownership: the transposed index and the counters come from the allocator given to {@link #attach}.
 * Thread-safety: see {@link StepHook}.
 */
public final class HomeostaticProjection implements StepHook {

    private final HomeostaticScaling scaling;
    private final PlasticSynapses synapses;
    private final PopulationState state;
    private final int projection;
    private final int targetFirst;
    private final int targetCount;

    private HomeostaticProjection(HomeostaticScaling scaling, PlasticSynapses synapses, PopulationState state,
                                  int projection, Population target) {
        this.scaling = scaling;
        this.synapses = synapses;
        this.state = state;
        this.projection = projection;
        this.targetFirst = target.firstId();
        this.targetCount = target.count();
    }

    /**
     * Attaches {@code scaling} to projection {@code projection} of {@code sim} and registers the hook.
     *
     * @throws IllegalArgumentException if the projection has no per-synapse weights
     */
    public static HomeostaticProjection attach(Simulation sim, int projection, HomeostaticScaling scaling,
                                               SegmentAllocator allocator) {
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(allocator, "allocator");
        Projection spec = sim.network().projections().get(Objects.checkIndex(projection, sim.network().projections().size()));
        CsrMatrix csr = sim.writableSynapses(projection);
        if (!csr.hasWeightArray()) {
            throw new IllegalArgumentException("projection " + projection + " has one constant weight " + csr.constantWeight()
                    + "; homeostatic scaling needs per-synapse weights (use a non-constant WeightRule)");
        }
        PlasticSynapses syn = PlasticSynapses.wrap(allocator, csr.rows(), csr.columns(), csr.parts().get(CsrMatrix.ROW_OFFSETS),
                csr.targets(), csr.weights());
        Population target = sim.network().populations().get(spec.target());
        HomeostaticProjection p = new HomeostaticProjection(scaling, syn, scaling.allocateState(allocator, target.count()),
                projection, target);
        sim.addHook(p);
        return p;
    }

    /** The per-neuron counters, rates and scales (layout {@code shnn_homeostasis_state}). */
    public PopulationState state() {
        return state;
    }

    /** The rule. */
    public HomeostaticScaling scaling() {
        return scaling;
    }

    @Override
    public void afterDelivery(StepContext ctx) {
        int lo = Math.clamp((long) ctx.from() - targetFirst, 0, targetCount);
        int hi = Math.clamp((long) ctx.to() - targetFirst, 0, targetCount);
        if (lo >= hi) {
            return;
        }
        for (int k = 0, n = ctx.spikeCount(); k < n; k++) {
            int local = ctx.spike(k) - targetFirst;
            if (local >= lo && local < hi) {
                scaling.onPostSpike(state, local);
            }
        }
        if (scaling.isWindowEnd(ctx.step())) {
            scaling.applyWindowEnd(state, synapses, lo, hi);
        }
    }

    /**
     * Any: it reads only the step's spikes and writes its own rate estimates and the weights of its worker's incoming synapses, whose deliveries and
     * hook calls come in the same order for any phase ({@link StepHook}).
     */
    @Override
    public int maxStepsPerPhase() {
        return Integer.MAX_VALUE;
    }

    /**
     * True: on a rank of a distributed run each worker updates the synapses onto its own neurons, which are that
     * rank's ({@link StepHook#runsOnRanks()}); the other ranks' spikes reach it through the context.
     */
    @Override
    public boolean runsOnRanks() {
        return true;
    }

    @Override
    public List<NamedSegment> stateSections() {
        return List.of(new NamedSegment(StateDescriptor.homeostasis(projection), state.segment()));
    }

    /** @throws IllegalArgumentException if the saved section's size does not match the target population */
    @Override
    public void restoreState(Function<String, MemorySegment> sections) {
        String name = StateDescriptor.homeostasis(projection);
        MemorySegment saved = sections.apply(name);
        if (saved == null) {
            return;
        }
        if (saved.byteSize() != state.segment().byteSize()) {
            throw new IllegalArgumentException("section " + name + " has " + saved.byteSize() + " bytes; expected "
                    + state.segment().byteSize());
        }
        state.segment().copyFrom(saved);
    }

    /**
     * Copies the saved counters of the target neurons among global ids {@code [from, to)} (a shard of a checkpoint
     * saved on another rank count).
     *
     * @throws IllegalArgumentException if the saved section's size does not match the target population
     */
    @Override
    public void restoreNeurons(Function<String, MemorySegment> sections, int from, int to) {
        String name = StateDescriptor.homeostasis(projection);
        MemorySegment saved = sections.apply(name);
        int lo = Math.clamp((long) from - targetFirst, 0, targetCount);
        int hi = Math.clamp((long) to - targetFirst, lo, targetCount);
        if (saved == null || lo == hi) {
            return;
        }
        try {
            state.copyNeurons(saved, lo, hi);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("section " + name + ": " + e.getMessage(), e);
        }
    }
}
