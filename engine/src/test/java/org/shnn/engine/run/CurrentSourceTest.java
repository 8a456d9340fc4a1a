package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.input.InjectedCurrent;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.record.StateMonitorSpec;

/**
 * Injected currents (DC, step, AC, noise) as the neurons receive them, against closed forms: the LIF membrane
 * under a DC or step current (exact integration: the engine's propagator must match the continuous solution
 * to rounding), the AC and noise waveforms sample by sample, for 1 and 3 threads.
 */
class CurrentSourceTest {

    private static final double DT = 0.1;
    private static final long SEED = 4242L;
    private static final double TAU_M = 20.0;
    private static final double C_M = 250.0;
    private static final double E_L = -65.0;
    /** Membrane resistance, mV/pA (GOhm). */
    private static final double R = TAU_M / C_M;

    private static LifCubaModel silentLif() {
        // threshold far away: the membrane follows the subthreshold closed form
        return new LifCubaModel(new LifCubaParams(C_M, TAU_M, E_L, 1e6, E_L, 2.0, 5.0, 5.0, 0.0), DT);
    }

    /** V(t) of a LIF at rest at time 0 under piecewise-constant current {@code amps[k]} from {@code times[k]} (pA, ms). */
    private static double lifClosedForm(double t, double[] times, double[] amps) {
        double v = E_L;
        double t0 = 0;
        double current = 0;
        for (int k = 0; k <= times.length; k++) {
            double t1 = k < times.length ? Math.min(times[k], t) : t;
            if (t1 > t0) {
                double vInf = E_L + R * current;
                v = vInf + (v - vInf) * Math.exp(-(t1 - t0) / TAU_M);
                t0 = t1;
            }
            if (k < times.length && times[k] <= t) {
                current = amps[k];
            }
        }
        return v;
    }

    private static double[][] runLif(CurrentSource source, int neurons, int threads, long steps) {
        NetworkBuilder b = new NetworkBuilder("lif-current", DT, SEED);
        b.population("p", silentLif(), neurons);
        b.current(source);
        int[] all = new int[neurons];
        java.util.Arrays.setAll(all, i -> i);
        SimulationConfig cfg = SimulationConfig.defaults().withThreads(threads)
                .withStateMonitor(new StateMonitorSpec("p", "v", all, 1));
        try (Simulation s = Simulation.create(b.build(), cfg)) {
            s.runSteps(steps);
            StateMonitor m = s.stateMonitor(0);
            double[][] v = new double[neurons][];
            for (int i = 0; i < neurons; i++) {
                v[i] = m.values(i);
            }
            return v;
        }
    }

    @Test
    void dcCurrentGivesTheLifClosedFormInItsWindowOnly() {
        double start = 5.0;
        double stop = 15.0;
        double pA = 200.0;
        CurrentSource dc = new CurrentSource(0, new int[] {2, 0}, new CurrentWaveform.Dc(pA, start, stop));
        for (int threads : new int[] {1, 3}) {
            double[][] v = runLif(dc, 40, threads, 300);
            for (int k = 0; k < 300; k++) {
                double t = (k + 1) * DT; // a sample of step k is the state at its end
                double expected = lifClosedForm(t, new double[] {start, stop}, new double[] {pA, 0});
                assertEquals(expected, v[0][k], 1e-12 * Math.abs(expected), "neuron 0, t = " + t);
                assertEquals(expected, v[2][k], 1e-12 * Math.abs(expected), "neuron 2, t = " + t);
                assertEquals(E_L, v[1][k], "neuron 1 receives nothing");
            }
            // PyNN's timing: the first membrane value the current changes is the one at start + dt
            assertEquals(E_L, v[0][(int) Math.round(start / DT) - 1]);
            assertNotEquals(E_L, v[0][(int) Math.round(start / DT)]);
        }
    }

    @Test
    void stepCurrentGivesTheLifClosedForm() {
        double[] times = {2.0, 7.0, 12.0};
        double[] amps = {100.0, -50.0, 300.0};
        CurrentSource step = CurrentSource.range(0, 3, 20, new CurrentWaveform.Step(times, amps));
        double[][] v = runLif(step, 20, 2, 250);
        for (int k = 0; k < 250; k++) {
            double expected = lifClosedForm((k + 1) * DT, times, amps);
            assertEquals(expected, v[5][k], 1e-12 * Math.abs(expected), "t = " + (k + 1) * DT);
            assertEquals(E_L, v[2][k]);
        }
    }

    /** The external current each neuron saw at each step, through the probe's {@code ext} column. */
    private static double[][] probeCurrents(Network net, int neurons, int threads, long steps) {
        int[] all = new int[neurons];
        java.util.Arrays.setAll(all, i -> i);
        SimulationConfig cfg = SimulationConfig.defaults().withThreads(threads)
                .withStateMonitor(new StateMonitorSpec("p", "ext", all, 1));
        try (Simulation s = Simulation.create(net, cfg)) {
            s.runSteps(steps / 2);
            s.runSteps(steps - steps / 2); // two runs: the buffer is re-summed at each run's first step
            double[][] out = new double[neurons][];
            for (int i = 0; i < neurons; i++) {
                out[i] = s.stateMonitor(0).values(i);
                for (int c = 0; c < net.currents().size(); c++) {
                    if (net.currents().get(c).targets(i)) {
                        continue;
                    }
                    assertArrayEquals(new double[(int) steps], s.injectedCurrent(c).trace(i, 0, steps));
                }
            }
            return out;
        }
    }

