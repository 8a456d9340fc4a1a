package org.shnn.engine.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SpecJson;

/**
 * A Poisson source's rate changes at given times in the description ({@code rate_times}, {@code rate_values}, as
 * NEST's {@code inhomogeneous_poisson_generator}): no spikes while a rate is 0, spike counts within 4 sigma of
 * {@code rate * neurons * time} in each window, one rate per neuron, a JSON round trip, and errors at their place.
 */
class PoissonRateChangesTest {

    private static final String NET = """
            {"format": "shnn-network/1", "name": "changes", "dt": 0.1, "seed": 4,
             "populations": [
               {"label": "src", "size": 200, "cell_type": "SpikeSourcePoisson",
                "parameters": {"rate": 0.0, "rate_times": [50.0, 100.0], "rate_values": RATES}},
               {"label": "n", "size": 1, "cell_type": "IF_cond_exp"}],
             "recorders": [{"population": "src", "variables": ["spikes"]}]}
            """;

    private static long[] counts(String rates, int threads, int... windowsSteps) {
        NetworkSpec spec = SpecJson.parse(NET.replace("RATES", rates), "changes.json", null);
        assertEquals(spec, SpecJson.parse(SpecJson.write(spec), "again.json", null));
        try (Simulation sim = Assembler.create(spec, SimulationConfig.defaults().withThreads(threads))) {
            sim.runSteps(1500);
            SpikeRecorder r = sim.spikes();
            long[] out = new long[windowsSteps.length];
            for (long i = 0; i < r.count(); i++) {
                long step = r.step(i);
                for (int w = windowsSteps.length - 1; w >= 0; w--) {
                    if (step >= windowsSteps[w]) {
                        out[w] += r.neuron(i) % 2 == 0 ? 1 : 1_000_000; // odd neurons counted apart
                        break;
                    }
                }
            }
            return out;
        }
    }

    private static void within4Sigma(double expected, long found, String what) {
        assertTrue(Math.abs(found - expected) <= 4 * Math.sqrt(expected), what + ": " + found + " spikes, expected "
                + expected);
    }

    @Test
    void theRateChangesAtTheGivenTimesForEveryNeuron() {
        long[] c = counts("[200.0, 0.0]", 1, 0, 500, 1000); // 0 Hz, 200 Hz from 50 ms, 0 Hz from 100 ms
        assertEquals(0, c[0], "rate 0 before the first change");
        assertEquals(0, c[2], "rate 0 after the second");
        within4Sigma(100 * 200.0 * 0.05, c[1] % 1_000_000, "even neurons, 50-100 ms");
        within4Sigma(100 * 200.0 * 0.05, c[1] / 1_000_000, "odd neurons, 50-100 ms");
        long[] two = counts("[200.0, 0.0]", 2, 0, 500, 1000);
        assertEquals(c[1], two[1], "the same spikes for 2 threads");
    }

    @Test
    void oneSequenceOfRatesPerNeuron() {
        StringBuilder rates = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            rates.append(i > 0 ? ", " : "").append(i % 2 == 0 ? "[100.0, 400.0]" : "[0.0, 0.0]");
        }
        long[] c = counts(rates.append("]").toString(), 1, 0, 500, 1000);
        assertEquals(0, c[0]);
        assertEquals(0, c[1] / 1_000_000 + c[2] / 1_000_000, "odd neurons at 0 Hz after the changes");
        within4Sigma(100 * 100.0 * 0.05, c[1], "even neurons at 100 Hz, 50-100 ms");
        within4Sigma(100 * 400.0 * 0.05, c[2], "even neurons at 400 Hz, 100-150 ms");
    }

    private static String error(String rates, String times) {
        String text = NET.replace("RATES", rates).replace("[50.0, 100.0]", times);
        SpecException e = assertThrows(SpecException.class, () -> {
            NetworkSpec s = SpecJson.parse(text, "changes.json", null);
            try {
                Assembler.create(s, SimulationConfig.defaults()).close();
            } catch (SpecException x) {
                throw SpecJson.locate("changes.json", s, x);
            }
        });
        return e.getMessage();
    }

    @Test
    void badRateChangesAreNamedAtTheirPlace() {
        assertEquals("changes.json: populations[0].parameters.rate_values[0]: expected 2 rates (one per rate_times "
                + "entry) but found 1", error("[200.0]", "[50.0, 100.0]"));
        assertTrue(error("[200.0, 1e6]", "[50.0, 100.0]").startsWith(
                "changes.json: populations[0].parameters.rate_values[0][1]: expected a rate in [0, 1/dt = 10000.0] Hz"));
        assertTrue(error("[200.0, 0.0]", "[100.0, 50.0]").startsWith("changes.json: populations[0].parameters: "),
                error("[200.0, 0.0]", "[100.0, 50.0]"));
        assertEquals("changes.json: populations[0].parameters.rate_values: expected an array of numbers (for every neuron; "
                + "rate_values also one array per neuron) but found a number", error("5.0", "[50.0, 100.0]"));
        assertEquals("changes.json: populations[0].parameters.rate_times: expected one sequence of times (ms) for every "
                + "neuron but found 200", error("[200.0, 0.0]", "[" + "[50.0, 100.0], ".repeat(199) + "[50.0, 100.0]]"));
        String alone = NET.replace(", \"rate_values\": RATES", "");
        SpecException e = assertThrows(SpecException.class, () -> {
            NetworkSpec s = SpecJson.parse(alone, "changes.json", null);
            try {
                Assembler.create(s, SimulationConfig.defaults()).close();
            } catch (SpecException x) {
                throw SpecJson.locate("changes.json", s, x);
            }
        });
        assertEquals("changes.json: populations[0].parameters.rate_values: expected rate_times and rate_values together "
                + "(NEST's inhomogeneous_poisson_generator) but found rate_times alone", e.getMessage());
    }
}
