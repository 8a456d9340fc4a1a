package org.shnn.engine.assembly;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.network.Network;
import org.shnn.engine.neuron.LifCobaParams;
import org.shnn.engine.neuron.LifDeltaModel;
import org.shnn.engine.neuron.LifDeltaParams;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.Distribution;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PoissonDriveSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.ProjectionSpec;
import org.shnn.engine.spec.Value;

/**
 * The standard benchmark networks, scalable in size at constant in-degree.
 *
 * <h2>Vogels-Abbott COBA and CUBA (Brette et al. 2007, benchmarks 1 and 2)</h2>
 * As in Brian2's examples: {@code N} neurons (4000 by default), 80 % excitatory, every pair connected
 * with probability {@code p = 80 / N} (0.02 at N = 4000, so the mean in-degree stays 80 when scaling),
 * autapses allowed, dt 0.1 ms, synaptic variables initially 0 and membrane potentials as in Brian2:
 * COBA {@code v = -55 + 5 randn()} mV, CUBA {@code v = Vr + rand() * (Vt - Vr)}. Brian2 delivers with no
 * delay; our minimum is one step, so every synapse has a delay of 1 step (0.1 ms).
 * <ul>
 * <li>COBA: {@link LifCobaParams#brian2Coba()} (C_m 200 pF, g_L 10 nS, tau_m 20 ms, E_L -60 mV,
 *     V_th -50, V_reset -60 mV, t_ref 5 ms, E_exc 0, E_inh -80 mV, tau_exc 5, tau_inh 10 ms) with the
 *     constant drive of the Brian2 COBA benchmark, {@code I = 20 mV} in voltage units, i.e.
 *     I_e = 20 mV x g_L = 200 pA (without it E_L lies below threshold and the activity dies out);
 *     weights we = 6 nS, wi = 67 nS (0.6 and 6.7 times g_L).</li>
 * <li>CUBA: Brian2's voltage-jump form {@code dv/dt = (ge + gi - (v - El)) / taum},
 *     {@code dge/dt = -ge / taue}, jumps {@code ge += we} with we = 60 x 0.27 / 10 mV = 1.62 mV and
 *     wi = -20 x 4.5 / 10 mV = -9 mV, El = -49 mV, taum 20, taue 5, taui 10 ms, Vt -50, Vr -60 mV,
 *     t_ref 5 ms. It is the current-based LIF {@code C dv/dt = -(C/taum)(v - El) + I} with
 *     {@code I = ge C / taum}: choosing C = 200 pF (so C/taum = 10 nS) the currents are 10 nS times
 *     the voltages, i.e. weights 16.2 pA and -90 pA, with tau_syn 5 and 10 ms. The dynamics of v are
 *     identical; the currents keep decaying during refractoriness as in Brian2's CUBA example.</li>
 * </ul>
 *
 * <h2>Brunel (2000) model A</h2>
 * Brunel, J. Comput. Neurosci. 8:183 (2000), as in NEST's {@code brunel_delta_nest.py}: {@code N} neurons
 * (12500 by default), N_E = 80 % excitatory, sparse random connectivity with fixed in-degree
 * {@code C_E = 0.1 N_E} excitatory and {@code C_I = 0.1 N_I} inhibitory inputs per neuron (epsilon = 0.1 at
 * every size; C_E = 1000 at the default size), multapses and autapses allowed. Neurons are
 * {@link LifDeltaModel} (NEST {@code iaf_psc_delta}, {@link LifDeltaParams#brunel2000()}: tau_m 20 ms,
 * theta 20 mV, V_r 10 mV, t_ref 2 ms; input during refractoriness discarded). Synapses are delta voltage
 * jumps J = 0.1 mV (excitatory) and -g J (inhibitory) with delay D = 1.5 ms. External drive: C_E independent
 * Poisson trains of rate {@code nu_ext = eta nu_thr}, {@code nu_thr = theta / (J C_E tau_m)}, per neuron, i.e.
 * one Poisson source of rate {@code C_E nu_ext} with weight J (a Poisson count per step). g and eta come from
 * the {@link BrunelRegime}. Initial V uniform in [0, theta) mV (NEST's example starts every neuron at 0 mV;
 * the spread only shortens the start-up transient). Smaller N keep epsilon and J, so C_E and the input
 * variance shrink with N; {@code RegimeTest} shows the four regimes at N = 5000 (C_E = 400).
 *
 * <h2>As descriptions</h2>
 * Each network is written as a {@link NetworkSpec} in PyNN's names and units ({@link #cobaSpec}, {@link #cubaSpec},
 * {@link #brunelSpec}) and assembled by {@link Assembler}: what a network file or a host writes for the same
 * network. The unit round trips are exact: e.g. COBA's C_m 0.2 nF x 1000 = 200 pF and g_L = 0.2 nF / 20 ms x 1000
 * = 10 nS, weights 0.006 uS and 0.067 uS x 1000 round to the floats 6 and 67 nS ({@code BuiltinSpecTest} compares
 * every field with the networks as they were built in code).
 *
 * <p>Thread-safety: stateless.
 */
