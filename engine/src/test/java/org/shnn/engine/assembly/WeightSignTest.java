package org.shnn.engine.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SpecJson;

/**
 * PyNN's sign rule for weights ({@code pyNN.standardmodels.check_weights}: {@code >= 0} onto a conductance or an
 * excitatory receptor, {@code <= 0} onto a current-based inhibitory one) holds for every weight a description gives:
 * constants, distributions by their support, listed weights, hyperedges and Poisson drives, and a schedule's
 * {@code set_weight}; a connector given {@code "safe": false} (PyNN's opt-out) skips it. Every weight and initial value
 * fits the engine's float. Before, each of the wrong weights below was taken and the run went on with it (a negative
 * conductance, a depolarising inhibitory current, an infinite weight or membrane potential).
 */
class WeightSignTest {

    /** A network: a source, a conductance-based and a current-based population, and {@code projection} and more. */
    private static NetworkSpec net(String projection, String more) {
        return SpecJson.parse(text(projection, more), "signs.json", null);
    }

    private static String text(String projection, String more) {
        return """
                {"format": "shnn-network/1", "name": "signs", "dt": 0.1, "seed": 3,
                 "populations": [
                   {"label": "src", "size": 40, "cell_type": "SpikeSourcePoisson", "parameters": {"rate": 50.0}},
                   {"label": "cond", "size": 40, "cell_type": "IF_cond_exp"},
                   {"label": "curr", "size": 40, "cell_type": "IF_curr_exp"}],
                 "projections": [%s]%s}
                """.formatted(projection, more);
    }

    private static String projection(String post, String receptor, String connector, String weight) {
        return """
                {"label": "%s %s", "pre": "src", "post": "%s", "receptor_type": "%s", "connector": %s, "weight": %s,
                 "delay": 1.0}""".formatted(post, receptor, post, receptor, connector, weight);
    }

    private static final String ALL = "{\"type\": \"AllToAllConnector\"}";

    /** A network's hyperedges member: sources 0 and 1 of "src" onto neuron 2 of {@code post}, per-pair weights. */
    private static String hyperedge(String post, String receptor, String weights) {
        return ", \"hyperedges\": [{\"pre\": \"src\", \"post\": \"" + post + "\", \"receptor_type\": \"" + receptor
                + "\", \"edges\": [{\"type\": \"many_to_many\", \"sources\": [0, 1], \"targets\": [2],"
                + " \"min_spikes\": 2, \"window\": 5.0, \"delay\": 1.0, \"weights\": [" + weights + "]}]}]";
    }

    private static SpecException refused(NetworkSpec spec) {
        return assertThrows(SpecException.class, () -> {
            try (Simulation s = Assembler.create(spec, SimulationConfig.defaults())) {
                s.runSteps(1);
            }
        });
    }

    /** {@code spec} is refused with a message holding {@code fragment}. */
    private static void refusedWith(NetworkSpec spec, String fragment) {
        String m = refused(spec).getMessage();
        assertTrue(m.contains(fragment), m);
    }

    private static void accepted(NetworkSpec spec) {
        try (Simulation s = Assembler.create(spec, SimulationConfig.defaults())) {
            s.runSteps(1);
        }
    }

    @Test
    void constantWeightsOfTheWrongSignAreRefusedNamingTheRule() {
        String[][] wrong = { // post, receptor, weight, rule
            {"cond", "excitatory", "-0.004", "expected a weight >= 0 (a conductance onto the excitatory receptor of IF_cond_exp"},
            {"cond", "inhibitory", "-0.05", "expected a weight >= 0 (a conductance onto the inhibitory receptor of IF_cond_exp"},
            {"curr", "excitatory", "-0.5", "expected a weight >= 0 (onto the current-based excitatory receptor of IF_curr_exp"},
            {"curr", "inhibitory", "0.5", "expected a weight <= 0 (onto the current-based inhibitory receptor of IF_curr_exp"},
        };
        for (String[] w : wrong) {
            String m = refused(net(projection(w[0], w[1], ALL, w[2]), "")).getMessage();
            assertTrue(m.startsWith("projection '" + w[0] + " " + w[1] + "': weight: " + w[3]), m);
            assertTrue(m.endsWith("as PyNN requires) but found " + w[2]), m);
            // the same weight through a connector that is not safe (PyNN's opt-out) is taken
            accepted(net(projection(w[0], w[1], "{\"type\": \"AllToAllConnector\", \"safe\": false}", w[2]), ""));
        }
        accepted(net(projection("cond", "inhibitory", ALL, "0.05") + ", " + projection("curr", "inhibitory", ALL, "-0.5")
                + ", " + projection("curr", "excitatory", ALL, "0.0"), ""));
    }

