package org.shnn.engine.encoding;

import java.util.Arrays;
import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Records each neuron's first spike at or after a reference step: its latency (time to first spike) and the
 * order in which neurons first fired (rank order).
 *
 * <p>Thread-safety: none.
 */
public final class FirstSpikeDecoder implements SpikeTrainSink {

    private final long referenceStep;
    private final double dt;
    private final long[] first;

    /**
     * Creates a decoder.
     *
     * @param neurons       neurons observed, {@code >= 1}
     * @param referenceStep latencies are measured from this step; earlier spikes are ignored
     * @param dt            time step, ms
     */
    public FirstSpikeDecoder(int neurons, long referenceStep, double dt) {
        if (neurons < 1) {
            throw new IllegalArgumentException("neurons = " + neurons + " must be >= 1");
        }
        Check.atLeast("start step", referenceStep, 0);
        this.referenceStep = referenceStep;
        this.dt = Check.dt(dt);
        this.first = new long[neurons];
        Arrays.fill(first, -1);
    }

    /**
     * Notes a spike (spikes may arrive in any order; the earliest counts).
     *
     * @throws IndexOutOfBoundsException if {@code neuron} is not observed
     */
    @Override
    public void spike(long step, int neuron) {
        Objects.checkIndex(neuron, first.length);
        if (step >= referenceStep && (first[neuron] < 0 || step < first[neuron])) {
            first[neuron] = step;
        }
    }

    /** The step of the first spike of {@code neuron}, or -1 if it has not fired. */
    public long firstStep(int neuron) {
        return first[Objects.checkIndex(neuron, first.length)];
    }

    /** The latency of {@code neuron}'s first spike after the reference step, ms, or NaN if it has not fired. */
    public double latencyMs(int neuron) {
        long s = firstStep(neuron);
        return s < 0 ? Double.NaN : (s - referenceStep) * dt;
    }

    /** The neurons that fired, by first-spike step then ascending index. */
    public int[] rankOrder() {
        return java.util.stream.IntStream.range(0, first.length).filter(n -> first[n] >= 0).boxed()
                .sorted((a, b) -> first[a] != first[b] ? Long.compare(first[a], first[b]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }
}
