package org.shnn.bench.propagation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fixed random synapse matrix and spike sets, the common input of every propagation contender.
 *
 * <p>Each of the {@code n * n} (source, target) pairs carries a synapse with probability
 * {@code density}; weights are uniform in (0, 1] (never zero, so a dense representation can tell a
 * synapse from its absence). Synapses are listed by source, then ascending target, the order a CSR
 * row holds them. Spike sets are sorted ascending and hold distinct sources, so every contender adds a
 * target's contributions in the same order and produces bit-identical sums.
 *
 * <p>Immutable after construction; the arrays it returns are its own and must not be modified.
 * Safe to share between threads.
 */
final class SynapseFixture {

    private final int n;
    private final int[] sources;
    private final int[] targets;
    private final float[] weights;

    /**
     * Draws the matrix.
     *
     * @param n number of sources and of targets (square matrix)
     * @param density probability of a synapse per pair, in (0, 1]
     * @param seed seed of the {@link SplittableRandom} that draws pairs and weights
     * @throws IllegalArgumentException if n &lt; 1 or density is outside (0, 1]
     */
    SynapseFixture(int n, double density, long seed) {
        if (n < 1 || !(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("matrix size " + n + " must be >= 1 and density " + density
                    + " in (0, 1]");
        }
        this.n = n;
        SplittableRandom r = new SplittableRandom(seed);
        int[] s = new int[n * 8];
        int[] t = new int[s.length];
        float[] w = new float[s.length];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (r.nextDouble() < density) {
                    if (count == s.length) {
                        s = Arrays.copyOf(s, 2 * count);
                        t = Arrays.copyOf(t, 2 * count);
                        w = Arrays.copyOf(w, 2 * count);
                    }
                    s[count] = i;
                    t[count] = j;
                    w[count] = (float) (1.0 - r.nextDouble()); // (0, 1]: never a zero weight
                    count++;
                }
            }
        }
        this.sources = Arrays.copyOf(s, count);
        this.targets = Arrays.copyOf(t, count);
        this.weights = Arrays.copyOf(w, count);
    }

    /** Number of sources, equal to the number of targets. */
    int size() {
        return n;
    }

    /** Number of synapses. */
    int synapseCount() {
        return sources.length;
    }

    /** Source of each synapse, by source then ascending target. */
    int[] sources() {
        return sources;
    }

    /** Target of each synapse, parallel to {@link #sources()}. */
    int[] targets() {
        return targets;
    }

    /** Weight of each synapse (receptor unit, arbitrary here), parallel to {@link #sources()}. */
    float[] weights() {
        return weights;
    }

    /**
     * Draws {@code sets} spike sets of {@code spikes} distinct sources each, sorted ascending.
     *
     * @param spikes spiking sources per set, in [0, n]
     * @param sets number of sets, >= 1
     * @param seed seed of the draw
     * @return a new array of {@code sets} sorted index arrays, owned by the caller
     * @throws IllegalArgumentException if spikes is outside [0, n] or sets &lt; 1
     */
    int[][] spikeSets(int spikes, int sets, long seed) {
        if (spikes < 0 || spikes > n || sets < 1) {
            throw new IllegalArgumentException("spikes " + spikes + " must be in [0, " + n + "] and sets " + sets
                    + " >= 1");
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[][] out = new int[sets][];
        int[] perm = new int[n];
        for (int k = 0; k < sets; k++) {
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = 0; i < spikes; i++) { // partial Fisher-Yates: the first `spikes` entries are a sample
                int j = i + r.nextInt(n - i);
                int x = perm[i];
                perm[i] = perm[j];
                perm[j] = x;
            }
            out[k] = Arrays.copyOf(perm, spikes);
            Arrays.sort(out[k]);
        }
        return out;
    }
}
