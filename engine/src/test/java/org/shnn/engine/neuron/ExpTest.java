package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

class ExpTest {

    private static final long SEED = 0xE4_2026L;
    private static final int SAMPLES = 1_000_000;

    /** 10^6 points: the whole domain, the COBA range {@code [-50, 0]}, magnitudes from 1e-300 up, edge cases. */
    private static double[] sample() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[] x = new double[SAMPLES];
        double[] edges = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -1e-300, 1e-300,
            Exp.LO, Exp.HI, Math.nextDown(Exp.LO), Math.nextUp(Exp.HI), Math.nextUp(Exp.LO), Math.nextDown(Exp.HI),
            Math.log(2) / 2, -Math.log(2) / 2, Math.nextUp(Math.log(2) / 2), Math.log(2), -Math.log(2), 1.0, -1.0,
            -745.2, -1e4, 1e4, -Double.MAX_VALUE, Double.MAX_VALUE};
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
