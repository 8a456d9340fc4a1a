package org.shnn.engine.plasticity;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Objects;
import org.shnn.engine.Check;
import org.shnn.layouts.plasticity.PlasticityLayouts;

/**
 * Triplet STDP (Pfister & Gerstner 2006, eqs. 3 and 4): pre-synaptic traces {@code r1} (tau+) and {@code r2}
 * (tau_x), post-synaptic traces {@code o1} (tau-) and {@code o2} (tau_y), exactly exponentially decaying; at
 * its neuron's spike a trace grows by 1 (all-to-all interaction) or is set to 1 (nearest-spike interaction,
 * the paper's saturating detectors: only the latest spike counts).
 * <ul>
 *   <li>pre spike at {@code t}: {@code w -= o1(t) * (A2- + A3- * r2(t - eps))}, times {@code (w - wMin)} when
 *       multiplicative;</li>
 *   <li>post spike at {@code t}: {@code w += r1(t) * (A2+ + A3+ * o2(t - eps))}, times {@code (wMax - w)} when
 *       multiplicative;</li>
 * </ul>
 * clipped to {@code [wMin, wMax]}. "{@code t - eps}" (the trace just before the neuron's own spike) is what
 * the step protocol gives naturally: traces are read before the step's spikes are added. Because {@code o2}
 * accumulates over the post-synaptic spikes of the last {@code tau_y}, potentiation grows with the pairing
 * frequency, reproducing the frequency dependence of Sjöström et al. (2001).
 *
 * <p>Thread-safety: immutable; see {@link StdpRule} for the state.
 */
public final class TripletStdp implements StdpRule {

    private final TripletParams p;
    private final double dt;
    private final double decayR1;
    private final double decayR2;
    private final double decayO1;
    private final double decayO2;
    private final boolean multiplicative;

    /**
     * Creates the rule.
     *
     * @param params parameters
     * @param dt     time step, ms
     */
    public TripletStdp(TripletParams params, double dt) {
        this.p = Objects.requireNonNull(params, "params");
        this.dt = Check.dt(dt);
        this.decayR1 = StdpState.decayFactor(dt, params.tauPlusMs());
        this.decayR2 = StdpState.decayFactor(dt, params.tauXMs());
        this.decayO1 = StdpState.decayFactor(dt, params.tauMinusMs());
        this.decayO2 = StdpState.decayFactor(dt, params.tauYMs());
        this.multiplicative = params.dependence() == WeightDependence.MULTIPLICATIVE;
    }

    /** The parameters. */
    public TripletParams params() {
        return p;
    }

    @Override
    public double dt() {
        return dt;
    }

    @Override
    public StdpState allocateState(SegmentAllocator allocator, PlasticSynapses synapses) {
        return new StdpState(allocator, synapses, PlasticityLayouts.TRIPLET_PRE, PlasticityLayouts.TRIPLET_POST);
    }

    @Override
    public void onPreSpike(StdpState s, int pre, int postFrom, int postTo) {
        PlasticSynapses syn = s.synapses();
        MemorySegment o1 = s.postTraces[0];
        double factor = p.a2Minus() + p.a3Minus() * StdpState.get(s.preTraces[1], pre);
        for (long e = syn.lowerBound(pre, postFrom), end = syn.rowEnd(pre); e < end; e++) {
            int post = syn.target(e);
            if (post >= postTo) { // rows are sorted and padding (PAD_TARGET) sorts last
                break;
            }
            double w = syn.weight(e);
            double dw = StdpState.get(o1, post) * factor;
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
        MemorySegment r1 = s.preTraces[0];
        double factor = p.a2Plus() + p.a3Plus() * StdpState.get(s.postTraces[1], post);
        for (long k = t.colStart(post), end = t.colEnd(post); k < end; k++) {
            long e = t.synapse(k);
            double w = syn.weight(e);
            double dw = StdpState.get(r1, t.source(k)) * factor;
            if (multiplicative) {
                dw *= p.wMax() - w;
            }
            syn.setWeight(e, clip(w + dw));
        }
    }

    @Override
    public void addPreSpike(StdpState s, int pre) {
        spike(s.preTraces[0], pre);
        spike(s.preTraces[1], pre);
    }

    @Override
    public void addPostSpike(StdpState s, int post) {
        spike(s.postTraces[0], post);
        spike(s.postTraces[1], post);
    }

    @Override
    public void decayPre(StdpState s, int from, int to) {
        StdpState.decay(s.preTraces[0], from, to, decayR1);
        StdpState.decay(s.preTraces[1], from, to, decayR2);
    }

    @Override
    public void decayPost(StdpState s, int from, int to) {
        StdpState.decay(s.postTraces[0], from, to, decayO1);
        StdpState.decay(s.postTraces[1], from, to, decayO2);
    }

    private void spike(MemorySegment trace, int i) {
        if (p.nearestSpike()) {
            StdpState.set(trace, i, 1);
        } else {
            StdpState.add(trace, i, 1);
        }
    }

    private float clip(double w) {
        return (float) Math.max(p.wMin(), Math.min(p.wMax(), w));
    }
}
