package org.shnn.engine.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Hyperedges from population {@code pre} to population {@code post} onto one receptor: each edge joins a set of
 * pre-synaptic neurons to a set of post-synaptic ones and fires when at least {@code min_spikes} distinct sources
 * spike within {@code window} ms; its targets then receive the weight after {@code delay} ms (the engine's
 * {@code org.shnn.engine.hyper} package states the activation rule). Kept here, like every part of the
 * description, independent of the engine's packages.
 *
 * <p>Indices are local to the populations. Weights are in the receptor's PyNN unit, as a projection's (uS, nA
 * or mV by the target cell type). Immutable; thread-safe.
 *
 * @param label a name for messages (unique among the network's hyperedge groups)
 * @param pre label of the source population
 * @param post label of the target population (a neuron model)
 * @param receptor {@code excitatory} or {@code inhibitory}
 * @param edges the edges, at least one; copied
 */
public record HyperedgeSpec(String label, String pre, String post, String receptor, List<Edge> edges) {

    /** The shape of an edge (the engine's {@code HyperedgeKind}), by its file name. */
    public enum Kind {
        /** One source, any targets. */
        ONE_TO_MANY,
        /** Any sources, one target. */
        MANY_TO_ONE,
        /** Any sources, any targets. */
        MANY_TO_MANY,
        /** One set of neurons, each a source and a target ({@code pre} and {@code post} the same population). */
        ALL_TO_ALL;

        /** The file name, e.g. {@code many_to_one}. */
        public String fileName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One hyperedge.
     *
     * @param kind its shape
     * @param sources source indices in {@code pre}, distinct; copied (for {@link Kind#ALL_TO_ALL} the members)
     * @param targets target indices in {@code post}, distinct; copied (for {@link Kind#ALL_TO_ALL} equal to
     *     {@code sources})
     * @param minSpikes distinct sources needed within the window, in {@code [1, sources]}
     * @param window coincidence window, ms, {@code >= 0}, inclusive
     * @param delay delivery delay, ms, at least one step
     * @param weight the weight every target receives per activation (receptor unit); ignored if {@code weights}
     * @param weights per (source, target) pair weights, source-major, or null
     */
    public record Edge(Kind kind, int[] sources, int[] targets, int minSpikes, double window, double delay,
            double weight, double[] weights) {

        /** Copies the arrays. */
        public Edge {
            Objects.requireNonNull(kind, "kind");
            sources = sources.clone();
            targets = targets.clone();
            weights = weights == null ? null : weights.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Edge e && kind == e.kind && Arrays.equals(sources, e.sources)
                    && Arrays.equals(targets, e.targets) && minSpikes == e.minSpikes
                    && Double.compare(window, e.window) == 0 && Double.compare(delay, e.delay) == 0
                    && Double.compare(weight, e.weight) == 0 && Arrays.equals(weights, e.weights);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, Arrays.hashCode(sources), Arrays.hashCode(targets), minSpikes, window, delay, weight,
                    Arrays.hashCode(weights));
        }

        @Override
        public String toString() {
            return kind.fileName() + " " + Arrays.toString(sources) + " -> " + Arrays.toString(targets);
        }

        /** Checks the edge's own fields; {@code field} is its place, e.g. {@code edges[2]}. */
        void check(String where, String field) {
            if (sources.length == 0) {
                throw new SpecException(where, field + ".sources", "expected at least one source but found none");
            }
            if (targets.length == 0) {
                throw new SpecException(where, field + ".targets", "expected at least one target but found none");
            }
            int expectedSources = kind == Kind.ONE_TO_MANY ? 1 : -1;
            if (expectedSources > 0 && sources.length != expectedSources) {
                throw new SpecException(where, field + ".sources", "expected one source (one_to_many) but found "
                        + sources.length);
            }
            if (kind == Kind.MANY_TO_ONE && targets.length != 1) {
                throw new SpecException(where, field + ".targets", "expected one target (many_to_one) but found "
                        + targets.length);
            }
            if (kind == Kind.ALL_TO_ALL && !Arrays.equals(sources, targets)) {
                throw new SpecException(where, field + ".targets", "expected the members again (all_to_all: every "
                        + "member is a source and a target) but found " + Arrays.toString(targets));
            }
            distinct(where, field + ".sources", sources);
            distinct(where, field + ".targets", targets);
            if (minSpikes < 1 || minSpikes > sources.length) {
                throw new SpecException(where, field + ".min_spikes", "expected a count in [1, " + sources.length
                        + "] (its sources) but found " + minSpikes);
            }
            Fields.nonNegative(where, field + ".window", window);
            Fields.positive(where, field + ".delay", delay);
            Fields.finite(where, field + ".weight", weight);
            if (weights != null) {
                if (kind == Kind.ONE_TO_MANY || kind == Kind.ALL_TO_ALL) {
                    throw new SpecException(where, field + ".weights", "expected one weight (per-pair weights need "
                            + "many_to_one or many_to_many) but found " + weights.length + " weights");
                }
                if (weights.length != (long) sources.length * targets.length) {
                    throw new SpecException(where, field + ".weights", "expected " + (long) sources.length * targets.length
                            + " weights (sources x targets, source-major) but found " + weights.length);
                }
                for (int k = 0; k < weights.length; k++) {
                    Fields.finite(where, field + ".weights[" + k + "]", weights[k]);
                }
            }
        }

        private static void distinct(String where, String field, int[] a) {
            int[] s = a.clone();
            Arrays.sort(s);
            for (int k = 1; k < s.length; k++) {
                if (s[k] == s[k - 1]) {
                    throw new SpecException(where, field, "expected distinct indices but found " + s[k] + " twice");
                }
            }
        }
    }

    /** Validates the fields that need no other part of the network. */
    public HyperedgeSpec {
        Fields.nonEmpty("hyperedges", "label", label);
        String where = element(label);
        Fields.nonEmpty(where, "pre", pre);
        Fields.nonEmpty(where, "post", post);
        CellType.receptorIndex(where, receptor);
        edges = List.copyOf(edges);
        if (edges.isEmpty()) {
            throw new SpecException(where, "edges", "expected at least one edge but found none");
        }
        for (int k = 0; k < edges.size(); k++) {
            edges.get(k).check(where, "edges[" + k + "]");
        }
    }

    /** The receptor index (0 excitatory, 1 inhibitory). */
    public int receptorIndex() {
        return CellType.receptorIndex(element(), receptor);
    }

    /** How errors name this group: {@code hyperedges 'assemblies'}. */
    public String element() {
        return element(label);
    }

    static String element(String label) {
        return "hyperedges '" + label + "'";
    }
}
