package org.shnn.engine.spec;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cell types a population may have, named as PyNN's standard models (their parameters take PyNN's
 * names and units: mV, ms, nA, nF, uS, Hz). Two are spike sources, the rest neuron models with an
 * excitatory and an inhibitory receptor. {@link #LIF_Q16} is SHNN's own: the current-based LIF of
 * {@link #IF_CURR_EXP} in Q16.16 fixed point, as on integer neuromorphic hardware.
 *
 * <p>Thread-safe (an enum).
 */
public enum CellType {
    /** LIF, current-based exponential synapses (NEST {@code iaf_psc_exp}). */
    IF_CURR_EXP("IF_curr_exp", false, "v", "isyn_exc", "isyn_inh"),
    /** LIF, current-based alpha synapses (NEST {@code iaf_psc_alpha}). */
    IF_CURR_ALPHA("IF_curr_alpha", false, "v", "isyn_exc", "isyn_inh"),
    /** LIF, voltage jumps (NEST {@code iaf_psc_delta}). */
    IF_CURR_DELTA("IF_curr_delta", false, "v"),
    /** LIF, conductance-based exponential synapses (NEST {@code iaf_cond_exp}). */
    IF_COND_EXP("IF_cond_exp", false, "v", "gsyn_exc", "gsyn_inh"),
    /** LIF, conductance-based alpha synapses (NEST {@code iaf_cond_alpha}). */
    IF_COND_ALPHA("IF_cond_alpha", false, "v", "gsyn_exc", "gsyn_inh"),
    /** LIF, exponential conductances, spike-frequency adaptation and relative refractoriness (NEST {@code iaf_cond_exp_sfa_rr}). */
    IF_COND_EXP_GSFA_GRR("IF_cond_exp_gsfa_grr", false, "v", "gsyn_exc", "gsyn_inh", "g_r", "g_s"),
    /** AdEx, exponential conductances (NEST {@code aeif_cond_exp}). */
    EIF_COND_EXP_ISFA_ISTA("EIF_cond_exp_isfa_ista", false, "v", "w", "gsyn_exc", "gsyn_inh"),
    /** AdEx, alpha conductances (NEST {@code aeif_cond_alpha}). */
    EIF_COND_ALPHA_ISFA_ISTA("EIF_cond_alpha_isfa_ista", false, "v", "w", "gsyn_exc", "gsyn_inh"),
    /** Hodgkin-Huxley with Traub's kinetics (NEST {@code hh_cond_exp_traub}). */
    HH_COND_EXP("HH_cond_exp", false, "v", "gsyn_exc", "gsyn_inh", "h", "m", "n"),
    /** Izhikevich (2003), current jumps (NEST {@code izhikevich}). */
    IZHIKEVICH("Izhikevich", false, "v", "u"),
    /** The LIF of {@link #IF_CURR_EXP} in Q16.16 fixed point (SHNN). */
    LIF_Q16("LIF_Q16", false, "v"),
    /** Poisson spike trains: {@code rate} (Hz), {@code start}, {@code duration} (ms). */
    SPIKE_SOURCE_POISSON("SpikeSourcePoisson", true),
    /** Given spike times per neuron: {@code spike_times} (ms). */
    SPIKE_SOURCE_ARRAY("SpikeSourceArray", true);

    /** The receptor names of every neuron model, in receptor-index order. */
    public static final List<String> RECEPTORS = List.of("excitatory", "inhibitory");

    private final String pynnName;
    private final boolean source;
    private final List<String> recordables;

    CellType(String pynnName, boolean source, String... recordables) {
        this.pynnName = pynnName;
        this.source = source;
        this.recordables = List.of(recordables);
    }

    /** The name in descriptions and in PyNN, e.g. {@code IF_cond_exp}. */
    public String pynnName() {
        return pynnName;
    }

    /**
     * Whether the receptors are conductances (uS), whose weights PyNN requires {@code >= 0} on both receptors; a
     * current-based model's (nA or mV) are {@code >= 0} on the excitatory receptor and {@code <= 0} on the inhibitory
     * one ({@code pyNN.standardmodels.check_weights}).
     */
    public boolean conductanceBased() {
        return recordables.contains("gsyn_exc");
    }

    /** Whether the population emits given or random spikes and has no state to integrate or receptors. */
    public boolean isSource() {
        return source;
    }

    /** The state variables that can be recorded besides spikes (PyNN names). */
    public List<String> recordables() {
        return recordables;
    }

    /**
     * The cell type named {@code name} (PyNN's spelling, case-sensitive).
     *
     * @throws SpecException naming the allowed names if there is none
     */
    public static CellType byName(String element, String name) {
        for (CellType c : values()) {
            if (c.pynnName.equals(name)) {
                return c;
            }
        }
        String hint = Arrays.stream(values()).filter(c -> c.pynnName.equalsIgnoreCase(String.valueOf(name))).findFirst()
                .map(c -> " (did you mean " + c.pynnName + "?)").orElse("");
        throw new SpecException(element, "cell_type", "expected one of "
                + Arrays.stream(values()).map(CellType::pynnName).collect(Collectors.joining(", ")) + " but found '"
                + name + "'" + hint);
    }

    /**
     * The receptor index of {@code name} ({@code excitatory} 0, {@code inhibitory} 1).
     *
     * @throws SpecException if the name is not a receptor
     */
    public static int receptorIndex(String element, String name) {
        int r = RECEPTORS.indexOf(name);
        if (r < 0) {
            throw new SpecException(element, "receptor_type", "expected one of " + RECEPTORS + " but found '" + name + "'");
        }
        return r;
    }
}
