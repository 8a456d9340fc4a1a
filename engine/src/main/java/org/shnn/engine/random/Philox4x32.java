package org.shnn.engine.random;

/**
 * The Philox4x32-10 counter-based pseudo-random function (Salmon, Moraes, Dror &amp; Shaw, "Parallel
 * random numbers: as easy as 1, 2, 3", SC'11; constants of the Random123 library): a keyed bijection
 * of a 128-bit counter to 128 random bits. There is no state to advance: the same (key, counter)
 * always gives the same block, so draws are reproducible whatever thread computes them and in
 * whatever order.
 *
 * <p>Thread-safety: stateless.
 */
public final class Philox4x32 {

    static final int M0 = 0xD2511F53;
    static final int M1 = 0xCD9E8D57;
    static final int W0 = 0x9E3779B9;
    static final int W1 = 0xBB67AE85;
    private static final long MASK = 0xFFFF_FFFFL;

    private Philox4x32() {
    }

    /**
     * Computes the 10-round block for key {@code (k0, k1)} and counter {@code (c0, c1, c2, c3)} into
     * {@code out[0..3]}.
     */
    public static void block(int k0, int k1, int c0, int c1, int c2, int c3, int[] out) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & MASK) * (c0 & MASK);
            long p1 = (M1 & MASK) * (c2 & MASK);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /**
     * SplitMix64's finaliser (Steele, Lea &amp; Flood 2014): a bijective 64-bit mix used to derive keys
     * from (seed, purpose) so that streams of different purposes are unrelated.
     */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
