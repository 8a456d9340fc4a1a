package org.shnn.engine.network;

/**
 * Explicit synapses of a projection, read where they lie (a mapped {@code .npy}/{@code .npz}, a host's array, or
 * heap arrays for small lists): synapse {@code k} goes from source {@code source(k)} to target {@code target(k)},
 * with its own weight and delay where the list has them. Whoever made the list checked every element (indices in
 * range, finite weights, delays of at least one step), so the builder trusts it.
 *
 * <p>Thread-safety: implementations are immutable; a {@link Reader} may be read from several threads at once.
 */
public interface SynapseList {

    /** The number of synapses. */
    long size();

    /** Whether the list gives per-synapse weights (else the projection's weight rule applies). */
    boolean hasWeights();

    /** Whether the list gives per-synapse delays (else the projection's delay rule applies). */
    boolean hasDelays();

    /** The largest per-synapse delay in steps (1 when the list has none). */
    int maxDelaySteps();

    /**
     * A lower bound on the per-synapse delays in steps (at least 1): the step loop exchanges spikes between its
     * threads once per shortest delay, so a bound above a real delay would lose spikes. Default 1, always safe.
     */
    default int minDelaySteps() {
        return 1;
    }

    /**
     * Whether the list is in CSR order: sources non-decreasing, and targets non-decreasing within a source (then
     * the builder places each synapse without atomic cursors and sorts no row).
     */
    boolean ordered();

    /**
     * Opens the list for reading (maps its files, if any).
     *
     * @throws IllegalStateException naming the file if it cannot be opened or has changed since it was checked
     */
    Reader open();

    /** Read access to the synapses while open; safe for concurrent reads. */
    interface Reader extends AutoCloseable {
        /** The source index of synapse {@code k}. */
        int source(long k);

        /** The target index of synapse {@code k}. */
        int target(long k);

        /** The weight of synapse {@code k} in the receptor's unit (only when {@link #hasWeights()}). */
        float weight(long k);

        /** The delay of synapse {@code k} in steps (only when {@link #hasDelays()}). */
        int delaySteps(long k);

        /** Releases the mappings; the reader must not be used afterwards. */
        @Override
        void close();
    }

    /** The synapses of an {@link Connectivity.Explicit} rule (heap arrays). */
    static SynapseList of(Connectivity.Explicit e) {
        int[] src = e.sources();
        int[] tgt = e.targets();
        float[] w = e.weights();
        int[] d = e.delays();
        int maxDelay = 1;
        if (d != null) {
            for (int x : d) {
                maxDelay = Math.max(maxDelay, x);
            }
        }
        int max = maxDelay;
        return new SynapseList() {
            @Override
            public boolean ordered() {
                return false;
            }

            @Override
            public long size() {
                return src.length;
            }

            @Override
            public boolean hasWeights() {
                return w != null;
            }

            @Override
            public boolean hasDelays() {
                return d != null;
            }

            @Override
            public int maxDelaySteps() {
                return max;
            }

            @Override
            public Reader open() {
                return new Reader() {
                    @Override
                    public int source(long k) {
                        return src[(int) k];
                    }

                    @Override
                    public int target(long k) {
                        return tgt[(int) k];
                    }

                    @Override
                    public float weight(long k) {
                        return w[(int) k];
                    }

                    @Override
                    public int delaySteps(long k) {
                        return d[(int) k];
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }
}