public final class BuiltinNetworks {

    /** Default size of the Vogels-Abbott networks. */
    public static final int VA_NEURONS = 4000;
    /** Default size of Brunel's network (N_E = 10000, N_I = 2500). */
    public static final int BRUNEL_NEURONS = 12500;
    /** Default time step (ms). */
    public static final double DT = 0.1;

    private BuiltinNetworks() {
    }

    /** COBA with the default dt; see the class comment. */
    public static Network coba(int neurons, long seed) {
        return coba(neurons, seed, DT);
    }

    /**
     * The Vogels-Abbott COBA network of {@code neurons} neurons (in-degree 80 on average).
     *
     * @throws IllegalArgumentException if neurons &lt; 2 or dt is not positive
     */
    public static Network coba(int neurons, long seed, double dt) {
        return Assembler.network(cobaSpec(neurons, seed, dt));
    }

    /**
     * COBA as a description: {@code IF_cond_exp} with Brian2's parameters ({@link LifCobaParams#brian2Coba()}) and
     * the constant drive as {@code i_offset} = 0.2 nA, weights 0.006 and 0.067 uS.
     *
     * @throws IllegalArgumentException if neurons &lt; 2 or dt is not positive
     */
    public static NetworkSpec cobaSpec(int neurons, long seed, double dt) {
        checkSize(neurons, 2);
        Map<String, Value> p = parameters("cm", 0.2, "tau_m", 20.0, "v_rest", -60.0, "v_thresh", -50.0, "v_reset", -60.0,
                "tau_refrac", 5.0, "e_rev_E", 0.0, "e_rev_I", -80.0, "tau_syn_E", 5.0, "tau_syn_I", 10.0, "i_offset", 0.2);
        return vogelsAbbott("coba", CellType.IF_COND_EXP, p, neurons, seed, dt, 6.0 / 1000, 67.0 / 1000,
                new Distribution.Normal(-55.0, 5.0));
    }

    /** CUBA with the default dt; see the class comment. */
    public static Network cuba(int neurons, long seed) {
        return cuba(neurons, seed, DT);
    }

    /**
     * The Vogels-Abbott CUBA network of {@code neurons} neurons (in-degree 80 on average).
     *
     * @throws IllegalArgumentException if neurons &lt; 2 or dt is not positive
     */
    public static Network cuba(int neurons, long seed, double dt) {
        return Assembler.network(cubaSpec(neurons, seed, dt));
    }

    /**
     * CUBA as a description: {@code IF_curr_exp} with C_m 0.2 nF, so that Brian2's voltage weights become currents
     * of 10 nS times the voltages (see the class comment), in nA.
     *
     * @throws IllegalArgumentException if neurons &lt; 2 or dt is not positive
     */
    public static NetworkSpec cubaSpec(int neurons, long seed, double dt) {
        checkSize(neurons, 2);
        double cOverTau = 200.0 / 20.0; // nS: converts Brian2's mV to pA
        Map<String, Value> p = parameters("cm", 0.2, "tau_m", 20.0, "v_rest", -49.0, "v_thresh", -50.0, "v_reset", -60.0,
                "tau_refrac", 5.0, "tau_syn_E", 5.0, "tau_syn_I", 10.0, "i_offset", 0.0);
        return vogelsAbbott("cuba", CellType.IF_CURR_EXP, p, neurons, seed, dt, 60 * 0.27 / 10 * cOverTau / 1000,
                -20 * 4.5 / 10 * cOverTau / 1000, new Distribution.Uniform(-60.0, -50.0));
    }

    /** @param we excitatory weight, {@code wi} inhibitory, in the receptors' PyNN unit (uS or nA) */
    private static NetworkSpec vogelsAbbott(String name, CellType cell, Map<String, Value> parameters, int neurons,
            long seed, double dt, double we, double wi, Distribution v0) {
        checkDt(dt);
        int ne = (int) Math.round(neurons * 0.8);
        int ni = neurons - ne;
        double p = Math.min(1.0, 80.0 / neurons);
        PopulationSpec exc = new PopulationSpec("exc", ne, cell, parameters).initialize("v", Value.of(v0));
        PopulationSpec inh = new PopulationSpec("inh", ni, cell, parameters).initialize("v", Value.of(v0));
        Connector conn = new Connector.FixedProbability(p, true);
        Value delay = Value.of(dt); // one step: Brian2 delivers with none, our minimum is one step
        return new NetworkSpec(name, dt, seed, List.of(exc, inh), List.of(
                new ProjectionSpec("exc", "exc", "excitatory", conn, Value.of(we), delay),
                new ProjectionSpec("exc", "inh", "excitatory", conn, Value.of(we), delay),
                new ProjectionSpec("inh", "exc", "inhibitory", conn, Value.of(wi), delay),
                new ProjectionSpec("inh", "inh", "inhibitory", conn, Value.of(wi), delay)));
    }

