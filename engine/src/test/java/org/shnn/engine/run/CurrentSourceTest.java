package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.checkpoint.Checkpoint;
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
 * to rounding), the AC and noise waveforms sample by sample, for 1 and 3 threads; sources changed between runs
 * ({@link Simulation#setCurrent}) against the closed form and the step source built with the change, saved, resumed
 * and kept by a reset.
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

    // ---- changes between runs ----------------------------------------------------------------------------

    @TempDir
    Path dir;

    /** The membrane of every neuron at every step: DC 100 pA, changed to -40 pA at step 150 and to a window past. */
    private static double[][] runChangedDc(int neurons, int threads, Network net) {
        int[] all = new int[neurons];
        java.util.Arrays.setAll(all, i -> i);
        SimulationConfig cfg = SimulationConfig.defaults().withThreads(threads)
                .withStateMonitor(new StateMonitorSpec("p", "v", all, 1));
        try (Simulation s = Simulation.create(net, cfg)) {
            s.runSteps(150);
            s.setCurrent(0, new CurrentWaveform.Dc(-40, 0, Double.POSITIVE_INFINITY));
            s.runSteps(100);
            s.setCurrent(0, new CurrentWaveform.Dc(250, 0, 20.0)); // its window ended at step 200: 0 from step 250
            s.runSteps(100);
            double[] expected = new double[350];
            for (int k = 0; k < 350; k++) {
                expected[k] = k < 150 ? 100 : k < 250 ? -40 : 0;
            }
            assertArrayEquals(expected, s.injectedCurrent(0).trace(3, 0, 350),
                    "the recorded current is the one injected");
            assertEquals(3, s.injectedCurrent(0).changes().size());
            double[][] v = new double[neurons][];
            for (int i = 0; i < neurons; i++) {
                v[i] = s.stateMonitor(0).values(i);
            }
            return v;
        }
    }

    private static Network lifWith(CurrentWaveform w) {
        NetworkBuilder b = new NetworkBuilder("lif-current", DT, SEED);
        b.population("p", silentLif(), 10);
        b.current(CurrentSource.range(0, 2, 8, w));
        return b.build();
    }

    @Test
    void aCurrentChangedBetweenRunsActsFromItsStepLikeTheStepSourceBuiltWithIt() {
        double[] times = {0.0, 15.0, 25.0};
        double[] amps = {100.0, -40.0, 0.0};
        double[][] built = runLif(CurrentSource.range(0, 2, 8, new CurrentWaveform.Step(times, amps)), 10, 1, 350);
        for (int threads : new int[] {1, 3}) {
            double[][] v = runChangedDc(10, threads, lifWith(new CurrentWaveform.Dc(100, 0, Double.POSITIVE_INFINITY)));
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(built[i], v[i], threads + " thread(s), neuron " + i
                        + ": bit-identical to the step source");
            }
            for (int k = 0; k < 350; k++) {
                double expected = lifClosedForm((k + 1) * DT, times, amps);
                assertEquals(expected, v[4][k], 1e-12 * Math.abs(expected), "t = " + (k + 1) * DT);
                assertEquals(E_L, v[1][k], "neuron 1 is not a target");
            }
        }
    }

    @Test
    void aNoiseSourceChangedKeepsItsDraws() {
        NetworkBuilder b = new NetworkBuilder("noise-change", DT, SEED);
        b.population("p", new ProbeModel(DT, -1), 30);
        b.current(CurrentSource.range(0, 0, 30, new CurrentWaveform.Noisy(50, 20, 0.5, 0, Double.POSITIVE_INFINITY)));
        Network net = b.build();
        double[][] unchanged = probeCurrents(net, 30, 1, 200);
        double[][][] changed = new double[2][][];
        int[] all = new int[30];
        java.util.Arrays.setAll(all, i -> i);
        for (int threads = 1; threads <= 2; threads++) {
            SimulationConfig cfg = SimulationConfig.defaults().withThreads(2 * threads - 1)
                    .withStateMonitor(new StateMonitorSpec("p", "ext", all, 1));
            try (Simulation s = Simulation.create(net, cfg)) {
                s.runSteps(100);
                s.setCurrent(0, new CurrentWaveform.Noisy(-10, 5, 0.5, 0, Double.POSITIVE_INFINITY));
                s.runSteps(100);
                changed[threads - 1] = new double[30][];
                for (int i = 0; i < 30; i++) {
                    changed[threads - 1][i] = s.stateMonitor(0).values(i);
                    assertArrayEquals(changed[threads - 1][i], s.injectedCurrent(0).trace(i, 0, 200));
                }
            }
        }
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(changed[0][i], changed[1][i], "1 and 3 threads, neuron " + i);
            for (int k = 0; k < 200; k++) {
                if (k < 100) {
                    assertEquals(unchanged[i][k], changed[0][i][k], "before the change, step " + k);
                } else {
                    assertEquals((unchanged[i][k] - 50) / 20, (changed[0][i][k] + 10) / 5, 1e-12,
                            "the same draw, step " + k);
                }
            }
        }
    }

    private static byte[] stateBytes(Simulation s) {
        return s.populationState(0).segment().toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void aChangedCurrentIsSavedResumedAndKeptByAReset() throws Exception {
        // spiking neurons: threshold -55 mV, 400 pA into 250 pF / 20 ms reaches -33 mV
        NetworkBuilder b = new NetworkBuilder("lif-spiking", DT, SEED);
        b.population("p", new LifCubaModel(new LifCubaParams(C_M, TAU_M, E_L, -55.0, E_L, 2.0, 5.0, 5.0, 0.0), DT), 12);
        b.current(CurrentSource.range(0, 0, 12, new CurrentWaveform.Dc(100, 0, Double.POSITIVE_INFINITY)));
        Network net = b.build();
        Path file = dir.resolve("changed.shnn");
        byte[] straight;
        byte[] raster;
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(100);
            s.setCurrent(0, new CurrentWaveform.Dc(900, 0, Double.POSITIVE_INFINITY)); // replaced by the next change
            s.setCurrent(0, new CurrentWaveform.Step(new double[] {12.0, 30.0}, new double[] {400.0, 0.0}));
            s.runSteps(150);
            Checkpoint.save(s, file);
            s.runSteps(200);
            straight = stateBytes(s);
            raster = s.rasterSha256();
            assertTrue(s.spikeCount() > 12, "the changed current made the neurons spike: " + s.spikeCount());
            s.reset();
            s.runSteps(450);
            assertArrayEquals(straight, stateBytes(s), "a reset keeps the change, which acts again at its step");
            assertArrayEquals(raster, s.rasterSha256());
            s.reset();
            s.setCurrent(0, new CurrentWaveform.Dc(100, 0, Double.POSITIVE_INFINITY)); // at step 0: the whole history
            assertEquals(1, s.injectedCurrent(0).changes().size());
            s.runSteps(450);
            assertEquals(0, s.spikeCount(), "100 pA alone stays below threshold");
        }
        try (Simulation s = Checkpoint.open(file, net, SimulationConfig.defaults())) {
            assertEquals(2, s.injectedCurrent(0).changes().size(), "the history was saved");
            assertEquals(400.0, s.injectedCurrent(0).valueAt(200, 5));
            assertEquals(100.0, s.injectedCurrent(0).valueAt(50, 5));
            s.runSteps(200);
            assertArrayEquals(straight, stateBytes(s), "resumed = straight, 1 thread against 2");
        }
    }

    @Test
    void aDamagedChangesSectionIsRefusedNamingTheWaveformAndDouble() {
        Network net = lifWith(new CurrentWaveform.Dc(100, 0, Double.POSITIVE_INFINITY));
        double inf = Double.POSITIVE_INFINITY;
        String[][] cases = {
            {"waveform 0 at double 0: expected a first step 0", "5,0,3,1,0," + inf},
            {"waveform 2 at double 12: expected a first step > 10", "0,0,3,1,0," + inf + ",10,0,3,2,0,1,10,0,3,2,0,1"},
            {"kind 7.0", "0,7,3,1,0,1"},
            {"kind 1.0, 3.0 values", "0,1,3,1,2,3"},
            {"waveform 0 at double 0: DC current window", "0,0,3,1,5,1"},
            {"found 2 doubles", "0,0"},
            {"is empty", ""},
        };
        for (String[] c : cases) {
            double[] v = c[1].isEmpty() ? new double[0]
                    : java.util.Arrays.stream(c[1].split(",")).mapToDouble(Double::parseDouble).toArray();
            String m = assertThrows(IllegalArgumentException.class,
                    () -> SavedSections.unpackCurrentChanges(MemorySegment.ofArray(v), net, 0)).getMessage();
            assertTrue(m.startsWith("section 'current/0/changes'") && m.contains(c[0]), c[1] + " -> " + m);
        }
        assertEquals(StateDescriptor.Role.CURRENT_CHANGES, StateDescriptor.role(StateDescriptor.currentChanges(12)));
        assertEquals(StateDescriptor.Role.HOOK, StateDescriptor.role("current/x/changes"));
    }
}
