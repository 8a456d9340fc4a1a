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
     * The blocks of counters {@code (c0 + g, c1, c2, c3)} for g = 0..3 (int arithmetic) under key {@code (k0, k1)}
     * into {@code out[4g..4g+3]}: four {@link #block} calls, computed side by side. Why: one block is a chain of ten
     * dependent rounds of two multiplications; four independent chains keep the multipliers busy: the words of a
     * Poisson drive (one per neuron) cost about 3.1 ns per neuron instead of 4.4 (bench/RESULTS.md section 52).
     *
     * @param out at least 16 ints
     */
    public static void block4(int k0, int k1, int c0, int c1, int c2, int c3, int[] out) {
        int a0 = c0;
        int a1 = c1;
        int a2 = c2;
        int a3 = c3;
        int b0 = c0 + 1;
        int b1 = c1;
        int b2 = c2;
        int b3 = c3;
        int d0 = c0 + 2;
        int d1 = c1;
        int d2 = c2;
        int d3 = c3;
        int e0 = c0 + 3;
        int e1 = c1;
        int e2 = c2;
        int e3 = c3;
        for (int round = 0; round < 10; round++) {
            long pa0 = (M0 & MASK) * (a0 & MASK);
            long pa1 = (M1 & MASK) * (a2 & MASK);
            long pb0 = (M0 & MASK) * (b0 & MASK);
            long pb1 = (M1 & MASK) * (b2 & MASK);
            long pd0 = (M0 & MASK) * (d0 & MASK);
            long pd1 = (M1 & MASK) * (d2 & MASK);
            long pe0 = (M0 & MASK) * (e0 & MASK);
            long pe1 = (M1 & MASK) * (e2 & MASK);
            a0 = (int) (pa1 >>> 32) ^ a1 ^ k0;
            a1 = (int) pa1;
            a2 = (int) (pa0 >>> 32) ^ a3 ^ k1;
            a3 = (int) pa0;
            b0 = (int) (pb1 >>> 32) ^ b1 ^ k0;
            b1 = (int) pb1;
            b2 = (int) (pb0 >>> 32) ^ b3 ^ k1;
            b3 = (int) pb0;
            d0 = (int) (pd1 >>> 32) ^ d1 ^ k0;
            d1 = (int) pd1;
            d2 = (int) (pd0 >>> 32) ^ d3 ^ k1;
            d3 = (int) pd0;
            e0 = (int) (pe1 >>> 32) ^ e1 ^ k0;
            e1 = (int) pe1;
            e2 = (int) (pe0 >>> 32) ^ e3 ^ k1;
            e3 = (int) pe0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = a0;
        out[1] = a1;
        out[2] = a2;
        out[3] = a3;
        out[4] = b0;
        out[5] = b1;
        out[6] = b2;
        out[7] = b3;
        out[8] = d0;
        out[9] = d1;
        out[10] = d2;
        out[11] = d3;
        out[12] = e0;
        out[13] = e1;
        out[14] = e2;
        out[15] = e3;
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
