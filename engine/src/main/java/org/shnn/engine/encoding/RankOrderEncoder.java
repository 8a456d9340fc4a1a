package org.shnn.engine.encoding;

import java.util.Arrays;
import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Rank-order coding (Thorpe & Gautrais 1998): each value fires one spike and only the order carries
 * information; the strongest value fires first. The value of rank {@code r} (0 = largest) fires at
 * {@code startStep + firstSteps + r * intervalSteps}; equal values fire in ascending neuron order.
 * {@link FirstSpikeDecoder#rankOrder()} recovers the order exactly.
 *
 * <p>Thread-safety: immutable.
 */
public final class RankOrderEncoder {

    private final int firstSteps;
    private final int intervalSteps;

    /**
     * Creates an encoder.
     *
     * @param firstMs    delay of the first spike after the start, ms, {@code >= 0}
     * @param intervalMs time between consecutive ranks, ms, at least one step
     * @param dt         time step, ms
     * @throws IllegalArgumentException naming the bad argument
     */
    public RankOrderEncoder(double firstMs, double intervalMs, double dt) {
        Check.dt(dt);
        this.firstSteps = Check.steps("firstMs", firstMs, dt, 0);
        this.intervalSteps = Check.steps("intervalMs", intervalMs, dt, 1);
    }

    /** The neuron indices by decreasing value (ties by ascending index). */
    public static int[] order(double[] values) {
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("value " + i + " is NaN");
            }
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(values[b], values[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /**
     * Emits one spike per value in rank order (which is ascending step order).
     *
     * @throws IllegalArgumentException if a value is NaN or startStep is negative
     */
    public void encode(double[] values, long startStep, SpikeTrainSink sink) {
        Objects.requireNonNull(sink, "sink");
        Check.atLeast("start step", startStep, 0);
        int[] order = order(values);
        for (int r = 0; r < order.length; r++) {
            sink.spike(startStep + firstSteps + (long) r * intervalSteps, order[r]);
        }
    }
}
