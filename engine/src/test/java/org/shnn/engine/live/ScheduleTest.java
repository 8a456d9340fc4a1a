package org.shnn.engine.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.json.JsonException;
import org.shnn.codec.json.JsonReader;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.assembly.Parameters;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.NamedSegment;
import org.shnn.engine.run.SavedState;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.StateDescriptor;
import org.shnn.engine.run.Synapses;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.spec.Value;

/**
 * Tasks as data ({@link TaskSpec}, {@link Schedule}): each kind does its thing at its exact step, checked against
 * the same change made between two plain runs (and one step off, which must differ); stop conditions and rate
 * reports against counts read from a plain run; a run saved in the middle of its schedule (between runs, and by
 * its own checkpoint tasks) and resumed gives the raster, reports and stop of an uninterrupted run, 1 and 2
 * threads; a bad schedule is refused naming its file, place and member, and schedules nothing.
 */
class ScheduleTest {

    private static final long SEED = 20261205L;
    private static final Network NET = BuiltinNetworks.coba(1000, SEED); // dt 0.1 ms, populations exc, inh
    private static final long STEPS = 2500;
    /** A step around which excitatory neurons spike at 4 steps in a row, so a weight change one step off shows. */
    private static final long AT = busyStep();
    /** The end of the runs that check a change's step: soon after it, before resets erase a one-step difference. */
    private static final long END = AT + 30;

    @TempDir
    Path dir;

    private static Simulation create(int threads) {
        return Simulation.create(NET, SimulationConfig.defaults().withThreads(threads));
    }

    private static long busyStep() {
        try (Simulation s = create(1)) {
            s.runSteps(1200);
            long[] exc = new long[300];
            for (int k = 0; k < exc.length; k++) {
                long before = s.populationSpikeCounts()[0];
                s.runSteps(1);
                exc[k] = s.populationSpikeCounts()[0] - before; // spikes of step 1200 + k
            }
            for (int k = 2; k + 1 < exc.length; k++) {
                if (exc[k - 2] > 0 && exc[k - 1] > 0 && exc[k] > 0 && exc[k + 1] > 0) {
                    return 1200 + k;
                }
            }
            throw new AssertionError("no 4 steps in a row with excitatory spikes in [1200, 1500)");
        }
    }

