package org.shnn.engine.network;

/**
 * How a state column (double, in the column's unit, e.g. mV for {@code v}) is initialised for each
 * neuron; random values are drawn per (population, initialiser, neuron) from the seed.
 */
public sealed interface InitialValue {

    /**
     * The same value for every neuron.
     *
     * @param value the value (column unit)
     */
    record Constant(double value) implements InitialValue {
    }

    /**
     * Uniform in [low, high) (Brian2's {@code low + rand() * (high - low)}).
     *
     * @param low lower bound (column unit)
     * @param high upper bound (column unit)
     */
    record Uniform(double low, double high) implements InitialValue {
        /** @throws IllegalArgumentException unless {@code low <= high} */
        public Uniform {
            if (!(low <= high)) {
                throw new IllegalArgumentException("uniform initial value [" + low + ", " + high + ") is empty");
            }
        }
    }

    /**
     * Normal(mean, sd) (Brian2's {@code mean + randn() * sd}).
     *
     * @param mean mean (column unit)
     * @param sd standard deviation (column unit)
     */
    record Normal(double mean, double sd) implements InitialValue {
        /** @throws IllegalArgumentException unless sd >= 0 */
        public Normal {
            if (!(sd >= 0)) {
                throw new IllegalArgumentException("normal initial value sd " + sd + " must be >= 0");
            }
        }
    }
}
