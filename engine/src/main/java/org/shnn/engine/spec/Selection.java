package org.shnn.engine.spec;

import java.util.Arrays;

/**
 * Which neurons of a population something applies to (a current source, a recorder): all of them, a
 * range, or a list of indices (local to the population, 0-based, like a PyNN {@code PopulationView}).
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface Selection {

    /** Every neuron. */
    Selection ALL = new All();

    /**
     * Checks the selection against a population of {@code size} neurons.
     *
     * @throws SpecException naming {@code element} if an index is outside [0, size)
     */
    void check(String element, int size);

    /** The number of neurons selected in a population of {@code size}. */
    int count(int size);

    /** The local index of the {@code k}-th selected neuron. */
    int index(int k);

    /** The local indices of the selected neurons of a population of {@code size}, in selection order. */
    default int[] indices(int size) {
        int[] out = new int[count(size)];
        for (int k = 0; k < out.length; k++) {
            out[k] = index(k);
        }
        return out;
    }

    /** Every neuron of the population. */
    record All() implements Selection {
        @Override
        public void check(String element, int size) {
        }

        @Override
        public int count(int size) {
            return size;
        }

        @Override
        public int index(int k) {
            return k;
        }
    }

    /**
     * Neurons [from, to).
     *
     * @param from first index
     * @param to one past the last index, {@code >= from}
     */
    record Range(int from, int to) implements Selection {
        /** @throws SpecException unless {@code 0 <= from <= to} */
        public Range {
            if (from < 0 || to < from) {
                throw new SpecException("selection", "range", "expected 0 <= from <= to but found [" + from + ", " + to + ")");
            }
        }

        @Override
        public void check(String element, int size) {
            if (to > size) {
                throw new SpecException(element, "neurons", "expected a range within [0, " + size + ") but found [" + from
                        + ", " + to + ")");
            }
        }

        @Override
        public int count(int size) {
            return to - from;
        }

        @Override
        public int index(int k) {
            return from + k;
        }
    }

    /**
     * The listed neurons, in the given order (no duplicates).
     *
     * @param ids local indices; copied
     */
    record Ids(int[] ids) implements Selection {
        /** Copies the ids and rejects duplicates. */
        public Ids {
            ids = ids.clone();
            int[] sorted = ids.clone();
            Arrays.sort(sorted);
            for (int k = 1; k < sorted.length; k++) {
                if (sorted[k] == sorted[k - 1]) {
                    throw new SpecException("selection", "neurons", "expected distinct indices but found " + sorted[k]
                            + " twice");
                }
            }
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }

        @Override
        public void check(String element, int size) {
            for (int k = 0; k < ids.length; k++) {
                if (ids[k] < 0 || ids[k] >= size) {
                    throw new SpecException(element, "neurons[" + k + "]", "expected an index in [0, " + size
                            + ") but found " + ids[k]);
                }
            }
        }

        @Override
        public int count(int size) {
            return ids.length;
        }

        @Override
        public int index(int k) {
            return ids[k];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ids i && Arrays.equals(ids, i.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }

        @Override
        public String toString() {
            return "Ids[" + ids.length + "]";
        }
    }
}
