package org.shnn.engine.neuron;

import org.shnn.engine.Check;

/**
 * Parameters of the Izhikevich (2003) neuron ({@link IzhikevichModel}), in the paper's units: time in ms,
 * {@code v} and {@code u} in mV, the input current {@code I} in the paper's normalised units (mV/ms; NEST
 * labels it pA and so does the {@code external} buffer, added to {@code I} one to one).
 *
 * <pre>
 *   dv/dt = 0.04 v^2 + 5 v + 140 - u + I
 *   du/dt = a (b v - u)
 *   at v &gt;= v_peak: v -&gt; c, u -&gt; u + d
 * </pre>
 *
 * @param a     time scale of the recovery variable, 1/ms, &gt; 0
 * @param b     sensitivity of {@code u} to {@code v}, 1 (dimensionless in the paper's scaling)
 * @param c     after-spike reset of {@code v}, mV; below {@code vPeak}
 * @param d     after-spike increment of {@code u}, mV
 * @param vPeak spike cut-off, mV (default 30)
 * @param vInit initial membrane potential, mV (default -65; {@code u} starts at {@code b * vInit}, as in the
 *              paper's code)
 * @param iE    constant bias current, paper units (default 0)
 */
public record IzhikevichParams(double a, double b, double c, double d, double vPeak, double vInit, double iE) {

    /** The four presets of Izhikevich (2003), Fig. 2; {@code vPeak = 30}, {@code vInit = -65}, {@code iE = 0}. */
    public enum Preset {
        /** Regular spiking (excitatory cortical): a 0.02, b 0.2, c -65, d 8; adapts. */
        RS(0.02, 0.2, -65, 8),
        /** Intrinsically bursting: a 0.02, b 0.2, c -55, d 4; an initial burst, then tonic spikes. */
        IB(0.02, 0.2, -55, 4),
        /** Chattering: a 0.02, b 0.2, c -50, d 2; repeated high-frequency bursts. */
        CH(0.02, 0.2, -50, 2),
        /** Fast spiking (inhibitory interneuron): a 0.1, b 0.2, c -65, d 2; fast, little adaptation. */
        FS(0.1, 0.2, -65, 2);

        private final double a;
        private final double b;
        private final double c;
        private final double d;

        Preset(double a, double b, double c, double d) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
        }

        /** The preset as parameters. */
        public IzhikevichParams params() {
            return new IzhikevichParams(a, b, c, d, 30.0, -65.0, 0.0);
        }
    }

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field, its value and the bound it breaks
     */
    public IzhikevichParams {
        Check.positive("a", a, "1/ms");
        Check.finite("b", b, "1");
        Check.finite("c", c, "mV");
        Check.finite("d", d, "mV");
        Check.finite("vPeak", vPeak, "mV");
        Check.below("c", c, "vPeak", vPeak, "mV");
        Check.finite("vInit", vInit, "mV");
        Check.finite("iE", iE, "mV/ms");
    }

    /** PyNN's {@code Izhikevich}: names and defaults (PyNN units). */
    static final PyNNCell PYNN = new PyNNCell("Izhikevich",
            "a", 0.02, "b", 0.2, "c", -65.0, "d", 2.0, "i_offset", 0.0);

    /** PyNN's default initial {@code v} of an {@code Izhikevich} cell, mV ({@code u} = -14 = b v). */
    static final double PYNN_V_INIT = -70.0;

    /**
     * The parameters of a PyNN {@code Izhikevich} cell (PyNN 0.10.1, {@code pyNN/standardmodels/cells.py});
     * missing names take PyNN's defaults.
     * <pre>
     *   PyNN name   PyNN unit  default  engine field  engine unit
     *   a           1/ms       0.02     a             1/ms
     *   b           1/ms       0.2      b             1
     *   c           mV         -65.0    c             mV
     *   d           mV/ms      2.0      d             mV
     *   i_offset    nA         0.0      iE            paper units = pA  (x 1000; PyNN's Brian2 and NEST
     *                                                  backends divide the current by 1 pF, so 1 pA = 1 mV/ms)
     *   (none)                          vPeak         mV, 30 (as PyNN's backends)
     *   (none)                          vInit         mV, -70: PyNN's default initial v (its default u, -14,
     *                                                  is b vInit, as this model starts)
     * </pre>
     * Weights of a PyNN projection onto this cell are voltage jumps in mV, as the engine's inputs.
     *
     * @param p PyNN name to value in PyNN units (not modified)
     * @throws IllegalArgumentException naming the parameter and listing the allowed names if a name is unknown,
     *                                  or naming the field if a converted value is invalid
     */
    public static IzhikevichParams fromPyNN(java.util.Map<String, Double> p) {
        return PYNN.build(p, v -> new IzhikevichParams(v.get("a"), v.get("b"), v.get("c"), v.get("d"), 30.0,
                PYNN_V_INIT, v.get("i_offset") * PyNNCell.MILLI_TO_PICO));
    }

    /** The regular-spiking preset. */
    public static IzhikevichParams defaults() {
        return Preset.RS.params();
    }

    /** A copy with {@code iE} replaced. */
    public IzhikevichParams withIE(double v) {
        return new IzhikevichParams(a, b, c, d, vPeak, vInit, v);
    }
}
