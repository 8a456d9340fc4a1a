package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;

/**
 * Every parameter of every cell type may differ per neuron (an array or a distribution in the description): each
 * neuron then evolves as a population of its own values alone, and the per-neuron closed form of a LIF holds.
 */
class HeterogeneousParametersTest {

    private static final int STEPS = 400;

    /** A valid other value for a parameter: 1.2 x the default (0.1 for a default of 0); Q16 LIF as IF_curr_exp. */
    private static double other(String name, double d) {
        return d == 0 ? 0.1 : d * 1.2;
    }

    /** A network of population "het" (3 neurons: d, d', d) and "a", "b" (one neuron each: d, d'), the same input. */
    private static String network(String cellType, String name, double d, double dd) {
        String p = "\"" + name + "\": ";
        String pops = """
                {"label": "in", "size": 5, "cell_type": "SpikeSourceArray",
                 "parameters": {"spike_times": [[1.0, 3.0, 6.0, 10.0, 15.0, 21.0, 28.0]]}},
                {"label": "het", "size": 3, "cell_type": "%1$s", "parameters": {%2$s[%3$s, %4$s, %3$s]}},
                {"label": "a", "size": 1, "cell_type": "%1$s", "parameters": {%2$s%3$s}},
                {"label": "b", "size": 1, "cell_type": "%1$s", "parameters": {%2$s%4$s}}
                """.formatted(cellType, p, Double.toString(d), Double.toString(dd));
        boolean voltage = cellType.equals("IF_curr_delta") || cellType.equals("Izhikevich");
        String w = voltage ? "2.0" : cellType.startsWith("IF_curr") || cellType.equals("LIF_Q16") ? "0.4" : "0.01";
        StringBuilder prs = new StringBuilder();
        StringBuilder currents = new StringBuilder();
        StringBuilder recorders = new StringBuilder();
        for (String t : new String[] {"het", "a", "b"}) {
            prs.append(prs.isEmpty() ? "" : ",").append("""
                    {"label": "in->%1$s", "pre": "in", "post": "%1$s", "connector": {"type": "AllToAllConnector"},
                     "weight": %2$s, "delay": 1.0}""".formatted(t, w));
            currents.append(currents.isEmpty() ? "" : ",").append("""
                    {"label": "dc-%1$s", "population": "%1$s", "type": "DCSource", "amplitude": 0.3, "start": 5.0}"""
                    .formatted(t));
            recorders.append(recorders.isEmpty() ? "" : ",").append("""
                    {"population": "%s", "variables": ["spikes", "v"], "sampling_interval": 0.1}""".formatted(t));
        }
        return """
                {"format": "shnn-network/1", "name": "het", "dt": 0.1, "seed": 3,
                 "populations": [%s], "projections": [%s], "current_sources": [%s], "recorders": [%s]}
                """.formatted(pops, prs, cellType.equals("LIF_Q16") ? "" : currents, recorders);
    }

    private static double[] v(Simulation s, NetworkSpec spec, int recorder, int k) {
        StateMonitor m = s.stateMonitor(Assembler.recorded(spec, recorder, "v").monitor());
        return m.values(k);
    }

