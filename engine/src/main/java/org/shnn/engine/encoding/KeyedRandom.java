package org.shnn.engine.encoding;

/**
 * A counter-based random stream addressed by {@code (seed, stream, counter)}: the k-th draw of an address is
 * a pure function of the address and k (SplitMix64 finaliser of Steele, Lea & Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014, applied to a Weyl sequence started at a hash of the
 * address). The same address gives the same draws whatever else was drawn before, on any thread.
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class KeyedRandom {

    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private final long seed;
    private long state;

    KeyedRandom(long seed) {
        this.seed = seed;
    }

    /** Positions the stream at the first draw of address {@code (stream, counter)}; returns this. */
    KeyedRandom reset(long stream, long counter) {
        state = mix(seed ^ mix(stream * GOLDEN + 0x5348_4E4EL) ^ mix(counter + GOLDEN));
        return this;
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    double nextDouble() {
        state += GOLDEN;
        return (mix(state) >>> 11) * 0x1.0p-53;
    }

    /**
     * Failures before the first success of Bernoulli trials of success probability p, by inversion
     * ({@code floor(ln U / ln(1 - p))}, U uniform in (0, 1]).
     *
     * @param logOneMinusP {@code Math.log1p(-p)}, negative
     */
    long nextGeometric(double logOneMinusP) {
        double u = 1.0 - nextDouble();
        double g = Math.floor(StrictMath.log(u) / logOneMinusP);
        return g >= 0x1.0p62 ? Long.MAX_VALUE : (long) g;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
