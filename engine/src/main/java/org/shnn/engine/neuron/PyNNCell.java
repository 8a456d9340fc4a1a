package org.shnn.engine.neuron;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One PyNN standard cell type's parameter names and default values, read by the {@code fromPyNN} factories of
 * the parameter records: a PyNN parameter dict (PyNN names, PyNN units: mV, ms, nA, nF, uS) goes in, each name
 * is checked against the cell type's names, missing ones take PyNN's default, and the record is built from the
 * looked-up values in engine units (the factory converts: nA x 1000 = pA, nF x 1000 = pF, uS x 1000 = nS).
 *
 * <p>The names and defaults of each cell type are PyNN 0.10.1's {@code default_parameters}
 * ({@code pyNN/standardmodels/cells.py}); {@code PyNNDefaultsTest} compares them with the installed PyNN.
 * Thread-safety: immutable.
 */
public final class PyNNCell {

    /** Conversion factor nA -&gt; pA, nF -&gt; pF, uS -&gt; nS. */
    static final double MILLI_TO_PICO = 1000.0;

    private final String cellType;
    private final Map<String, Double> defaults;

    /**
     * @param cellType the PyNN class name, e.g. {@code "IF_curr_exp"}
     * @param defaults name, default value (PyNN units) pairs, in PyNN's order
     */
    PyNNCell(String cellType, Object... defaults) {
        this.cellType = cellType;
        LinkedHashMap<String, Double> map = new LinkedHashMap<>();
        for (int k = 0; k < defaults.length; k += 2) {
            map.put((String) defaults[k], (Double) defaults[k + 1]);
        }
        this.defaults = Collections.unmodifiableMap(map);
    }

    /** The PyNN class name. */
    String cellType() {
        return cellType;
    }

    /** PyNN's names and default values in PyNN units (unmodifiable, PyNN's order). */
    Map<String, Double> defaults() {
        return defaults;
    }

    /**
     * Checks {@code given} and builds the record from the values it looks up.
     *
     * @throws IllegalArgumentException naming the cell type and the parameter if a name is unknown (listing the
     *                                  allowed ones), a value is null, or the record rejects a converted value
     */
    <R> R build(Map<String, Double> given, Function<Values, R> factory) {
        Objects.requireNonNull(given, "PyNN parameters");
        for (Map.Entry<String, Double> e : given.entrySet()) {
            if (!defaults.containsKey(e.getKey())) {
                throw new IllegalArgumentException(cellType + ": unknown parameter '" + e.getKey() + "'; allowed: "
                        + String.join(", ", defaults.keySet()));
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException(cellType + ": parameter '" + e.getKey() + "' is null");
            }
        }
        try {
            return factory.apply(name -> {
                Double v = given.containsKey(name) ? given.get(name) : defaults.get(name);
                if (v == null) { // a factory asking for a name the cell type does not declare: a bug here
                    throw new IllegalStateException(cellType + " declares no parameter '" + name + "'");
                }
                return v;
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cellType + " (PyNN parameters " + given + "): " + e.getMessage(), e);
        }
    }

    /**
     * PyNN's names and default values (PyNN units, PyNN's order) of standard cell type {@code cellType} (its PyNN
     * class name, e.g. {@code "IF_cond_exp"}), as the {@code fromPyNN} factories apply them.
     *
     * @throws IllegalArgumentException for a name that is not a cell type the engine builds
     */
    public static Map<String, Double> defaultsOf(String cellType) {
        PyNNCell c = switch (cellType) {
            case "IF_curr_exp" -> LifCubaParams.PYNN;
            case "IF_curr_alpha" -> LifCubaParams.PYNN_ALPHA;
            case "IF_curr_delta" -> LifDeltaParams.PYNN;
            case "IF_cond_exp" -> LifCobaParams.PYNN;
            case "IF_cond_alpha" -> LifCobaParams.PYNN_ALPHA;
            case "IF_cond_exp_gsfa_grr" -> LifCobaSfaRrParams.PYNN;
            case "EIF_cond_exp_isfa_ista" -> AdExParams.PYNN;
            case "EIF_cond_alpha_isfa_ista" -> AdExParams.PYNN_ALPHA;
            case "HH_cond_exp" -> HhTraubParams.PYNN;
            case "Izhikevich" -> IzhikevichParams.PYNN;
            default -> throw new IllegalArgumentException("'" + cellType + "' is not a PyNN cell type of the engine");
        };
        return c.defaults();
    }

    /** Looks up a PyNN parameter: the given value or PyNN's default, in PyNN units. */
    @FunctionalInterface
    interface Values {
        double get(String name);
    }
}
