package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Network;
import org.shnn.engine.neuron.Python;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.TsodyksMarkram;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.record.StateMonitorSpec;
import org.shnn.engine.synapse.ShortTermState;

/**
 * Tsodyks-Markram synapses: the per-row update against the closed-form steady state of a regular train, the
 * whole delivery path (constant weights, weight arrays, per-synapse delays) against Brian2 2.5.1 on an
 * irregular train, thread-count independence, and a save/restore that continues bit-identically.
 */
class TsodyksMarkramTest {

    private static final double DT = 0.1;
    private static final long SEED = 99L;
    private static final int TARGETS = 24;

    @Test
    void regularTrainReachesTheClosedFormSteadyState() {
        // Two-state model (tau_psc = 0). With u+ the u used at a spike and x- the x before it, NEST's order gives
        //   u+ = U + (1 - U) u+ e^{-T/tau_f}            =>  u* = U / (1 - (1 - U) e^{-T/tau_f})
        //   x- = 1 - (1 - x- (1 - u+)) e^{-T/tau_rec}   =>  x* = (1 - e^{-T/tau_rec}) / (1 - (1 - u*) e^{-T/tau_rec})
        double[][] cases = {{0.2, 300, 600, 25}, {0.5, 800, 0, 10}, {0.05, 100, 1000, 50}};
        for (double[] c : cases) {
            double uParam = c[0];
            double tauRec = c[1];
            double tauF = c[2];
            double period = c[3];
            TsodyksMarkram tm = new TsodyksMarkram(uParam, tauRec, tauF, 0);
            try (Arena arena = Arena.ofConfined()) {
                ShortTermState s = ShortTermState.allocate(arena, tm, DT, 3, 2);
                long steps = Math.round(period / DT);
                float last = 0;
                for (int k = 0; k < 2000; k++) {
                    last = s.release(1, 2, 10 + k * steps);
                }
                double eF = tauF > 0 ? Math.exp(-period / tauF) : 0;
                double eR = Math.exp(-period / tauRec);
                double u = uParam / (1 - (1 - uParam) * eF);
                double x = (1 - eR) / (1 - (1 - u) * eR);
                assertEquals(u, s.u(1, 2), 1e-12, "u* for " + java.util.Arrays.toString(c));
                assertEquals(x * (1 - u), s.x(1, 2), 1e-12, "x after release for " + java.util.Arrays.toString(c));
                assertEquals((float) (u * x), last, "release u* x* for " + java.util.Arrays.toString(c));
                assertEquals(1.0, s.x(0, 2), "copy 0 untouched");
                assertEquals(1.0, s.x(1, 1), "row 1 untouched");
            }
        }
    }

