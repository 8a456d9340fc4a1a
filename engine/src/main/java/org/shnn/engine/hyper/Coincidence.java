package org.shnn.engine.hyper;

import org.shnn.engine.Check;

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
        Check.atLeast("minSpikes", minSpikes, 1);
        Check.nonNegative("windowMs", windowMs, "ms");
        Check.positive("delayMs", delayMs, "ms");
        Check.atLeast("receptor", receptor, 0);
    }

    /** The original's defaults: one spike within 1 ms, delivered after {@code delayMs} to receptor 0. */
    public static Coincidence any(double delayMs) {
        return new Coincidence(1, 1, delayMs, 0);
    }
}
