package org.shnn.engine.plasticity;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Objects;
import org.shnn.engine.Check;
import org.shnn.layouts.plasticity.PlasticityLayouts;

/**
 * Pair-based STDP with all-to-all spike interaction, computed online with one trace per neuron
 * (Morrison, Diesmann & Gerstner, "Phenomenological models of synaptic plasticity based on spike timing",
 * Biol. Cybern. 98, 2008, section 4.1): pre-synaptic trace {@code x} (tau+), post-synaptic trace {@code y}
 * (tau-), each +1 per spike and exactly exponentially decaying.
 * <ul>
 *   <li>pre spike: {@code w -= A- * y} (additive) or {@code w -= A- * (w - wMin) * y} (multiplicative);</li>
 *   <li>post spike: {@code w += A+ * x} (additive) or {@code w += A+ * (wMax - w) * x} (multiplicative);</li>
 * </ul>
 * then clipped to {@code [wMin, wMax]}. For one pair with {@code Delta t = t_post - t_pre} this is exactly
 * {@code A+ exp(-Delta t / tau+)} for {@code Delta t > 0} and {@code -A- exp(Delta t / tau-)} for
 * {@code Delta t < 0} (signed difference; the original framework's unsigned one broke depression), and 0 at
 * {@code Delta t = 0} (see the package's step protocol). Spike times are the neurons' own; transmission
 * delays are not added.
 *
 * <p>Thread-safety: immutable; see {@link StdpRule} for the state.
 */
public final class PairStdp implements StdpRule {

    private final StdpParams p;
    private final double dt;
    private final double decayPlus;
    private final double decayMinus;
    private final boolean multiplicative;

    /**
     * Creates the rule.
     *
     * @param params parameters
     * @param dt     time step, ms
     */
    public PairStdp(StdpParams params, double dt) {
        this.p = Objects.requireNonNull(params, "params");
        this.dt = Check.dt(dt);
        this.decayPlus = StdpState.decayFactor(dt, params.tauPlusMs());
        this.decayMinus = StdpState.decayFactor(dt, params.tauMinusMs());
        this.multiplicative = params.dependence() == WeightDependence.MULTIPLICATIVE;
    }

    /** The parameters. */
    public StdpParams params() {
        return p;
    }

    @Override
    public double dt() {
        return dt;
    }

    @Override
    public StdpState allocateState(SegmentAllocator allocator, PlasticSynapses synapses) {
        return new StdpState(allocator, synapses, PlasticityLayouts.STDP_PRE, PlasticityLayouts.STDP_POST);
    }

    @Override
    public void onPreSpike(StdpState s, int pre, int postFrom, int postTo) {
        PlasticSynapses syn = s.synapses();
        MemorySegment y = s.postTraces[0];
        for (long e = syn.lowerBound(pre, postFrom), end = syn.rowEnd(pre); e < end; e++) {
            int post = syn.target(e);
            if (post >= postTo) { // rows are sorted and padding (PAD_TARGET) sorts last
                break;
            }
            double w = syn.weight(e);
            double dw = p.aMinus() * StdpState.get(y, post);
            if (multiplicative) {
                dw *= w - p.wMin();
            }
            syn.setWeight(e, clip(w - dw));
        }
    }

    @Override
    public void onPostSpike(StdpState s, int post) {
        PlasticSynapses syn = s.synapses();
        TransposedIndex t = syn.transposed();
        MemorySegment x = s.preTraces[0];
        for (long k = t.colStart(post), end = t.colEnd(post); k < end; k++) {
            long e = t.synapse(k);
            int pre = t.source(k);
            double w = syn.weight(e);
            double dw = p.aPlus() * StdpState.get(x, pre);
            if (multiplicative) {
                dw *= p.wMax() - w;
            }
            syn.setWeight(e, clip(w + dw));
        }
    }

    @Override
    public void addPreSpike(StdpState s, int pre) {
        StdpState.add(s.preTraces[0], pre, 1);
    }

    @Override
    public void addPostSpike(StdpState s, int post) {
        StdpState.add(s.postTraces[0], post, 1);
    }

    @Override
    public void decayPre(StdpState s, int from, int to) {
        StdpState.decay(s.preTraces[0], from, to, decayPlus);
    }

    @Override
    public void decayPost(StdpState s, int from, int to) {
        StdpState.decay(s.postTraces[0], from, to, decayMinus);
    }

    private float clip(double w) {
        return (float) Math.max(p.wMin(), Math.min(p.wMax(), w));
    }
}
