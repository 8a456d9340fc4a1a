package org.shnn.engine.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.shnn.layouts.plasticity.PlasticityLayouts;

/**
 * For each post-synaptic neuron, the CSR entry indices of its incoming synapses in ascending order (layout:
 * {@link PlasticityLayouts#colOffsets}, {@link PlasticityLayouts#synapses}, {@link PlasticityLayouts#sources}). Built once by a counting sort
 * over the CSR targets (two passes, O(entries + posts)).
 *
 * <p>Ownership: both arrays come from the allocator given to {@link #build} and live as long as it keeps them.
 * Thread-safety: immutable after construction; safe to read from any thread after safe publication.
 */
public final class TransposedIndex {

    private final MemorySegment colOffsets;
    private final MemorySegment synapses;
    private final MemorySegment sources;
    private final int posts;

    private TransposedIndex(MemorySegment colOffsets, MemorySegment synapses, MemorySegment sources, int posts) {
        this.colOffsets = colOffsets;
        this.synapses = synapses;
        this.sources = sources;
        this.posts = posts;
    }

    /**
     * Builds the index of a CSR matrix. Entries whose target equals {@link PlasticSynapses#PAD_TARGET} are
     * padding and are left out.
     *
     * @param rowOffsets {@code rows + 1} longs, non-decreasing, starting at 0 (checked by the caller)
     * @param targets    one int per entry, in {@code [0, posts)} or padding (checked by the caller)
     */
    static TransposedIndex build(SegmentAllocator allocator, MemorySegment rowOffsets, MemorySegment targets, int rows,
                                 int posts) {
        long entries = rowOffsets.getAtIndex(JAVA_LONG, rows);
        MemorySegment offsets = allocator.allocate(PlasticityLayouts.colOffsets(posts).byteSize(),
                PlasticityLayouts.ALIGNMENT);
        offsets.fill((byte) 0);
        long real = 0;
        for (long e = 0; e < entries; e++) {
            int t = targets.getAtIndex(JAVA_INT, e);
            if (t != PlasticSynapses.PAD_TARGET) {
                offsets.setAtIndex(JAVA_LONG, t + 1L, offsets.getAtIndex(JAVA_LONG, t + 1L) + 1);
                real++;
            }
        }
        for (int i = 0; i < posts; i++) {
            offsets.setAtIndex(JAVA_LONG, i + 1L, offsets.getAtIndex(JAVA_LONG, i + 1L) + offsets.getAtIndex(JAVA_LONG, i));
        }
        MemorySegment slots = allocator.allocate(PlasticityLayouts.synapses(Math.max(1, real)).byteSize(),
                PlasticityLayouts.ALIGNMENT);
        MemorySegment pres = allocator.allocate(PlasticityLayouts.sources(Math.max(1, real)).byteSize(),
                PlasticityLayouts.ALIGNMENT);
        long[] cursor = new long[posts];
        for (int i = 0; i < posts; i++) {
            cursor[i] = offsets.getAtIndex(JAVA_LONG, i);
        }
        for (int row = 0; row < rows; row++) {
            for (long e = rowOffsets.getAtIndex(JAVA_LONG, row), end = rowOffsets.getAtIndex(JAVA_LONG, row + 1L); e < end; e++) {
                int t = targets.getAtIndex(JAVA_INT, e);
                if (t != PlasticSynapses.PAD_TARGET) {
                    long k = cursor[t]++;
                    slots.setAtIndex(JAVA_LONG, k, e);
                    pres.setAtIndex(JAVA_INT, k, row);
                }
            }
        }
        return new TransposedIndex(offsets, slots.asSlice(0, 8 * real), pres.asSlice(0, 4 * real), posts);
    }

    /** Post-synaptic neurons. */
    public int posts() {
        return posts;
    }

    /** Synapses indexed (padding excluded). */
    public long synapseCount() {
        return synapses.byteSize() / 8;
    }

    /** First slot of post {@code i}'s incoming synapses (no bounds check: trusted callers). */
    public long colStart(int post) {
        return colOffsets.getAtIndex(JAVA_LONG, post);
    }

    /** End (exclusive) of post {@code i}'s slots. */
    public long colEnd(int post) {
        return colOffsets.getAtIndex(JAVA_LONG, post + 1L);
    }

    /** The CSR entry index in slot {@code k}. */
    public long synapse(long k) {
        return synapses.getAtIndex(JAVA_LONG, k);
    }

    /** The pre-synaptic neuron (CSR row) of the synapse in slot {@code k}. */
    public int source(long k) {
        return sources.getAtIndex(JAVA_INT, k);
    }

    /** The slot sources array ({@link #synapseCount()} ints); same lifetime as this index. */
    public MemorySegment sources() {
        return sources;
    }

    /** The column offsets array ({@code posts + 1} longs); same lifetime as this index. */
    public MemorySegment colOffsets() {
        return colOffsets;
    }

    /** The slot array ({@link #synapseCount()} longs); same lifetime as this index. */
    public MemorySegment synapses() {
        return synapses;
    }
}
