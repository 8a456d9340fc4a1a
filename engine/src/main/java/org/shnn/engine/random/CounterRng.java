package org.shnn.engine.random;

/**
 * A reproducible stream of random draws addressed by {@code (seed, purpose, a, b)}: the stream for a
 * given address is the Philox4x32-10 blocks of key {@code mix(seed, purpose)} and counter
 * {@code (a, low32(b), high32(b), block)}, block = 0, 1, 2, ... So the draws for, e.g., neuron
 * {@code a} at step {@code b} are the same whichever thread computes them, which is what makes
 * simulations bit-identical for any number of threads.
 *
 * <p>Usage: {@link #reset(int, int, long)} positions the stream, then the {@code next*} methods draw
 * from it. Distributions: uniform (53-bit doubles, bounded ints by Lemire's method), normal
 * (Box-Muller), geometric (inversion), Poisson (multiplication method below mean 10, PTRS of Hörmann
 * 1993 above), binomial (waiting-time method via geometric jumps), hypergeometric (inversion from the mode).
 *
 * <p>Thread-safety: not thread-safe (it holds the current block); use one instance per thread.
 * Instances are cheap and allocate nothing after construction.
 */
public final class CounterRng {

    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private final long seed;
    private final int[] block = new int[4];
    private int k0;
    private int k1;
    private int c0;
    private int c1;
    private int c2;
    private int blockIndex;
    private int available;
    /** The purpose whose key {@link #k0}, {@link #k1} hold: the step loop resets the same purpose for every neuron. */
    private int keyPurpose;

    /** A generator for {@code seed}; call {@link #reset(int, int, long)} before drawing. */
    public CounterRng(long seed) {
        this.seed = seed;
        keyPurpose = 1;
        reset(0, 0, 0); // derives the key of purpose 0
    }

    /** The seed this generator was made with. */
    public long seed() {
        return seed;
    }

    /**
     * Positions the stream at the start of address {@code (purpose, a, b)}.
     *
     * @param purpose what the draws are for (connectivity of projection 3, Poisson input 1, ...): keys differ per purpose
     * @param a first coordinate (row, neuron)
     * @param b second coordinate (step, column, index)
     * @return this
     */
    public CounterRng reset(int purpose, int a, long b) {
        if (purpose != keyPurpose) {
            long key = Philox4x32.mix64(seed ^ Philox4x32.mix64(0x5348_4E4E_0000_0000L + (purpose & 0xFFFF_FFFFL)));
            k0 = (int) key;
            k1 = (int) (key >>> 32);
            keyPurpose = purpose;
        }
        c0 = a;
        c1 = (int) b;
        c2 = (int) (b >>> 32);
        blockIndex = 0;
        available = 0;
        return this;
    }

    /** The next 32 random bits. */
    public int nextInt() {
        if (available == 0) {
            Philox4x32.block(k0, k1, c0, c1, c2, blockIndex++, block);
            available = 4;
        }
        return block[4 - available--];
    }

    /**
     * The first blocks of the addresses {@code (purpose, a + g, b)}, g = 0..3 (int arithmetic), of the last
     * {@link #reset}{@code (purpose, a, b)}, into {@code out[4g..4g+3]}: the four words {@link #nextInt} gives first
     * after {@code reset(purpose, a + g, b)}. Does not move the stream. Lets
     * 16 consumers share four blocks (16 neurons keyed by {@code neuron / 4}) computed side by side
     * ({@link Philox4x32#block4}).
     *
     * @param out at least 16 ints
     */
    public void firstBlocks4(int[] out) {
        Philox4x32.block4(k0, k1, c0, c1, c2, 0, out);
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        long hi = (nextInt() >>> 6) & 0x3FF_FFFFL; // 26 bits
        long lo = (nextInt() >>> 5) & 0x7FF_FFFFL; // 27 bits
        return ((hi << 27) | lo) * DOUBLE_UNIT;
    }

    /** A uniform double in (0, 1] (safe for logarithms). */
    public double nextDoubleNonZero() {
        return 1.0 - nextDouble();
    }

