package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

class ExpTest {

    private static final long SEED = 0xE4_2026L;
    private static final int SAMPLES = 1_000_000;
    /** Number of edge cases at the start of {@link #sample}. */
    private static final int EDGES = 25;

    /** 10^6 points: the whole domain, the COBA range {@code [-50, 0]}, magnitudes from 1e-300 up, edge cases. */
    private static double[] sample() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[] x = new double[SAMPLES];
        double[] edges = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -1e-300, 1e-300,
            Exp.LO, Exp.HI, Math.nextDown(Exp.LO), Math.nextUp(Exp.HI), Math.nextUp(Exp.LO), Math.nextDown(Exp.HI),
            Math.log(2) / 2, -Math.log(2) / 2, Math.nextUp(Math.log(2) / 2), Math.log(2), -Math.log(2), 1.0, -1.0,
            -745.2, -1e4, 1e4, -Double.MAX_VALUE, Double.MAX_VALUE};
        assertEquals(EDGES, edges.length);
        System.arraycopy(edges, 0, x, 0, edges.length);
        for (int i = edges.length; i < SAMPLES; i++) {
            x[i] = switch (i % 4) {
                case 0 -> rnd.nextDouble(Exp.LO, Exp.HI);
                case 1 -> -50 * rnd.nextDouble();
                case 2 -> (rnd.nextBoolean() ? -1 : 1) * Math.pow(10, rnd.nextDouble(-300, 2.85)); // |x| < 708
                default -> (rnd.nextInt(-1021, 1024) + rnd.nextDouble(-0.5, 0.5)) * Math.log(2); // k ln2 + r
            };
        }
        return x;
    }

    @Test
    void withinOneUlpOfStrictMathOverTheDomain() {
        double[] x = sample();
        double worst = 0;
        double worstAt = Double.NaN;
        for (double xi : x) {
            double clamped = Math.min(Math.max(xi, Exp.LO), Exp.HI);
            double expected = StrictMath.exp(clamped);
            double got = Exp.exp(xi);
            double ulps = Math.abs(got - expected) / Math.ulp(expected);
            if (ulps > worst) {
                worst = ulps;
                worstAt = xi;
            }
        }
        System.out.printf("Exp: max %.3f ulp from StrictMath.exp over %d points, at x = %s%n", worst, x.length, worstAt);
        assertTrue(worst <= 1.0, "max " + worst + " ulp at x = " + worstAt + " (seed " + SEED + ")");
    }

    /** ln 2 to 100 digits. */
    private static final BigDecimal LN2 = new BigDecimal("0.6931471805599453094172321214581765680755001343602552541206800094933936219696947156058633269964186875");
    private static final MathContext MC = new MathContext(40);

    /** {@code e^x} to 40 digits: {@code x = k ln2 + r} exactly in decimal, Taylor series of {@code e^r}, times {@code 2^k}. */
    private static BigDecimal exactExp(double x) {
        int k = (int) Math.round(x / Math.log(2));
        BigDecimal r = new BigDecimal(x).subtract(LN2.multiply(BigDecimal.valueOf(k)), MC);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n <= 40; n++) { // |r| < 0.35: 0.35^41 / 41! is far below 1e-40
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        BigDecimal twoToK = BigDecimal.TWO.pow(Math.abs(k));
        return k >= 0 ? sum.multiply(twoToK, MC) : sum.divide(twoToK, MC);
    }

    /** The accuracy stated in {@link Exp}: below 1 ulp (measured 0.93) of the exact value. */
    @Test
    void withinOneUlpOfTheExactValue() {
        double[] x = sample();
        double worst = 0;
        double worstAt = Double.NaN;
        int points = 0;
        for (int i = 0; i < x.length; i += i < EDGES ? 1 : 100) { // the edge cases, then 10,000 points of every kind
            points++;
            double xi = Math.min(Math.max(x[i], Exp.LO), Exp.HI);
            BigDecimal exact = exactExp(xi);
            double ulps = new BigDecimal(Exp.exp(xi)).subtract(exact).abs()
                    .divide(new BigDecimal(Math.ulp(exact.doubleValue())), MC).doubleValue();
            if (ulps > worst) {
                worst = ulps;
                worstAt = xi;
            }
        }
        System.out.printf("Exp: max %.3f ulp from the exact value over %d points, at x = %s%n", worst, points, worstAt);
        assertTrue(worst < 1.0, "max " + worst + " ulp at x = " + worstAt + " (seed " + SEED + ")");
    }

    @Test
    void exactAtZeroAndClampedWithoutNaNOrInfinity() {
        assertEquals(1.0, Exp.exp(0.0));
        assertEquals(1.0, Exp.exp(-0.0));
        assertEquals(Exp.exp(Exp.LO), Exp.exp(-1e6));
        assertEquals(Exp.exp(Exp.LO), Exp.exp(Double.NEGATIVE_INFINITY));
        assertEquals(Exp.exp(Exp.HI), Exp.exp(Double.POSITIVE_INFINITY));
        assertTrue(Exp.exp(Exp.LO) >= Double.MIN_NORMAL, "exp(LO) normal: " + Exp.exp(Exp.LO));
        assertTrue(Double.isFinite(Exp.exp(Exp.HI)), "exp(HI) finite: " + Exp.exp(Exp.HI));
        assertTrue(Double.isNaN(Exp.exp(Double.NaN)));
        for (double xi : sample()) {
            double y = Exp.exp(xi);
            assertTrue(Double.isFinite(y) && y > 0, "exp(" + xi + ") = " + y + " (seed " + SEED + ")");
        }
    }

    @Test
    void vectorFormIsBitIdenticalToTheScalarForm() {
        assertTrue(Simd.ENABLED, "tests run with scripts/jvm.args (--add-modules=jdk.incubator.vector)");
        double[] x = sample();
        double[] vector = new double[x.length];
        int lanes = Lanes.DOUBLES;
        assertEquals(0, x.length % lanes, "sample size a multiple of the lane count");
        for (int i = 0; i < x.length; i += lanes) {
            Lanes.exp(DoubleVector.fromArray(Lanes.D, x, i)).intoArray(vector, i);
        }
        for (int i = 0; i < x.length; i++) {
            long expected = Double.doubleToRawLongBits(Exp.exp(x[i]));
            assertEquals(expected, Double.doubleToRawLongBits(vector[i]), "x = " + x[i] + " (seed " + SEED + ")");
        }
        double[] nan = new double[lanes];
        java.util.Arrays.fill(nan, Double.NaN);
        assertTrue(Double.isNaN(Lanes.exp(DoubleVector.fromArray(Lanes.D, nan, 0)).lane(0)));
    }
}
