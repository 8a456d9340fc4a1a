package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;

/**
 * The Izhikevich (2003, IEEE Trans. Neural Netw. 14:1569) simple model; equations and presets in
 * {@link IzhikevichParams}. No refractory period (the reset to {@code c} and the jump of {@code u} do its job).
 *
 * <h2>Integration</h2>
 * The paper's reference code, for its 1 ms step, advances {@code v} in two forward-Euler half steps of
 * 0.5 ms with {@code u} frozen, then {@code u} in one 1 ms Euler step using the new {@code v} ("for numerical
 * stability"). This model generalises that: {@code v} takes {@code n = ceil(dt / 0.5 ms)} Euler sub-steps of
 * {@code dt / n} with {@code u} frozen, then {@code u += dt * a (b v - u)} with the new {@code v}. At
 * {@code dt = 1 ms} this is exactly the paper's scheme; at {@code dt <= 0.5 ms} (e.g. 0.1 ms) it is one
 * semi-implicit Euler step per {@code dt}, as NEST's {@code izhikevich} does. Differences from the reference
 * code: once a sub-step reaches {@code v_peak}, {@code v} is capped there and the remaining sub-steps are
 * skipped, so the quadratic term cannot run away to infinity and {@code u}'s update sees {@code v_peak}
 * rather than an arbitrary overshoot; and the spike is reported in the step that crosses, not at the start of
 * the next one.
 *
 * <p>Synapses are NEST's: input is a voltage jump in mV (both receptors add their weights to {@code v};
 * inhibitory weights are negative), applied after the integration and before the threshold check. The
 * external buffer adds to {@code I}. State ({@link NeuronStateLayouts#IZHIKEVICH}): {@code v} mV, {@code u};
 * initial {@code v = vInit}, {@code u = b * vInit}. Thread-safety: immutable; see {@link NeuronModel}.
 */
public final class IzhikevichModel extends NeuronModelBase<IzhikevichParams> {

    /** Upper bound of the Euler sub-step for {@code v}, ms (the paper's half step). */
    public static final double MAX_V_SUBSTEP = 0.5;

    private static final SoaLayout LAYOUT = NeuronStateLayouts.IZHIKEVICH;
    private static final int V = LAYOUT.columnIndex("v");
    private static final int U = LAYOUT.columnIndex("u");

    private final int substeps;
    private final double hv;

    /**
     * Creates the model.
     *
     * @param params parameters (validated by the record)
     * @param dt     time step, ms, &gt; 0 and at most 1000
     * @throws IllegalArgumentException if {@code dt} is invalid
     */
    public IzhikevichModel(IzhikevichParams params, double dt) {
        super(LAYOUT, params, dt, 2, "mV");
        if (dt > 1000) {
            throw new IllegalArgumentException("dt = " + dt + " ms must be <= 1000 ms");
        }
        this.substeps = Math.max(1, (int) Math.ceil(dt / MAX_V_SUBSTEP - 1e-9));
        this.hv = dt / substeps;
    }

    /** Number of Euler sub-steps of {@code v} per time step. */
    public int substeps() {
        return substeps;
    }

    @Override
    void setRest(PopulationState s, int i) {
        s.setDouble(V, i, params.vInit());
        s.setDouble(U, i, params.b() * params.vInit());
    }

    @Override
    public void step(PopulationState s, int from, int to, MemorySegment[] input, MemorySegment external, SpikeSink sink) {
        checkStep(s, from, to, input, external, sink);
        MemorySegment m = s.segment();
        long oV = s.columnOffset(V);
        long oU = s.columnOffset(U);
        MemorySegment inExc = input[0];
        MemorySegment inInh = input[1];
        double a = params.a();
        double b = params.b();
        double c = params.c();
        double d = params.d();
        double vPeak = params.vPeak();
        double adt = a * dt;
        for (int i = from; i < to; i++) {
            long off = (long) i << 3;
            long f = (long) i << 2;
            double v = m.get(JAVA_DOUBLE, oV + off);
            double u = m.get(JAVA_DOUBLE, oU + off);
            double current = external == null ? params.iE() : params.iE() + external.get(JAVA_DOUBLE, off);
            for (int k = 0; k < substeps; k++) {
                v += hv * ((0.04 * v + 5.0) * v + 140.0 - u + current);
                if (v >= vPeak) {
                    v = vPeak;
                    break;
                }
            }
            u += adt * (b * v - u);
            v += inExc.get(JAVA_FLOAT, f) + inInh.get(JAVA_FLOAT, f);
            if (v >= vPeak) {
                v = c;
                u += d;
                sink.spike(i);
            }
            m.set(JAVA_DOUBLE, oV + off, v);
            m.set(JAVA_DOUBLE, oU + off, u);
        }
    }

    @Override
    public String toString() {
        return "IzhikevichModel[" + params + ", dt=" + dt + " ms, substeps=" + substeps + "]";
    }
}
