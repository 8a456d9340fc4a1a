package org.shnn.engine.network;

import org.shnn.engine.neuron.LifCobaModel;
import org.shnn.engine.neuron.LifCobaParams;
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;
import org.shnn.engine.neuron.LifDeltaModel;
import org.shnn.engine.neuron.LifDeltaParams;

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
        checkSize(neurons, 2);
        LifCobaModel model = new LifCobaModel(LifCobaParams.brian2Coba().withIE(200.0), dt);
        return vogelsAbbott("coba", model, neurons, seed, dt, 6.0, 67.0, new InitialValue.Normal(-55.0, 5.0));
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
        checkSize(neurons, 2);
        double cOverTau = 200.0 / 20.0; // nS: converts Brian2's mV to pA
        LifCubaParams p = new LifCubaParams(200.0, 20.0, -49.0, -50.0, -60.0, 5.0, 5.0, 10.0, 0.0);
        LifCubaModel model = new LifCubaModel(p, dt);
        return vogelsAbbott("cuba", model, neurons, seed, dt, 60 * 0.27 / 10 * cOverTau, -20 * 4.5 / 10 * cOverTau,
                new InitialValue.Uniform(-60.0, -50.0));
    }

    private static Network vogelsAbbott(String name, org.shnn.engine.neuron.NeuronModel model, int neurons, long seed,
            double dt, double we, double wi, InitialValue v0) {
        int ne = (int) Math.round(neurons * 0.8);
        int ni = neurons - ne;
        double p = Math.min(1.0, 80.0 / neurons);
        NetworkBuilder b = new NetworkBuilder(name, dt, seed);
        Population exc = b.population("exc", model, ne);
        Population inh = b.population("inh", model, ni);
        for (Population pop : new Population[] {exc, inh}) {
            b.initialize(pop, "v", v0);
        }
        Connectivity conn = Connectivity.fixedProbability(p);
        DelayRule delay = DelayRule.constant(1);
        b.connect(exc, exc, 0, conn, WeightRule.constant(we), delay);
        b.connect(exc, inh, 0, conn, WeightRule.constant(we), delay);
        b.connect(inh, exc, 1, conn, WeightRule.constant(wi), delay);
        b.connect(inh, inh, 1, conn, WeightRule.constant(wi), delay);
        return b.build();
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
        checkSize(neurons, 5);
        int ne = (int) Math.round(neurons * 0.8);
        int ni = neurons - ne;
        if (inDegreeExc < 4 || inDegreeExc > ne) {
            throw new IllegalArgumentException("Brunel in-degree C_E " + inDegreeExc + " must be in [4, N_E = " + ne + "]");
        }
        int ce = inDegreeExc;
        int ci = Math.min(ni, ce / 4);
        LifDeltaParams p = LifDeltaParams.brunel2000();
        double j = 0.1; // mV
        LifDeltaModel model = new LifDeltaModel(p, dt);
        NetworkBuilder b = new NetworkBuilder("brunel-" + regime.name().toLowerCase(java.util.Locale.ROOT), dt, seed);
        Population exc = b.population("exc", model, ne);
        Population inh = b.population("inh", model, ni);
        DelayRule delay = DelayRule.constantMs(1.5, dt);
        for (Population target : new Population[] {exc, inh}) {
            b.initialize(target, "v", new InitialValue.Uniform(p.eL(), p.vTh()));
        }
        for (Population target : new Population[] {exc, inh}) {
            b.connect(exc, target, 0, Connectivity.fixedInDegree(ce), WeightRule.constant(j), delay);
        }
        for (Population target : new Population[] {exc, inh}) {
            b.connect(inh, target, 1, Connectivity.fixedInDegree(ci), WeightRule.constant(-regime.g() * j), delay);
        }
        double nuThrHz = p.vTh() / (j * ce * p.tauM()) * 1e3;
        for (Population target : new Population[] {exc, inh}) {
            b.poissonInput(target, 0, ce, regime.eta() * nuThrHz, j);
        }
        return b.build();
    }

    private static void checkSize(int neurons, int min) {
        if (neurons < min) {
            throw new IllegalArgumentException("network size " + neurons + " neurons must be >= " + min);
        }
    }
}
