package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.record.IsiStatistics;
import org.shnn.engine.record.PopulationRates;

/**
 * The four regimes of Brunel's (2000) model A (delta synapses, {@link BuiltinNetworks#brunel}) show their
 * signatures. Network: N = 5000 with Brunel's in-degree C_E = 1000, C_I = 250 (his input statistics at 2.5x his
 * connection probability; with C_E = 0.1 N_E = 400 the input variance is 2.5x smaller and g = 5, eta = 2 is
 * mean-driven: 60 Hz, CV 0.22, as mean-field theory predicts for C_E = 400 with 60.3 Hz and CV 0.45); 300 ms
 * (SR: 100 ms), statistics of the excitatory population after a 100 ms (SR: 50 ms) transient; population rate in 1 ms bins, its normalised variance is the Fano factor
 * {@code var(count) / mean(count)} (1 for independent Poisson neurons, large when neurons fire together).
 *
 * <p>Measured (seeds 1, 2, 3): SR 333-335 Hz, CV 0.001, Fano 658-700; AI 36.8-38.3 Hz, CV 0.38-0.44, Fano 72-104;
 * SI-fast 59.6-60.4 Hz, CV 0.78-0.96, Fano 216-257, rate fluctuation (sd/mean) 0.95-1.04; SI-slow 5.7-6.9 Hz,
 * Fano 154-297, fluctuation 2.6-3.5. Mean-field theory (Brunel 2000, eqs. 21-22; Siegert rate and ISI CV of the
 * stationary state) gives AI 37.9 Hz with CV 0.68, SI-fast 55.8 Hz, SI-slow 6.5 Hz. The AI CV stays below the
 * stationary theory's 0.68 because g = 5, eta = 2 lies near the fast-oscillation boundary for D = 1.5 ms: the
 * finite network shows weak damped population oscillations (also at N = 12500, C_E = 1000: 37.5 Hz, CV 0.40),
 * which lock spikes partly. Bands (margins around the measured ranges):
 * <ul>
 * <li>SR (g 3, eta 2): rate &gt;= 250 Hz, CV &lt;= 0.05 (clock-like), Fano &gt;= 400 (synchronous);</li>
 * <li>AI (g 5, eta 2): rate within 15 % of the mean-field 37.9 Hz, CV in [0.3, 0.9], the lowest Fano factor of the
 *     four regimes and &lt;= 150;</li>
 * <li>SI-fast (g 6, eta 4): rate in [48, 72] Hz, irregular neurons (CV &gt;= 0.65) in an oscillating population
 *     (fluctuation &gt;= 0.8, Fano &gt;= 1.8x the AI's);</li>
 * <li>SI-slow (g 4.5, eta 0.9): rate &lt;= 10 Hz with fluctuation &gt;= 2.</li>
 * </ul>
 */
class BrunelRegimeTest {

    private static final long SEED = 1L;
    private static final int NEURONS = 5000;
    /** Steps simulated and skipped (transient); SR (333 Hz, 2e9 synaptic events/s) is short to keep the test fast. */
    private static long steps(BrunelRegime r) {
        return r == BrunelRegime.SR ? 1000 : 3000;
    }

    private static long skip(BrunelRegime r) {
        return r == BrunelRegime.SR ? 500 : 1000;
    }

    /** Excitatory rate (Hz), mean ISI CV, population-rate sd/mean and Fano factor over [skip, steps). */
    private record Signature(double rate, double cv, double fluctuation, double fano) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "rate %.2f Hz, CV %.3f, fluctuation %.3f, Fano %.1f", rate, cv,
                    fluctuation, fano);
        }
    }

    private static Signature measure(BrunelRegime regime) {
        Network net = BuiltinNetworks.brunel(NEURONS, 1000, SEED, regime, 0.1);
        int ne = net.populations().get(0).count();
        long steps = steps(regime);
        long skip = skip(regime);
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(steps);
            double[] rate = PopulationRates.histogram(s.spikes(), 0, ne, steps, 10, 0.1);
            int from = (int) (skip / 10);
            int bins = rate.length - from;
            double mean = 0;
            for (int b = from; b < rate.length; b++) {
                mean += rate[b] / bins;
            }
            double var = 0;
            for (int b = from; b < rate.length; b++) {
                var += (rate[b] - mean) * (rate[b] - mean) / bins;
            }
            double spikesPerBinPerHz = ne * 1e-3; // a 1 ms bin of ne neurons: count = rate * ne * 1 ms
            double fano = var * spikesPerBinPerHz / mean;
            double cv = IsiStatistics.meanCv(s.spikes(), 0, ne, skip, 3);
            return new Signature(mean, cv, Math.sqrt(var) / mean, fano);
        }
    }

    @Test
    void eachRegimeShowsItsSignature() {
        Map<BrunelRegime, Signature> m = new EnumMap<>(BrunelRegime.class);
        for (BrunelRegime r : BrunelRegime.values()) {
            m.put(r, measure(r));
        }
        String what = "seed " + SEED + ", N " + NEURONS + ", C_E 1000: " + m;
        Signature sr = m.get(BrunelRegime.SR);
        Signature ai = m.get(BrunelRegime.AI);
        Signature fast = m.get(BrunelRegime.SI_FAST);
        Signature slow = m.get(BrunelRegime.SI_SLOW);
        assertTrue(sr.rate() >= 250 && sr.cv() <= 0.05 && sr.fano() >= 400, "SR: " + what);
        assertTrue(Math.abs(ai.rate() - 37.9) <= 0.15 * 37.9 && ai.cv() >= 0.3 && ai.cv() <= 0.9 && ai.fano() <= 150,
                "AI: " + what);
        for (BrunelRegime r : new BrunelRegime[] {BrunelRegime.SR, BrunelRegime.SI_FAST, BrunelRegime.SI_SLOW}) {
            assertTrue(ai.fano() < m.get(r).fano(), "AI must have the lowest Fano factor, " + r + " has less: " + what);
        }
        assertTrue(fast.rate() >= 48 && fast.rate() <= 72 && fast.cv() >= 0.65 && fast.fluctuation() >= 0.8
                && fast.fano() >= 1.8 * ai.fano(), "SI-fast: " + what);
        assertTrue(slow.rate() <= 10 && slow.fluctuation() >= 2, "SI-slow: " + what);
    }
}
