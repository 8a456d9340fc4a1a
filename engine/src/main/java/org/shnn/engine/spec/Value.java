package org.shnn.engine.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The value of a parameter, initial value, weight or delay for each element it applies to (neuron or
 * synapse): one constant, one array element per element, or a random draw per element. Units are those of
 * the quantity (PyNN's: mV, ms, nA, nF, uS, Hz).
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface Value {

    /** The same value everywhere. */
    static Value of(double v) {
        return new Constant(v);
    }

    /** One value per element, held inline. */
    static Value of(double... values) {
        return new Array(new ArrayRef.Inline(values));
    }

    /** A random draw per element. */
    static Value of(Distribution d) {
        return new Random(d);
    }

    /**
     * The same value for every element.
     *
     * @param value the value, finite
     */
    record Constant(double value) implements Value {
        /** @throws SpecException if the value is not finite */
        public Constant {
            Fields.finite("constant value", "value", value);
        }
    }

    /**
     * One value per element, in element order.
     *
     * @param values the values
     */
    record Array(ArrayRef values) implements Value {
        /** @throws NullPointerException if values is null */
        public Array {
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * A draw per element from {@code distribution}.
     *
     * @param distribution the distribution
     */
    record Random(Distribution distribution) implements Value {
        /** @throws NullPointerException if distribution is null */
        public Random {
            Objects.requireNonNull(distribution, "distribution");
        }
    }

    /**
     * A sequence of numbers per element, e.g. the spike times (ms) of each neuron of a
     * {@code SpikeSourceArray}; a single sequence applies to every element.
     *
     * @param sequences one array per element (or one for all); copied
     */
    record Sequences(List<double[]> sequences) implements Value {
        /** Copies the sequences. */
        public Sequences {
            sequences = sequences.stream().map(double[]::clone).toList();
        }

        /** A copy of sequence {@code i}. */
        public double[] get(int i) {
            return sequences.get(i).clone();
        }

        /** The number of sequences. */
        public int count() {
            return sequences.size();
        }

        @Override
        public List<double[]> sequences() {
            return sequences.stream().map(double[]::clone).toList();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Sequences s) || s.sequences.size() != sequences.size()) {
                return false;
            }
            for (int i = 0; i < sequences.size(); i++) {
                if (!Arrays.equals(sequences.get(i), s.sequences.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (double[] a : sequences) {
                h = 31 * h + Arrays.hashCode(a);
            }
            return h;
        }
    }
}
