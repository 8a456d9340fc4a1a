package org.shnn.engine.network;

/**
 * Tsodyks-Markram short-term depression and facilitation of a projection (PyNN {@code TsodyksMarkramSynapse},
 * NEST {@code tsodyks_synapse}; Tsodyks, Uziel &amp; Markram 2000, J. Neurosci. 20:RC50): each presynaptic
 * spike releases a fraction {@code u x} of the synapse's resources and the synapse delivers
 * {@code weight * u * x}. The parameters are uniform over the projection, so {@code u} and {@code x} depend
 * only on the presynaptic spike train and the engine keeps them per presynaptic neuron (CSR row), not per
 * synapse ({@code org.shnn.engine.synapse.ShortTermState}).
 *
 * <p>The model is NEST's three-state one (resources recovered {@code x}, active {@code y}, inactive
 * {@code z = 1 - x - y}), which PyNN's NEST and NEURON backends use with {@code tau_psc} set to the target's
 * synaptic time constant ({@code pyNN/nest/projections.py}, {@code pyNN/neuron/nmodl/tsodyksmarkram.mod}). At
 * a spike {@code h} ms after the row's previous one, exactly as NEST's {@code tsodyks_synapse::send}:
 *
 * <pre>
 *   Puu = tau_facil &gt; 0 ? exp(-h / tau_facil) : 0      Pyy = exp(-h / tau_psc)      Pzz = exp(-h / tau_rec)
 *   Pxy = ((Pzz - 1) tau_rec - (Pyy - 1) tau_psc) / (tau_psc - tau_rec)                  Pxz = 1 - Pzz
 *   u = u Puu;   x = x + Pxy y + Pxz (1 - x - y);   y = y Pyy        (propagate from the previous spike)
 *   u = u + U (1 - u)                                                  (facilitate: u is updated before use)
 *   release = u x;   x = x - release;   y = y + release;   deliver weight * release
 * </pre>
 *
 * With {@code tau_facil = 0}, {@code u = U} at every spike. With {@code tau_psc = 0} the active state empties
 * at once and the model is the two-state one of NEST's {@code tsodyks2_synapse} and of Brian2's
 * Tsodyks-Markram example ({@code u += U (1 - u); r = u x; x -= r}, {@code x} recovering to 1 with
 * {@code tau_rec}, {@code u} decaying to 0 with {@code tau_facil}). Initial state, as in NEST and PyNN:
 * {@code u = 0}, {@code x = 1}, {@code y = 0}, so the first spike releases {@code U}.
 *
 * @param u utilisation U, in [0, 1]
 * @param tauRec recovery time constant tau_rec, ms, {@code >= 0}
 * @param tauFacil facilitation time constant tau_facil, ms, {@code >= 0} (0: none)
 * @param tauPsc decay of the active state tau_psc, ms, {@code >= 0} (PyNN: the target receptor's tau_syn;
 *     0: the two-state model)
 */
public record TsodyksMarkram(double u, double tauRec, double tauFacil, double tauPsc) {

    /** @throws IllegalArgumentException naming the parameter out of range */
    public TsodyksMarkram {
        if (!(u >= 0 && u <= 1)) {
            throw new IllegalArgumentException("Tsodyks-Markram U = " + u + " must be in [0, 1]");
        }
        nonNegative("tau_rec", tauRec);
        nonNegative("tau_facil", tauFacil);
        nonNegative("tau_psc", tauPsc);
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Tsodyks-Markram " + name + " = " + v + " ms must be finite and >= 0");
        }
    }
}
