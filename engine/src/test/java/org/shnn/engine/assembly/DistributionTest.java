package org.shnn.engine.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shnn.engine.network.InitialValue;
import org.shnn.engine.network.Network;
import org.shnn.engine.random.CounterRng;
import org.shnn.engine.random.Distributions;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.Distribution;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.Value;

/**
 * The moments of every distribution against their closed forms over {@value #N} draws (tolerances: 5 standard
 * errors of the sample mean and, for the variance, 5 standard errors from the fourth central moment), weights drawn
 * through a projection in the engine's unit for any builder thread count, and initial values mapped as a
 * hand-built network maps them.
 */
class DistributionTest {

    private static final int N = 200_000;

    /** Sample mean and variance of N draws, one stream per index as the builder keys them. */
    private static double[] moments(Distribution d) {
        CounterRng r = new CounterRng(99);
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < N; i++) {
            double x = Distributions.sample(d, r.reset(77, i, 0));
            s += x;
            s2 += x * x;
        }
        double mean = s / N;
        return new double[] {mean, s2 / N - mean * mean};
    }

    /** Checks mean and variance against {@code mu}, {@code var}, with the fourth central moment {@code m4}. */
    private static void check(Distribution d, double mu, double var, double m4) {
        double[] m = moments(d);
        assertEquals(mu, m[0], 5 * Math.sqrt(var / N), d + " mean");
        assertEquals(var, m[1], 5 * Math.sqrt((m4 - var * var) / N), d + " variance");
    }

    @Test
    void momentsMatchTheClosedForms() {
        check(new Distribution.Uniform(-2, 6), 2, 64.0 / 12, Math.pow(8, 4) / 80);
        check(new Distribution.Normal(3, 2), 3, 4, 3 * 16);
        check(new Distribution.Exponential(1.5), 1.5, 2.25, 9 * Math.pow(1.5, 4));
        double s2 = 0.25;
        double ln = Math.exp(s2);
        double lnMean = Math.exp(0.5 + s2 / 2);
        double lnVar = (ln - 1) * Math.exp(1 + s2);
        double lnM4 = lnVar * lnVar * (Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 3);
        check(new Distribution.LogNormal(0.5, 0.5), lnMean, lnVar, lnM4);
    }

    @Test
    void normalClippedStaysInItsBoundsWithTheTruncatedMean() {
        // N(0, 1) clipped to [-1, 2]: mean (phi(-1) - phi(2)) / (Phi(2) - Phi(-1))
        Distribution.NormalClipped c = new Distribution.NormalClipped(0, 1, -1, 2);
        double phiA = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
        double phiB = Math.exp(-2) / Math.sqrt(2 * Math.PI);
        double z = 0.9772498680518208 - 0.15865525393145707;
        double mean = (phiA - phiB) / z;
        double var = 1 + (-1 * phiA - 2 * phiB) / z - mean * mean;
        CounterRng r = new CounterRng(5);
        double s = 0;
        for (int i = 0; i < N; i++) {
            double x = Distributions.sample(c, r.reset(3, i, 0));
            assertTrue(x >= -1 && x <= 2, "draw " + x);
            s += x;
        }
        assertEquals(mean, s / N, 5 * Math.sqrt(var / N));
        assertEquals(z, Distributions.clippedMass(c), 1e-6, "mass of [-1, 2]");
    }

    @Test
    void drawnWeightsAreInTheEnginesUnitForAnyThreadCount() {
        // 300 x 300 all-to-all = 90,000 normal weights of mean 0.005 uS = 5 nS, sd 1 nS (clipped at 0: a conductance)
        NetworkSpec spec = ConnectorTest.net(300, 300, new Connector.AllToAll(true),
                Value.of(new Distribution.NormalClipped(0.005, 0.001, 0, Double.POSITIVE_INFINITY)), Value.of(0.1));
        List<long[]> s = ConnectorTest.build(spec); // checks 1, 2, 3 threads agree
        double sum = 0;
        double sum2 = 0;
        for (long[] x : s) {
            double w = Float.intBitsToFloat((int) x[2]);
            sum += w;
            sum2 += w * w;
        }
        double mean = sum / s.size();
        assertEquals(5.0, mean, 5 * 1.0 / Math.sqrt(s.size()));
        assertEquals(1.0, sum2 / s.size() - mean * mean, 5 * Math.sqrt(2.0 / s.size()));
    }

    @Test
    void initialValuesMapAsAHandBuiltNetworkAndConvertUnits() {
        PopulationSpec p = new PopulationSpec("a", 4, CellType.IF_COND_EXP, Map.of())
                .initialize("v", Value.of(new Distribution.Normal(-55, 5)))
                .initialize("v", Value.of(new Distribution.Uniform(-60, -50)))
                .initialize("gsyn_exc", Value.of(0.002))
                .initialize("gsyn_inh", Value.of(new Distribution.Exponential(0.01)))
                .initialize("v", Value.of(-70, -65, -60, -55));
        Network n = Assembler.network(new NetworkSpec("t", 0.1, 1, List.of(p), List.of()));
        var inits = n.populations().get(0).initialValues();
        assertEquals(new InitialValue.Normal(-55, 5), inits.get(0).value());
        assertEquals(new InitialValue.Uniform(-60, -50), inits.get(1).value());
        assertEquals("g_exc", inits.get(2).column());
        assertEquals(new InitialValue.Constant(2.0), inits.get(2).value());
        assertEquals(new InitialValue.Drawn(new Distribution.Exponential(10.0)), inits.get(3).value());
        assertEquals(new InitialValue.Values(new double[] {-70, -65, -60, -55}), inits.get(4).value());
    }

    @Test
    void aFarTailClippedNormalIsRefused() {
        NetworkSpec spec = ConnectorTest.net(10, 10, new Connector.AllToAll(true),
                Value.of(new Distribution.NormalClipped(0, 1, 8, 9)), Value.of(0.1));
        SpecException e = assertThrows(SpecException.class, () -> Assembler.network(spec));
        assertEquals("weight", e.field());
    }
}
