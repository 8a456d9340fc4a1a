package org.shnn.engine.random;

/**
 * The {@code purpose} keys of {@link CounterRng} streams: a kind in the high bits and an index (of a
 * projection, population, input) in the low 20 bits, so that no two uses of the seed share a stream.
 */
public final class RngPurpose {

    private static final int INDEX_BITS = 20;

    private RngPurpose() {
    }

    /** Which synapses a projection has. */
    public static int connectivity(int projection) {
        return key(1, projection);
    }

    /** Per-synapse weights of a projection. */
    public static int weight(int projection) {
        return key(2, projection);
    }

    /** Per-synapse delays of a projection. */
    public static int delay(int projection) {
        return key(3, projection);
    }

    /** Initial state values of a population ({@code initializer} indexes its initialisers). */
    public static int initialState(int population, int initializer) {
        return key(4, (population << 6) | (initializer & 63));
    }

    /** A Poisson input (counts per neuron and step). */
    public static int poissonInput(int input) {
        return key(5, input);
    }

    /** A Poisson generator population (spikes per neuron and step). */
    public static int poissonGenerator(int population) {
        return key(6, population);
    }

    /** A spike encoder of {@code org.shnn.engine.encoding} ({@code encoder} numbers the encoder kind). */
    public static int encoder(int encoder) {
        return key(7, encoder);
    }

    /** An injected noise current ({@code source} indexes the network's current sources). */
    public static int currentSource(int source) {
        return key(8, source);
    }

    /**
     * Per-neuron draws of a population's heterogeneous parameter ({@code parameter} indexes the population's
     * parameters in description order).
     */
    public static int parameter(int population, int parameter) {
        return key(9, (population << 6) | (parameter & 63));
    }

    /** Positions of the neurons of a population with a random structure. */
    public static int position(int population) {
        return key(10, population);
    }

    private static int key(int kind, int index) {
        if (index < 0 || index >= 1 << INDEX_BITS) {
            throw new IllegalArgumentException("RNG stream index " + index + " must be in [0, " + (1 << INDEX_BITS) + ")");
        }
        return kind << INDEX_BITS | index;
    }
}