    /** Brunel with the default dt. */
    public static Network brunel(int neurons, long seed, BrunelRegime regime) {
        return brunel(neurons, seed, regime, DT);
    }

    /**
     * Brunel's (2000) model A in {@code regime}; see the class comment.
     *
     * @throws IllegalArgumentException if neurons &lt; 5 or dt is not positive
     */
    public static Network brunel(int neurons, long seed, BrunelRegime regime, double dt) {
        checkSize(neurons, 5);
        return brunel(neurons, Math.max(4, (int) Math.round(0.1 * Math.round(neurons * 0.8))), seed, regime, dt);
    }

    /**
     * Brunel's model A with an explicit excitatory in-degree {@code C_E} (and {@code C_I = C_E / 4}): a smaller
     * network with Brunel's C_E = 1000 keeps the input statistics of his analysis (mean and variance of the
     * recurrent and external input, which depend on C_E, J, g and eta but not on N) at a higher connection
     * probability {@code C_E / N_E}.
     *
     * @throws IllegalArgumentException if neurons &lt; 5, C_E is not in [4, N_E] or dt is not positive
     */
    public static Network brunel(int neurons, int inDegreeExc, long seed, BrunelRegime regime, double dt) {
        return Assembler.network(brunelSpec(neurons, inDegreeExc, seed, regime, dt));
    }

    /**
     * Brunel's model A as a description: {@code IF_curr_delta} ({@link LifDeltaParams#brunel2000()} in PyNN's
     * names), fixed in-degree with replacement and self-connections, delay 1.5 ms, a Poisson drive of C_E trains.
     *
     * @throws IllegalArgumentException if neurons &lt; 5, C_E is not in [4, N_E] or dt is not positive
     */
    public static NetworkSpec brunelSpec(int neurons, int inDegreeExc, long seed, BrunelRegime regime, double dt) {
        checkSize(neurons, 5);
        checkDt(dt);
        int ne = (int) Math.round(neurons * 0.8);
        int ni = neurons - ne;
        if (inDegreeExc < 4 || inDegreeExc > ne) {
            throw new IllegalArgumentException("Brunel in-degree C_E " + inDegreeExc + " must be in [4, N_E = " + ne + "]");
        }
        int ce = inDegreeExc;
        int ci = Math.min(ni, ce / 4);
        LifDeltaParams p = LifDeltaParams.brunel2000();
        Map<String, Value> params = parameters("cm", p.cM() / 1000, "tau_m", p.tauM(), "v_rest", p.eL(), "v_thresh",
                p.vTh(), "v_reset", p.vReset(), "tau_refrac", p.tRef(), "i_offset", 0.0);
        double j = 0.1; // mV
        Value v0 = Value.of(new Distribution.Uniform(p.eL(), p.vTh()));
        PopulationSpec exc = new PopulationSpec("exc", ne, CellType.IF_CURR_DELTA, params).initialize("v", v0);
        PopulationSpec inh = new PopulationSpec("inh", ni, CellType.IF_CURR_DELTA, params).initialize("v", v0);
        Value delay = Value.of(1.5);
        Connector fromExc = new Connector.FixedNumberPre(ce, true, true);
        Connector fromInh = new Connector.FixedNumberPre(ci, true, true);
        double nuThrHz = p.vTh() / (j * ce * p.tauM()) * 1e3;
        double rate = regime.eta() * nuThrHz;
        return new NetworkSpec("brunel-" + regime.name().toLowerCase(Locale.ROOT), dt, seed, List.of(exc, inh),
                List.of(new ProjectionSpec("exc", "exc", "excitatory", fromExc, Value.of(j), delay),
                        new ProjectionSpec("exc", "inh", "excitatory", fromExc, Value.of(j), delay),
                        new ProjectionSpec("inh", "exc", "inhibitory", fromInh, Value.of(-regime.g() * j), delay),
                        new ProjectionSpec("inh", "inh", "inhibitory", fromInh, Value.of(-regime.g() * j), delay)),
                List.of(new PoissonDriveSpec("exc", "excitatory", ce, rate, j),
                        new PoissonDriveSpec("inh", "excitatory", ce, rate, j)),
                List.of(), List.of());
    }

    private static Map<String, Value> parameters(Object... nameValue) {
        Map<String, Value> m = new java.util.LinkedHashMap<>();
        for (int k = 0; k < nameValue.length; k += 2) {
            m.put((String) nameValue[k], Value.of((Double) nameValue[k + 1]));
        }
        return m;
    }

    private static void checkSize(int neurons, int min) {
        if (neurons < min) {
            throw new IllegalArgumentException("network size " + neurons + " neurons must be >= " + min);
        }
    }

    private static void checkDt(double dt) {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("dt " + dt + " ms must be finite and > 0");
        }
    }
}
