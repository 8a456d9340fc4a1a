package org.shnn.engine.hyper;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.shnn.layouts.hyper.HyperedgeLayouts.ALIGNMENT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.shnn.engine.Check;
import org.shnn.layouts.hyper.HyperedgeLayouts;

/**
 * An immutable set of hyperedges stored off-heap ({@link HyperedgeLayouts}): one 64-byte record per edge and
 * CSR-like incidence arrays (edge -> sources, edge -> targets, source -> edges). The mutable coincidence state
 * lives apart in a {@link HyperState}, so several threads can each evaluate the same edges on their own copy
 * of the state (they stay identical because each sees the same spikes) and deliver to disjoint target ranges.
 *
 * <p>Ownership: all segments come from the allocator given to {@link HypergraphBuilder#build} and stay valid
 * as long as it keeps them. Thread-safety: immutable after construction; {@link #step} mutates only the state.
 */
public final class Hypergraph {

    private final int sourceCount;
    private final int targetCount;
    private final int edgeCount;
    private final long ringSlots;
    private final int maxDelaySteps;
    private final int minDelaySteps;
    private final MemorySegment edges;
    private final MemorySegment edgeSourceOffsets;
    private final MemorySegment edgeSources;
    private final MemorySegment edgeTargetOffsets;
    private final MemorySegment edgeTargets;
    private final MemorySegment sourceEdgeOffsets;
    private final MemorySegment sourceEdges;
    private final MemorySegment sourceEdgeLocal;
    private final MemorySegment pairWeights;

    private Hypergraph(int sourceCount, int targetCount, int edgeCount, long ringSlots, int minDelaySteps,
                       int maxDelaySteps, MemorySegment[] parts) {
        this.sourceCount = sourceCount;
        this.targetCount = targetCount;
        this.edgeCount = edgeCount;
        this.ringSlots = ringSlots;
        this.minDelaySteps = minDelaySteps;
        this.maxDelaySteps = maxDelaySteps;
        this.edges = parts[0];
        this.edgeSourceOffsets = parts[1];
        this.edgeSources = parts[2];
        this.edgeTargetOffsets = parts[3];
        this.edgeTargets = parts[4];
        this.sourceEdgeOffsets = parts[5];
        this.sourceEdges = parts[6];
        this.sourceEdgeLocal = parts[7];
        this.pairWeights = parts[8];
    }

    static Hypergraph build(SegmentAllocator a, double dt, int sourceCount, int targetCount,
                            List<HypergraphBuilder.Edge> list) {
        Check.dt(dt);
        int n = list.size();
        long srcTotal = 0;
        long tgtTotal = 0;
        long pairTotal = 0;
        for (HypergraphBuilder.Edge e : list) {
            srcTotal += e.sources().length;
            tgtTotal += e.targets().length;
            pairTotal += e.pairs() == null ? 0 : e.pairs().length;
        }
        MemorySegment edges = a.allocate(HyperedgeLayouts.edges(Math.max(1, n)));
        MemorySegment eso = longs(a, n + 1L);
        MemorySegment es = ints(a, srcTotal);
        MemorySegment eto = longs(a, n + 1L);
        MemorySegment et = ints(a, tgtTotal);
        MemorySegment pw = a.allocate(4 * Math.max(1, pairTotal), ALIGNMENT);
        long so = 0;
        long to = 0;
        long ro = 0;
        long po = 0;
        int minDelay = Integer.MAX_VALUE;
        int maxDelay = 0;
        int[] perSource = new int[sourceCount];
        for (int k = 0; k < n; k++) {
            HypergraphBuilder.Edge e = list.get(k);
            int delay = writeEdge(edges, k, e, dt, ro, e.pairs() == null ? -1L : po);
            minDelay = Math.min(minDelay, delay);
            maxDelay = Math.max(maxDelay, delay);
            eso.setAtIndex(JAVA_LONG, k, so);
            eto.setAtIndex(JAVA_LONG, k, to);
            for (int s : e.sources()) {
                es.setAtIndex(JAVA_INT, so++, s);
                perSource[s]++;
            }
            for (int t : e.targets()) {
                et.setAtIndex(JAVA_INT, to++, t);
            }
            if (e.pairs() != null) {
                MemorySegment.copy(e.pairs(), 0, pw, JAVA_FLOAT, 4 * po, e.pairs().length);
                po += e.pairs().length;
            }
            ro += e.rule().minSpikes();
        }
        eso.setAtIndex(JAVA_LONG, n, so);
        eto.setAtIndex(JAVA_LONG, n, to);
        MemorySegment[] bySource = indexBySource(a, list, perSource, srcTotal);
        return new Hypergraph(sourceCount, targetCount, n, ro, minDelay, maxDelay,
                new MemorySegment[] {edges, eso, es, eto, et, bySource[0], bySource[1], bySource[2], pw});
    }

