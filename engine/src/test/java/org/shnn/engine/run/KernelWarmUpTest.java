package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.Verification;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.IzhikevichModel;
import org.shnn.engine.neuron.IzhikevichParams;
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;
import org.shnn.engine.neuron.LifDeltaModel;
import org.shnn.engine.neuron.LifDeltaParams;

class KernelWarmUpTest {

    @Test
    void aWarmUpPropertyThatNamesNoPolicyIsRefusedByName() {
        NetworkBuilder b = new NetworkBuilder("property", 0.1, 3);
        b.population("a", new LifCubaModel(LifCubaParams.defaults(), 0.1), 10);
        String before = System.getProperty(Simulation.WARM_UP_PROPERTY);
        System.setProperty(Simulation.WARM_UP_PROPERTY, "always");
        try (Simulation sim = Simulation.createScratch(b.build(), SimulationConfig.defaults(), false)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sim.warmUp(false));
            assertTrue(e.getMessage().contains("shnn.warmUp='always'") && e.getMessage().contains("stepPath"),
                    e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(Simulation.WARM_UP_PROPERTY);
            } else {
                System.setProperty(Simulation.WARM_UP_PROPERTY, before);
            }
        }
    }

    @Test
    void theScaledCopyKeepsEveryKindOfElementInsideTheCutPopulations() {
        NetworkBuilder b = new NetworkBuilder("all-kinds", 0.1, 3);
        LifCubaModel model = new LifCubaModel(LifCubaParams.defaults(), 0.1);
        Population a = b.population("a", model, 1000);
        Population c = b.population("c", model, 1000);
        Population times = b.generator("times", new SpikeTimesGenerator(new long[] {1, 2, 3}, new int[] {5, 300, 999}), 1000);
        Population poisson = b.generator("poisson", PoissonGenerator.uniform(500, 10), 500);
        b.connect(a, a, 0, new Connectivity.FixedProbability(0.02),
                WeightRule.constant(10), DelayRule.constant(1), false);
        b.connect(a, c, 0, new Connectivity.FixedInDegree(80, false), WeightRule.constant(10), DelayRule.constant(2));
        b.connect(c, c, 1, new Connectivity.FixedOutDegree(600, false), WeightRule.constant(-10), DelayRule.constant(1), false);
        b.connect(times, a, 0, new Connectivity.Explicit(new int[] {0, 300, 2}, new int[] {1, 2, 700}, new float[] {1, 2, 3},
                new int[] {1, 2, 3}), WeightRule.constant(0), DelayRule.constant(1));
        b.connect(a, c, 1, new Connectivity.OneToOne(), WeightRule.constant(-5), DelayRule.constant(1));
        b.connect(poisson, c, 0, new Connectivity.AllToAll(), WeightRule.constant(1), DelayRule.constant(1));
        b.connect(c, a, 1, new Connectivity.FixedInDegree(2000, true), WeightRule.constant(-1), DelayRule.constant(1));
        b.current(CurrentSource.range(0, 500, 600, new CurrentWaveform.Dc(100, 0, Double.POSITIVE_INFINITY)));
        b.poissonInput(c, 0, 10, 5, 20);
        Network net = b.build();

        Network s = KernelWarmUp.scaled(net, 256);

        assertEquals(4, s.populations().size());
        assertEquals(256, s.populations().get(0).count());
        assertEquals(256, s.populations().get(1).firstId(), "ids stay contiguous");
        assertEquals(256 * 3, s.populations().get(3).firstId());
        SpikeTimesGenerator st = (SpikeTimesGenerator) s.populations().get(2).generator();
        assertArrayEquals(new int[] {5}, st.neurons(), "spike times of cut neurons are dropped");
        assertEquals(256, ((PoissonGenerator) s.populations().get(3).generator()).ratesHz().length);
        assertEquals(0.02 * 1000 / 256, ((Connectivity.FixedProbability) s.projections().get(0).connectivity()).p(), 1e-15,
                "mean in-degree kept");
        assertEquals(80, ((Connectivity.FixedInDegree) s.projections().get(1).connectivity()).k());
        assertEquals(255, ((Connectivity.FixedOutDegree) s.projections().get(2).connectivity()).k(), "capped, no autapses");
        Connectivity.Explicit e = (Connectivity.Explicit) s.projections().get(3).connectivity();
        assertArrayEquals(new int[] {0}, e.sources(), "only pairs inside the copy");
        assertArrayEquals(new int[] {1}, e.targets());
        assertArrayEquals(new float[] {1}, e.weights());
        assertArrayEquals(new int[] {1}, e.delays());
        assertEquals(256, ((Connectivity.FixedInDegree) s.projections().get(6).connectivity()).k(),
                "capped at the copy's size with multapses too");
        CurrentSource cur = s.currents().get(0);
        assertArrayEquals(new int[] {255}, cur.neurons(), "a current outside the copy keeps its last neuron");
        assertEquals(net.poissonInputs(), s.poissonInputs());

        try (Simulation sim = Simulation.createScratch(s, SimulationConfig.defaults().withThreads(2), false)) {
            sim.runSteps(50);
            assertTrue(sim.spikeCount() > 0, "the copy runs and fires");
        }
    }

    @Test
    void createWarmsUpAlongsideTheBuildAndTheFirstRunWaitsInsteadOfRepeatingIt() throws InterruptedException {
        Network net = BuiltinNetworks.cuba(400, 11, 0.1);
        byte[] expected;
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults())) {
            // nothing here warms up: the warm-up that create started on its own thread must finish by itself
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!KernelWarmUp.warmed(net, s.threads(), false, false) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(KernelWarmUp.warmed(net, s.threads(), false, false), "the warm-up started by create finished on its own");
            assertEquals(0.0, s.warmUp(), "finished before the first run: no wait, no second warm-up");
            s.runSteps(300);
            expected = s.rasterSha256();
            assertTrue(s.spikeCount() > 0, "the network fires");
        }
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults())) {
            s.runSteps(300);
            assertArrayEquals(expected, s.rasterSha256(), "the same raster whether or not a warm-up ran alongside");
        }
    }

    @Test
    void aCheckpointOpenStartsTheWarmUpAndTheResumedRunWaitsForItWithTheSameRaster(@TempDir Path dir)
            throws IOException, InterruptedException {
        // models no other test puts in one network, stepped by two workers: no warm-up of this JVM has this key yet
        NetworkBuilder b = new NetworkBuilder("open-warm-up", 0.1, 17);
        Population izh = b.population("izh", new IzhikevichModel(IzhikevichParams.defaults(), 0.1), 300);
        Population lif = b.population("lif", new LifDeltaModel(LifDeltaParams.defaults(), 0.1), 300);
        b.constantCurrent(izh, 10);
        b.connect(izh, lif, 0, new Connectivity.FixedInDegree(30, false), WeightRule.constant(2), DelayRule.constant(2));
        b.connect(lif, izh, 0, new Connectivity.FixedProbability(0.05), WeightRule.constant(1), DelayRule.constant(3));
        Network net = b.build();
        Path saved = dir.resolve("saved.shnn");
        byte[] expected;
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults().withThreads(1))) {
            s.runSteps(500);
            Checkpoint.save(s, saved);
            s.runSteps(500);
            expected = s.rasterSha256();
            assertTrue(s.spikeCount() > 0, "the network fires");
        }
        assertFalse(KernelWarmUp.warmed(net, 2, false, true), "nothing warmed up these models with two workers and mapped matrices before the open");
        SimulationConfig two = SimulationConfig.defaults().withThreads(2);
        try (Simulation s = Checkpoint.open(saved, net, two, Verification.DEFERRED)) {
            // nothing here warms up: the warm-up that open started on its own thread must finish by itself
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!KernelWarmUp.warmed(net, 2, false, true) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(KernelWarmUp.warmed(net, 2, false, true), "the warm-up started by Checkpoint.open finished on its own");
            assertEquals(0.0, s.warmUp(), "finished before the first run: no wait, no second warm-up");
            s.runSteps(500);
            assertArrayEquals(expected, s.rasterSha256(), "the resumed raster is the uninterrupted run's");
        }
    }

    /** Izhikevich into LifCuba: models no other test puts in one network, so no warm-up of this JVM has its keys yet. */
    private static Network izhikevichIntoLifCuba() {
        NetworkBuilder b = new NetworkBuilder("batch-warm-up", 0.1, 23);
        Population izh = b.population("izh", new IzhikevichModel(IzhikevichParams.defaults(), 0.1), 300);
        Population lif = b.population("lif", new LifCubaModel(LifCubaParams.defaults(), 0.1), 300);
        b.constantCurrent(izh, 10);
        b.connect(izh, lif, 0, new Connectivity.FixedInDegree(30, false), WeightRule.constant(2), DelayRule.constant(2));
        return b.build();
    }

    @Test
    void aKernelsOnlyWarmUpLeavesTheStepPathToALaterCallThatAsksForIt() {
        Network net = izhikevichIntoLifCuba();
        assertFalse(KernelWarmUp.kernelsWarmed(net, 1, false, false), "nothing warmed up these models with one worker before");
        assertTrue(KernelWarmUp.run(net, 1, false, false) > 0, "a warm-up of the kernels ran");
        assertTrue(KernelWarmUp.kernelsWarmed(net, 1, false, false), "the kernels are warmed");
        assertFalse(KernelWarmUp.warmed(net, 1, false, false), "the step path is not: a batch run's warm-up ends with the kernels");
        assertEquals(0.0, KernelWarmUp.run(net, 1, false, false), "the kernels once per JVM");
        assertTrue(KernelWarmUp.run(net, 1, false, true) > 0, "a paced run's call warms the step path");
        assertTrue(KernelWarmUp.warmed(net, 1, false, false), "kernels and step path are warmed");
        assertEquals(0.0, KernelWarmUp.run(net, 1, false, true), "nothing left for a paced run");
        assertEquals(0.0, KernelWarmUp.run(net, 1, false, false), "nothing left for a batch run");
    }

    @Test
    void aBatchRunWaitsForTheKernelsOfTheWarmUpAheadAndAPacedOneThenForTheStepPath() {
        Network net = izhikevichIntoLifCuba();
        SimulationConfig two = SimulationConfig.defaults().withThreads(2);
        assertFalse(KernelWarmUp.kernelsWarmed(net, 2, false, false), "nothing warmed up these models with two workers before");
        byte[] expected;
        try (Simulation s = Simulation.create(net, two)) { // starts the warm-up ahead, kernels then step path
            s.runSteps(300); // waits for the kernels; the step-path phase ends after its current round
            assertTrue(KernelWarmUp.kernelsWarmed(net, 2, false, false), "the batch run waited for the kernels");
            expected = s.rasterSha256();
            assertTrue(s.spikeCount() > 0, "the network fires");
            double before = s.warmUp(false);
            assertEquals(before, s.warmUp(false), "a batch run's warm-up once");
            assertTrue(s.warmUp(true) >= before, "a paced run's call adds the step path's time, if any was left");
            assertTrue(KernelWarmUp.warmed(net, 2, false, false), "then the step path is warmed too");
        }
        try (Simulation s = Simulation.create(net, two)) {
            s.warmUp(true);
            s.runSteps(300);
            assertArrayEquals(expected, s.rasterSha256(), "the same raster whichever warm-up ran");
        }
    }

    @Test
    void theStepPathPhaseDeliversRecordsAndRunsEveryHookKindWithSpikesThenDetachesTheHooks() {
        Network net = KernelWarmUp.scaled(BuiltinNetworks.coba(4000, 5, 0.1), KernelWarmUp.NEURONS);
        try (Simulation scratch = Simulation.createScratch(net, SimulationConfig.defaults().withThreads(2), false)) {
            KernelWarmUp.PathFigures f = KernelWarmUp.warmStepPath(scratch, null, () -> true);

            assertTrue(f.steps() >= KernelWarmUp.PATH_STEPS, "at least the threshold steps: " + f);
            assertEquals(0, f.steps() % KernelWarmUp.PATH_ROUND_STEPS, "whole rounds: " + f);
            assertEquals(f.steps(), scratch.currentStep());
            assertEquals(0, scratch.hooks(StepHook.class).size(), "the hooks are detached after the phase");
            // every other round ran the hooks; the copy spikes as the network does, so they saw spikes
            assertTrue(f.spikesCounted() > f.steps() / 10, "the hooked rounds saw spikes: " + f);
            assertEquals(f.spikesCounted(), f.spikesRead(), "the reader read every spike the counter counted");
            assertTrue(f.hookDeliveries() > 0, "the input hook delivered: " + f);
            assertTrue(scratch.spikeCount() > 3 * f.spikesCounted() / 2,
                    "rounds without hooks ran too (about as many spikes as the hooked ones): " + f + ", all "
                            + scratch.spikeCount());
            assertEquals(scratch.spikeCount(), scratch.spikes().count(), "every spike recorded");
        }
    }

    /**
     * A simulation that chooses between its threads and one, run by run (a thread ceiling), is warmed on a copy that
     * chooses too: the copy's runs took both choices, so C2's profile has the runs on one thread and the ranges'
     * tables that a fixed count never runs (bench/RESULTS.md section 64); a fixed count's warm-up is another.
     */
    @Test
    void aThreadCeilingIsWarmedOnACopyThatChoosesTooAndTakesBothChoices() {
        Network net = KernelWarmUp.scaled(BuiltinNetworks.cuba(4000, 11, 0.1), KernelWarmUp.NEURONS);
        try (Simulation scratch = Simulation.createScratch(net, SimulationConfig.defaults().withThreads(2), true)) {
            assertEquals(2, scratch.threads());
            KernelWarmUp.warmStepPath(scratch, null, () -> true);
            AdaptiveThreads choice = scratch.adaptiveThreads();
            assertTrue(choice != null, "the copy chooses");
            assertTrue(choice.runsAlone() > 0 && choice.runsOnAll() > 0,
                    "the copy's runs took both choices: " + choice.runsAlone() + " alone, " + choice.runsOnAll() + " on all");
        }
        try (Simulation fixed = Simulation.createScratch(net, SimulationConfig.defaults().withThreads(2), false)) {
            assertTrue(fixed.adaptiveThreads() == null, "a fixed count's copy does not choose");
        }
        Network big = BuiltinNetworks.cuba(40_000, 11, 0.1);
        SimulationConfig ceiling = SimulationConfig.defaults().withThreadsUpTo(2);
        try (Simulation s = Simulation.create(big, ceiling)) {
            assertEquals(2, s.threads(), "40,000 neurons are work enough for two threads");
            s.warmUp(false);
            assertTrue(KernelWarmUp.kernelsWarmed(big, 2, true, false), "the ceiling's warm-up is the choosing one");
        }
    }
}
