package org.shnn.engine.encoding;

import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Counts each neuron's spikes in the window of steps {@code [fromStep, toStep)}; spikes outside it are
 * ignored. {@link #rateHz} divides by the window length {@code (toStep - fromStep) * dt} ms.
 *
 * <p>Thread-safety: none.
 */
public final class RateDecoder implements SpikeTrainSink {

    private final long fromStep;
    private final long toStep;
    private final double dt;
    private final long[] counts;

    /**
     * Creates a decoder.
     *
     * @param neurons  neurons observed, {@code >= 1}
     * @param fromStep first step of the window, {@code >= 0}
     * @param toStep   end of the window (exclusive), {@code > fromStep}
     * @param dt       time step, ms
     * @throws IllegalArgumentException naming the bad argument
     */
    public RateDecoder(int neurons, long fromStep, long toStep, double dt) {
        if (neurons < 1) {
            throw new IllegalArgumentException("neurons = " + neurons + " must be >= 1");
        }
        Check.atLeast("start step", fromStep, 0);
        if (toStep <= fromStep) {
            throw new IllegalArgumentException("window end " + toStep + " must be > start " + fromStep);
        }
        this.fromStep = fromStep;
        this.toStep = toStep;
        this.dt = Check.dt(dt);
        this.counts = new long[neurons];
    }

    /**
     * Counts a spike if it falls in the window.
     *
     * @throws IndexOutOfBoundsException if {@code neuron} is not observed
     */
    @Override
    public void spike(long step, int neuron) {
        Objects.checkIndex(neuron, counts.length);
        if (step >= fromStep && step < toStep) {
            counts[neuron]++;
        }
    }

    /** Spikes of {@code neuron} in the window. */
    public long count(int neuron) {
        return counts[Objects.checkIndex(neuron, counts.length)];
    }

    /** The firing rate of {@code neuron} over the window, Hz. */
    public double rateHz(int neuron) {
        return count(neuron) * 1000.0 / ((toStep - fromStep) * dt);
    }

    /** Zeroes the counts. */
    public void clear() {
        java.util.Arrays.fill(counts, 0);
    }
}
