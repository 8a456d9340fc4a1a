package org.shnn.engine.network;

/**
 * The four regimes of Brunel's (2000) model A (J. Comput. Neurosci. 8:183, Fig. 8): relative
 * inhibition {@code g} and external rate {@code eta = nu_ext / nu_thr}.
 */
public enum BrunelRegime {
    /** Synchronous regular: g = 3, eta = 2 (Fig. 8A). */
    SR(3.0, 2.0),
    /** Asynchronous irregular: g = 5, eta = 2 (Fig. 8C). */
    AI(5.0, 2.0),
    /** Synchronous irregular, fast oscillation: g = 6, eta = 4 (Fig. 8B). */
    SI_FAST(6.0, 4.0),
    /** Synchronous irregular, slow oscillation: g = 4.5, eta = 0.9 (Fig. 8D). */
    SI_SLOW(4.5, 0.9);

    private final double g;
    private final double eta;

    BrunelRegime(double g, double eta) {
        this.g = g;
        this.eta = eta;
    }

    /** Relative strength of inhibition J_I / J_E (dimensionless, positive). */
    public double g() {
        return g;
    }

    /** External rate in units of the threshold rate nu_thr. */
    public double eta() {
        return eta;
    }

    /**
     * Parses {@code sr}, {@code ai}, {@code si-fast}, {@code si-slow} (case-insensitive, '-' or '_').
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static BrunelRegime parse(String s) {
        String k = s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (BrunelRegime r : values()) {
            if (r.name().equals(k)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Brunel regime '" + s + "' is not one of sr, ai, si-fast, si-slow");
    }
}