    /**
     * Writes edge {@code k}'s record ({@link HyperedgeLayouts#EDGE}): its rule in steps of {@code dt}, its ring at
     * {@code ringOffset}, its per-pair weights at {@code pairOffset} (-1 for a uniform weight).
     *
     * @return its delay in steps
     */
    private static int writeEdge(MemorySegment edges, int k, HypergraphBuilder.Edge e, double dt, long ringOffset,
            long pairOffset) {
        String where = "hyperedge " + k;
        int window = steps(where + " windowMs", e.rule().windowMs(), dt, 0);
        int delay = steps(where + " delayMs", e.rule().delayMs(), dt, 1);
        long base = k * HyperedgeLayouts.EDGE.byteSize();
        HyperedgeLayouts.KIND.set(edges, base, e.kind().ordinal());
        HyperedgeLayouts.MIN_SPIKES.set(edges, base, e.rule().minSpikes());
        HyperedgeLayouts.WINDOW_STEPS.set(edges, base, window);
        HyperedgeLayouts.DELAY_STEPS.set(edges, base, delay);
        HyperedgeLayouts.WEIGHT_KIND.set(edges, base, e.pairs() == null ? HyperedgeLayouts.UNIFORM : HyperedgeLayouts.PER_PAIR);
        HyperedgeLayouts.RECEPTOR.set(edges, base, e.rule().receptor());
        HyperedgeLayouts.UNIFORM_WEIGHT.set(edges, base, e.uniform());
        HyperedgeLayouts.RING_OFFSET.set(edges, base, ringOffset);
        HyperedgeLayouts.PAIR_WEIGHT_OFFSET.set(edges, base, pairOffset);
        return delay;
    }

    /**
     * The source to edges index, by counting sort of the edges' {@code perSource} memberships ({@code total} in all):
     * per source its offset (longs, one more than sources), then the edges (ints) and the source's position in each
     * (ints). Edges are visited in ascending id, so each source's list is ascending.
     */
    private static MemorySegment[] indexBySource(SegmentAllocator a, List<HypergraphBuilder.Edge> list, int[] perSource,
            long total) {
        int sourceCount = perSource.length;
        MemorySegment seo = longs(a, sourceCount + 1L);
        long acc = 0;
        for (int s = 0; s < sourceCount; s++) {
            seo.setAtIndex(JAVA_LONG, s, acc);
            acc += perSource[s];
        }
        seo.setAtIndex(JAVA_LONG, sourceCount, acc);
        MemorySegment se = ints(a, total);
        MemorySegment sel = ints(a, total);
        long[] cursor = new long[sourceCount];
        for (int s = 0; s < sourceCount; s++) {
            cursor[s] = seo.getAtIndex(JAVA_LONG, s);
        }
        for (int k = 0; k < list.size(); k++) {
            int[] sources = list.get(k).sources();
            for (int i = 0; i < sources.length; i++) {
                long c = cursor[sources[i]]++;
                se.setAtIndex(JAVA_INT, c, k);
                sel.setAtIndex(JAVA_INT, c, i);
            }
        }
        return new MemorySegment[] {seo, se, sel};
    }

    private static MemorySegment longs(SegmentAllocator a, long n) {
        return a.allocate(8 * Math.max(1, n), ALIGNMENT);
    }

