package org.shnn.engine.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.spec.Value;

/**
 * Neuron parameters set between runs: the run changes; reset then run equals a fresh simulation built with the new
 * parameters (reset keeps them, as PyNN's); a checkpoint saves them; bad values are refused naming the field.
 */
class ParametersTest {

    private static final String NETWORK = """
            {"format": "shnn-network/1", "name": "params", "dt": 0.1, "seed": 3,
             "populations": [
               {"label": "src", "size": 40, "cell_type": "SpikeSourcePoisson", "parameters": {"rate": 30.0}},
               {"label": "exc", "size": 50, "cell_type": "IF_curr_exp",
                "parameters": {"tau_m": %s, "v_thresh": %s, "i_offset": 0.3},
                "initial_values": {"v": {"distribution": "uniform", "low": -65.0, "high": -55.0}}}],
             "projections": [
               {"label": "src->exc", "pre": "src", "post": "exc", "receptor_type": "excitatory",
                "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.2}, "weight": 0.3, "delay": 1.0}]}
            """;

    @TempDir
    Path dir;

    private static NetworkSpec spec(double tauM, double vThresh) {
        return SpecJson.parse(NETWORK.formatted(tauM, vThresh), "params.json", null);
    }

    private static String sha(Simulation s) {
        return HexFormat.of().formatHex(s.rasterSha256());
    }

    @Test
    void setParametersChangeTheRunAreKeptByResetAndSaved() throws IOException {
        String fresh;
        try (Simulation s = Assembler.create(spec(10.0, -52.0), SimulationConfig.defaults())) {
            s.runSteps(400);
            fresh = sha(s);
        }
        Path p = dir.resolve("params.shnn");
        String unchanged;
        String changed;
        try (Simulation s = Assembler.create(spec(20.0, -50.0), SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(200);
            Checkpoint.save(s, dir.resolve("before.shnn"));
            s.runSteps(200);
            unchanged = sha(s);
        }
        try (Simulation s = Checkpoint.open(dir.resolve("before.shnn"), SimulationConfig.defaults())) {
            Parameters.set(s, "exc", Map.of("tau_m", new Value.Constant(10.0), "v_thresh", new Value.Constant(-52.0)));
            assertEquals(new Value.Constant(10.0), Parameters.get(s, "exc").get("tau_m"));
            Checkpoint.save(s, p);
            s.runSteps(200);
            changed = sha(s);
            assertNotEquals(unchanged, changed, "the new parameters change the second half");
            s.reset();
            s.runSteps(400);
            assertEquals(fresh, sha(s), "reset then run = a fresh simulation with the new parameters");
        }
        try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(2))) {
            assertEquals(new Value.Constant(-52.0), Parameters.get(s, "exc").get("v_thresh"));
            s.runSteps(200);
            assertEquals(changed, sha(s), "the saved parameters resume");
        }
    }

    @Test
    void badValuesAreRefusedNamingPopulationAndField() {
        try (Simulation s = Assembler.create(spec(20.0, -50.0), SimulationConfig.defaults())) {
            var e = assertThrows(SpecException.class,
                    () -> Parameters.set(s, "exc", Map.of("tau_m", new Value.Constant(-1.0))));
            assertTrue(e.getMessage().contains("population 'exc'") && e.getMessage().contains("tau_m"), e.getMessage());
            var i = assertThrows(SpecException.class, () -> Parameters.set(s, "exc", Map.of("i_offset",
                    new Value.Random(new org.shnn.engine.spec.Distribution.Uniform(0.1, 0.2)))));
            assertTrue(i.getMessage().contains("parameters.i_offset"), i.getMessage());
            assertEquals(new Value.Constant(20.0), Parameters.get(s, "exc").get("tau_m"), "nothing changed");
        }
    }
}
