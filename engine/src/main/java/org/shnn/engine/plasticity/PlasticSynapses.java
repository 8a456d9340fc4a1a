package org.shnn.engine.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Objects;

/**
 * The synapses of one plastic projection: a view over its compressed-sparse-row arrays (rows = pre-synaptic
 * neurons; per entry a target = post-synaptic neuron and a float weight, updated in place) plus the
 * {@link TransposedIndex} for post-synaptic updates.
 *
 * <pre>
 * rowOffsets: i64[pres + 1]  entries of row j are [rowOffsets[j], rowOffsets[j+1])
 * targets:    i32[entries]   post-synaptic index, ascending within a row; PAD_TARGET for row padding (skipped)
 * weights:    f32[entries]   weight, in the unit of the target receptor (nS or pA)
 * </pre>
 *
 * <p>Ownership: the CSR segments belong to the caller (the projection); the transposed index is allocated
 * from the allocator given to {@link #wrap}. Both must outlive this object. Thread-safety: the structure is
 * immutable; weights are plain (non-volatile) floats, so concurrent updates must touch disjoint entries and
 * be published by the caller's barrier (see the package's step protocol).
 */
public final class PlasticSynapses {

    /** Target value of a padding entry (the CSR layout's convention: larger than any neuron index). */
    public static final int PAD_TARGET = Integer.MAX_VALUE;

    private final int pres;
    private final int posts;
    private final MemorySegment rowOffsets;
    private final MemorySegment targets;
    private final MemorySegment weights;
    private final TransposedIndex transposed;

    private PlasticSynapses(int pres, int posts, MemorySegment rowOffsets, MemorySegment targets,
                            MemorySegment weights, TransposedIndex transposed) {
        this.pres = pres;
        this.posts = posts;
        this.rowOffsets = rowOffsets;
        this.targets = targets;
        this.weights = weights;
        this.transposed = transposed;
    }

    /**
     * Wraps CSR arrays and builds their transposed index from {@code allocator}.
     *
     * @param pres       pre-synaptic neurons (rows), {@code >= 1}
     * @param posts      post-synaptic neurons, {@code >= 1}
     * @param rowOffsets {@code pres + 1} longs, starting at 0, non-decreasing
     * @param targets    at least {@code rowOffsets[pres]} ints, each in {@code [0, posts)} or {@link #PAD_TARGET},
     *                   non-decreasing within each row (as the engine's CSR stores them)
     * @param weights    at least {@code rowOffsets[pres]} floats
     * @throws IllegalArgumentException naming the first offending row, entry or size
     */
    public static PlasticSynapses wrap(SegmentAllocator allocator, int pres, int posts, MemorySegment rowOffsets,
                                       MemorySegment targets, MemorySegment weights) {
        Objects.requireNonNull(allocator, "allocator");
        if (pres < 1 || posts < 1) {
            throw new IllegalArgumentException("pre count " + pres + " and post count " + posts + " must be >= 1");
        }
        if (rowOffsets.byteSize() < 8L * (pres + 1L)) {
            throw new IllegalArgumentException("rowOffsets has " + rowOffsets.byteSize() + " bytes; need "
                    + 8L * (pres + 1L) + " for " + pres + " rows");
        }
        long previous = 0;
        if (rowOffsets.getAtIndex(JAVA_LONG, 0) != 0) {
            throw new IllegalArgumentException("rowOffsets[0] = " + rowOffsets.getAtIndex(JAVA_LONG, 0) + ", expected 0");
        }
        for (int j = 1; j <= pres; j++) {
            long o = rowOffsets.getAtIndex(JAVA_LONG, j);
            if (o < previous) {
                throw new IllegalArgumentException("rowOffsets[" + j + "] = " + o + " < rowOffsets[" + (j - 1) + "] = " + previous);
            }
            previous = o;
        }
        long entries = previous;
        if (targets.byteSize() < 4 * entries || weights.byteSize() < 4 * entries) {
            throw new IllegalArgumentException(entries + " entries need " + 4 * entries + " bytes of targets and weights; got "
                    + targets.byteSize() + " and " + weights.byteSize());
        }
        for (int j = 0; j < pres; j++) {
            int previousTarget = Integer.MIN_VALUE;
            for (long e = rowOffsets.getAtIndex(JAVA_LONG, j), end = rowOffsets.getAtIndex(JAVA_LONG, j + 1L); e < end; e++) {
                int t = targets.getAtIndex(JAVA_INT, e);
                if (t != PAD_TARGET && (t < 0 || t >= posts)) {
                    throw new IllegalArgumentException("targets[" + e + "] = " + t + " out of [0, " + posts + ")");
                }
                if (t < previousTarget) {
                    throw new IllegalArgumentException("row " + j + " is not sorted by target: targets[" + e + "] = " + t
                            + " after " + previousTarget);
                }
                previousTarget = t;
            }
        }
        TransposedIndex index = TransposedIndex.build(allocator, rowOffsets, targets, pres, posts);
        return new PlasticSynapses(pres, posts, rowOffsets, targets, weights, index);
    }

    /** Pre-synaptic neurons (rows). */
    public int pres() {
        return pres;
    }

    /** Post-synaptic neurons. */
    public int posts() {
        return posts;
    }

    /** The transposed (post-synaptic) index. */
    public TransposedIndex transposed() {
        return transposed;
    }

    /** First entry of row {@code pre}. */
    public long rowStart(int pre) {
        return rowOffsets.getAtIndex(JAVA_LONG, pre);
    }

    /** End (exclusive) of row {@code pre}. */
    public long rowEnd(int pre) {
        return rowOffsets.getAtIndex(JAVA_LONG, pre + 1L);
    }

    /** The first entry of row {@code pre} whose target is {@code >= target} (binary search; rows are sorted). */
    public long lowerBound(int pre, int target) {
        long lo = rowStart(pre);
        long hi = rowEnd(pre);
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (targets.getAtIndex(JAVA_INT, mid) < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Target of entry {@code e} ({@link #PAD_TARGET} for padding). */
    public int target(long e) {
        return targets.getAtIndex(JAVA_INT, e);
    }

    /** Weight of entry {@code e} (plain read). */
    public float weight(long e) {
        return weights.getAtIndex(JAVA_FLOAT, e);
    }

    /** Sets the weight of entry {@code e} (plain write). */
    public void setWeight(long e, float w) {
        weights.setAtIndex(JAVA_FLOAT, e, w);
    }

    /** The weights array (the caller's segment). */
    public MemorySegment weights() {
        return weights;
    }

    /** Checks a pre-synaptic index. */
    void checkPre(int pre) {
        Objects.checkIndex(pre, pres);
    }

    /** Checks a post-synaptic index. */
    void checkPost(int post) {
        Objects.checkIndex(post, posts);
    }
}
