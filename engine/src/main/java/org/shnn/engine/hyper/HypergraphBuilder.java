package org.shnn.engine.hyper;

import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Declares hyperedges over a source space {@code [0, sourceCount)} and a target space
 * {@code [0, targetCount)} (e.g. the neurons of a source and a target population), then builds the off-heap
 * {@link Hypergraph}.
 *
 * <p>Weights are uniform (each target receives one weight per activation) or per (source, target) pair,
 * given source-major: {@code pairWeights[i * targets.length + k]} is the weight from {@code sources[i]} to
 * {@code targets[k]}; a target then receives the sum over the sources that activated the edge. Source and
 * target lists must hold distinct indices (they are stored sorted; pair weights are permuted along).
 *
 * <p>Thread-safety: none (a builder is used by one thread).
 */
public final class HypergraphBuilder {

    record Edge(HyperedgeKind kind, int[] sources, int[] targets, Coincidence rule, float uniform, float[] pairs) {
    }

    private final int sourceCount;
    private final int targetCount;
    private final List<Edge> edges = new ArrayList<>();

    /**
     * Creates a builder.
     *
     * @param sourceCount size of the source space, {@code >= 1}
     * @param targetCount size of the target space, {@code >= 1}
     */
    public HypergraphBuilder(int sourceCount, int targetCount) {
        if (sourceCount < 1 || targetCount < 1) {
            throw new IllegalArgumentException("source count " + sourceCount + " and target count " + targetCount
                    + " must be >= 1");
        }
        this.sourceCount = sourceCount;
        this.targetCount = targetCount;
    }

    /** A one-to-many edge with a uniform weight; returns its id. */
    public int oneToMany(int source, int[] targets, Coincidence rule, float weight) {
        return add(HyperedgeKind.ONE_TO_MANY, new int[] {source}, targets, rule, weight, null);
    }

    /** A many-to-one edge with a uniform weight; returns its id. */
    public int manyToOne(int[] sources, int target, Coincidence rule, float weight) {
        return add(HyperedgeKind.MANY_TO_ONE, sources, new int[] {target}, rule, weight, null);
    }

    /** A many-to-one edge with one weight per source; returns its id. */
    public int manyToOne(int[] sources, int target, Coincidence rule, float[] weightPerSource) {
        return add(HyperedgeKind.MANY_TO_ONE, sources, new int[] {target}, rule, 0, weightPerSource);
    }

    /** A many-to-many edge with a uniform weight; returns its id. */
    public int manyToMany(int[] sources, int[] targets, Coincidence rule, float weight) {
        return add(HyperedgeKind.MANY_TO_MANY, sources, targets, rule, weight, null);
    }

    /** A many-to-many edge with per-pair weights (source-major); returns its id. */
    public int manyToMany(int[] sources, int[] targets, Coincidence rule, float[] pairWeights) {
        return add(HyperedgeKind.MANY_TO_MANY, sources, targets, rule, 0, pairWeights);
    }

    /**
     * An all-to-all edge: every member is a source and a target (indices valid in both spaces); returns its id.
     */
    public int allToAll(int[] members, Coincidence rule, float weight) {
        return add(HyperedgeKind.ALL_TO_ALL, members, members, rule, weight, null);
    }

    /** Edges declared so far. */
    public int edgeCount() {
        return edges.size();
    }

    /**
     * Builds the hypergraph with time step {@code dt} ms, allocating from {@code allocator} (its owner).
     *
     * @throws IllegalArgumentException if an edge's window or delay does not fit the step (delay below one step)
     */
    public Hypergraph build(SegmentAllocator allocator, double dt) {
        Objects.requireNonNull(allocator, "allocator");
        return Hypergraph.build(allocator, dt, sourceCount, targetCount, List.copyOf(edges));
    }

    private int add(HyperedgeKind kind, int[] sources, int[] targets, Coincidence rule, float uniform, float[] pairs) {
        Objects.requireNonNull(rule, "rule");
        String where = "hyperedge " + edges.size() + " (" + kind + ")";
        int[] s = sources.clone();
        int[] t = targets.clone();
        if (s.length == 0 || t.length == 0) {
            throw new IllegalArgumentException(where + ": needs >= 1 source and >= 1 target, got " + s.length + " and " + t.length);
        }
        if (rule.minSpikes() > s.length) {
            throw new IllegalArgumentException(where + ": minSpikes = " + rule.minSpikes() + " exceeds its " + s.length
                    + " sources (it could never fire)");
        }
        if (!Float.isFinite(uniform)) {
            throw new IllegalArgumentException(where + ": weight " + uniform + " must be finite");
        }
        float[] p = null;
        if (pairs != null) {
            if ((long) s.length * t.length != pairs.length) {
                throw new IllegalArgumentException(where + ": " + pairs.length + " pair weights for " + s.length + " sources x "
                        + t.length + " targets");
            }
            for (int k = 0; k < pairs.length; k++) {
                if (!Float.isFinite(pairs[k])) {
                    throw new IllegalArgumentException(where + ": pair weight " + k + " = " + pairs[k] + " must be finite");
                }
            }
            p = permute(pairs, order(s), order(t));
        }
        s = sortedDistinct(where + " sources", s, sourceCount);
        t = sortedDistinct(where + " targets", t, targetCount);
        edges.add(new Edge(kind, s, t, rule, uniform, p));
        return edges.size() - 1;
    }

    private static int[] order(int[] a) {
        return java.util.stream.IntStream.range(0, a.length).boxed().sorted((x, y) -> Integer.compare(a[x], a[y]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Reorders source-major pair weights to the sorted source and target orders. */
    private static float[] permute(float[] pairs, int[] sourceOrder, int[] targetOrder) {
        int nt = targetOrder.length;
        float[] out = new float[pairs.length];
        for (int i = 0; i < sourceOrder.length; i++) {
            for (int k = 0; k < nt; k++) {
                out[i * nt + k] = pairs[sourceOrder[i] * nt + targetOrder[k]];
            }
        }
        return out;
    }

    private static int[] sortedDistinct(String what, int[] a, int bound) {
        Arrays.sort(a);
        for (int i = 0; i < a.length; i++) {
            if (a[i] < 0 || a[i] >= bound) {
                throw new IndexOutOfBoundsException(what + ": index " + a[i] + " out of [0, " + bound + ")");
            }
            if (i > 0 && a[i] == a[i - 1]) {
                throw new IllegalArgumentException(what + ": index " + a[i] + " listed twice");
            }
        }
        return a;
    }
}