    @Test
    void firstSpikeReleasesUAndRecoveryFollowsTauPsc() {
        try (Arena arena = Arena.ofConfined()) {
            TsodyksMarkram tm = new TsodyksMarkram(0.3, 200, 0, 5);
            ShortTermState s = ShortTermState.allocate(arena, tm, DT, 1, 1);
            assertEquals(0.3f, s.release(0, 0, 123));
            // three-state: after 1 ms the released 0.3 is in y (decay tau_psc) or z (recovery tau_rec); x = 0.7 + ...
            s.release(0, 0, 133);
            double h = 1.0;
            double pyy = Math.exp(-h / 5);
            double pzz = Math.exp(-h / 200);
            double pxy = ((pzz - 1) * 200 - (pyy - 1) * 5) / (5 - 200);
            double x = 0.7 + pxy * 0.3;
            assertEquals(x - 0.3 * x, s.x(0, 0), 1e-15);
        }
        assertThrows(IllegalArgumentException.class, () -> new TsodyksMarkram(1.5, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TsodyksMarkram(0.5, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TsodyksMarkram(0.5, 1, Double.NaN, 1));
    }

    /** Spike steps of one source neuron: irregular intervals 0.1 ms to 60 ms. */
    private static long[] trainSteps() {
        long[] gaps = {10, 1, 4, 30, 250, 2, 2, 80, 600, 15, 45, 1, 1, 1, 120, 333, 70, 9, 500, 27};
        long[] steps = new long[gaps.length * 2];
        long t = 0;
        for (int k = 0; k < steps.length; k++) {
            t += gaps[k % gaps.length];
            steps[k] = t;
        }
        return steps;
    }

    /**
     * A spike-times source with three Tsodyks-Markram projections: constant weight 2 onto receptor 0 of probe
     * population {@code a} (delay 1 + extra), per-synapse weights onto receptor 1 of {@code a} (delay 1 + extra),
     * per-synapse weights and delays (1 to 3 steps, + extra) onto receptor 0 of {@code b}. With several threads
     * the engine exchanges spikes once per shortest delay, so {@code extra} > 0 runs phases of several steps.
     */
    private static Network network(TsodyksMarkram tm, int extra) {
        return network(tm, extra, 0);
    }

    /** As {@link #network(TsodyksMarkram, int)}, between two unconnected populations of {@code pad} neurons each. */
    private static Network network(TsodyksMarkram tm, int extra, int pad) {
        return network(tm, extra, pad, trainSteps());
    }

    /** As {@link #network(TsodyksMarkram, int, int)}, the source spiking at {@code steps}. */
    private static Network network(TsodyksMarkram tm, int extra, int pad, long[] steps) {
        NetworkBuilder b = new NetworkBuilder("tm", DT, SEED);
        if (pad > 0) {
            b.population("before", new ProbeModel(DT, -1), pad);
        }
        Population src = b.generator("src", new SpikeTimesGenerator(steps, new int[steps.length]), 1);
        Population a = b.population("a", new ProbeModel(DT, -1), TARGETS);
        Population c = b.population("b", new ProbeModel(DT, -1), TARGETS);
        b.shortTerm(b.connect(src, a, 0, new Connectivity.AllToAll(), WeightRule.constant(2), DelayRule.constant(1 + extra)), tm);
        int[] zeros = new int[TARGETS];
        int[] ids = new int[TARGETS];
        float[] w = new float[TARGETS];
        int[] d = new int[TARGETS];
        for (int i = 0; i < TARGETS; i++) {
            ids[i] = i;
            w[i] = 0.5f + i;
            d[i] = 1 + extra + i % 3;
        }
        b.shortTerm(b.connect(src, a, 1, new Connectivity.Explicit(zeros, ids, w, null), WeightRule.constant(0),
                DelayRule.constant(1 + extra)), tm);
        b.shortTerm(b.connect(src, c, 0, new Connectivity.Explicit(zeros, ids, w, d), WeightRule.constant(0),
                DelayRule.constant(1)), tm);
        if (pad > 0) {
            b.population("after", new ProbeModel(DT, -1), pad);
        }
        return b.build();
    }

    private static SimulationConfig monitored(int threads) {
        return monitored(SimulationConfig.defaults().withThreads(threads));
    }

    private static SimulationConfig monitored(SimulationConfig threads) {
        int[] all = new int[TARGETS];
        java.util.Arrays.setAll(all, i -> i);
        return threads.withStateMonitor(new StateMonitorSpec("a", "sum0", all, 1))
                .withStateMonitor(new StateMonitorSpec("a", "sum1", all, 1))
                .withStateMonitor(new StateMonitorSpec("b", "sum0", all, 1));
    }

    /** Per monitor and target neuron, the input received at each step (differences of the running sums). */
    private static double[][][] inputs(Simulation s, long steps) {
        double[][][] out = new double[3][TARGETS][];
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < TARGETS; i++) {
                double[] sums = s.stateMonitor(m).values(i);
                double[] in = new double[(int) steps];
                for (int k = 0; k < steps; k++) {
                    in[k] = sums[k] - (k == 0 ? 0 : sums[k - 1]);
                }
                out[m][i] = in;
            }
        }
        return out;
    }

    private static double[][][] run(Network net, int threads, long steps) {
        try (Simulation s = Simulation.create(net, monitored(threads))) {
            s.runSteps(steps / 3);
            s.runSteps(steps - steps / 3);
            return inputs(s, steps);
        }
    }

