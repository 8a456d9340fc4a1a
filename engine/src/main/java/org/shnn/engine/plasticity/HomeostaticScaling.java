package org.shnn.engine.plasticity;

import java.lang.foreign.SegmentAllocator;
import java.util.Objects;
import org.shnn.engine.Check;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.layouts.plasticity.PlasticityLayouts;

/**
 * Homeostatic synaptic scaling (Turrigiano et al., Nature 391, 1998; multiplicative form of van Rossum,
 * Bi & Turrigiano, J. Neurosci. 20, 2000): each post-synaptic neuron counts its spikes over a fixed window;
 * at the end of every window its measured rate {@code r = count / window} sets the scale
 * {@code s = clamp(1 + f (target / r - 1), minScale, maxScale)} ({@code s = maxScale} when {@code r = 0}),
 * and all its incoming weights are multiplied by {@code s} and clipped to {@code [wMin, wMax]}. A neuron
 * firing above target so weakens its inputs and one firing below strengthens them.
 *
 * <p>Windows are whole steps: window {@code k} covers steps {@code [k W, (k+1) W)} with
 * {@code W = round(windowMs / dt)}; {@link #isWindowEnd(long)} is true on the last step of each.
 * State per post-synaptic neuron (layout {@link PlasticityLayouts#HOMEOSTASIS}): {@code count},
 * {@code rate} (last window, Hz), {@code scale} (last applied). Unlike the original, the rate is not divided
 * by the time since the first spike in the window (which overestimated sparse rates).
 *
 * <p>Thread-safety: immutable; {@link #onPostSpike} and {@link #applyWindowEnd} for disjoint neurons may run
 * concurrently (each touches only its own state row and incoming weights).
 */
public final class HomeostaticScaling {

    private static final int COUNT = 0;
    private static final int RATE = 1;
    private static final int SCALE = 2;

    private final HomeostasisParams p;
    private final int windowSteps;
    private final double windowSeconds;

    /**
     * Creates the rule.
     *
     * @param params parameters
     * @param dt     time step, ms
     * @throws IllegalArgumentException if the window is shorter than one step
     */
    public HomeostaticScaling(HomeostasisParams params, double dt) {
        this.p = Objects.requireNonNull(params, "params");
        Check.dt(dt);
        double steps = Math.rint(params.windowMs() / dt);
        if (steps < 1 || steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("windowMs = " + params.windowMs() + " ms is " + steps + " steps of dt = "
                    + dt + " ms; must be in [1, " + Integer.MAX_VALUE + "]");
        }
        this.windowSteps = (int) steps;
        this.windowSeconds = windowSteps * dt / 1000.0;
    }

    /** The parameters. */
    public HomeostasisParams params() {
        return p;
    }

    /** Window length in steps. */
    public int windowSteps() {
        return windowSteps;
    }

    /**
     * Allocates the per-neuron state of {@code posts} post-synaptic neurons from {@code allocator} (its owner):
     * counts 0, rates NaN (none measured yet), scales 1.
     */
    public PopulationState allocateState(SegmentAllocator allocator, int posts) {
        PopulationState s = PopulationState.allocate(PlasticityLayouts.HOMEOSTASIS, allocator, posts);
        for (int i = 0; i < posts; i++) {
            s.setInt(COUNT, i, 0);
            s.setDouble(RATE, i, Double.NaN);
            s.setDouble(SCALE, i, 1);
        }
        return s;
    }

    /** Post-synaptic neuron {@code post} fired. */
    public void onPostSpike(PopulationState s, int post) {
        s.setInt(COUNT, post, s.getInt(COUNT, post) + 1);
    }

    /** Whether {@code step} is the last step of a window (then call {@link #applyWindowEnd} after its spikes). */
    public boolean isWindowEnd(long step) {
        return (step + 1) % windowSteps == 0;
    }

    /** The scale for a measured rate, Hz. */
    public double scaleFor(double rateHz) {
        double s = rateHz > 0 ? 1 + p.factor() * (p.targetRateHz() / rateHz - 1) : p.maxScale();
        return Math.max(p.minScale(), Math.min(p.maxScale(), s));
    }

    /**
     * Ends the window for post-synaptic neurons {@code [from, to)}: measures their rates, scales their incoming
     * weights in {@code synapses} and resets their counts.
     *
     * @throws IndexOutOfBoundsException if the range exceeds the state or the synapses' post count
     */
    public void applyWindowEnd(PopulationState s, PlasticSynapses synapses, int from, int to) {
        Objects.checkFromToIndex(from, to, Math.min(s.count(), synapses.posts()));
        TransposedIndex t = synapses.transposed();
        for (int i = from; i < to; i++) {
            double rate = s.getInt(COUNT, i) / windowSeconds;
            double scale = scaleFor(rate);
            for (long k = t.colStart(i), end = t.colEnd(i); k < end; k++) {
                long e = t.synapse(k);
                double w = synapses.weight(e) * scale;
                synapses.setWeight(e, (float) Math.max(p.wMin(), Math.min(p.wMax(), w)));
            }
            s.setInt(COUNT, i, 0);
            s.setDouble(RATE, i, rate);
            s.setDouble(SCALE, i, scale);
        }
    }

    /** The rate measured over the last complete window of {@code post}, Hz (NaN before the first). */
    public double lastRateHz(PopulationState s, int post) {
        return s.getDouble(RATE, post);
    }

    /** The scale applied to {@code post}'s weights at the last window end (1 before the first). */
    public double lastScale(PopulationState s, int post) {
        return s.getDouble(SCALE, post);
    }
}
