package org.shnn.layouts.synapse;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SequenceLayout;

/**
 * The off-heap layout of a population's delay ring (the timer wheel of spike delivery): float
 * accumulators {@code [receptor][slot][neuron]}, where slot {@code s} collects the weights that
 * arrive at every step {@code t} with {@code t mod slots == s}.
 *
 * <pre>
 * receptor 0: slot 0: f32[stride] | slot 1: f32[stride] | ... | slot slots-1
 * receptor 1: ...
 * stride = neurons rounded up to {@value #NEURON_ALIGNMENT} (64 bytes), so every slot row is cache-line aligned
 * </pre>
 *
 * <p>With {@code slots = maxDelay + 1}, a spike delivered at step {@code t} with delay
 * {@code d in [1, maxDelay]} never lands in the slot being read at {@code t}.
 */
public final class DelayRingLayout {

    /** Neurons per slot row are padded to a multiple of this (16 floats = 64 bytes). */
    public static final int NEURON_ALIGNMENT = 16;

    private DelayRingLayout() {
    }

    /** Floats per slot row: {@code neurons} rounded up to {@link #NEURON_ALIGNMENT}. */
    public static long stride(long neurons) {
        if (neurons < 0) {
            throw new IllegalArgumentException("neurons " + neurons + " must be >= 0");
        }
        return (neurons + NEURON_ALIGNMENT - 1) & -(long) NEURON_ALIGNMENT;
    }

    /** The ring layout for the given receptors, slots and neurons. */
    public static SequenceLayout ring(int receptors, int slots, long neurons) {
        if (receptors < 1 || slots < 2) {
            throw new IllegalArgumentException("receptors " + receptors + " must be >= 1 and slots " + slots
                    + " must be >= 2");
        }
        return MemoryLayout.sequenceLayout(receptors,
                        MemoryLayout.sequenceLayout(slots, MemoryLayout.sequenceLayout(stride(neurons), JAVA_FLOAT)))
                .withName("shnn_delay_ring");
    }

    /** Byte offset of {@code (receptor, slot, neuron 0)} in a ring of {@code slots} slots and {@code neurons}. */
    public static long rowOffset(int receptor, int slot, int slots, long neurons) {
        return ((long) receptor * slots + slot) * stride(neurons) * Float.BYTES;
    }
}
