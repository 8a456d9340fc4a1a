package org.shnn.engine.synapse;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.shnn.layouts.synapse.DelayRingLayout;

/**
 * A population's delay ring, the timer wheel of spike delivery (layout: {@link DelayRingLayout}):
 * float accumulators {@code [receptor][slot][neuron]} with {@code slots = maxDelay + 1}. A spike
 * emitted at step {@code t} through a synapse of delay {@code d} adds its weight into slot
 * {@code (t + d) mod slots}; at step {@code t} the model reads slot {@code t mod slots} as its input
 * and the slot is cleared for reuse.
 *
 * <p>Ownership: the segment belongs to the allocator given to {@link #allocate} (or the caller of
 * {@link #wrap}). Thread-safety: none of its own; the simulation gives each worker thread exclusive
 * ownership of a neuron range (ranges are multiples of 16 neurons, so no cache line is shared).
 */
public final class DelayRing {

    private final MemorySegment segment;
    private final int receptors;
    private final int slots;
    private final int neurons;
    private final long strideBytes;
    private final MemorySegment[] rows;
    /** Per slot, its rows of every receptor ({@link #inputs}). */
    private final MemorySegment[][] inputs;

    private DelayRing(MemorySegment segment, int receptors, int slots, int neurons) {
        long bytes = DelayRingLayout.ring(receptors, slots, neurons).byteSize();
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException("delay ring segment of " + segment.byteSize() + " bytes is smaller than the "
                    + bytes + " bytes of " + receptors + " receptors x " + slots + " slots x " + neurons + " neurons");
        }
        this.segment = segment.asSlice(0, bytes);
        this.receptors = receptors;
        this.slots = slots;
        this.neurons = neurons;
        this.strideBytes = DelayRingLayout.stride(neurons) * Float.BYTES;
        this.rows = new MemorySegment[receptors * slots];
        this.inputs = new MemorySegment[slots][receptors];
        for (int r = 0; r < receptors; r++) {
            for (int s = 0; s < slots; s++) {
                rows[r * slots + s] = this.segment.asSlice(DelayRingLayout.rowOffset(r, s, slots, neurons), strideBytes);
                inputs[s][r] = rows[r * slots + s];
            }
        }
    }

    /**
     * Allocates a zeroed ring.
     *
     * @param receptors receptor count of the model (>= 1)
     * @param slots maxDelay + 1 (>= 2)
     * @param neurons population size
     */
    public static DelayRing allocate(SegmentAllocator alloc, int receptors, int slots, int neurons) {
        // 64-byte aligned so that every slot row (a whole number of cache lines) starts on a line
        MemorySegment s = alloc.allocate(DelayRingLayout.ring(receptors, slots, neurons).byteSize(), 64);
        s.fill((byte) 0);
        return new DelayRing(s, receptors, slots, neurons);
    }

    /** Wraps an existing ring segment (e.g. a restored checkpoint). */
    public static DelayRing wrap(MemorySegment segment, int receptors, int slots, int neurons) {
        return new DelayRing(segment, receptors, slots, neurons);
    }

    /** Slot index of step {@code step}. */
    public int slotOf(long step) {
        return (int) Long.remainderUnsigned(step, slots);
    }

    /** The float row of (receptor, slot): neuron {@code i} at byte offset {@code 4 i}. A view, not a copy. */
    public MemorySegment row(int receptor, int slot) {
        return rows[receptor * slots + slot];
    }

    /**
     * The rows of slot {@code slot}, one per receptor ({@code inputs(slot)[r] == row(r, slot)}): a model's input for
     * the step of that slot. The array is this ring's and is the same every time; callers must not write into it.
     *
     * <p>Why a shared array and not one the caller fills per step: a store into a {@code MemorySegment[]} (an array of
     * an interface type) is compiled by C2 with a speculation on the array's class that fails the first time it runs
     * (an {@code array_check} uncommon trap at each such store, then a recompilation of the method that holds it), so
     * a store on the step path cost the step's largest methods a recompilation inside the run (bench/RESULTS.md
     * section 41).
     */
    public MemorySegment[] inputs(int slot) {
        return inputs[slot];
    }

    /** Adds {@code weight} to (receptor, slot, neuron). */
    public void add(int receptor, int slot, int neuron, float weight) {
        MemorySegment row = rows[receptor * slots + slot];
        long off = (long) neuron * Float.BYTES;
        row.set(JAVA_FLOAT, off, row.get(JAVA_FLOAT, off) + weight);
    }

    /** The accumulated value at (receptor, slot, neuron). */
    public float get(int receptor, int slot, int neuron) {
        return rows[receptor * slots + slot].get(JAVA_FLOAT, (long) neuron * Float.BYTES);
    }

    /**
     * Zeroes neurons [from, to) of (receptor, slot). A loop of stores, not {@code asSlice(..).fill(..)}: called every
     * step, the slice is a heap object (40 bytes) unless C2 inlines all of {@code asSlice} and {@code fill} and
     * removes it by escape analysis, and their profiles are shared by every caller in the JVM; after an engine
     * suite in one JVM, or a host that also uses other kinds of segments, it stayed on the heap (80 bytes per step
     * for two receptors; {@code KernelsStayCompiledTest}, bench/RESULTS.md section 22).
     */
    public void clear(int receptor, int slot, int from, int to) {
        MemorySegment row = rows[receptor * slots + slot];
        for (int i = from; i < to; i++) {
            row.setAtIndex(JAVA_FLOAT, i, 0f);
        }
    }

    /**
     * Copies neurons {@code [from, to)} of every (receptor, slot) row from {@code saved}, the segment of a ring of
     * the same shape (e.g. a checkpoint shard's section, current only for the neurons its rank owned).
     *
     * @throws IllegalArgumentException if {@code saved} is not {@link #segment()}'s size
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, neurons())}
     */
    public void copyNeurons(MemorySegment saved, int from, int to) {
        if (saved.byteSize() != segment.byteSize()) {
            throw new IllegalArgumentException("saved delay ring of " + saved.byteSize() + " bytes; " + receptors
                    + " receptors x " + slots + " slots x " + neurons + " neurons need " + segment.byteSize());
        }
        java.util.Objects.checkFromToIndex(from, to, neurons);
        for (int r = 0; r < receptors; r++) {
            for (int s = 0; s < slots; s++) {
                long row = DelayRingLayout.rowOffset(r, s, slots, neurons);
                MemorySegment.copy(saved, row + (long) from * Float.BYTES, segment, row + (long) from * Float.BYTES,
                        (long) (to - from) * Float.BYTES);
            }
        }
    }

    /** Receptors. */
    public int receptors() {
        return receptors;
    }

    /** Slots (maxDelay + 1). */
    public int slots() {
        return slots;
    }

    /** Neurons. */
    public int neurons() {
        return neurons;
    }

    /** Bytes from one (receptor, slot) row to the next: a whole number of cache lines. */
    public long rowBytes() {
        return strideBytes;
    }

    /** The whole ring segment (for checkpoints, and delivery that addresses cells from it). */
    public MemorySegment segment() {
        return segment;
    }
}
