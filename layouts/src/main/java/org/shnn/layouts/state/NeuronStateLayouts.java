package org.shnn.layouts.state;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.util.List;
import org.shnn.layouts.state.SoaLayout.Column;

/**
 * The per-neuron state of every neuron model, one {@link SoaLayout} each. The engine's models
 * ({@code org.shnn.engine.neuron}) read and write exactly these columns; the codec saves them and the C
 * header generator emits them.
 *
 * <p>Conventions: membrane potentials in mV, currents in pA, conductances in nS, stored as {@code double};
 * {@code refractory} is the number of whole time steps the neuron still stays clamped (0 = free). The
 * fixed-point model stores Q16.16 integers (value = int / 65536) in the units named.
 *
 * <p>Thread-safety: constants only.
 */
public final class NeuronStateLayouts {

    private static final Column REFRACTORY =
            new Column("refractory", JAVA_INT, "steps", "time steps of absolute refractoriness left (0 = free)");

    /**
     * Current-based LIF with exponential synaptic currents ({@code LifCubaModel}):
     * {@code v} mV, {@code i_exc} pA, {@code i_inh} pA, {@code refractory} steps.
     */
    public static final SoaLayout LIF_CUBA = SoaLayout.of("lif_cuba",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            new Column("i_exc", JAVA_DOUBLE, "pA", "excitatory synaptic current"),
            new Column("i_inh", JAVA_DOUBLE, "pA", "inhibitory synaptic current (negative when inhibiting)"),
            REFRACTORY);

    /**
     * Conductance-based LIF with exponential conductances ({@code LifCobaModel}):
     * {@code v} mV, {@code g_exc} nS, {@code g_inh} nS, {@code refractory} steps.
     */
    public static final SoaLayout LIF_COBA = SoaLayout.of("lif_coba",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            new Column("g_exc", JAVA_DOUBLE, "nS", "excitatory synaptic conductance"),
            new Column("g_inh", JAVA_DOUBLE, "nS", "inhibitory synaptic conductance"),
            REFRACTORY);

    /**
     * Adaptive exponential integrate-and-fire with exponential conductances ({@code AdExModel}):
     * {@code v} mV, {@code w} pA, {@code g_exc} nS, {@code g_inh} nS, {@code refractory} steps.
     */
    public static final SoaLayout ADEX = SoaLayout.of("adex",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            new Column("w", JAVA_DOUBLE, "pA", "adaptation current"),
            new Column("g_exc", JAVA_DOUBLE, "nS", "excitatory synaptic conductance"),
            new Column("g_inh", JAVA_DOUBLE, "nS", "inhibitory synaptic conductance"),
            REFRACTORY);

    /** Izhikevich (2003) ({@code IzhikevichModel}): {@code v} mV, {@code u} mV (recovery variable). */
    public static final SoaLayout IZHIKEVICH = SoaLayout.of("izhikevich",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            new Column("u", JAVA_DOUBLE, "mV", "membrane recovery variable"));

    /**
     * Q16.16 fixed-point LIF with exponential synaptic currents ({@code FixedPointLifModel}):
     * {@code v} mV, {@code i_exc} pA, {@code i_inh} pA as Q16.16 {@code int32}, {@code refractory} steps.
     */
    public static final SoaLayout FIXED_POINT_LIF = SoaLayout.of("fixed_point_lif",
            new Column("v", JAVA_INT, "mV Q16.16", "membrane potential, value = v / 65536"),
            new Column("i_exc", JAVA_INT, "pA Q16.16", "excitatory synaptic current, value = i_exc / 65536"),
            new Column("i_inh", JAVA_INT, "pA Q16.16", "inhibitory synaptic current, value = i_inh / 65536"),
            REFRACTORY);

    /**
     * LIF with delta synapses, input as voltage jumps ({@code LifDeltaModel}, NEST {@code iaf_psc_delta}):
     * {@code v} mV, {@code refractory} steps.
     */
    public static final SoaLayout LIF_DELTA = SoaLayout.of("lif_delta",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            REFRACTORY);

    /**
     * Current-based LIF with alpha-shaped synaptic currents ({@code LifCubaAlphaModel}, NEST
     * {@code iaf_psc_alpha}): {@code v} mV, {@code i_exc} pA, {@code di_exc} pA/ms, {@code i_inh} pA,
     * {@code di_inh} pA/ms, {@code refractory} steps. Each current is {@code I(t) = exp(-t/tau) (I(0) + t dI(0))}.
     */
    public static final SoaLayout LIF_CUBA_ALPHA = SoaLayout.of("lif_cuba_alpha",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            new Column("i_exc", JAVA_DOUBLE, "pA", "excitatory synaptic current"),
            new Column("di_exc", JAVA_DOUBLE, "pA/ms", "excitatory alpha auxiliary (drives i_exc)"),
            new Column("i_inh", JAVA_DOUBLE, "pA", "inhibitory synaptic current (negative when inhibiting)"),
            new Column("di_inh", JAVA_DOUBLE, "pA/ms", "inhibitory alpha auxiliary (drives i_inh)"),
            REFRACTORY);

