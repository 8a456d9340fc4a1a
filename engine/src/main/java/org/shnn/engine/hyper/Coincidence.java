package org.shnn.engine.hyper;

/**
 * When a hyperedge fires and when it delivers (see the package's activation rule).
 *
 * @param minSpikes distinct sources needed within the window, {@code >= 1} (at most the edge's source count)
 * @param windowMs  coincidence window, ms, {@code >= 0}, rounded to whole steps; inclusive
 * @param delayMs   delivery delay, ms, rounded to whole steps; at least one step
 * @param receptor  receptor index of the targets' population that receives the weight, {@code >= 0}
 */
public record Coincidence(int minSpikes, double windowMs, double delayMs, int receptor) {

    /** Validates what can be checked without dt; throws {@link IllegalArgumentException} naming the field. */
    public Coincidence {
        if (minSpikes < 1) {
            throw new IllegalArgumentException("minSpikes = " + minSpikes + " must be >= 1");
        }
        if (!(windowMs >= 0) || Double.isInfinite(windowMs)) {
            throw new IllegalArgumentException("windowMs = " + windowMs + " ms must be finite and >= 0");
        }
        if (!(delayMs > 0) || Double.isInfinite(delayMs)) {
            throw new IllegalArgumentException("delayMs = " + delayMs + " ms must be finite and > 0");
        }
        if (receptor < 0) {
            throw new IllegalArgumentException("receptor = " + receptor + " must be >= 0");
        }
    }

    /** The original's defaults: one spike within 1 ms, delivered after {@code delayMs} to receptor 0. */
    public static Coincidence any(double delayMs) {
        return new Coincidence(1, 1, delayMs, 0);
    }
}
