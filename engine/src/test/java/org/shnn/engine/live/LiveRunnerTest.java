package org.shnn.engine.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.network.Network;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * A live run cancelled at an arbitrary moment, saved, reopened and run to the end gives the raster of a straight
 * run; tasks take effect at their exact step (against the same change made between two plain runs), in priority
 * order; stop requests end a run at a step boundary; a paced run never runs ahead of the wall clock.
 */
class LiveRunnerTest {

    private static final long SEED = 20261204L;

    @TempDir
    Path dir;

    private static byte[] straight(Network n, long steps, int threads) {
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
            s.runSteps(steps);
            assertTrue(s.spikeCount() > 1000, "network should be active: " + s.spikeCount() + " spikes");
            return s.rasterSha256();
        }
    }

    @Test
    void cancelledSavedAndResumedRunEqualsAStraightRun() throws Exception {
        Network n = BuiltinNetworks.coba(2000, SEED);
        long steps = Math.round(1500.0 / n.dt());
        for (int threads = 1; threads <= 2; threads++) {
            byte[] reference = straight(n, steps, threads);
            Path p = dir.resolve("cancelled-" + threads + ".shnn");
            RunResult r;
            try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threads));
                    LiveRunner runner = new LiveRunner(s)) {
                CountDownLatch started = new CountDownLatch(1);
                List<Progress> seen = new ArrayList<>();
                runner.progressInterval(0);
                runner.addProgressListener(pr -> {
                    seen.add(pr);
                    started.countDown();
                });
                CompletableFuture<RunResult> f = runner.runAsync(1500);
                assertTrue(started.await(60, TimeUnit.SECONDS), "no progress within 60 s");
                r = runner.cancel().get(60, TimeUnit.SECONDS);
                assertEquals(r, f.get(), "the run's future has the same result");
                assertEquals(RunResult.Outcome.CANCELLED, r.outcome());
                assertTrue(r.endStep() > 0 && r.endStep() < steps, "stopped inside the run: " + r);
                assertEquals(r.endStep(), s.currentStep());
                Progress last = seen.get(seen.size() - 1);
                assertEquals(r.endStep(), last.step(), "the last report is the end");
                assertEquals(steps, last.endStep());
                Checkpoint.save(s, p);
            }
            try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(threads))) {
                s.runSteps(steps - r.endStep());
                assertArrayEquals(reference, s.rasterSha256(), threads + " thread(s), cancelled at " + r.endStep());
            }
        }
    }

    /** Doubles g_exc of population 0's neurons (a change a task makes, and a test makes between two runs). */
    private static void kick(Simulation s) {
        PopulationState st = s.populationState(0);
        for (int i = 0; i < st.count(); i++) {
            st.setDouble("g_exc", i, st.getDouble("g_exc", i) * 2 + 1.0);
        }
    }

    @Test
    void aTaskTakesEffectAtItsExactStep() {
        Network n = BuiltinNetworks.coba(1000, SEED);
        long at = 1237;
        long steps = 3000;
        byte[] between;
        byte[] unchanged;
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(at);
            kick(s);
            s.runSteps(steps - at);
            between = s.rasterSha256();
        }
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(steps);
            unchanged = s.rasterSha256();
        }
        assertFalse(java.util.Arrays.equals(between, unchanged), "the change must change the raster");
        for (long off : new long[] {-1, 1}) { // the same change one step off must differ
            try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2));
                    LiveRunner runner = new LiveRunner(s)) {
                runner.schedule(at + off, 0, TaskPriority.UPDATE, rn -> kick(rn.simulation()));
                runner.run(steps * n.dt());
                assertFalse(java.util.Arrays.equals(between, s.rasterSha256()), "change at step " + (at + off));
            }
        }
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2));
                LiveRunner runner = new LiveRunner(s)) {
            long[] ranAt = {-1};
            runner.schedule(at, 0, TaskPriority.UPDATE, rn -> {
                ranAt[0] = rn.simulation().currentStep();
                kick(rn.simulation());
            });
            runner.run(700 * n.dt()); // split into runs that do not end at the task's step
            runner.run(1000 * n.dt());
            runner.run((steps - 1700) * n.dt());
            assertEquals(at, ranAt[0]);
            assertArrayEquals(between, s.rasterSha256(), "task at step " + at + " = change between runs");
        }
    }

    @Test
    void tasksOfOneStepRunInPriorityThenSchedulingOrderAndPeriodicOnesRepeat() {
        Network n = BuiltinNetworks.cuba(200, SEED);
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            List<String> log = new ArrayList<>();
            runner.schedule(100, 0, TaskPriority.BACKGROUND, rn -> log.add("background@" + rn.simulation().currentStep()));
            runner.schedule(100, 0, TaskPriority.USER, rn -> log.add("user1@" + rn.simulation().currentStep()));
            runner.schedule(100, 0, TaskPriority.DELIVERY, rn -> log.add("delivery@" + rn.simulation().currentStep()));
            runner.schedule(100, 0, TaskPriority.USER, rn -> log.add("user2@" + rn.simulation().currentStep()));
            runner.schedule(100, 0, TaskPriority.UPDATE, rn -> log.add("update@" + rn.simulation().currentStep()));
            ScheduledTask every = runner.schedule(50, 70, TaskPriority.USER,
                    rn -> log.add("every@" + rn.simulation().currentStep()));
            runner.schedule(230, 0, TaskPriority.USER, rn -> every.cancel());
            RunResult r = runner.run(300 * n.dt());
            assertEquals(RunResult.Outcome.COMPLETED, r.outcome());
            assertEquals(300, r.endStep());
            assertEquals(List.of("every@50", "delivery@100", "update@100", "user1@100", "user2@100", "background@100",
                    "every@120", "every@190"), log);
        }
    }

    @Test
    void manyTasksAtRandomStepsAndPrioritiesRunInStepThenPriorityThenSchedulingOrder() {
        long seed = Long.getLong("shnn.test.seed", System.nanoTime());
        System.out.println("LiveRunnerTest ordering seed: -Dshnn.test.seed=" + seed);
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        Network n = BuiltinNetworks.cuba(200, SEED);
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            record Task(long step, TaskPriority priority, int seq) {
            }
            List<Task> reference = new ArrayList<>();
            List<Task> log = new ArrayList<>();
            TaskPriority[] priorities = TaskPriority.values();
            for (int i = 0; i < 5_000; i++) {
                Task t = new Task(r.nextInt(3_000), priorities[r.nextInt(priorities.length)], i);
                reference.add(t);
                runner.schedule(t.step, 0, t.priority, rn -> {
                    assertEquals(t.step, rn.simulation().currentStep(), "task " + t.seq + " ran at the wrong step");
                    log.add(t);
                });
            }
            RunResult result = runner.run(3_000 * n.dt());
            assertEquals(RunResult.Outcome.COMPLETED, result.outcome());
            reference.sort(java.util.Comparator.comparingLong(Task::step).thenComparing(Task::priority)
                    .thenComparingInt(Task::seq));
            assertEquals(reference, log);
        }
    }

    @Test
    void aStopRequestEndsTheRunAtTheStepOfTheRequest() {
        Network n = BuiltinNetworks.coba(1000, SEED);
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            runner.schedule(10, 10, TaskPriority.USER, rn -> {
                if (rn.simulation().spikeCount() >= 500) {
                    rn.stop("500 spikes reached");
                }
            });
            RunResult r = runner.run(1000);
            assertEquals(RunResult.Outcome.STOPPED, r.outcome());
            assertEquals("500 spikes reached", r.reason());
            assertEquals(0, r.endStep() % 10);
            assertTrue(s.spikeCount() >= 500);
            long before = s.spikeCount();
            try (Simulation t = Simulation.create(n, SimulationConfig.defaults())) {
                t.runSteps(r.endStep() - 10);
                assertTrue(t.spikeCount() < 500, "the condition held first at step " + r.endStep());
                assertEquals(before, s.spikeCount());
            }
        }
    }

    @Test
    void aFailingTaskFailsTheRunNamingItsStepAndLeavesTheRunnerUsable() {
        Network n = BuiltinNetworks.cuba(200, SEED);
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            runner.schedule(42, 0, TaskPriority.USER, rn -> {
                throw new IllegalArgumentException("boom");
            });
            CompletableFuture<RunResult> f = runner.runAsync(10);
            Exception e = assertThrows(Exception.class, f::join);
            assertTrue(e.getCause().getMessage().contains("step 42") && e.getCause().getMessage().contains("boom"),
                    e.getCause().getMessage());
            assertEquals(42, s.currentStep());
            assertEquals(RunResult.Outcome.COMPLETED, runner.run(5).outcome());
            assertThrows(IllegalArgumentException.class, () -> runner.run(-1));
            // run() on the calling thread throws the failure itself, not join's wrapper ("java.lang....: task ...")
            long at = s.currentStep() + 3;
            runner.schedule(at, 0, TaskPriority.USER, rn -> {
                throw new IllegalArgumentException("bang");
            });
            IllegalStateException direct = assertThrows(IllegalStateException.class, () -> runner.run(10));
            assertTrue(direct.getMessage().startsWith("task ") && direct.getMessage().contains("step " + at)
                    && direct.getMessage().endsWith("failed: bang"), direct.getMessage());
        }
    }

    /** Holds the calling thread for at least {@code nanos} (a park may return early). */
    private static void holdFor(long nanos) {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    @Test
    void aPacedRunReportsTheStepsThatFellBehind() {
        Network n = BuiltinNetworks.cuba(200, SEED);
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            runner.pace(1.0, 1_000_000L, false);
            // step 100 starts at least 30 ms after the task's start: its deadline (10.1 ms) is passed by > 1 ms
            runner.schedule(100, 0, TaskPriority.USER, rn -> holdFor(30_000_000L));
            RunResult r = runner.run(20);
            PacingReport p = r.pacing();
            assertEquals(RunResult.Outcome.COMPLETED, r.outcome(), "not strict: a late step does not stop the run");
            assertTrue(p.fellBehind() && p.behindSteps() >= 1, "behind steps " + p.behindSteps());
            assertTrue(p.firstBehindStep() >= 0 && p.firstBehindStep() <= 100, "first behind " + p.firstBehindStep());
            assertTrue(p.lag().max() >= 20_000_000L, "lag max " + p.lag().max() + " ns");
        }
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            runner.pace(1.0, 1_000_000L, true);
            runner.schedule(100, 0, TaskPriority.USER, rn -> holdFor(30_000_000L));
            RunResult r = runner.run(20);
            assertEquals(RunResult.Outcome.STOPPED, r.outcome(), "strict: the first late step stops the run");
            assertTrue(r.reason().startsWith("fell behind real time (x1.0) at step "), r.reason());
        }
    }

    @Test
    void aPacedRunNeverRunsAheadOfTheWallClock() {
        Network n = BuiltinNetworks.cuba(200, SEED);
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            s.warmUp();
            runner.pace(2.0, 50_000_000L, false);
            long t0 = System.nanoTime();
            RunResult r = runner.run(400); // 400 ms of simulated time at 2x: at least 200 ms of wall time
            long wall = System.nanoTime() - t0;
            assertTrue(wall >= 200_000_000L, "wall " + wall / 1e6 + " ms for 400 ms at 2x");
            PacingReport p = r.pacing();
            assertNotNull(p);
            assertEquals(4000, p.steps());
            assertEquals(4000, p.lag().count());
            assertEquals(3999, p.jitter().count());
        }
    }

    @Test
    void periodicCheckpointsWrittenInTheBackgroundResumeToTheStraightRaster() throws Exception {
        Network n = BuiltinNetworks.coba(1000, SEED);
        long steps = 3000;
        byte[] reference;
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            s.runSteps(steps);
            reference = s.rasterSha256();
        }
        Path sim = dir.resolve("every-500-steps.shnn");
        Path wall = dir.resolve("every-chunk.shnn");
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            runner.checkpointEvery(500, 500, sim);
            runner.checkpointEveryWall(1, wall); // after every chunk
            runner.run(2000 * n.dt());
            runner.awaitCheckpoints();
            assertTrue(runner.checkpointsWritten() >= 2, runner.checkpointsWritten() + " written");
        }
        for (Path p : new Path[] {sim, wall}) {
            try (Simulation s = Checkpoint.open(p)) {
                long at = s.currentStep();
                assertTrue(at > 0 && at <= 2000, p + " at step " + at);
                if (p == sim) {
                    assertEquals(0, at % 500, "a simulated-time checkpoint lands on its period");
                }
                s.runSteps(steps - at);
                assertArrayEquals(reference, s.rasterSha256(), p + " captured at step " + at);
            }
        }
    }

    @Test
    void builtInStopConditionsStopAtTheFirstCheckThatHolds() {
        Network n = BuiltinNetworks.coba(1000, SEED);
        long spikesAt500;
        long spikesAt1000;
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            s.runSteps(500);
            spikesAt500 = s.spikeCount();
            s.runSteps(500);
            spikesAt1000 = s.spikeCount();
        }
        assertTrue(spikesAt1000 > spikesAt500 && spikesAt500 > 0);
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            runner.stopWhenSpikes(spikesAt500 + 1, 500); // first holds at the check of step 1000
            RunResult r = runner.run(500);
            assertEquals(RunResult.Outcome.STOPPED, r.outcome(), r.toString());
            assertEquals(1000, r.endStep());
            assertEquals(spikesAt1000, s.spikeCount());
        }
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults()); LiveRunner runner = new LiveRunner(s)) {
            runner.stopWhenRate(0, true, 1e6, 250); // never: the run completes
            runner.stopWhenRate(0, false, 1e6, 250); // at the first check
            RunResult r = runner.run(200);
            assertEquals(RunResult.Outcome.STOPPED, r.outcome());
            assertEquals(250, r.endStep());
            assertTrue(r.reason().startsWith("rate of '"), r.reason());
        }
    }
}
