package org.shnn.engine.neuron;

/**
 * A deterministic {@code exp} built from IEEE additions and multiplications only, so that the scalar form
 * ({@link #exp(double)}) and the vector form ({@link Lanes#exp}) give the same bits for every input. The neuron
 * kernels need this: which neurons run through the vector kernel depends on the thread partition, and neither
 * {@link Math#exp} (an intrinsic or not, depending on JIT timing) nor the Vector API's {@code EXP} (SVML when
 * intrinsified, {@code Math.exp} per lane when interpreted) is guaranteed to match another implementation in
 * the last bit.
 *
 * <h2>Method</h2>
 * Cody &amp; Waite range reduction (Software Manual for the Elementary Functions, 1980; the two-part
 * {@code ln 2} of fdlibm's {@code e_exp.c}):
 * <pre>
 *   k = round(x / ln 2)                    (x * (1/ln 2) + 1.5 * 2^52, minus 1.5 * 2^52: round-to-nearest-even)
 *   r = (x - k LN2_HI) - k LN2_LO          (|r| &lt;= ln2 / 2 + tiny; k LN2_HI and the first subtraction are exact)
 *   exp(r) = 1 + (r + r^2 q(r)),           q = Taylor coefficients 1/2! .. 1/13!, Horner
 *   exp(x) = exp(r) * 2^k                  (2^k from exponent bits; exact)
 * </pre>
 * The truncation error of degree 13 is below {@code (ln2/2)^14 / 14! = 4e-18} relative, 0.02 ulp; degree 12
 * would cost 0.8 ulp. The {@code 2^k} bits come from the low mantissa bits of the rounded sum
 * {@code x / ln 2 + 1.5 * 2^52}, which hold {@code k} in two's complement: {@code (bits + 1023) << 52} is the
 * double {@code 2^k} for {@code -1022 <= k <= 1023}. This integer form needs no double-to-long conversion
 * (which AVX2 lacks for vectors).
 *
 * <p>Accuracy, measured: at most 0.93 ulp from the exact value (200,000 points, uniform over the domain, over
 * {@code [-1, 0]} and {@code [-0.4, 0.4]}, and log-uniform magnitudes down to 4e-18, against a 120-bit mpmath
 * reference; test {@code ExpTest}: below 1 ulp against a 40-digit {@code BigDecimal} series on 10,000 points,
 * measured 0.88), and at most 1 ulp from {@link StrictMath#exp} over 10^6 points (test). Over {@code [-0.1, 0]}, the COBA range, it differs from {@link StrictMath#exp} in 0.1% of
 * the arguments and from {@link Math#exp} in 3.5%, by 1 ulp. {@code exp(0) = exp(-0) = 1} exactly.
 *
 * <p>Domain: {@code x} is clamped to {@code [-708, 709]}, where the result is a normal double: below, the
 * result is {@code exp(-708) = 3.3e-308} instead of the smaller true value (an absolute error below
 * {@code 3.3e-308}); above, {@code exp(709) = 8.2e307} instead of a larger value or infinity. It never
 * returns infinity, zero or a subnormal; {@code NaN} gives {@code NaN}. The COBA update needs
 * {@code x = -h g_tot / C_m <= 0}, where only the lower clamp matters.
 *
 * <p>Thread-safety: stateless.
 */
final class Exp {

    /** Lower clamp of the argument; {@code exp(LO) = 3.3e-308} keeps {@code k >= -1021}, a normal result. */
    static final double LO = -708.0;
    /** Upper clamp of the argument; {@code exp(HI) = 8.2e307} keeps {@code k <= 1023}, a finite result. */
    static final double HI = 709.0;
    /** {@code 1 / ln 2}, rounded. */
    static final double INV_LN2 = 0x1.71547652b82fep0;
    /** High part of {@code ln 2}: 32 significant bits, so {@code k * LN2_HI} is exact for {@code |k| < 2^21}. */
    static final double LN2_HI = 0x1.62e42feep-1;
    /** {@code ln 2 - LN2_HI}, rounded; {@code LN2_HI + LN2_LO} is {@code ln 2} within 1.2e-26. */
    static final double LN2_LO = 0x1.a39ef35793c76p-33;
    /** {@code 1.5 * 2^52}: adding it rounds to an integer held in the low mantissa bits (|value| &lt; 2^51). */
    static final double SHIFTER = 0x1.8p52;
    /** Exponent bias of a double. */
    static final long BIAS = 1023;
    /** Position of the exponent field in a double's bits. */
    static final int MANTISSA_BITS = 52;

    // Taylor coefficients 1/n!: quotients of exact doubles, so each is correctly rounded.
    static final double C2 = 1.0 / 2.0;
    static final double C3 = 1.0 / 6.0;
    static final double C4 = 1.0 / 24.0;
    static final double C5 = 1.0 / 120.0;
    static final double C6 = 1.0 / 720.0;
    static final double C7 = 1.0 / 5040.0;
    static final double C8 = 1.0 / 40320.0;
    static final double C9 = 1.0 / 362880.0;
    static final double C10 = 1.0 / 3628800.0;
    static final double C11 = 1.0 / 39916800.0;
    static final double C12 = 1.0 / 479001600.0;
    static final double C13 = 1.0 / 6227020800.0;

    private Exp() {
    }

    /**
     * {@code e^x} within 1 ulp for {@code x} in {@code [-708, 709]}, clamped outside (see the class comment);
     * bit-identical to {@link Lanes#exp} lane by lane.
     */
    static double exp(double x) {
        // Comparisons, not Math.max/min: the vector form does compare + blend, which is the same for NaN (kept).
        x = x < LO ? LO : x;
        x = x > HI ? HI : x;
        double t = x * INV_LN2 + SHIFTER;
        double k = t - SHIFTER;
        double r = (x - k * LN2_HI) - k * LN2_LO;
        double q = C13 * r + C12;
        q = q * r + C11;
        q = q * r + C10;
        q = q * r + C9;
        q = q * r + C8;
        q = q * r + C7;
        q = q * r + C6;
        q = q * r + C5;
        q = q * r + C4;
        q = q * r + C3;
        q = q * r + C2;
        double expR = 1.0 + (r + r * r * q);
        double twoToK = Double.longBitsToDouble((Double.doubleToRawLongBits(t) + BIAS) << MANTISSA_BITS);
        return expR * twoToK;
    }
}
