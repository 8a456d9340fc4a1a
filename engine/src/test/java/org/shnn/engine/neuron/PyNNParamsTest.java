package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The {@code fromPyNN} factories: unit conversion, PyNN's defaults, unknown names. */
class PyNNParamsTest {

    /** Every cell type the factories read, with the factory. */
    static final Map<PyNNCell, Function<Map<String, Double>, Object>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put(LifCubaParams.PYNN, LifCubaParams::fromPyNN);
        FACTORIES.put(LifCubaParams.PYNN_ALPHA, LifCubaParams::fromPyNNAlpha);
        FACTORIES.put(LifCobaParams.PYNN, LifCobaParams::fromPyNN);
        FACTORIES.put(LifCobaParams.PYNN_ALPHA, LifCobaParams::fromPyNNAlpha);
        FACTORIES.put(LifCobaSfaRrParams.PYNN, LifCobaSfaRrParams::fromPyNN);
        FACTORIES.put(LifDeltaParams.PYNN, LifDeltaParams::fromPyNN);
        FACTORIES.put(AdExParams.PYNN, AdExParams::fromPyNN);
        FACTORIES.put(AdExParams.PYNN_ALPHA, AdExParams::fromPyNNAlpha);
        FACTORIES.put(IzhikevichParams.PYNN, IzhikevichParams::fromPyNN);
        FACTORIES.put(HhTraubParams.PYNN, HhTraubParams::fromPyNN);
    }

    @Test
    void ifCurrExpConvertsNanoToPico() {
        LifCubaParams p = LifCubaParams.fromPyNN(Map.of("cm", 0.25, "tau_m", 10.0, "i_offset", 0.5, "v_thresh", -55.0,
                "tau_syn_E", 2.0));
        assertEquals(new LifCubaParams(250, 10, -65, -55, -65, 0.1, 2.0, 5.0, 500), p);
        assertEquals(new LifCubaParams(1000, 20, -65, -50, -65, 0.1, 5, 5, 0), LifCubaParams.fromPyNN(Map.of()));
        assertEquals(new LifCubaParams(1000, 20, -65, -50, -65, 0.1, 0.5, 0.5, 0), LifCubaParams.fromPyNNAlpha(Map.of()));
    }

    @Test
    void ifCondExpDerivesTheLeakConductanceFromCmAndTauM() {
        LifCobaParams p = LifCobaParams.fromPyNN(Map.of("cm", 0.2, "tau_m", 20.0, "e_rev_I", -80.0, "i_offset", -0.1));
        assertEquals(200, p.cM(), 1e-12);
        assertEquals(10, p.gL(), 1e-12);
        assertEquals(20, p.tauM(), 1e-12);
        assertEquals(-80, p.eInh());
        assertEquals(-100, p.iE(), 1e-12);
        assertEquals(new LifCobaParams(1000, 50, -65, -50, -65, 0.1, 0, -70, 5, 5, 0), LifCobaParams.fromPyNN(Map.of()));
    }

    @Test
    void deltaAdExAndIzhikevichTakePyNNsDefaults() {
        assertEquals(new LifDeltaParams(1000, 20, -65, -50, -65, 0.1, 0), LifDeltaParams.fromPyNN(Map.of()));
        AdExParams a = AdExParams.fromPyNN(Map.of());
        assertEquals(281, a.cM(), 1e-9);
        assertEquals(281 / 9.3667, a.gL(), 1e-9);
        assertEquals(80.5, a.b(), 1e-9);
        assertEquals(-40, a.vPeak());
        assertEquals(-50.4, a.vT());
        assertEquals(-80, a.eInh());
        assertEquals(new IzhikevichParams(0.02, 0.2, -65, 2, 30, -70, 0), IzhikevichParams.fromPyNN(Map.of()));
        assertEquals(10, IzhikevichParams.fromPyNN(Map.of("i_offset", 0.01)).iE(), 1e-12);
    }

    @Test
    void unknownNamesAreRejectedWithTheAllowedList() {
        for (var e : FACTORIES.entrySet()) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> e.getValue().apply(Map.of("tau_syn", 1.0)));
            assertTrue(x.getMessage().startsWith(e.getKey().cellType() + ": unknown parameter 'tau_syn'; allowed: "),
                    x.getMessage());
            for (String name : e.getKey().defaults().keySet()) {
                assertTrue(x.getMessage().contains(name), x.getMessage());
            }
        }
    }

    @Test
    void nullAndInvalidValuesNameTheParameter() {
        Map<String, Double> p = new HashMap<>();
        p.put("cm", null);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> LifCubaParams.fromPyNN(p));
        assertEquals("IF_curr_exp: parameter 'cm' is null", x.getMessage());
        x = assertThrows(IllegalArgumentException.class, () -> LifCobaParams.fromPyNN(Map.of("tau_m", -1.0)));
        assertTrue(x.getMessage().startsWith("IF_cond_exp (PyNN parameters {tau_m=-1.0}): gL = -1000.0 nS"), x.getMessage());
        x = assertThrows(IllegalArgumentException.class, () -> AdExParams.fromPyNN(Map.of("v_spike", -60.0)));
        assertTrue(x.getMessage().contains("vPeak = -60.0"), x.getMessage());
    }

    /**
     * The names and defaults match the installed PyNN's {@code default_parameters} (PyNN 0.10.1 from Debian's
     * python3-pynn; skipped when python3 or PyNN is missing, see {@link Python}).
     */
    @Test
    void namesAndDefaultsMatchTheInstalledPyNN() throws IOException, InterruptedException {
        StringBuilder types = new StringBuilder();
        for (PyNNCell cell : FACTORIES.keySet()) {
            types.append(types.isEmpty() ? "" : ",").append(cell.cellType());
        }
        Map<String, Map<String, Double>> pynn = pynnDefaults(types.toString());
        for (PyNNCell cell : FACTORIES.keySet()) {
            assertEquals(pynn.get(cell.cellType()), cell.defaults(), cell.cellType());
        }
    }

    /** Runs python3 to print {@code type name value} for each default parameter of the given cell types. */
    static Map<String, Map<String, Double>> pynnDefaults(String types) throws IOException, InterruptedException {
        String script = """
                import sys
                try:
                    from pyNN.standardmodels import cells
                except ImportError as e:
                    print('PyNN missing:', e); sys.exit(3)
                for t in sys.argv[1].split(','):
                    for k, v in getattr(cells, t).default_parameters.items():
                        print(t, k, repr(float(v)))
                """;
        String out = Python.run("", "-c", script, types);
        Map<String, Map<String, Double>> result = new HashMap<>();
        for (String line : out.strip().split("\n")) {
            List<String> f = List.of(line.split(" "));
            result.computeIfAbsent(f.get(0), k -> new LinkedHashMap<>()).put(f.get(1), Double.parseDouble(f.get(2)));
        }
        return result;
    }
}