    @Test
    void deliveryMatchesBrian2OnAnIrregularTrain() throws Exception {
        long[] steps = trainSteps();
        long total = steps[steps.length - 1] + 10;
        TsodyksMarkram[] cases = {new TsodyksMarkram(0.5, 100, 50, 0), new TsodyksMarkram(0.2, 400, 800, 5),
            new TsodyksMarkram(0.6, 150, 0, 3)};
        List<double[]> reference = brian2(cases, steps);
        for (int c = 0; c < cases.length; c++) {
            int extra = c; // shortest delay 1, 2, 3 steps: phases of that many steps with 3 threads
            double[][][] in = run(network(cases[c], extra), 1, total);
            double[][][] in3 = run(network(cases[c], extra), 3, total);
            for (int m = 0; m < 3; m++) {
                for (int i = 0; i < TARGETS; i++) {
                    assertArrayEquals(in[m][i], in3[m][i], "case " + c + " monitor " + m + " neuron " + i + ": 1 vs 3 threads");
                }
            }
            double[] r = reference.get(c);
            assertEquals(steps.length, r.length, "Brian2 released once per spike");
            for (int k = 0; k < steps.length; k++) {
                int i = 7;
                float w = 0.5f + i;
                int delay = 1 + extra + i % 3;
                // float weights times the float factor; Brian2 in double: 1e-6 covers the two float roundings
                String where = "case " + c + " spike " + k + " (step " + steps[k] + ")";
                assertEquals(2.0 * r[k], in[0][i][(int) steps[k] + 1 + extra], 1e-6, where + ", constant weight");
                assertEquals(w * r[k], in[1][i][(int) steps[k] + 1 + extra], 1e-5, where + ", weight array");
                assertEquals(w * r[k], in[2][i][(int) steps[k] + delay], 1e-5, where + ", per-synapse delay");
            }
        }
    }

