package org.shnn.engine.encoding;

import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Time-to-first-spike coding: each value fires one spike, stronger values earlier. The latency is linear in
 * the normalised value: {@code L(x) = maxLatency - normalize(x) * (maxLatency - minLatency)} ms, rounded to
 * the nearest step. Decoding ({@link FirstSpikeDecoder} then {@link #valueOfLatency}) recovers the value
 * within {@code dt / 2 / (maxLatency - minLatency) * range.width()} (half a step of rounding).
 *
 * <p>Defaults follow the original: latencies 1 to 50 ms. Thread-safety: immutable.
 */
public final class LatencyEncoder {

    private final ValueRange range;
    private final double minLatencyMs;
    private final double maxLatencyMs;
    private final double dt;

    /**
     * Creates an encoder.
     *
     * @param range        input values
     * @param minLatencyMs latency of {@code range.hi()}, ms, {@code >= 0}
     * @param maxLatencyMs latency of {@code range.lo()}, ms, at least one step more than minLatencyMs
     * @param dt           time step, ms
     * @throws IllegalArgumentException naming the bad argument
     */
    public LatencyEncoder(ValueRange range, double minLatencyMs, double maxLatencyMs, double dt) {
        this.range = Objects.requireNonNull(range, "range");
        this.dt = Check.dt(dt);
        this.minLatencyMs = Check.nonNegative("minLatencyMs", minLatencyMs, "ms");
        this.maxLatencyMs = Check.positive("maxLatencyMs", maxLatencyMs, "ms");
        if (!(maxLatencyMs - minLatencyMs >= dt)) {
            throw new IllegalArgumentException("maxLatencyMs = " + maxLatencyMs + " ms must exceed minLatencyMs = "
                    + minLatencyMs + " ms by at least one step (dt = " + dt + " ms)");
        }
        Check.steps("maxLatencyMs", maxLatencyMs, dt, 0);
    }

    /** The original's defaults: values in [0, 1], latencies 1 to 50 ms. */
    public static LatencyEncoder defaults(double dt) {
        return new LatencyEncoder(ValueRange.UNIT, 1, 50, dt);
    }

    /** The latency of {@code value} in whole steps after the start. */
    public int latencySteps(double value) {
        double ms = maxLatencyMs - range.normalize(value) * (maxLatencyMs - minLatencyMs);
        return (int) Math.rint(ms / dt);
    }

    /** The value whose latency is {@code latencyMs} (clamped to the range): the inverse of the code. */
    public double valueOfLatency(double latencyMs) {
        double fraction = (maxLatencyMs - latencyMs) / (maxLatencyMs - minLatencyMs);
        return range.denormalize(Math.max(0, Math.min(1, fraction)));
    }

    /** The largest decoding error caused by rounding latencies to steps, in value units. */
    public double resolution() {
        return dt / 2 / (maxLatencyMs - minLatencyMs) * range.width();
    }

    /**
     * Emits one spike per value: neuron {@code i} at {@code startStep + latencySteps(values[i])}, in ascending
     * (step, neuron) order.
     *
     * @throws IllegalArgumentException if a value is NaN or startStep is negative
     */
    public void encode(double[] values, long startStep, SpikeTrainSink sink) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(sink, "sink");
        Check.atLeast("start step", startStep, 0);
        SortedEmitter emitter = new SortedEmitter();
        for (int i = 0; i < values.length; i++) {
            emitter.add(startStep + latencySteps(values[i]), i);
        }
        emitter.flush(sink);
    }
}
