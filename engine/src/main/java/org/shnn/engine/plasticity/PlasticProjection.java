package org.shnn.engine.plasticity;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.List;
import java.util.Map;
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
 * Makes one projection of a {@link Simulation} plastic: an {@link StdpRule} updates its CSR weights in place
 * at every step, from inside the step loop ({@link StepHook}).
 *
 * <p>Each worker runs the package's step protocol for the post-synaptic neurons it owns: it depresses the
 * synapses of the step's firing pre-synaptic neurons that target its range, potentiates the incoming synapses
 * of its own firing post-synaptic neurons, and advances its traces. It thus writes exactly the weights it
 * delivers, so no weight is read by one worker while another writes it. Each worker keeps its own
 * {@link StdpState}: a full copy of the pre-synaptic traces (all workers compute them identically from the
 * same spikes) and the post-synaptic traces of its own range. The weights after a run are therefore
 * bit-identical for any thread count. Weights used for delivery at step {@code t} are those before the
 * updates of step {@code t}.
 *
 * <p>The plastic weights are the projection's own CSR weights, so {@code Checkpoint.save} checkpoints them;
 * the traces are checkpointed through {@link #stateSections()} as {@code plasticity/projection/<i>/pre} and
 * {@code .../post} (independent of the thread count) and restored when the rule is attached again, in the
 * same order, to the opened simulation before it runs: the resumed run is then bit-identical.
 *
 * <p>Ownership: the transposed index and traces come from the allocator given to {@link #attach}, which must
 * outlive the simulation's runs. Thread-safety: see {@link StepHook}.
 */
public final class PlasticProjection implements StepHook {

    private final StdpRule rule;
    private final PlasticSynapses synapses;
    private final StdpState[] states;
    private final int[][] preScratch;
    private final int[][] postScratch;
    private final int sourceFirst;
    private final int sourceEnd;
    private final int targetFirst;
    private final int targetCount;
    private final int projection;
    private final int[] ownedFrom;
    private final int[] ownedTo;

    private PlasticProjection(int projection, StdpRule rule, PlasticSynapses synapses, StdpState[] states,
                              Population source, Population target) {
        this.projection = projection;
        this.ownedFrom = new int[states.length];
        this.ownedTo = new int[states.length];
        this.rule = rule;
        this.synapses = synapses;
        this.states = states;
        this.sourceFirst = source.firstId();
        this.sourceEnd = source.endId();
        this.targetFirst = target.firstId();
        this.targetCount = target.count();
        this.preScratch = new int[states.length][source.count()];
        this.postScratch = new int[states.length][target.count()];
    }

    /**
     * Attaches {@code rule} to projection {@code projection} of {@code sim} and registers the hook.
     *
     * @throws IllegalArgumentException if the projection has no per-synapse weights (a constant weight cannot
     *     change), or the rule's dt differs from the network's
     */
    public static PlasticProjection attach(Simulation sim, int projection, StdpRule rule, SegmentAllocator allocator) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(allocator, "allocator");
        Projection spec = sim.network().projections().get(Objects.checkIndex(projection, sim.network().projections().size()));
        if (Double.compare(rule.dt(), sim.network().dt()) != 0) {
            throw new IllegalArgumentException("rule dt " + rule.dt() + " ms differs from the network's dt " + sim.network().dt() + " ms");
        }
        CsrMatrix csr = sim.writableSynapses(projection); // a copy if mapped read-only from a checkpoint
        if (!csr.hasWeightArray()) {
            throw new IllegalArgumentException("projection " + projection + " has one constant weight " + csr.constantWeight()
                    + "; plasticity needs per-synapse weights (use a non-constant WeightRule)");
        }
        Map<String, MemorySegment> parts = csr.parts();
        PlasticSynapses syn = PlasticSynapses.wrap(allocator, csr.rows(), csr.columns(), parts.get(CsrMatrix.ROW_OFFSETS),
                csr.targets(), csr.weights());
        StdpState[] states = new StdpState[sim.config().threads()];
        for (int w = 0; w < states.length; w++) {
            states[w] = rule.allocateState(allocator, syn);
        }
        PlasticProjection p = new PlasticProjection(projection, rule, syn, states,
                sim.network().populations().get(spec.source()), sim.network().populations().get(spec.target()));
        sim.addHook(p);
        return p;
    }

    /** The synapses (weights are the simulation's CSR weights). */
    public PlasticSynapses synapses() {
        return synapses;
    }

    /** The traces kept by worker {@code w} (its post-synaptic traces are valid for its own range only). */
    public StdpState state(int w) {
        return states[w];
    }

    @Override
    public void afterDelivery(StepContext ctx) {
        int w = ctx.worker();
        StdpState s = states[w];
        int lo = Math.clamp((long) ctx.from() - targetFirst, 0, targetCount);
        int hi = Math.clamp((long) ctx.to() - targetFirst, 0, targetCount);
        ownedFrom[w] = lo; // plain: read by the controlling thread after the run (the end of runSteps orders it)
        ownedTo[w] = hi;
        int[] pres = preScratch[w];
        int[] posts = postScratch[w];
        int np = 0;
        int nq = 0;
        for (int k = 0, n = ctx.spikeCount(); k < n; k++) {
            int g = ctx.spike(k);
            if (g >= sourceFirst && g < sourceEnd) {
                pres[np++] = g - sourceFirst;
            }
            int local = g - targetFirst;
            if (local >= lo && local < hi) {
                posts[nq++] = local;
            }
        }
        if (lo < hi) {
            for (int k = 0; k < np; k++) {
                rule.onPreSpike(s, pres[k], lo, hi);
            }
        }
        for (int k = 0; k < nq; k++) {
            rule.onPostSpike(s, posts[k]);
        }
        for (int k = 0; k < np; k++) {
            rule.addPreSpike(s, pres[k]);
        }
        for (int k = 0; k < nq; k++) {
            rule.addPostSpike(s, posts[k]);
        }
        rule.decayPre(s, 0, synapses.pres());
        rule.decayPost(s, lo, hi);
    }

    /**
     * Any: it reads only the step's spikes and writes its own traces and the weights of its worker's incoming synapses, whose deliveries and
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

    /**
     * The traces as two sections, {@code plasticity/projection/<i>/pre} (the pre-synaptic traces, identical in
     * every worker) and {@code .../post} (each post-synaptic neuron's traces from the worker that owns it,
     * assembled into a fresh heap segment). Call between runs.
     */
    @Override
    public List<NamedSegment> stateSections() {
        PopulationState post0 = states[0].postTraces();
        MemorySegment post = MemorySegment.ofArray(new long[(int) ((post0.segment().byteSize() + 7) / 8)])
                .asSlice(0, post0.segment().byteSize());
        post.copyFrom(post0.segment());
        for (int w = 1; w < states.length; w++) {
            PopulationState pw = states[w].postTraces();
            for (int c = 0; c < pw.layout().columnCount(); c++) {
                long size = pw.layout().column(c).elementSize();
                MemorySegment.copy(pw.segment(), pw.columnOffset(c) + size * ownedFrom[w], post,
                        pw.columnOffset(c) + size * ownedFrom[w], size * (ownedTo[w] - ownedFrom[w]));
            }
        }
        return List.of(new NamedSegment(StateDescriptor.stdpPreTraces(projection), states[0].preTraces().segment()),
                new NamedSegment(StateDescriptor.stdpPostTraces(projection), post));
    }

    /**
     * Copies saved traces into every worker's state (each worker then uses its own range of the post-synaptic
     * traces); nothing happens if the checkpoint has no traces for this projection.
     *
     * @throws IllegalArgumentException if a saved section's size does not match the rule's layout
     */
    @Override
    public void restoreState(Function<String, MemorySegment> sections) {
        String preName = StateDescriptor.stdpPreTraces(projection);
        String postName = StateDescriptor.stdpPostTraces(projection);
        MemorySegment pre = sections.apply(preName);
        MemorySegment post = sections.apply(postName);
        if (pre == null || post == null) {
            return;
        }
        for (StdpState s : states) {
            copy(preName, pre, s.preTraces().segment());
            copy(postName, post, s.postTraces().segment());
        }
    }

    /**
     * Copies the saved post-synaptic traces of the target neurons among global ids {@code [from, to)} into every
     * worker's state (a shard of a checkpoint saved on another rank count; the pre-synaptic traces, the same on
     * every rank, stay as {@link #restoreState} put them).
     *
     * @throws IllegalArgumentException if the saved section's size does not match the rule's layout
     */
    @Override
    public void restoreNeurons(Function<String, MemorySegment> sections, int from, int to) {
        String postName = StateDescriptor.stdpPostTraces(projection);
        MemorySegment post = sections.apply(postName);
        int lo = Math.clamp((long) from - targetFirst, 0, targetCount);
        int hi = Math.clamp((long) to - targetFirst, lo, targetCount);
        if (post == null || lo == hi) {
            return;
        }
        for (StdpState s : states) {
            try {
                s.postTraces().copyNeurons(post, lo, hi);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("section " + postName + ": " + e.getMessage(), e);
            }
        }
    }

    private static void copy(String name, MemorySegment from, MemorySegment to) {
        if (from.byteSize() != to.byteSize()) {
            throw new IllegalArgumentException("section " + name + " has " + from.byteSize() + " bytes; the rule's traces need "
                    + to.byteSize());
        }
        to.copyFrom(from);
    }
}
