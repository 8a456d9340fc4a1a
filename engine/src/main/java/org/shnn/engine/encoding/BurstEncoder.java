package org.shnn.engine.encoding;

import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Burst coding (Park et al., "Fast and efficient information transmission with burst spikes in deep spiking
 * neural networks", DAC 2019): a value becomes a burst of {@code n(x) = round(normalize(x) * maxSpikes)}
 * spikes starting at the start step, whose inter-spike interval shrinks with the value,
 * {@code isi(x) = round((maxIsi - normalize(x) (maxIsi - minIsi)) / dt)} steps (at least one). Decode the count
 * with {@link RateDecoder} (window of at least {@link #burstSteps()}) and {@link #valueOfCount}; the error is at
 * most {@code width / (2 maxSpikes)}.
 *
 * <p>Thread-safety: immutable.
 */
public final class BurstEncoder {

    private final ValueRange range;
    private final int maxSpikes;
    private final double minIsiMs;
    private final double maxIsiMs;
    private final double dt;

    /**
     * Creates an encoder.
     *
     * @param range     input values
     * @param maxSpikes spikes in the burst of {@code range.hi()}, {@code >= 1}
     * @param minIsiMs  inter-spike interval at {@code range.hi()}, ms, at least one step
     * @param maxIsiMs  inter-spike interval at {@code range.lo()}, ms, {@code >= minIsiMs}
     * @param dt        time step, ms
     * @throws IllegalArgumentException naming the bad argument
     */
    public BurstEncoder(ValueRange range, int maxSpikes, double minIsiMs, double maxIsiMs, double dt) {
        this.range = Objects.requireNonNull(range, "range");
        this.dt = Check.dt(dt);
        if (maxSpikes < 1) {
            throw new IllegalArgumentException("maxSpikes = " + maxSpikes + " must be >= 1");
        }
        this.maxSpikes = maxSpikes;
        Check.steps("minIsiMs", minIsiMs, dt, 1);
        Check.steps("maxIsiMs", maxIsiMs, dt, 1);
        if (maxIsiMs < minIsiMs) {
            throw new IllegalArgumentException("maxIsiMs = " + maxIsiMs + " ms must be >= minIsiMs = " + minIsiMs + " ms");
        }
        this.minIsiMs = minIsiMs;
        this.maxIsiMs = maxIsiMs;
    }

    /** Spikes in the burst of {@code value}. */
    public int spikeCount(double value) {
        return (int) Math.rint(range.normalize(value) * maxSpikes);
    }

    /** Inter-spike interval of the burst of {@code value}, steps ({@code >= 1}). */
    public int isiSteps(double value) {
        double ms = maxIsiMs - range.normalize(value) * (maxIsiMs - minIsiMs);
        return Math.max(1, (int) Math.rint(ms / dt));
    }

    /** An upper bound on the steps any burst spans (a decoding window at least this long sees whole bursts). */
    public long burstSteps() {
        return (long) (maxSpikes - 1) * Math.max(1, (int) Math.rint(maxIsiMs / dt)) + 1;
    }

    /** The value a burst of {@code count} spikes encodes (clamped to the range). */
    public double valueOfCount(long count) {
        return range.denormalize(Math.max(0, Math.min(1, (double) count / maxSpikes)));
    }

    /** The largest decoding error of {@link #valueOfCount}, in value units. */
    public double resolution() {
        return range.width() / (2.0 * maxSpikes);
    }

    /**
     * Emits the burst of {@code values[i]} on neuron {@code i}, in ascending (step, neuron) order.
     *
     * @throws IllegalArgumentException if a value is NaN or startStep is negative
     */
    public void encode(double[] values, long startStep, SpikeTrainSink sink) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(sink, "sink");
        Check.atLeast("start step", startStep, 0);
        SortedEmitter emitter = new SortedEmitter();
        for (int i = 0; i < values.length; i++) {
            int n = spikeCount(values[i]);
            int isi = isiSteps(values[i]);
            for (int k = 0; k < n; k++) {
                emitter.add(startStep + (long) k * isi, i);
            }
        }
        emitter.flush(sink);
    }
}