    @Test
    void acCurrentFollowsPyNNsSinusoidSampledAtEachStepStart() {
        double amp = 80;
        double offset = 15;
        double freqHz = 40;
        double phaseDeg = 30;
        double start = 3.0;
        double stop = 20.0;
        NetworkBuilder b = new NetworkBuilder("ac", DT, SEED);
        b.population("p", new ProbeModel(DT, -1), 48);
        b.current(CurrentSource.range(0, 10, 40, new CurrentWaveform.Ac(amp, offset, freqHz, phaseDeg, start, stop)));
        Network net = b.build();
        long steps = 250;
        double[][] one = probeCurrents(net, 48, 1, steps);
        double[][] three = probeCurrents(net, 48, 3, steps);
        for (int k = 0; k < steps; k++) {
            double t = k * DT;
            double expected = t < start - 1e-9 || t >= stop - 1e-9 ? 0.0
                    : offset + amp * Math.sin(2 * Math.PI * freqHz * (t - start) / 1000 + Math.toRadians(phaseDeg));
            assertEquals(expected, one[12][k], 1e-9, "step " + k);
        }
        assertEquals(0.0, one[5][100], "outside the selection");
        for (int i = 0; i < 48; i++) {
            assertArrayEquals(one[i], three[i], "neuron " + i + ": same current for any thread count");
        }
    }

    @Test
    void noiseIsHeldPerDrawIndependentPerNeuronAndThreadCountFree() {
        double mean = 50;
        double sd = 20;
        double start = 2.0;
        double stop = 42.0;
        NetworkBuilder b = new NetworkBuilder("noise", DT, SEED);
        b.population("p", new ProbeModel(DT, -1), 400);
        b.current(CurrentSource.range(0, 0, 400, new CurrentWaveform.Noisy(mean, sd, 0.5, start, stop)));
        Network net = b.build();
        long steps = 450;
        double[][] one = probeCurrents(net, 400, 1, steps);
        double[][] three = probeCurrents(net, 400, 3, steps);
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults())) {
            InjectedCurrent ic = s.injectedCurrent(0);
            for (int i = 0; i < 400; i++) {
                assertArrayEquals(one[i], three[i], "neuron " + i);
                assertArrayEquals(one[i], ic.trace(i, 0, steps), "the trace is what the neuron received");
                for (int k = 0; k < steps; k++) {
                    if (k < 20 || k >= 420) {
                        assertEquals(0.0, one[i][k], "outside [start, stop): step " + k);
                    } else if ((k - 20) % 5 != 0) {
                        assertEquals(one[i][k - 1], one[i][k], "held between draws: step " + k);
                    } else {
                        sum += one[i][k];
                        sumSq += one[i][k] * one[i][k];
                        n++;
                    }
                }
            }
            assertNotEquals(one[0][20], one[1][20], "independent per neuron");
        }
        assertEquals(400 * 80, n);
        double m = sum / n;
        double var = sumSq / n - m * m;
        // 32000 draws: the mean's sd is 20 / sqrt(32000) = 0.11 pA, the variance's about 400 * sqrt(2 / 32000) = 3.2
        assertEquals(mean, m, 0.6, "mean (5 sd)");
        assertEquals(sd * sd, var, 16.0, "variance (5 sd)");
    }

    @Test
    void sourcesOnOneNeuronAddUpAndStepTimesRoundLikePyNN() {
        NetworkBuilder b = new NetworkBuilder("sum", DT, SEED);
        b.population("p", new ProbeModel(DT, -1), 20);
        b.current(new CurrentSource(0, new int[] {3, 7}, new CurrentWaveform.Dc(10, 1.0, 2.0)));
        // 0.52 and 0.54 ms both round to step 5: the later amplitude wins
        b.current(CurrentSource.range(0, 0, 8, new CurrentWaveform.Step(new double[] {0.52, 0.54, 1.5},
                new double[] {1, 2, 4})));
        double[][] ext = probeCurrents(b.build(), 20, 2, 30);
        assertEquals(0.0, ext[7][4]);
        assertEquals(2.0, ext[7][5]);
        assertEquals(2.0, ext[7][9]);
        assertEquals(12.0, ext[7][10]);
        assertEquals(14.0, ext[3][15]);
        assertEquals(4.0, ext[3][20], "DC ends at its stop step");
        assertEquals(4.0, ext[0][15], "neuron 0 has only the step current");
        assertEquals(0.0, ext[8][15], "neuron 8 has none");
    }

    @Test
    void badSourcesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CurrentSource(0, new int[] {1, 1}, new CurrentWaveform.Dc(1, 0, 1)));
        assertThrows(IllegalArgumentException.class, () -> new CurrentWaveform.Dc(1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new CurrentWaveform.Step(new double[] {1, 1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new CurrentWaveform.Noisy(0, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CurrentWaveform.Ac(1, 0, -1, 0, 0, 1));
        NetworkBuilder b = new NetworkBuilder("bad", DT, SEED);
        Population p = b.population("p", new ProbeModel(DT, -1), 5);
        assertThrows(IllegalArgumentException.class, () -> b.current(new CurrentSource(p.index(), new int[] {5},
                new CurrentWaveform.Dc(1, 0, 1))));
    }
}
