package org.shnn.engine.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A population: {@code size} neurons of one {@link CellType}, its parameters (PyNN names and units, each a
 * constant, an array of {@code size} values or a random draw per neuron; absent ones take the cell type's
 * PyNN default), initial values of state variables applied in order, and optionally positions in space.
 *
 * @param label unique name in the network
 * @param size neurons, {@code >= 1}
 * @param cellType the model or source
 * @param parameters parameter name to value; copied, order kept
 * @param initialValues state variable initialisers, applied in this order (random draws are keyed by the
 *     position in this list); copied
 * @param structure positions in space, or null
 */
public record PopulationSpec(String label, int size, CellType cellType, Map<String, Value> parameters,
        List<Initial> initialValues, Structure structure) {

    /**
     * The initial value of a state variable.
     *
     * @param variable the PyNN name, e.g. {@code v}
     * @param value its value per neuron
     */
    public record Initial(String variable, Value value) {
        /** @throws NullPointerException if a part is null */
        public Initial {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Validates the fields that need no other part of the network, and copies the collections. */
    public PopulationSpec {
        Fields.nonEmpty("population", "label", label);
        String where = element(label);
        if (size < 1) {
            throw new SpecException(where, "size", "expected >= 1 but found " + size);
        }
        Fields.present(where, "cell_type", cellType);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        initialValues = List.copyOf(initialValues);
        if (cellType.isSource() && !initialValues.isEmpty()) {
            throw new SpecException(where, "initial_values", "expected none for the spike source "
                    + cellType.pynnName() + " but found " + initialValues.size());
        }
    }

    /** A population with no initial values and no structure. */
    public PopulationSpec(String label, int size, CellType cellType, Map<String, Value> parameters) {
        this(label, size, cellType, parameters, List.of(), null);
    }

    /** A copy with {@code init} appended to the initial values. */
    public PopulationSpec initialize(String variable, Value value) {
        List<Initial> more = new java.util.ArrayList<>(initialValues);
        more.add(new Initial(variable, value));
        return new PopulationSpec(label, size, cellType, parameters, more, structure);
    }

    /** A copy with positions in space. */
    public PopulationSpec withStructure(Structure s) {
        return new PopulationSpec(label, size, cellType, parameters, initialValues, s);
    }

    /** How errors name this population: {@code population 'exc'}. */
    public String element() {
        return element(label);
    }

    static String element(String label) {
        return "population '" + label + "'";
    }
}
