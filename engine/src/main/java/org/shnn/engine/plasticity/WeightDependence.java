package org.shnn.engine.plasticity;

/** How an STDP weight change depends on the current weight {@code w} in {@code [wMin, wMax]}. */
public enum WeightDependence {
    /** The change does not depend on {@code w}; the result is clipped to the bounds (Song, Miller & Abbott 2000). */
    ADDITIVE,
    /**
     * Potentiation scales with {@code wMax - w}, depression with {@code w - wMin} (soft bounds; van Rossum,
     * Bi & Turrigiano 2000; Rubin, Lee & Sompolinsky 2001).
     */
    MULTIPLICATIVE
}