    /**
     * A uniform int in [0, bound) without bias (Lemire, "Fast random integer generation in an
     * interval", ACM TOMACS 2019).
     *
     * @throws IllegalArgumentException if bound is not positive
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound + " must be > 0");
        }
        long m = (nextInt() & 0xFFFF_FFFFL) * bound;
        long low = m & 0xFFFF_FFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextInt() & 0xFFFF_FFFFL) * bound;
                low = m & 0xFFFF_FFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** A standard normal draw (Box-Muller; one of the pair, so exactly two uniforms per call). */
    public double nextGaussian() {
        double u1 = nextDoubleNonZero();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * Failures before the first success of Bernoulli trials with success probability p, by inversion:
     * {@code floor(ln U / ln(1 - p))}.
     *
     * @param logOneMinusP {@code Math.log1p(-p)}, precomputed by the caller; must be negative
     * @return a count in [0, Long.MAX_VALUE]
     */
    public long nextGeometric(double logOneMinusP) {
        // 32-bit uniform in (0, 1]: one Philox word per jump; truncates the tail beyond 22/p trials
        // (probability e^-22), far past any row.
        double u = ((nextInt() & 0xFFFF_FFFFL) + 1.0) * 0x1.0p-32;
        double g = Math.floor(Math.log(u) / logOneMinusP);
        return g >= 0x1.0p62 ? Long.MAX_VALUE : (long) g;
    }

    /**
     * A Poisson draw of mean {@code lambda}: the multiplication method (Knuth) below mean 10, the
     * transformed rejection with squeeze PTRS (Hörmann, "The transformed rejection method for
     * generating Poisson random variables", Insurance: Math. and Econ. 12, 1993) above.
     *
     * @throws IllegalArgumentException if lambda is negative or not finite
     */
    public long nextPoisson(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("Poisson mean " + lambda + " must be finite and >= 0");
        }
        if (lambda < 10) {
            double limit = Math.exp(-lambda);
            double product = nextDouble();
            long k = 0;
            while (product >= limit) {
                product *= nextDouble();
                k++;
            }
            return k;
        }
        double slam = Math.sqrt(lambda);
        double loglam = Math.log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = nextDouble() - 0.5;
            double v = nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            double lhs = Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b);
            double rhs = -lambda + k * loglam - logFactorial(k);
            if (lhs <= rhs) {
                return k;
            }
        }
    }

    /**
     * A binomial draw: successes in {@code n} trials of probability {@code p}, by the waiting-time
     * method (geometric jumps between successes; exact, cost proportional to {@code n * min(p, 1-p)}).
     *
     * @throws IllegalArgumentException if n is negative or p is outside [0, 1]
     */
    public long nextBinomial(long n, double p) {
        if (n < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("binomial n " + n + " must be >= 0 and p " + p + " in [0, 1]");
        }
        if (p > 0.5) {
            return n - nextBinomial(n, 1 - p);
        }
        if (p == 0 || n == 0) {
            return 0;
        }
        double logQ = Math.log1p(-p);
        long successes = 0;
        long position = nextGeometric(logQ);
        while (position < n) {
            successes++;
            long jump = nextGeometric(logQ);
            if (jump >= n) {
                break;
            }
            position += jump + 1;
        }
        return successes;
    }

    /**
     * A hypergeometric draw: the good items among {@code draws} taken without replacement from {@code good} good
     * and {@code bad} bad ones. Inversion of one uniform by a search outward from the mode, alternately one value
     * up and one down, each probability from its neighbour's by the ratio of consecutive terms and the mode's from
     * {@link HypergeometricPmf} (exact up to rounding in double arithmetic; where rounding leaves the uniform above
     * the probabilities summed, a new uniform is drawn). Cost proportional to the standard deviation, not to the
     * counts: a row of 10^5 pairs costs what a row of 100 costs at the same spread.
     *
     * @throws IllegalArgumentException if a count is negative, {@code draws > good + bad}, or {@code good + bad}
     *     is 2^53 or more (counts are held in doubles)
     */
    public long nextHypergeometric(long good, long bad, long draws) {
        if (good < 0 || bad < 0 || draws < 0 || good + bad < 0 || good + bad >= 1L << 53 || draws > good + bad) {
            throw new IllegalArgumentException("hypergeometric draw of " + draws + " from " + good + " good and "
                    + bad + " bad items: counts must be >= 0, draws at most the items, items below 2^53");
        }
        long lo = Math.max(0, draws - bad);
        long hi = Math.min(draws, good);
        if (lo == hi) {
            return lo;
        }
        double g = good;
        double b = bad;
        double n = draws;
        long mode = Math.clamp((long) Math.floor((n + 1) * (g + 1) / (g + b + 2)), lo, hi);
        double atMode = HypergeometricPmf.density(mode, g, b, n);
        if (!(atMode > 0 && atMode <= 1)) { // not for valid counts; guards the loop below against a NaN
            throw new IllegalStateException("hypergeometric draw of " + draws + " from " + good + " good and " + bad
                    + " bad items: probability " + atMode + " at the mode " + mode);
        }
        while (true) { // a new uniform has probability about 1e-13 of being needed
            double u = nextDouble();
            if (u < atMode) {
                return mode;
            }
            u -= atMode;
            long up = mode;
            long down = mode;
            double pUp = atMode;
            double pDown = atMode;
            while (up < hi && pUp > 0 || down > lo && pDown > 0) {
                if (up < hi && pUp > 0) {
                    // P(k + 1) / P(k) = (good - k)(draws - k) / ((k + 1)(bad - draws + k + 1))
                    pUp *= (g - up) * (n - up) / ((up + 1.0) * (b - n + up + 1));
                    up++;
                    if (u < pUp) {
                        return up;
                    }
                    u -= pUp;
                }
                if (down > lo && pDown > 0) {
                    // P(k - 1) / P(k) = k (bad - draws + k) / ((good - k + 1)(draws - k + 1))
                    pDown *= down * (b - n + down) / ((g - down + 1) * (n - down + 1));
                    down--;
                    if (u < pDown) {
                        return down;
                    }
                    u -= pDown;
                }
            }
        }
    }

    /** ln(k!) exactly by summation below 30, by Stirling's series above (error < 1e-12). */
    static double logFactorial(long k) {
        if (k < 30) {
            double s = 0;
            for (long i = 2; i <= k; i++) {
                s += Math.log(i);
            }
            return s;
        }
        double x = k + 1.0;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1.0 / (12 * x) - 1.0 / (360 * x * x * x);
    }
}
