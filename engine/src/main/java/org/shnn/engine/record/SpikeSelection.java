package org.shnn.engine.record;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.List;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;

/**
 * The neurons whose spikes a simulation records: the union of its {@link SpikeMonitorSpec}s. A population is
 * recorded whole, not at all, or neuron by neuron through an off-heap bitset of one bit per neuron (so a selection
 * out of a population larger than the heap stays off it).
 *
 * <p>Ownership: the bitsets come from the allocator given to {@link #of}, which frees them. Thread-safety: immutable
 * once made; the stepping thread reads it with plain loads, published by the start of the run.
 */
public final class SpikeSelection {

    private final boolean[] whole;
    /** Per population: a bitset of its chosen neurons (bit {@code i} of word {@code i / 64}), or null. */
    private final MemorySegment[] some;
    private final int[] chosen;
    /** Per population: its first global id (ascending, as the network numbers them). */
    private final int[] firstIds;

    private SpikeSelection(boolean[] whole, MemorySegment[] some, int[] chosen, int[] firstIds) {
        this.whole = whole;
        this.some = some;
        this.chosen = chosen;
        this.firstIds = firstIds;
    }

    /**
     * The union of {@code monitors} over the populations of {@code network}, or null when the list is empty (every
     * neuron is recorded).
     *
     * @throws IllegalArgumentException naming the monitor if its population is not in the network or an index is
     *     outside the population
     */
    public static SpikeSelection of(List<SpikeMonitorSpec> monitors, Network network, SegmentAllocator alloc) {
        if (monitors.isEmpty()) {
            return null;
        }
        int n = network.populations().size();
        boolean[] whole = new boolean[n];
        MemorySegment[] some = new MemorySegment[n];
        for (SpikeMonitorSpec m : monitors) {
            Population p = network.population(m.population());
            int i = p.index();
            if (m.neurons() == null) {
                whole[i] = true;
                continue;
            }
            if (m.neurons().length == 0) {
                continue;
            }
            int last = m.neurons()[m.neurons().length - 1];
            if (last >= p.count()) {
                throw new IllegalArgumentException("spike monitor of population '" + p.name() + "': neuron index " + last
                        + " outside [0, " + p.count() + ")");
            }
            if (some[i] == null) {
                some[i] = alloc.allocate(JAVA_LONG, (p.count() + 63) / 64).fill((byte) 0);
            }
            for (int k : m.neurons()) {
                long w = some[i].getAtIndex(JAVA_LONG, k >>> 6);
                some[i].setAtIndex(JAVA_LONG, k >>> 6, w | 1L << k);
            }
        }
        int[] chosen = new int[n];
        int[] firstIds = new int[n];
        for (Population p : network.populations()) {
            int i = p.index();
            firstIds[i] = p.firstId();
            if (whole[i]) {
                some[i] = null;
                chosen[i] = p.count();
            } else if (some[i] != null) {
                for (long w = 0, words = some[i].byteSize() / Long.BYTES; w < words; w++) {
                    chosen[i] += Long.bitCount(some[i].getAtIndex(JAVA_LONG, w));
                }
            }
        }
        return new SpikeSelection(whole, some, chosen, firstIds);
    }

    /** Whether neuron {@code index} of population {@code population} (its index in the network) is recorded. */
    public boolean contains(int population, int index) {
        if (whole[population]) {
            return true;
        }
        MemorySegment bits = some[population];
        return bits != null && (bits.getAtIndex(JAVA_LONG, index >>> 6) & 1L << index) != 0;
    }

    /** Whether the neuron of global id {@code neuron} (in [0, neurons of the network)) is recorded. */
    public boolean containsId(int neuron) {
        int lo = 0;
        int hi = firstIds.length - 1;
        while (lo < hi) { // the last population whose first id is <= neuron
            int mid = (lo + hi + 1) >>> 1;
            if (firstIds[mid] <= neuron) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return contains(lo, neuron - firstIds[lo]);
    }

    /** How many neurons of population {@code population} (its index in the network) are recorded. */
    public int recorded(int population) {
        return chosen[population];
    }
}