    @Test
    void eachNeuronEvolvesAsAPopulationOfItsOwnValuesForEveryParameterOfEveryCellType() {
        Map<PyNNCell, String> cells = new java.util.LinkedHashMap<>();
        for (PyNNCell c : PyNNParamsTest.FACTORIES.keySet()) {
            cells.put(c, c.cellType());
        }
        cells.put(LifCubaParams.PYNN, "IF_curr_exp");
        List<String> checked = new ArrayList<>();
        for (var cell : cells.entrySet()) {
            List<String> types = new ArrayList<>(List.of(cell.getValue()));
            if (cell.getValue().equals("IF_curr_exp")) {
                types.add("LIF_Q16");
            }
            for (String type : types) {
                for (var param : cell.getKey().defaults().entrySet()) {
                    String name = param.getKey();
                    double d = param.getValue();
                    NetworkSpec spec = SpecJson.parse(network(type, name, d, other(name, d)), type + "." + name, null);
                    try (Simulation s = Assembler.create(spec, SimulationConfig.defaults().withThreads(2))) {
                        s.runSteps(STEPS);
                        String at = type + "." + name;
                        if (name.equals("i_offset")) {
                            // a per-neuron i_offset is an external current (a DC source per run), not the model's
                            // constant: the same sum in another order, within rounding
                            assertArrayEquals(v(s, spec, 1, 0), v(s, spec, 0, 0), 1e-9, at + ": neuron 0 as population a");
                            assertArrayEquals(v(s, spec, 2, 0), v(s, spec, 0, 1), 1e-9, at + ": neuron 1 as population b");
                        } else if (!type.equals("LIF_Q16")) { // Q16's v column is fixed point: spikes are compared
                            assertArrayEquals(v(s, spec, 1, 0), v(s, spec, 0, 0), at + ": neuron 0 as population a");
                            assertArrayEquals(v(s, spec, 1, 0), v(s, spec, 0, 2), at + ": neuron 2 as population a");
                            assertArrayEquals(v(s, spec, 2, 0), v(s, spec, 0, 1), at + ": neuron 1 as population b");
                        }
                        long[] counts = s.populationSpikeCounts();
                        long[] perNeuron = new long[3];
                        for (long k = 0; k < s.spikes().count(); k++) {
                            int n = s.spikes().neuron(k) - 5;
                            if (n >= 0 && n < 3) {
                                perNeuron[n]++;
                            }
                        }
                        assertEquals(counts[2], perNeuron[0], at + ": neuron 0 fires as population a");
                        assertEquals(counts[2], perNeuron[2], at);
                        assertEquals(counts[3], perNeuron[1], at + ": neuron 1 fires as population b");
                        checked.add(at);
                    }
                }
            }
        }
        assertTrue(checked.size() > 80, "parameters checked: " + checked.size() + " " + checked);
    }

    /**
     * IF_curr_exp with per-neuron tau_m, cm and v_rest and a constant i_offset, no input: each neuron follows its
     * own closed form {@code v(t) = v_rest + (tau_m / cm) i_offset (1 - exp(-t / tau_m))} (mV, ms, nF, nA) to
     * 1e-9 mV (the engine's propagator is exact; the difference is rounding), for 1 and 2 threads.
     */
    @Test
    void eachNeuronFollowsItsOwnClosedForm() {
        double[] tau = {10, 20, 30, 40, 15};
        double[] cm = {0.25, 0.5, 0.5, 1.0, 0.3};
        double[] rest = {-65, -60, -70, -65, -62};
        double iOffset = 0.5;
        String json = """
                {"format": "shnn-network/1", "name": "closed", "dt": 0.1, "seed": 1,
                 "populations": [{"label": "p", "size": 5, "cell_type": "IF_curr_exp",
                   "parameters": {"tau_m": %s, "cm": %s, "v_rest": %s, "v_reset": -70.0, "v_thresh": 0.0,
                                  "i_offset": %s},
                   "initial_values": {"v": %s}}],
                 "recorders": [{"population": "p", "variables": ["v"], "sampling_interval": 0.1}]}
                """.formatted(arr(tau), arr(cm), arr(rest), iOffset, arr(rest));
        NetworkSpec spec = SpecJson.parse(json, "closed.json", null);
        byte[] raster = null;
        for (int threads = 1; threads <= 2; threads++) {
            try (Simulation s = Assembler.create(spec, SimulationConfig.defaults().withThreads(threads))) {
                s.runSteps(STEPS);
                StateMonitor m = s.stateMonitor(0);
                long[] steps = m.steps();
                for (int i = 0; i < tau.length; i++) {
                    double[] v = m.values(i);
                    for (int k = 0; k < steps.length; k++) {
                        double t = (steps[k] + 1) * 0.1; // sampled at the end of the step
                        double expected = rest[i] + tau[i] / cm[i] * iOffset * (1 - Math.exp(-t / tau[i]));
                        assertEquals(expected, v[k], 1e-9, "neuron " + i + " at " + t + " ms, " + threads + " threads");
                    }
                }
                byte[] r = s.rasterSha256();
                assertTrue(raster == null || HexFormat.of().formatHex(raster).equals(HexFormat.of().formatHex(r)));
                raster = r;
            }
        }
    }

    private static String arr(double[] a) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s", a[i]));
        }
        return b.append(']').toString();
    }
}
