package org.shnn.engine.plasticity;

import org.shnn.engine.Check;

/**
 * Parameters of homeostatic synaptic scaling.
 *
 * @param targetRateHz target firing rate, Hz, {@code > 0}
 * @param windowMs     rate-measurement window, ms, {@code > 0}
 * @param factor       gain f of the scale {@code 1 + f (target / rate - 1)}, {@code > 0}
 * @param minScale     smallest scale applied per window, {@code > 0}
 * @param maxScale     largest scale applied per window, {@code >= minScale}
 * @param wMin         lower weight bound after scaling
 * @param wMax         upper weight bound after scaling, {@code > wMin}
 */
public record HomeostasisParams(double targetRateHz, double windowMs, double factor, double minScale,
                                double maxScale, double wMin, double wMax) {

    /** Validates; throws {@link IllegalArgumentException} naming the field, value and bound. */
    public HomeostasisParams {
        Check.positive("targetRateHz", targetRateHz);
        Check.positive("windowMs", windowMs);
        Check.positive("factor", factor);
        Check.positive("minScale", minScale);
        Check.positive("maxScale", maxScale);
        if (maxScale < minScale) {
            throw new IllegalArgumentException("maxScale = " + maxScale + " must be >= minScale = " + minScale);
        }
        Check.interval("weight bounds", wMin, "wMin", wMax, "wMax");
    }

    /** The original's defaults: 5 Hz over 1000 ms, factor 0.001, scale in [0.1, 10], weights in [0, 1]. */
    public static HomeostasisParams defaults() {
        return new HomeostasisParams(5, 1000, 0.001, 0.1, 10, 0, 1);
    }

    /** A copy with another gain. */
    public HomeostasisParams withFactor(double f) {
        return new HomeostasisParams(targetRateHz, windowMs, f, minScale, maxScale, wMin, wMax);
    }

    /** A copy with other weight bounds. */
    public HomeostasisParams withBounds(double min, double max) {
        return new HomeostasisParams(targetRateHz, windowMs, factor, minScale, maxScale, min, max);
    }

    /** A copy with another window, ms. */
    public HomeostasisParams withWindow(double ms) {
        return new HomeostasisParams(targetRateHz, ms, factor, minScale, maxScale, wMin, wMax);
    }
}
