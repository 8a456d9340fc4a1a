package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.network.Network;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.ProjectionSpec;
import org.shnn.engine.spec.Value;

/**
 * {@link Simulation#setPoissonRates} between runs: rate 0 silences every source from the step of the change on,
 * rate 1/dt makes every source spike at every step (the draws are keyed by step, so a rate of 1/dt leaves no
 * draw above it), steps before the change keep the spikes of an unchanged run; a run saved after the changes and
 * resumed gives the raster of a straight one, 1 and 2 threads; a bad rate or a non-Poisson population is refused
 * naming it.
 */
class PoissonRateSetTest {

    private static final int SOURCES = 48;
    private static final Network NET = Assembler.network(new NetworkSpec("poisson-set", 0.1, 7L, List.of(
            new PopulationSpec("in", SOURCES, CellType.SPIKE_SOURCE_POISSON, Map.of("rate", Value.of(40.0))),
            new PopulationSpec("out", 20, CellType.IF_CURR_EXP, Map.of())), List.of(
            new ProjectionSpec("in", "out", "excitatory", new Connector.FixedProbability(0.5, true), Value.of(0.5),
                    Value.of(0.1)))));

    @TempDir
    Path dir;

    /** Spikes of population "in" at each of {@code steps} steps, with the rate changes made between runs. */
    private static long[] perStep(Simulation s, int steps) {
        long[] out = new long[steps];
        for (int t = 0; t < steps; t++) {
            if (t == 300) {
                s.setPoissonRates(0, new double[] {0.0});
            } else if (t == 600) {
                s.setPoissonRates(0, new double[] {1e4}); // 1 / dt
            }
            long before = s.populationSpikeCounts()[0];
            s.runSteps(1);
            out[t] = s.populationSpikeCounts()[0] - before;
        }
        return out;
    }

    @Test
    void aRateSetBetweenRunsActsFromItsStepAndResumes() throws Exception {
        long[] unchanged = new long[300];
        try (Simulation s = Simulation.create(NET, SimulationConfig.defaults())) {
            for (int t = 0; t < 300; t++) {
                long before = s.populationSpikeCounts()[0];
                s.runSteps(1);
                unchanged[t] = s.populationSpikeCounts()[0] - before;
            }
        }
        byte[] reference = null;
        for (int threads = 1; threads <= 2; threads++) {
            long[] changed;
            byte[] straight;
            Path p = dir.resolve("at-650-" + threads + ".shnn");
            try (Simulation s = Simulation.create(NET, SimulationConfig.defaults().withThreads(threads))) {
                changed = perStep(s, 650);
                assertArrayEquals(new double[] {1e4, 1e4}, java.util.Arrays.copyOf(s.poissonRates(0), 2));
                Checkpoint.save(s, p);
                s.runSteps(100);
                straight = s.rasterSha256();
            }
            assertArrayEquals(unchanged, java.util.Arrays.copyOf(changed, 300), "before the first change");
            assertTrue(java.util.Arrays.stream(unchanged).sum() > 10, "the sources were active");
            for (int t = 300; t < 600; t++) {
                assertEquals(0, changed[t], "rate 0 from step 300: step " + t);
            }
            for (int t = 600; t < 650; t++) {
                assertEquals(SOURCES, changed[t], "rate 1/dt from step 600: step " + t);
            }
            try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(threads))) {
                assertEquals(1e4, s.poissonRates(0)[SOURCES - 1]);
                s.runSteps(100);
                assertArrayEquals(straight, s.rasterSha256(), threads + " thread(s): the changes were saved");
            }
            if (reference == null) {
                reference = straight;
            } else {
                assertArrayEquals(reference, straight, "1 and 2 threads");
            }
        }
    }

    /**
     * {@code Parameters.set} (the C and Python hosts' set_parameters, a schedule's set_parameter) of a Poisson source's
     * rate is the same rate change: per neuron too. Before, it refused every source's parameters.
     */
    @Test
    void parametersSetOfThePoissonRateIsTheRateChange() {
        try (Simulation s = Simulation.create(NET, SimulationConfig.defaults())) {
            s.runSteps(10);
            org.shnn.engine.assembly.Parameters.set(s, "in", Map.of("rate", Value.of(0.0)));
            long before = s.populationSpikeCounts()[0];
            s.runSteps(50);
            assertEquals(before, s.populationSpikeCounts()[0], "rate 0 from step 10");
            double[] each = new double[SOURCES];
            each[3] = 1e4;
            org.shnn.engine.assembly.Parameters.set(s, "in", Map.of("rate", Value.of(each)));
            s.runSteps(20);
            assertEquals(before + 20, s.populationSpikeCounts()[0], "neuron 3 alone at 1/dt, every step");
            assertEquals(1e4, s.poissonRates(0)[3]);
            String start = assertThrows(IllegalArgumentException.class, () -> org.shnn.engine.assembly.Parameters.set(
                    s, "in", Map.of("start", Value.of(5.0)))).getMessage();
            assertTrue(start.contains("the rate of a SpikeSourcePoisson"), start);
        }
    }

    @Test
    void aBadRateOrPopulationIsRefusedNamingIt() {
        try (Simulation s = Simulation.create(NET, SimulationConfig.defaults())) {
            s.runSteps(10);
            String tooHigh = assertThrows(IllegalArgumentException.class,
                    () -> s.setPoissonRates(0, new double[] {2e4})).getMessage();
            assertTrue(tooHigh.contains("'in'") && tooHigh.contains("step 10") && tooHigh.contains("20000"), tooHigh);
            String negative = assertThrows(IllegalArgumentException.class,
                    () -> s.setPoissonRates(0, new double[] {-1})).getMessage();
            assertTrue(negative.contains("'in'") && negative.contains("-1"), negative);
            String length = assertThrows(IllegalArgumentException.class,
                    () -> s.setPoissonRates(0, new double[3])).getMessage();
            assertTrue(length.contains("3 rates") && length.contains(Integer.toString(SOURCES)), length);
            String model = assertThrows(IllegalArgumentException.class,
                    () -> s.setPoissonRates(1, new double[] {1})).getMessage();
            assertTrue(model.contains("'out'") && model.contains("not a Poisson generator"), model);
            assertEquals(40.0, s.poissonRates(0)[0], 1e-9, "nothing changed");
        }
    }
}