    /** The raster and the membrane potentials at the end (a change one step off shows in them even if not in spikes). */
    private static byte[] digest(Simulation s) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32 + 8 * (int) NET.neuronCount());
        b.put(s.rasterSha256());
        for (int p = 0; p < NET.populations().size(); p++) {
            var st = s.populationState(p);
            for (int i = 0; i < st.count(); i++) {
                b.putDouble(st.getDouble("v", i));
            }
        }
        return b.array();
    }

    /** The digest of {@code at} steps, {@code change}, then the rest of {@code end} steps. */
    private static byte[] changedBetweenRuns(long at, Consumer<Simulation> change, long end) {
        try (Simulation s = create(2)) {
            s.runSteps(at);
            if (change != null) {
                change.accept(s);
            }
            s.runSteps(end - at);
            return digest(s);
        }
    }

    /** The digest of a live run of {@link #END} steps with the tasks of {@code json}. */
    private static byte[] scheduled(String json) {
        try (Simulation s = create(2); LiveRunner runner = new LiveRunner(s)) {
            runner.scheduleJson(json, "tasks.json");
            RunResult r = runner.run(END * NET.dt());
            assertEquals(RunResult.Outcome.COMPLETED, r.outcome(), r.toString());
            return digest(s);
        }
    }

    private static String at(long step, String task) {
        return String.format(Locale.ROOT, "[{\"at\": %.1f, %s}]", step * NET.dt(), task);
    }

    private static void assertExactStep(String task, Consumer<Simulation> change) {
        byte[] between = changedBetweenRuns(AT, change, END);
        assertFalse(Arrays.equals(changedBetweenRuns(AT, null, END), between), task + " must change the state");
        assertArrayEquals(between, scheduled(at(AT, task)), task + " at step " + AT + " = the change between runs");
        for (long off : new long[] {-1, 1}) {
            assertFalse(Arrays.equals(between, scheduled(at(AT + off, task))), task + " one step off must differ");
        }
    }

    @Test
    void setParameterActsAtItsExactStep() {
        assertExactStep("\"action\": \"set_parameter\", \"population\": \"inh\", \"name\": \"tau_m\", \"value\": 12.5",
                s -> Parameters.set(s, "inh", Map.of("tau_m", new Value.Constant(12.5))));
    }

    @Test
    void setWeightActsAtItsExactStepOnTheProjectionOfItsLabel() {
        assertExactStep("\"action\": \"set_weight\", \"projection\": \"exc->inh\", \"weight\": 0.0125",
                s -> Synapses.setWeight(s, 1, 12.5f)); // projection 1 of the description: exc->inh, in nS
    }

    /** A population driven only by a DC source of 0 nA: any change of the source shows in v from its step on. */
    private static final String DC_NETWORK = """
            {"format": "shnn-network/1", "name": "dc", "dt": 0.1, "seed": 3,
             "populations": [{"label": "cells", "size": 40, "cell_type": "IF_curr_exp",
               "parameters": {"cm": 0.25, "tau_m": 10.0, "v_rest": -65.0, "v_thresh": -50.0, "v_reset": -65.0,
                              "tau_refrac": 2.0, "tau_syn_E": 0.5, "tau_syn_I": 0.5}}],
             "current_sources": [{"label": "dc", "population": "cells", "neurons": {"start": 0, "stop": 20},
                                  "type": "DCSource", "amplitude": 0.0, "start": 0.0, "stop": 1e9}]}""";

    private static byte[] dcDigest(long at, String task) {
        try (Simulation s = Assembler.create(SpecJson.parse(DC_NETWORK, "dc.json", null), SimulationConfig.defaults())) {
            if (task == null) {
                s.runSteps(at);
                Parameters.setCurrent(s, "dc", JsonReader.DEFAULT.parse("{\"amplitude\": 0.6}", "test"), "test");
                s.runSteps(200 - at);
            } else {
                try (LiveRunner runner = new LiveRunner(s)) {
                    runner.scheduleJson(at(at, task), "tasks.json");
                    assertEquals(RunResult.Outcome.COMPLETED, runner.run(200 * 0.1).outcome());
                }
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32 + 8 * 40);
            b.put(s.rasterSha256());
            for (int i = 0; i < 40; i++) {
                b.putDouble(s.populationState(0).getDouble("v", i));
            }
            return b.array();
        }
    }

    @Test
    void setCurrentActsAtItsExactStepAsAChangeBetweenRunsDoes() {
        String task = "\"action\": \"set_current\", \"source\": \"dc\", \"parameters\": {\"amplitude\": 0.6}";
        byte[] between = dcDigest(50, null);
        assertArrayEquals(between, dcDigest(50, task), "set_current at step 50 = Parameters.setCurrent before step 50");
        assertFalse(Arrays.equals(between, dcDigest(51, task)), "one step later must differ");
        assertFalse(Arrays.equals(between, dcDigest(49, task)), "one step earlier must differ");
        try (Simulation s = Assembler.create(SpecJson.parse(DC_NETWORK, "dc.json", null), SimulationConfig.defaults());
                LiveRunner runner = new LiveRunner(s)) {
            for (String[] bad : new String[][] {
                    {"\"source\": \"ac\", \"parameters\": {\"amplitude\": 1}", "ac"},
                    {"\"source\": \"dc\", \"parameters\": {\"amplitde\": 1}", "amplitde"},
                    {"\"source\": \"dc\", \"parameters\": {\"amplitude\": \"big\"}", "amplitude"},
                    {"\"source\": \"dc\", \"parameters\": {}", "expected at least one parameter"},
                    {"\"source\": \"dc\"", "parameters"}}) {
                String json = "[{\"at\": 1.0, \"action\": \"set_current\", " + bad[0] + "}]";
                Exception e = assertThrows(RuntimeException.class, () -> runner.scheduleJson(json, "bad.json"), json);
                assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains("bad.json"), e.getMessage());
                assertEquals(List.of(), runner.pendingTasks(), "nothing scheduled: " + json);
            }
            // changes are checked in the order they run, each on the ones before it: a stop before the start a task
            // before it set is refused now (on the source as it was, it fits)...
            String early = "{\"at\": 1.0, \"action\": \"set_current\", \"source\": \"dc\", \"parameters\": ";
            String late = early.replace("1.0", "2.0");
            Exception e = assertThrows(RuntimeException.class, () -> runner.scheduleJson("[" + late + "{\"stop\": 20.0}}, "
                    + early + "{\"start\": 30.0, \"stop\": 60.0}}]", "chain.json"));
            assertTrue(e.getMessage().contains("chain.json") && e.getMessage().contains("due at step 20")
                    && e.getMessage().contains("stop") && e.getMessage().contains("the tasks before it set"), e.getMessage());
            assertEquals(List.of(), runner.pendingTasks());
            // ...and a start that fits only after the stop a task before it moved is taken
            assertEquals(2, runner.scheduleJson("[" + early + "{\"start\": 2e9, \"stop\": 3e9}}, " + late
                    + "{\"start\": 2.5e9}}]", "chain.json").size());
        }
    }

    @Test
    void setParameterRateOfAPoissonSourceActsAtItsStep() {
        Network net = org.shnn.engine.assembly.Assembler.network(new org.shnn.engine.spec.NetworkSpec("poisson", 0.1, 3L,
                List.of(new org.shnn.engine.spec.PopulationSpec("in", 48, org.shnn.engine.spec.CellType.SPIKE_SOURCE_POISSON,
                        Map.of("rate", Value.of(40.0))), new org.shnn.engine.spec.PopulationSpec("out", 20,
                                org.shnn.engine.spec.CellType.IF_CURR_EXP, Map.of())),
                List.of(new org.shnn.engine.spec.ProjectionSpec("in", "out", "excitatory",
                        new org.shnn.engine.spec.Connector.FixedProbability(0.5, true), Value.of(0.5), Value.of(0.1)))));
        byte[] between;
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults())) {
            s.runSteps(300);
            s.setPoissonRates(0, new double[] {1e4});
            s.runSteps(300);
            between = s.rasterSha256();
        }
        for (String at : new String[] {"30.0", "30.1"}) {
            try (Simulation s = Simulation.create(net, SimulationConfig.defaults().withThreads(2));
                    LiveRunner runner = new LiveRunner(s)) {
                runner.scheduleJson("[{\"at\": " + at + ", \"action\": \"set_parameter\", \"population\": \"in\", "
                        + "\"name\": \"rate\", \"value\": 1e4}]", "rate.json");
                runner.run(60);
                assertEquals(at.equals("30.0"), Arrays.equals(between, s.rasterSha256()), "rate set at " + at + " ms");
                assertEquals(1e4, s.poissonRates(0)[0]);
            }
        }
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            JsonException e = assertThrows(JsonException.class, () -> runner.scheduleJson("[{\"at\": 1.0, \"action\": "
                    + "\"set_parameter\", \"population\": \"in\", \"name\": \"start\", \"value\": 1}]", "r.json"));
            assertTrue(e.getMessage().contains("expected \"rate\" of a SpikeSourcePoisson") && e.getMessage().contains(
                    "'start'"), e.getMessage());
            for (String rate : new String[] {"10000.5", "-1"}) { // found at load, not at the task's step
                e = assertThrows(JsonException.class, () -> runner.scheduleJson("[{\"at\": 20.0, \"action\": "
                        + "\"set_parameter\", \"population\": \"in\", \"name\": \"rate\", \"value\": " + rate + "}]",
                        "r.json"));
                assertTrue(e.getMessage().contains("r.json") && e.getMessage().contains("expected a rate in [0, 1/dt = "
                        + "10000.0] Hz") && e.getMessage().contains("found " + Double.parseDouble(rate)), e.getMessage());
            }
            assertEquals(0, s.currentStep());
        }
    }

    @Test
    void afterResetARateChangeAppliesAgainAtItsStepAsTheDescriptionsRateTimesDo() {
        // rate_times: 1 Hz, 100 Hz from 10 ms; the task sets 500 Hz at 30 ms (replacing the description's 2 Hz at 50 ms)
        org.shnn.engine.spec.NetworkSpec spec = org.shnn.engine.spec.SpecJson.parse("""
                {"format": "shnn-network/1", "name": "rates", "dt": 0.1, "seed": 4,
                 "populations": [
                   {"label": "src", "size": 20, "cell_type": "SpikeSourcePoisson",
                    "parameters": {"rate": 1.0, "rate_times": [10.0, 50.0], "rate_values": [100.0, 2.0]}},
                   {"label": "n", "size": 1, "cell_type": "IF_cond_exp"}]}
                """, "rates.json", null);
        double[] expected = {1.0, 100.0, 100.0, 500.0, 500.0, 500.0}; // at 5, 15, ..., 55 ms
        byte[] betweenRuns;
        try (Simulation s = org.shnn.engine.assembly.Assembler.create(spec, SimulationConfig.defaults())) {
            s.runSteps(300);
            s.setPoissonRates(0, new double[] {500.0});
            s.runSteps(300);
            betweenRuns = s.rasterSha256();
        }
        try (Simulation s = org.shnn.engine.assembly.Assembler.create(spec, SimulationConfig.defaults());
                LiveRunner runner = new LiveRunner(s)) {
            runner.scheduleJson("[{\"at\": 30.0, \"action\": \"set_parameter\", \"population\": \"src\", "
                    + "\"name\": \"rate\", \"value\": 500.0}, {\"at\": 5.0, \"every\": 5.0, "
                    + "\"action\": \"report_rates\"}]", "rates.json");
            List<String> reports = new ArrayList<>();
            runner.addMonitor(reports::add);
            for (int pass = 0; pass < 2; pass++) {
                reports.clear();
                List<Long> ran = new ArrayList<>();
                runner.schedule(3, 0, TaskPriority.USER, rn -> ran.add(rn.simulation().currentStep()));
                for (int k = 0; k < expected.length; k++) {
                    runner.run(k == 0 ? 5.0 : 10.0);
                    assertEquals(expected[k], s.poissonRates(0)[0], "rate at " + (10 * k + 5) + " ms, pass " + pass);
                }
                runner.run(5.0);
                assertEquals(List.of(3L), ran, "a task scheduled after the reset runs at its step, pass " + pass);
                // every 5 ms from 5 to 55 ms (the one due at 60 ms waits for a next run); after the reset on its grid
                assertEquals(11, reports.size(), "pass " + pass + ": " + reports);
                assertTrue(reports.getFirst().startsWith("rates at 5.0 ms over 5.0 ms:"), reports.getFirst());
                assertArrayEquals(betweenRuns, s.rasterSha256(), "the same spikes as the change made between two "
                        + "runs, pass " + pass);
                s.reset();
            }
        }
    }

    @Test
    void aCheckpointTaskSavesTheStateOfItsStep() throws Exception {
        byte[] straight = changedBetweenRuns(AT, null, STEPS);
        Path p = dir.resolve("at-1237.shnn");
        try (Simulation s = create(2); LiveRunner runner = new LiveRunner(s)) {
            runner.schedule(new TaskSpec.Checkpoint(p.toString()), AT, 0);
            runner.run(STEPS * NET.dt());
            runner.awaitCheckpoints();
            assertEquals(1, runner.checkpointsWritten());
            assertArrayEquals(straight, digest(s), "a checkpoint does not change the run");
        }
        try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(1))) {
            assertEquals(AT, s.currentStep());
            s.runSteps(STEPS - AT);
            assertArrayEquals(straight, digest(s));
        }
    }

    /** Spike counts per population of a plain run, every {@code every} steps up to {@code steps}: [k][population]. */
    private static long[][] counts(long every, long steps) {
        long[][] out = new long[(int) (steps / every) + 1][];
        try (Simulation s = create(1)) {
            out[0] = s.populationSpikeCounts();
            for (int k = 1; k < out.length; k++) {
                s.runSteps(every);
                out[k] = s.populationSpikeCounts();
            }
        }
        return out;
    }

    private static double hz(long[][] counts, int k, int population, long every) {
        return (counts[k][population] - counts[k - 1][population])
                / (NET.populations().get(population).count() * every * NET.dt() * 1e-3);
    }

    @Test
    void stopWhenSpikesStopsAtTheFirstCheckThatHolds() {
        long[][] c = counts(100, STEPS);
        long threshold = c[7][0] + c[7][1] - 1; // first reached at the check of step 700
        assertTrue(c[6][0] + c[6][1] < threshold);
        try (Simulation s = create(2); LiveRunner runner = new LiveRunner(s)) {
            runner.scheduleJson("{\"format\": \"shnn-schedule/1\", \"tasks\": [{\"at\": 10.0, \"every\": 10.0, "
                    + "\"action\": \"stop_when_spikes\", \"spikes\": " + threshold + "}]}", "stop.json");
            RunResult r = runner.run(STEPS * NET.dt());
            assertEquals(RunResult.Outcome.STOPPED, r.outcome());
            assertEquals(700, r.endStep());
            assertEquals(c[7][0] + c[7][1], s.spikeCount());
        }
    }

    @Test
    void stopWhenRateChecksEachWindowSinceItsPreviousRun() {
        long[][] c = counts(100, 1000);
        // windows of 100 steps from step 300 (the task is scheduled at step 0, first run at 400: its first window is
        // [0, 400), then [400, 500), ...): the threshold lies between the rates of [0, 400) and [400, 500).
        double first = (c[4][0] - c[0][0]) / (NET.populations().get(0).count() * 400 * NET.dt() * 1e-3);
        double second = hz(c, 5, 0, 100);
        assertNotEquals(first, second);
        boolean above = second > first;
        double threshold = (first + second) / 2;
        try (Simulation s = create(2); LiveRunner runner = new LiveRunner(s)) {
            runner.scheduleJson(String.format(Locale.ROOT, "[{\"at\": 40.0, \"every\": 10.0, \"action\": "
                    + "\"stop_when_rate\", \"population\": \"exc\", \"above\": %s, \"hz\": %s}]", above, threshold),
                    "rate.json");
            RunResult r = runner.run(100);
            assertEquals(RunResult.Outcome.STOPPED, r.outcome(), r.toString());
            assertEquals(500, r.endStep());
            assertEquals(String.format(Locale.ROOT, "rate of 'exc' %.3f Hz %s %s Hz over steps [400, 500)", second,
                    above ? ">" : "<", threshold), r.reason());
        }
    }

    private static final Pattern REPORT = Pattern.compile("rates at ([0-9.]+) ms over ([0-9.]+) ms: exc ([0-9.]+) Hz "
            + "inh ([0-9.]+) Hz");

    @Test
    void reportRatesGivesEachPopulationsRateSinceItsPreviousRun() {
        long[][] c = counts(250, STEPS);
        List<String> lines = new ArrayList<>();
        try (Simulation s = create(2); LiveRunner runner = new LiveRunner(s)) {
            runner.addMonitor(lines::add);
            runner.scheduleJson("[{\"at_step\": 250, \"every_steps\": 250, \"action\": \"report_rates\"}]", "r.json");
            runner.run(STEPS * NET.dt());
        }
        assertEquals(STEPS / 250 - 1, lines.size(), lines.toString()); // step 2500 is the next run's
        for (int k = 1; k <= lines.size(); k++) {
            Matcher m = REPORT.matcher(lines.get(k - 1));
            assertTrue(m.matches(), lines.get(k - 1));
            assertEquals(k * 25.0, Double.parseDouble(m.group(1)), 1e-9);
            assertEquals(25.0, Double.parseDouble(m.group(2)), 1e-9);
            for (int p = 0; p < 2; p++) {
                assertEquals(hz(c, k, p, 250), Double.parseDouble(m.group(3 + p)), 0.005, lines.get(k - 1));
            }
        }
    }

    /** A schedule with every kind of task, several due while the run is interrupted. */
    private String mixedSchedule(long stopSpikes, Path periodic, Path once) {
        return String.format(Locale.ROOT, """
                {"format": "shnn-schedule/1", "tasks": [
                  {"at": 150.0, "action": "checkpoint", "path": "%s"},
                  {"at": 40.0, "action": "set_parameter", "population": "exc", "name": "tau_m", "value": 15.0},
                  {"at": 120.0, "action": "set_weight", "projection": "inh->exc", "weight": 0.08},
                  {"at": 12.5, "every": 12.5, "action": "report_rates"},
                  {"at": 30.0, "every": 30.0, "action": "stop_when_rate", "population": "inh", "above": true, "hz": 1e6},
                  {"at": 10.0, "every": 10.0, "action": "stop_when_spikes", "spikes": %d},
                  {"at": 50.0, "every": 50.0, "action": "checkpoint", "path": "%s"}]}
                """, once, stopSpikes, periodic);
    }

    /** What a run shows: its raster, end, reason and report lines. */
    private record Outcome(byte[] raster, long end, String reason, List<String> lines) {
        void assertSame(Outcome o, String what) {
            assertArrayEquals(raster, o.raster, what + ": raster");
            assertEquals(end, o.end, what + ": end step");
            assertEquals(reason, o.reason, what + ": stop reason");
            assertEquals(lines, o.lines, what + ": reports");
        }
    }

    /** Resumes {@code checkpoint} to the end; the reports are those of {@code straight} up to its step, then its own. */
    private static Outcome resume(Path checkpoint, int threads, Outcome straight, long writes) throws Exception {
        try (Simulation s = Checkpoint.open(checkpoint, SimulationConfig.defaults().withThreads(threads));
                LiveRunner runner = new LiveRunner(s)) {
            double savedMs = s.timeMs();
            List<String> lines = new ArrayList<>(straight.lines.stream().filter(l -> reportMs(l) <= savedMs + 1e-9)
                    .toList()); // a report due at the saved step ran before the checkpoint (BACKGROUND runs last)
            assertEquals(List.of("user task (USER, every 100 steps)"), runner.notRestored(), "the code task is named");
            runner.addMonitor(lines::add);
            RunResult r = runner.run((STEPS - s.currentStep()) * NET.dt());
            runner.awaitCheckpoints();
            assertEquals(writes, runner.checkpointsWritten() + runner.checkpointsSkipped(), "checkpoint tasks run");
            return new Outcome(digest(s), r.endStep(), r.reason(), lines);
        }
    }

    private static double reportMs(String line) {
        Matcher m = REPORT.matcher(line);
        assertTrue(m.matches(), line);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aRunSavedMidScheduleAndResumedEqualsAnUninterruptedOne() throws Exception {
        long[] spikesAt = new long[2];
        try (Simulation s = create(1); LiveRunner runner = new LiveRunner(s)) {
            runner.scheduleJson(mixedSchedule(Long.MAX_VALUE, dir.resolve("a.shnn"), dir.resolve("b.shnn")), "m.json");
            runner.schedule(1750, 0, TaskPriority.USER, rn -> spikesAt[0] = rn.simulation().spikeCount());
            runner.schedule(1800, 0, TaskPriority.USER, rn -> spikesAt[1] = rn.simulation().spikeCount());
            runner.run(STEPS * NET.dt());
            runner.awaitCheckpoints();
        }
        long stopSpikes = spikesAt[0]; // first reached at the check of step 1800 (if a spike came in (1750, 1800])
        assertTrue(spikesAt[1] > stopSpikes);
        byte[] reference = null;
        for (int threads = 1; threads <= 2; threads++) {
            Path periodic = dir.resolve("periodic-" + threads + ".shnn");
            Path once = dir.resolve("once-" + threads + ".shnn");
            String schedule = mixedSchedule(stopSpikes, periodic, once);
            Outcome straight;
            List<String> lines = new ArrayList<>();
            try (Simulation s = create(threads); LiveRunner runner = new LiveRunner(s)) {
                runner.addMonitor(lines::add);
                runner.scheduleJson(schedule, "mixed.json");
                runner.schedule(0, 100, TaskPriority.USER, rn -> { }); // code: not saved, named in the checkpoint
                RunResult r = runner.run(STEPS * NET.dt());
                runner.awaitCheckpoints();
                straight = new Outcome(digest(s), r.endStep(), r.reason(), lines);
            }
            assertEquals(1800, straight.end, straight.reason);
            assertEquals(String.format(Locale.ROOT, "spike count %d >= %d at step 1800", spikesAt[1], stopSpikes),
                    straight.reason);
            assertEquals(14, straight.lines.size(), straight.lines.toString()); // every 125 steps up to 1750
            if (reference == null) {
                reference = straight.raster;
            } else {
                assertArrayEquals(reference, straight.raster, "1 and 2 threads");
            }
            Path copyOnce = Files.copy(once, dir.resolve("copy-once.shnn"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path copyPeriodic = Files.copy(periodic, dir.resolve("copy-periodic.shnn"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            // saved between two runs inside a report window, after the parameter change, before the weight change
            Path between = dir.resolve("between-" + threads + ".shnn");
            List<String> first = new ArrayList<>();
            List<TaskSpec> pendingAtSave;
            try (Simulation s = create(threads); LiveRunner runner = new LiveRunner(s)) {
                runner.addMonitor(first::add);
                runner.scheduleJson(schedule, "mixed.json");
                runner.schedule(0, 100, TaskPriority.USER, rn -> { });
                runner.run(777 * NET.dt());
                runner.awaitCheckpoints();
                pendingAtSave = runner.pendingTasks();
                Checkpoint.save(s, between);
            }
            try (Simulation s = Checkpoint.open(between); LiveRunner runner = new LiveRunner(s)) {
                assertEquals(pendingAtSave, runner.pendingTasks(), "the saved tasks are the pending ones");
            }
            Path resaved = dir.resolve("resaved-" + threads + ".shnn");
            try (Simulation s = Checkpoint.open(between)) { // a host without a LiveRunner opens it and saves again
                Checkpoint.save(s, resaved);
            }
            try (Simulation s = Checkpoint.open(resaved); LiveRunner runner = new LiveRunner(s)) {
                assertEquals(pendingAtSave, runner.pendingTasks(), "re-saved without a LiveRunner, the tasks stay");
            }
            assertEquals(6, pendingAtSave.size(), pendingAtSave.toString()); // set_parameter has run
            assertEquals(straight.lines.subList(0, 6), first, "reports up to step 777");
            straight.assertSame(resume(between, threads, straight, 3), threads + " thread(s), saved between runs at 777");
            // saved by the schedule's own checkpoint tasks at step 1500: the one-shot one runs first (scheduled
            // first) while the periodic one is still due; then the periodic one, whose next run is at 2000. (A
            // periodic write still in progress at its next period is skipped: on a busy machine the file may hold an
            // earlier step.)
            try (Simulation s = Checkpoint.open(copyOnce)) {
                assertEquals(1500, s.currentStep());
            }
            straight.assertSame(resume(copyOnce, threads, straight, 1), threads + " thread(s), one-shot checkpoint task");
            long periodicStep;
            try (Simulation s = Checkpoint.open(copyPeriodic)) {
                periodicStep = s.currentStep();
            }
            assertTrue(periodicStep > 0 && periodicStep <= 1500 && periodicStep % 500 == 0, "periodic at " + periodicStep);
            long left = (1500 - periodicStep) / 500 + (periodicStep < 1500 ? 1 : 0); // periodic ones, then the one-shot
            straight.assertSame(resume(copyPeriodic, threads, straight, left), threads + " thread(s), periodic "
                    + "checkpoint task at step " + periodicStep);
        }
    }

    /**
     * The first run after a restore asks the attached states whether they take the saved schedule back
     * ({@link SavedState#savesSection}) without making their sections: a live runner's is its schedule written as JSON,
     * whose first writing held a resumed paced run's first step ~10 ms behind the clock (bench/RESULTS.md section 72).
     * A runner answers for the one section it saves; the default answer looks at the sections.
     */
    @Test
    void theFirstRunAfterARestoreDoesNotMakeTheAttachedStatesSections() throws Exception {
        Path saved = dir.resolve("scheduled.shnn");
        try (Simulation s = create(1); LiveRunner runner = new LiveRunner(s)) {
            runner.scheduleJson("[{\"at\": 1e6, \"action\": \"set_parameter\", \"population\": \"inh\", "
                    + "\"name\": \"tau_m\", \"value\": 12.5}]", "late.json");
            assertEquals(List.of(StateDescriptor.LIVE_SCHEDULE), runner.stateSections().stream().map(NamedSegment::name)
                    .toList());
            assertTrue(runner.savesSection(StateDescriptor.LIVE_SCHEDULE));
            assertFalse(runner.savesSection("plasticity/projection/0/pre"));
            Checkpoint.save(s, saved);
        }
        int[] made = {0};
        SavedState counting = new SavedState() {
            @Override
            public List<NamedSegment> stateSections() {
                made[0]++;
                return List.of(new NamedSegment("test/counting", MemorySegment.ofArray(new byte[8])));
            }

            @Override
            public boolean savesSection(String name) {
                return false;
            }
        };
        SavedState byDefault = new SavedState() {
            @Override
            public List<NamedSegment> stateSections() {
                made[0] += 100;
                return List.of(new NamedSegment("test/default", MemorySegment.ofArray(new byte[8])));
            }
        };
        assertTrue(byDefault.savesSection("test/default") && !byDefault.savesSection("test/other"));
        made[0] = 0;
        try (Simulation s = Checkpoint.open(saved); LiveRunner runner = new LiveRunner(s)) {
            s.attachState(counting);
            runner.run(10 * NET.dt());
            assertEquals(0, made[0], "sections made at the first run after the restore");
            assertEquals(1, runner.pendingTasks().size(), "the schedule was taken back");
        }
    }

    private static String error(String json) {
        try (Simulation s = create(1); LiveRunner runner = new LiveRunner(s)) {
            JsonException e = assertThrows(JsonException.class, () -> runner.scheduleJson(json, "bad.json"));
            assertEquals(List.of(), runner.pendingTasks(), "nothing scheduled: " + json);
            return e.getMessage();
        }
    }

    private static void assertError(String json, String... parts) {
        String m = error(json);
        for (String p : parts) {
            assertTrue(m.contains(p), "'" + p + "' in: " + m);
        }
    }

    @Test
    void aBadScheduleIsRefusedNamingItsFilePlaceAndMemberAndSchedulesNothing() {
        String ok = "{\"at\": 1.0, \"action\": \"report_rates\"}, ";
        assertError("{\"format\": \"shnn-schedule/2\", \"tasks\": []}", "bad.json:1:", "format", "shnn-schedule/1",
                "shnn-schedule/2");
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"set_rate\"}]", "bad.json:1:", "[1].action",
                "set_parameter", "'set_rate'".replace('\'', '"'));
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"set_parameter\", \"population\": \"exc\", \"name\": "
                + "\"tau_m\"}]", "[1]", "missing field 'value'");
        assertError("[{\"at\": 1.0, \"action\": \"stop_when_rate\", \"population\": \"exc\", \"above\": true, "
                + "\"hz\": \"high\"}]", "[0].hz", "expected a number but found a string");
        assertError("[{\"at\": -1.0, \"action\": \"report_rates\"}]", "[0].at", "expected a time in [0.0, ", "-1.0");
        assertError("[{\"at\": 1.0, \"every\": 0.01, \"action\": \"report_rates\"}]", "[0].every", "expected a time in [0.1, ", "0.01 ms");
        assertError("[{\"action\": \"report_rates\"}]", "[0]", "\"at\"", "neither");
        assertError("[{\"at\": 1.0, \"at_step\": 10, \"action\": \"report_rates\"}]", "[0]", "both");
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"stop_when_spikes\", \"spikes\": 10, \"spiks\": 3}]",
                "[1].spiks", "unknown field");
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"stop_when_spikes\", \"spikes\": -3}]", "[1].spikes",
                ">= 0", "-3");
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"set_parameter\", \"population\": \"ex\", \"name\": "
                + "\"tau_m\", \"value\": 1}]", "bad.json:1:", "[1]", "ex");
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"set_parameter\", \"population\": \"exc\", \"name\": "
                + "\"tau_mm\", \"value\": 1}]", "[1]", "tau_mm");
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"set_weight\", \"projection\": \"exc->out\", "
                + "\"weight\": 1}]", "[1]", "projection: expected one of [exc->exc, exc->inh, inh->exc, inh->inh] "
                + "but found 'exc->out'");
        // a period past the longest run (the due steps overflowed: "timer wheel item due at step -9223372036854775689")
        assertError("[{\"at\": 1.0, \"every\": 1e308, \"action\": \"report_rates\"}]", "[0].every",
                "expected a time in [0.1, 1.099511627776E11] ms", "1.0E308");
        assertError("[{\"at_step\": 1, \"every_steps\": 9000000000000000000, \"action\": \"report_rates\"}]",
                "[0].every_steps", "expected a number of steps in [1, 1099511627776]");
        // a checkpoint that could not be written failed the run at its step, after the steps before it
        assertError("[{\"at\": 1.0, \"action\": \"checkpoint\", \"path\": \"/nonexistent-dir/x.shnn\"}]", "[0]",
                "path: expected a file to write but found /nonexistent-dir/x.shnn: its directory /nonexistent-dir does"
                + " not exist");
        assertError("[{\"at\": 1.0, \"action\": \"checkpoint\", \"path\": \"/tmp\"}]", "[0]", "/tmp: is a directory");
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"set_weight\", \"projection\": \"exc->inh\", "
                + "\"weight\": 1e308}]", "[1]", "weight: expected a weight that fits a float");
        // parameter changes checked in the order they run, each on the ones before it (they failed the run at their step)
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"set_parameter\", \"population\": \"exc\", \"name\": "
                + "\"tau_m\", \"value\": 0}]", "[1]", "due at step 10", "tau_m", "(with the parameters the tasks before it set)");
        assertError("[{\"at\": 2.0, \"action\": \"set_parameter\", \"population\": \"exc\", \"name\": \"v_reset\", "
                + "\"value\": -45}, {\"at\": 1.0, \"action\": \"set_parameter\", \"population\": \"exc\", \"name\": "
                + "\"v_thresh\", \"value\": -40}, {\"at\": 3.0, \"action\": \"set_parameter\", \"population\": \"exc\", "
                + "\"name\": \"v_thresh\", \"value\": -46}]", "[2]", "due at step 30", "v_thresh");
        // the sign rule of the description's own weights (a negative conductance was taken and ran)
        assertError("[" + ok + "{\"at\": 1.0, \"action\": \"set_weight\", \"projection\": \"exc->inh\", "
                + "\"weight\": -0.01}]", "[1]", "weight: expected a weight >= 0 (a conductance onto the excitatory"
                + " receptor of IF_cond_exp, as PyNN requires) but found -0.01");
        assertError("[{\"at\": 1.0, \"action\": \"report_rates\", \"state\": [0, 1]}]", "[0]", "state: expected");
        assertError("[{\"at\": 1.0, \"action\": \"checkpoint\", \"path\": \"\"}]", "[0].path", "file name");
        assertError("[{\"at\": 1.0, \"action\": \"report_rates\"", "bad.json:1:");
    }
}