    /**
     * Conductance-based LIF with alpha-shaped conductances ({@code LifCobaAlphaModel}, NEST
     * {@code iaf_cond_alpha}): {@code v} mV, {@code g_exc} nS, {@code dg_exc} nS/ms, {@code g_inh} nS,
     * {@code dg_inh} nS/ms, {@code refractory} steps. Each conductance is {@code g(t) = exp(-t/tau) (g(0) + t dg(0))}.
     */
    public static final SoaLayout LIF_COBA_ALPHA = SoaLayout.of("lif_coba_alpha",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            new Column("g_exc", JAVA_DOUBLE, "nS", "excitatory synaptic conductance"),
            new Column("dg_exc", JAVA_DOUBLE, "nS/ms", "excitatory alpha auxiliary (drives g_exc)"),
            new Column("g_inh", JAVA_DOUBLE, "nS", "inhibitory synaptic conductance"),
            new Column("dg_inh", JAVA_DOUBLE, "nS/ms", "inhibitory alpha auxiliary (drives g_inh)"),
            REFRACTORY);

    /**
     * Conductance-based LIF with spike-frequency adaptation and relative refractoriness
     * ({@code LifCobaSfaRrModel}, NEST {@code iaf_cond_exp_sfa_rr}): {@code v} mV, {@code g_exc}, {@code g_inh},
     * {@code g_sfa}, {@code g_rr} nS, {@code refractory} steps.
     */
    public static final SoaLayout LIF_COBA_SFA_RR = SoaLayout.of("lif_coba_sfa_rr",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            new Column("g_exc", JAVA_DOUBLE, "nS", "excitatory synaptic conductance"),
            new Column("g_inh", JAVA_DOUBLE, "nS", "inhibitory synaptic conductance"),
            new Column("g_sfa", JAVA_DOUBLE, "nS", "spike-frequency adaptation conductance"),
            new Column("g_rr", JAVA_DOUBLE, "nS", "relative refractory conductance"),
            REFRACTORY);

    /**
     * Adaptive exponential integrate-and-fire with alpha-shaped conductances ({@code AdExAlphaModel}, NEST
     * {@code aeif_cond_alpha}): {@code v} mV, {@code w} pA, {@code g_exc} nS, {@code dg_exc} nS/ms, {@code g_inh} nS,
     * {@code dg_inh} nS/ms, {@code refractory} steps.
     */
    public static final SoaLayout ADEX_ALPHA = SoaLayout.of("adex_alpha",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            new Column("w", JAVA_DOUBLE, "pA", "adaptation current"),
            new Column("g_exc", JAVA_DOUBLE, "nS", "excitatory synaptic conductance"),
            new Column("dg_exc", JAVA_DOUBLE, "nS/ms", "excitatory alpha auxiliary (drives g_exc)"),
            new Column("g_inh", JAVA_DOUBLE, "nS", "inhibitory synaptic conductance"),
            new Column("dg_inh", JAVA_DOUBLE, "nS/ms", "inhibitory alpha auxiliary (drives g_inh)"),
            REFRACTORY);

    /**
     * Hodgkin-Huxley of Traub &amp; Miles with exponential conductances ({@code HhTraubModel}, NEST
     * {@code hh_cond_exp_traub}): {@code v} mV, gates {@code m}, {@code h}, {@code n} (1), {@code g_exc},
     * {@code g_inh} nS, {@code refractory} steps (spike reporting dead time; v is never clamped).
     */
    public static final SoaLayout HH_TRAUB = SoaLayout.of("hh_traub",
            new Column("v", JAVA_DOUBLE, "mV", "membrane potential"),
            new Column("m", JAVA_DOUBLE, "1", "sodium activation"),
            new Column("h", JAVA_DOUBLE, "1", "sodium inactivation"),
            new Column("n", JAVA_DOUBLE, "1", "potassium activation"),
            new Column("g_exc", JAVA_DOUBLE, "nS", "excitatory synaptic conductance"),
            new Column("g_inh", JAVA_DOUBLE, "nS", "inhibitory synaptic conductance"),
            REFRACTORY);

    /** All neuron-state layouts, for registries and the C header generator. */
    public static final List<SoaLayout> ALL = List.of(LIF_CUBA, LIF_COBA, ADEX, IZHIKEVICH, FIXED_POINT_LIF, LIF_DELTA,
            LIF_CUBA_ALPHA, LIF_COBA_ALPHA, LIF_COBA_SFA_RR, ADEX_ALPHA, HH_TRAUB);

    private NeuronStateLayouts() {
    }
}
