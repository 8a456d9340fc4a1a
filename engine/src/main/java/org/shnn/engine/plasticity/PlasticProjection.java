package org.shnn.engine.plasticity;

import java.lang.foreign.SegmentAllocator;
import java.util.Map;
import java.util.Objects;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.Projection;
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
 * <p>The plastic weights are the projection's own CSR weights, so {@code Simulation.save} checkpoints them;
 * the traces are not saved (they restart at 0 after a resume).
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

    private PlasticProjection(StdpRule rule, PlasticSynapses synapses, StdpState[] states, Population source,
                              Population target) {
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
        CsrMatrix csr = sim.synapses(projection);
        if (!csr.hasWeightArray()) {
            throw new IllegalArgumentException("projection " + projection + " has one constant weight " + csr.constantWeight()
                    + "; plasticity needs per-synapse weights (use a non-constant WeightRule)");
        }
        Map<String, java.lang.foreign.MemorySegment> parts = csr.parts();
        PlasticSynapses syn = PlasticSynapses.wrap(allocator, csr.rows(), csr.columns(), parts.get("rowOffsets"),
                csr.targets(), csr.weights());
        StdpState[] states = new StdpState[sim.config().threads()];
        for (int w = 0; w < states.length; w++) {
            states[w] = rule.allocateState(allocator, syn);
        }
        PlasticProjection p = new PlasticProjection(rule, syn, states,
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
}