    @Test
    void aDistributionIsHeldToTheSignByItsSupport() {
        refusedWith(net(projection("cond", "excitatory", ALL,
                "{\"distribution\": \"uniform\", \"low\": -0.001, \"high\": 0.004}"), ""),
                "projection 'cond excitatory': weight: expected a distribution of weights all >= 0");
        // a normal of mean 5 sd can draw below 0 (the generator's deviates reach 8.57 sd); 9 sd cannot
        String normal = "{\"distribution\": \"normal\", \"mu\": 0.005, \"sigma\": 0.001}";
        refusedWith(net(projection("cond", "excitatory", ALL, normal), ""), "normal_clipped with low 0 redraws those few");
        accepted(net(projection("cond", "excitatory", ALL, "{\"distribution\": \"normal\", \"mu\": 0.009, \"sigma\": 0.001}"), ""));
        refusedWith(net(projection("curr", "inhibitory", ALL,
                "{\"distribution\": \"lognormal\", \"mu\": -1.0, \"sigma\": 0.5}"), ""),
                "expected a distribution of weights all <= 0");
        // normal_clipped with low 0 draws the normal's weights wherever they are >= 0: the same network here
        String clipped = "{\"distribution\": \"normal_clipped\", \"mu\": 0.005, \"sigma\": 0.001, \"low\": 0.0}";
        List<long[]> c = ConnectorTest.build(net(projection("cond", "excitatory", ALL, clipped), ""));
        List<long[]> n = ConnectorTest.build(net(projection("cond", "excitatory",
                "{\"type\": \"AllToAllConnector\", \"safe\": false}", normal), ""));
        assertEquals(1600, c.size());
        for (int k = 0; k < c.size(); k++) {
            assertArrayEquals(n.get(k), c.get(k), "synapse " + k);
        }
    }

    @Test
    void listedHyperedgeAndPoissonDriveWeightsKeepTheRule() {
        String list = "{\"type\": \"FromListConnector\", \"pre\": [0, 1, 2], \"post\": [0, 1, 2], "
                + "\"weights\": [0.5, -0.5, 0.25]}";
        refusedWith(net(projection("curr", "excitatory", list, "0.0"), ""),
                "projection 'curr excitatory': connector.weights[1]: expected a weight >= 0");
        refusedWith(net(projection("cond", "excitatory", ALL, "0.001"), hyperedge("curr", "inhibitory", "-0.1, 0.1")),
                "edges[0].weights[1]: expected a weight <= 0");
        String drive = ", \"poisson_drives\": [{\"population\": \"cond\", \"receptor_type\": \"inhibitory\", "
                + "\"sources\": 10, \"rate\": 5.0, \"weight\": -0.01}]";
        refusedWith(net(projection("cond", "excitatory", ALL, "0.001"), drive), "weight: expected a weight >= 0");
    }

    @Test
    void weightsAndInitialValuesMustFitTheEnginesFloat() {
        refusedWith(net(projection("cond", "excitatory", ALL,
                "{\"distribution\": \"uniform\", \"low\": 0.001, \"high\": 1e300}"), ""),
                "projection 'cond excitatory': weight: expected a distribution whose draws fit a float");
        refusedWith(net(projection("cond", "excitatory", ALL, "0.001"), hyperedge("cond", "excitatory", "0.1, 1e308")),
                "edges[0].weights[1]: expected a weight that fits a float");
        NetworkSpec v = SpecJson.parse(text(projection("cond", "excitatory", ALL, "0.001"), "")
                .replace("\"cell_type\": \"IF_cond_exp\"", "\"cell_type\": \"IF_cond_exp\", \"initial_values\":"
                        + " {\"v\": {\"distribution\": \"uniform\", \"low\": -60.0, \"high\": 1e308}}"), "v.json", null);
        refusedWith(v, "initial_values.v: expected a distribution whose draws fit a float");
    }

    @Test
    void safeFalseIsWrittenWithTheConnectorAndReadBack() {
        NetworkSpec spec = net(projection("curr", "inhibitory", "{\"type\": \"AllToAllConnector\", \"safe\": false}",
                "0.5"), "");
        assertFalse(spec.projections().get(0).safe());
        String json = SpecJson.write(spec);
        assertTrue(json.contains("\"safe\": false"), json);
        assertEquals(spec, SpecJson.parse(json, "again", null));
        assertTrue(net(projection("curr", "inhibitory", ALL, "-0.5"), "").projections().get(0).safe());
        assertFalse(SpecJson.write(net(projection("curr", "inhibitory", ALL, "-0.5"), "")).contains("safe"));
    }
}
