package org.shnn.engine.network;

import java.util.Arrays;
import org.shnn.engine.spec.Distribution;

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

    /**
     * A draw per neuron from a distribution of the description ({@code org.shnn.engine.random.Distributions});
     * uniform and normal draws are written as {@link Uniform} and {@link Normal}, whose streams are the same.
     *
     * @param distribution the distribution (column unit)
     */
    record Drawn(Distribution distribution) implements InitialValue {
        /** @throws NullPointerException if distribution is null */
        public Drawn {
            java.util.Objects.requireNonNull(distribution, "distribution");
        }
    }

    /**
     * One value per neuron.
     *
     * @param values the values (column unit), one per neuron of the population; copied
     */
    record Values(double[] values) implements InitialValue {
        /** Copies the values. */
        public Values {
            values = values.clone();
        }

        /** The value of neuron {@code i}. */
        public double get(int i) {
            return values[i];
        }

        /** The number of values. */
        public int count() {
            return values.length;
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Values v && Arrays.equals(values, v.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Values[" + values.length + "]";
        }
    }
}
