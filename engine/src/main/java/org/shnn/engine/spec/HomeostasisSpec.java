package org.shnn.engine.spec;

/**
 * Homeostatic scaling of a projection's weights: every {@code window} ms each target neuron's incoming weights
 * are multiplied by {@code 1 + factor (targetRate / rate - 1)}, clamped to {@code [minScale, maxScale]}, and the
 * weights to {@code [wMin, wMax]} (receptor unit, as the projection's weights). The engine's
 * {@code HomeostasisParams} with the description's units; kept here so that the description depends on no
 * engine package.
 *
 * @param targetRate target firing rate, Hz, {@code > 0}
 * @param window rate-measurement window, ms, {@code > 0}
 * @param factor gain of the scale, {@code > 0}
 * @param minScale smallest scale per window, {@code > 0}
 * @param maxScale largest scale per window, {@code >= minScale}
 * @param wMin lower weight bound after scaling (receptor unit)
 * @param wMax upper weight bound after scaling, {@code > wMin}
 */
public record HomeostasisSpec(double targetRate, double window, double factor, double minScale, double maxScale,
        double wMin, double wMax) {

    /** @throws SpecException naming the field on a value out of range */
    public HomeostasisSpec {
        String where = "homeostasis";
        Fields.positive(where, "target_rate", targetRate);
        Fields.positive(where, "window", window);
        Fields.positive(where, "factor", factor);
        Fields.positive(where, "min_scale", minScale);
        Fields.positive(where, "max_scale", maxScale);
        if (!(maxScale >= minScale)) {
            throw new SpecException(where, "max_scale", "expected >= min_scale = " + minScale + " but found " + maxScale);
        }
        Fields.finite(where, "w_min", wMin);
        Fields.finite(where, "w_max", wMax);
        if (!(wMax > wMin)) {
            throw new SpecException(where, "w_max", "expected > w_min = " + wMin + " but found " + wMax);
        }
    }
}