    /** Brian2's released fraction at each spike of {@code steps} per case, or the test is skipped without Brian2 ({@link Python}). */
    private static List<double[]> brian2(TsodyksMarkram[] cases, long[] steps) throws Exception {
        StringBuilder json = new StringBuilder("{\"cases\": [");
        for (int c = 0; c < cases.length; c++) {
            json.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"U\": %s, \"tau_rec\": %s, \"tau_facil\": %s, \"tau_psc\": %s, \"spikes\": [", cases[c].u(),
                    cases[c].tauRec(), cases[c].tauFacil(), cases[c].tauPsc()));
            for (int k = 0; k < steps.length; k++) {
                json.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", steps[k] * DT));
            }
            json.append("]}");
        }
        json.append("]}");
        String out = Python.runScript("/brian2/tsodyks_markram.py", json.toString());
        List<double[]> result = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("release")) {
                String[] f = line.substring("release".length()).trim().split(" ");
                result.add(java.util.Arrays.stream(f).mapToDouble(Double::parseDouble).toArray());
            }
        }
        assertEquals(cases.length, result.size(), "one line per case: " + out);
        return result;
    }

    /**
     * Under a ceiling of 2 threads, short runs that take all threads and runs on one thread, which step one range
     * over all neurons instead of the two ({@code StepLoop}; the first run takes all threads and the second one,
     * {@link AdaptiveThreads}), give 1 thread's inputs, spikes and synaptic events: the short-term state copy of
     * the ranges that ran last is the one every range continues from. The padding makes 2 ranges (12,049 neurons)
     * and puts their boundary (id 6016) inside population a, so that only the second range delivers onto b: its
     * copy of that projection's state is the one a run on two ranges leaves, and the one range's a run on one.
     */
    @Test
    void aCeilingsRunsOnOneRangeAndOnTwoGiveOneThreadsInputs() {
        Network net = network(new TsodyksMarkram(0.3, 200, 400, 2), 2, 6000);
        long total = trainSteps()[trainSteps().length - 1] + 10;
        double[][][] straight;
        long events;
        long spikes;
        try (Simulation s = Simulation.create(net, monitored(1))) {
            s.runSteps(total);
            straight = inputs(s, total);
            events = s.synapticEvents();
            spikes = s.spikeCount();
        }
        try (Simulation s = Simulation.create(net, monitored(SimulationConfig.defaults().withThreadsUpTo(2)))) {
            assertEquals(2, s.threads());
            for (long done = 0; done < total; done += 37) {
                s.runSteps(Math.min(37, total - done));
            }
            assertBothChoicesGaveTheInputs(straight, s, total);
            assertEquals(events, s.synapticEvents(), "synaptic events");
            assertEquals(spikes, s.spikeCount(), "spikes");
            assertTrue(events > 1000, "the train reached the targets: " + events);
        }
    }

    /**
     * One run under a ceiling of 2 threads: its first {@link AdaptiveThreads#TRIAL_STEPS} steps are all threads'
     * trial, the next as many one thread's ({@link AdaptiveThreads#stepsFor}), and a spike every 7 steps is released
     * in both; the one range continues from the state copy the two ranges left, as between runs. The network as in
     * {@link #aCeilingsRunsOnOneRangeAndOnTwoGiveOneThreadsInputs}: only the second range delivers onto b.
     */
    @Test
    void aTrialInsideARunHandsTheShortTermStateOn() {
        long total = 4 * AdaptiveThreads.TRIAL_STEPS;
        long[] train = java.util.stream.LongStream.iterate(7, t -> t < total, t -> t + 7).toArray();
        Network net = network(new TsodyksMarkram(0.3, 200, 400, 2), 2, 6000, train);
        double[][][] straight;
        try (Simulation s = Simulation.create(net, monitored(1))) {
            s.runSteps(total);
            straight = inputs(s, total);
        }
        try (Simulation s = Simulation.create(net, monitored(SimulationConfig.defaults().withThreadsUpTo(2)))) {
            s.runSteps(total);
            assertBothChoicesGaveTheInputs(straight, s, total);
        }
    }

    /** Both of a ceiling's choices ran in {@code s}, and its inputs over {@code total} steps are {@code expected}. */
    private static void assertBothChoicesGaveTheInputs(double[][][] expected, Simulation s, long total) {
        assertTrue(s.adaptiveThreads().runsAlone() >= 1 && s.adaptiveThreads().runsOnAll() >= 1,
                "both: alone " + s.adaptiveThreads().runsAlone() + ", all " + s.adaptiveThreads().runsOnAll());
        double[][][] got = inputs(s, total);
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < TARGETS; i++) {
                assertArrayEquals(expected[m][i], got[m][i], "monitor " + m + " neuron " + i);
            }
        }
    }

    @Test
    void saveAndRestoreContinueBitIdentically(@TempDir Path dir) throws IOException {
        Network net = network(new TsodyksMarkram(0.3, 200, 400, 2), 2);
        long total = trainSteps()[trainSteps().length - 1] + 10;
        long cut = 1200; // mid-train: u and x far from rest
        double[][][] straight = run(net, 2, total);
        try (Simulation a = Simulation.create(net, SimulationConfig.defaults().withThreads(2)); Arena copy = Arena.ofShared()) {
            a.runSteps(cut);
            Map<String, MemorySegment> saved = new HashMap<>();
            for (NamedSegment s : a.stateSections()) {
                MemorySegment c = copy.allocate(s.segment().byteSize(), 64);
                c.copyFrom(s.segment());
                saved.put(s.name(), c);
            }
            assertTrue(saved.containsKey("projection/0/shortTerm"));
            assertEquals(ShortTermState.ROW_LAYOUT.byteSize(), saved.get("projection/2/shortTerm").byteSize(), "one row");
            Path file = dir.resolve("tm.shnn");
            Checkpoint.save(a, file);
            try (Simulation b = Simulation.restore(net, monitored(1), saved::get);
                    Simulation opened = Checkpoint.open(file, net, monitored(3))) {
                for (Simulation r : new Simulation[] {b, opened}) {
                    r.runSteps(total - cut);
                    double[][][] tail = inputs(r, total - cut);
                    for (int m = 0; m < 3; m++) {
                        for (int i = 0; i < TARGETS; i++) {
                            double[] expected = java.util.Arrays.copyOfRange(straight[m][i], (int) cut, (int) total);
                            // the first restored step has no previous sum to subtract: compare from the second on
                            assertArrayEquals(java.util.Arrays.copyOfRange(expected, 1, expected.length),
                                    java.util.Arrays.copyOfRange(tail[m][i], 1, tail[m][i].length),
                                    "monitor " + m + " neuron " + i);
                        }
                    }
                }
            }
            Map<String, MemorySegment> noState = new HashMap<>(saved);
            noState.remove("projection/1/shortTerm");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Simulation.restore(net, SimulationConfig.defaults(), noState::get));
            assertTrue(e.getMessage().contains("projection/1/shortTerm"), e.getMessage());
        }
    }
}
