package org.shnn.engine.neuron;

/**
 * Q16.16 fixed-point arithmetic on {@code int}: value = {@code q / 65536}, range
 * [-32768, 32768 - 2^-16], resolution 2^-16 (about 1.5e-5).
 *
 * <p>Every operation goes through a 64-bit intermediate and saturates to {@link #MAX} / {@link #MIN} instead
 * of wrapping. Rounding is to nearest; ties round towards positive infinity in {@link #mul} and
 * {@link Scale#apply} (add half, arithmetic shift) and away from zero in {@link #div} and the conversions.
 * All of it is integer arithmetic defined bit for bit by the Java language, so results are identical on every
 * JVM and machine.
 *
 * <p>Thread-safety: stateless.
 */
public final class Q16 {

    /** Number of fraction bits. */
    public static final int FRACTION_BITS = 16;
    /** 1.0 in Q16.16. */
    public static final int ONE = 1 << FRACTION_BITS;
    /** Largest value, 32768 - 2^-16. */
    public static final int MAX = Integer.MAX_VALUE;
    /** Smallest value, -32768. */
    public static final int MIN = Integer.MIN_VALUE;

    private static final long HALF = 1L << (FRACTION_BITS - 1);

    private Q16() {
    }

    /** {@code x} clamped to the int range. */
    public static int saturate(long x) {
        return x > MAX ? MAX : x < MIN ? MIN : (int) x;
    }

    /**
     * The nearest Q16.16 value to {@code x} (ties away from zero), saturated.
     *
     * @throws IllegalArgumentException if {@code x} is NaN
     */
    public static int fromDouble(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("cannot convert NaN to Q16.16");
        }
        double scaled = x * ONE;
        if (scaled >= MAX) {
            return MAX;
        }
        if (scaled <= MIN) {
            return MIN;
        }
        return (int) (scaled < 0 ? -Math.floor(-scaled + 0.5) : Math.floor(scaled + 0.5));
    }

    /** The value of {@code q} as a double (exact). */
    public static double toDouble(int q) {
        return q / (double) ONE;
    }

    /** {@code a + b}, saturated. */
    public static int add(int a, int b) {
        return saturate((long) a + b);
    }

    /** {@code a - b}, saturated. */
    public static int sub(int a, int b) {
        return saturate((long) a - b);
    }

    /** {@code a * b} rounded to nearest, saturated; the 64-bit product cannot overflow. */
    public static int mul(int a, int b) {
        return saturate(((long) a * b + HALF) >> FRACTION_BITS);
    }

    /**
     * {@code a / b} rounded to nearest (ties away from zero), saturated. Division by zero saturates to
     * {@link #MAX} for {@code a > 0}, {@link #MIN} for {@code a < 0} and gives 0 for {@code a == 0}.
     */
    public static int div(int a, int b) {
        if (b == 0) {
            return a > 0 ? MAX : a < 0 ? MIN : 0;
        }
        long n = (long) a << FRACTION_BITS;
        long q = n / b;
        long r = n % b;
        if (2 * Math.abs(r) >= Math.abs((long) b)) {
            q += (n < 0) == (b < 0) ? 1 : -1;
        }
        return saturate(q);
    }

    /**
     * A real constant {@code c = mantissa * 2^-shift} with a 30-bit mantissa, so that multiplying a Q16.16 value
     * by it keeps about 9 significant digits whatever the magnitude of {@code c} (a plain Q16.16 constant like
     * {@code 4e-4} would keep only two). Used for the precomputed propagators (decay factors) of
     * {@link FixedPointLifModel}.
     *
     * @param mantissa signed, {@code |mantissa| < 2^30}
     * @param shift    in {@code [0, 62]}
     */
    public record Scale(int mantissa, int shift) {

        /** Validates the ranges. */
        public Scale {
            if (Math.abs((long) mantissa) >= 1L << 30) {
                throw new IllegalArgumentException("mantissa " + mantissa + " must satisfy |mantissa| < 2^30");
            }
            if (shift < 0 || shift > 62) {
                throw new IllegalArgumentException("shift " + shift + " must be in [0, 62]");
            }
        }

        /**
         * The scale nearest to {@code c}: the largest shift with {@code |c| * 2^shift < 2^30}, at most 62.
         *
         * @throws IllegalArgumentException if {@code c} is not finite or {@code |c| >= 2^30}
         */
        public static Scale of(double c) {
            if (!Double.isFinite(c) || Math.abs(c) >= 0x1p30) {
                throw new IllegalArgumentException("scale factor " + c + " must be finite with |c| < 2^30");
            }
            int shift = 0;
            while (shift < 62 && Math.abs(c) * Math.scalb(1.0, shift + 1) < 0x1p30) {
                shift++;
            }
            long m = Math.round(c * Math.scalb(1.0, shift));
            if (Math.abs(m) >= 1L << 30) { // rounding reached 2^30: one bit less
                shift--;
                m = Math.round(c * Math.scalb(1.0, shift));
            }
            return new Scale((int) m, shift);
        }

        /** The value {@code mantissa * 2^-shift}. */
        public double value() {
            return Math.scalb((double) mantissa, -shift);
        }

        /** {@code x * value()} for a Q16.16 (or any fixed-point) {@code x}, rounded to nearest, saturated. */
        public int apply(int x) {
            long p = (long) x * mantissa; // |p| < 2^61: no overflow
            return shift == 0 ? saturate(p) : saturate((p + (1L << (shift - 1))) >> shift);
        }
    }
}
