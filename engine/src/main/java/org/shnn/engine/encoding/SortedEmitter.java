package org.shnn.engine.encoding;

import java.util.Arrays;
import org.shnn.engine.random.CounterRng;

/**
 * Collects spikes in any order and emits them in ascending {@code (step, neuron)} order. Keys pack
 * {@code step << 31 | neuron}, so steps must be below 2^32 (checked). Not thread-safe; reused per call.
 */
final class SortedEmitter {

    private static final long MAX_STEP = (1L << 32) - 1;

    private long[] keys = new long[64];
    private int size;

    void add(long step, int neuron) {
        if (step > MAX_STEP) {
            throw new IllegalArgumentException("spike step " + step + " exceeds the encoders' limit " + MAX_STEP);
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[size++] = step << 31 | neuron;
    }

    /** Sorts, emits and clears. */
    void flush(SpikeTrainSink sink) {
        Arrays.sort(keys, 0, size);
        for (int i = 0; i < size; i++) {
            sink.spike(keys[i] >>> 31, (int) (keys[i] & Integer.MAX_VALUE));
        }
        size = 0;
    }

    /**
     * Adds a Bernoulli spike train: each of {@code steps} steps from {@code startStep} fires with probability
     * {@code p}, independently, by geometric jumps from the stream {@code (purpose, neuron, startStep)} of
     * {@code rng}.
     * At most one spike per step, so the count has mean {@code p * steps} and Fano factor {@code 1 - p}.
     */
    void addBernoulli(CounterRng rng, int purpose, int neuron, long startStep, int steps, double p) {
        if (p <= 0) {
            return;
        }
        if (p >= 1) {
            for (int s = 0; s < steps; s++) {
                add(startStep + s, neuron);
            }
            return;
        }
        double logQ = Math.log1p(-p);
        rng.reset(purpose, neuron, startStep);
        long position = rng.nextGeometric(logQ);
        while (position < steps) {
            add(startStep + position, neuron);
            long jump = rng.nextGeometric(logQ);
            if (jump >= steps) {
                break;
            }
            position += 1 + jump;
        }
    }
}