    private static MemorySegment ints(SegmentAllocator a, long n) {
        return a.allocate(4 * Math.max(1, n), ALIGNMENT);
    }

    private static int steps(String field, double ms, double dt, int min) {
        double s = Math.rint(ms / dt);
        if (s < min || s > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + " = " + ms + " ms is " + s + " steps of dt = " + dt + " ms; must be in ["
                    + min + ", " + Integer.MAX_VALUE + "] steps");
        }
        return (int) s;
    }

    /** Number of hyperedges. */
    public int edgeCount() {
        return edgeCount;
    }

    /** Size of the source space. */
    public int sourceCount() {
        return sourceCount;
    }

    /** Size of the target space. */
    public int targetCount() {
        return targetCount;
    }

    /** The largest delivery delay of any edge, steps (0 without edges). */
    public int maxDelaySteps() {
        return maxDelaySteps;
    }

    /** The shortest delivery delay of any edge, steps (at least 1; {@link Integer#MAX_VALUE} without edges). */
    public int minDelaySteps() {
        return minDelaySteps;
    }

    /** Total ring slots (the sum of every edge's minSpikes): the size of a {@link HyperState}'s ring. */
    long ringSlots() {
        return ringSlots;
    }

    /** The kind of edge {@code e}. */
    public HyperedgeKind kind(int e) {
        return HyperedgeKind.values()[(int) HyperedgeLayouts.KIND.get(edges, record(e))];
    }

    /** Distinct sources edge {@code e} needs within its window. */
    public int minSpikes(int e) {
        return (int) HyperedgeLayouts.MIN_SPIKES.get(edges, record(e));
    }

    /** Coincidence window of edge {@code e}, steps (inclusive). */
    public int windowSteps(int e) {
        return (int) HyperedgeLayouts.WINDOW_STEPS.get(edges, record(e));
    }

    /** Delivery delay of edge {@code e}, steps. */
    public int delaySteps(int e) {
        return (int) HyperedgeLayouts.DELAY_STEPS.get(edges, record(e));
    }

    /** The receptor edge {@code e} delivers to. */
    public int receptor(int e) {
        return (int) HyperedgeLayouts.RECEPTOR.get(edges, record(e));
    }

    /** The sources of edge {@code e}, ascending (a heap copy). */
    public int[] sources(int e) {
        return slice(edgeSourceOffsets, edgeSources, e);
    }

    /** The targets of edge {@code e}, ascending (a heap copy). */
    public int[] targets(int e) {
        return slice(edgeTargetOffsets, edgeTargets, e);
    }

    /** The edges neuron {@code source} is a source of, ascending (a heap copy). */
    public int[] edgesOf(int source) {
        Objects.checkIndex(source, sourceCount);
        long from = sourceEdgeOffsets.getAtIndex(JAVA_LONG, source);
        long to = sourceEdgeOffsets.getAtIndex(JAVA_LONG, source + 1L);
        return sourceEdges.asSlice(4 * from, 4 * (to - from)).toArray(JAVA_INT);
    }

    /**
     * Allocates a coincidence state for these edges from {@code allocator} (its owner): empty rings, nothing
     * touched or activated.
     */
    public HyperState newState(SegmentAllocator allocator) {
        return new HyperState(allocator, edgeCount, ringSlots);
    }

    /**
     * Evaluates one step: records the spikes of step {@code step} (the first {@code count} entries of
     * {@code sources}, indices in the source space, each at most once) in the rings of their edges, then
     * activates, in ascending edge order, every touched edge that has {@code minSpikes} distinct sources within
     * its window, delivering to its targets in {@code [targetFrom, targetTo)} through {@code sink}, and
     * clears the activated edges' rings. Steps must be given in increasing order.
     *
     * <p>Several threads may evaluate the same step on their own states with disjoint target ranges; their
     * states then stay identical and together they deliver every target exactly once.
     *
     * @return the number of edges activated
     * @throws IndexOutOfBoundsException if a source or the target range is out of bounds
     * @throws IllegalArgumentException if {@code step} is not after the state's previous step
     */
    public int step(HyperState state, long step, int[] sources, int count, int targetFrom, int targetTo,
                    HyperedgeSink sink) {
        Objects.requireNonNull(sink, "sink");
        Objects.checkFromIndexSize(0, count, sources.length);
        Objects.checkFromToIndex(targetFrom, targetTo, targetCount);
        state.advanceTo(step);
        int touched = 0;
        for (int k = 0; k < count; k++) {
            int src = Objects.checkIndex(sources[k], sourceCount);
            for (long q = sourceEdgeOffsets.getAtIndex(JAVA_LONG, src), end = sourceEdgeOffsets.getAtIndex(JAVA_LONG, src + 1L);
                 q < end; q++) {
                int e = sourceEdges.getAtIndex(JAVA_INT, q);
                long base = e * HyperedgeLayouts.EDGE.byteSize();
                state.insert(e, (long) HyperedgeLayouts.RING_OFFSET.get(edges, base),
                        (int) HyperedgeLayouts.MIN_SPIKES.get(edges, base), sourceEdgeLocal.getAtIndex(JAVA_INT, q), step);
                if (state.touch(e, step)) {
                    touched = state.pushTouched(touched, e);
                }
            }
        }
        int[] list = state.touchedList();
        Arrays.sort(list, 0, touched);
        int activated = 0;
        for (int k = 0; k < touched; k++) {
            int e = list[k];
            long base = e * HyperedgeLayouts.EDGE.byteSize();
            int m = (int) HyperedgeLayouts.MIN_SPIKES.get(edges, base);
            long ring = (long) HyperedgeLayouts.RING_OFFSET.get(edges, base);
            if (state.count(e) < m || step - state.ringStep(ring + m - 1) > (int) HyperedgeLayouts.WINDOW_STEPS.get(edges, base)) {
                continue;
            }
            deliver(state, e, base, ring, m, step, targetFrom, targetTo, sink);
            state.activated(e, step);
            activated++;
        }
        return activated;
    }

    private void deliver(HyperState state, int e, long base, long ring, int m, long step, int targetFrom, int targetTo,
                         HyperedgeSink sink) {
        long arrival = step + (int) HyperedgeLayouts.DELAY_STEPS.get(edges, base);
        int receptor = (int) HyperedgeLayouts.RECEPTOR.get(edges, base);
        long t0 = edgeTargetOffsets.getAtIndex(JAVA_LONG, e);
        long t1 = edgeTargetOffsets.getAtIndex(JAVA_LONG, e + 1L);
        boolean uniform = (int) HyperedgeLayouts.WEIGHT_KIND.get(edges, base) == HyperedgeLayouts.UNIFORM;
        float w = (float) HyperedgeLayouts.UNIFORM_WEIGHT.get(edges, base);
        long pairs = (long) HyperedgeLayouts.PAIR_WEIGHT_OFFSET.get(edges, base);
        long nt = t1 - t0;
        for (long q = t0; q < t1; q++) {
            int target = edgeTargets.getAtIndex(JAVA_INT, q);
            if (target < targetFrom) {
                continue;
            }
            if (target >= targetTo) {
                break;
            }
            float weight = w;
            if (!uniform) {
                weight = 0;
                for (int r = 0; r < m; r++) { // most recent source first: a fixed summation order
                    weight += pairWeights.getAtIndex(JAVA_FLOAT, pairs + state.ringSource(ring + r) * nt + (q - t0));
                }
            }
            sink.deliver(arrival, target, receptor, weight);
        }
    }

    private long record(int e) {
        Objects.checkIndex(e, edgeCount);
        return e * HyperedgeLayouts.EDGE.byteSize();
    }

    private int[] slice(MemorySegment offsets, MemorySegment values, int e) {
        Objects.checkIndex(e, edgeCount);
        long from = offsets.getAtIndex(JAVA_LONG, e);
        long to = offsets.getAtIndex(JAVA_LONG, e + 1L);
        return values.asSlice(4 * from, 4 * (to - from)).toArray(JAVA_INT);
    }
}
