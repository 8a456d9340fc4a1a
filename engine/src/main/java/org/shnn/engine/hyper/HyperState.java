package org.shnn.engine.hyper;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Objects;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.layouts.hyper.HyperedgeLayouts;

/**
 * The mutable coincidence state of a {@link Hypergraph}: per edge ({@link HyperedgeLayouts#EDGE_STATE}) the ring
 * fill, the last step it was touched and the last activation, and the ring slots ({@link HyperedgeLayouts#RING}):
 * for each edge, its {@code minSpikes} slots hold the most recent spike of up to {@code minSpikes} distinct
 * sources, most recent first. Keeping only that many suffices: at least {@code m} distinct sources spiked
 * within the window iff the {@code m}-th most recent distinct source did.
 *
 * <p>Ownership: segments from the allocator given to {@link Hypergraph#newState}. Thread-safety: none; one
 * thread per state.
 */
public final class HyperState {

    private static final int COUNT = 0;
    private static final int TOUCHED = 1;
    private static final int LAST = 2;

    private final PopulationState edgeState;
    private final PopulationState ring;
    private final MemorySegment count;
    private final MemorySegment touchedStep;
    private final MemorySegment lastActivation;
    private final MemorySegment ringSteps;
    private final MemorySegment ringSources;
    private final int[] touched;
    private long lastStep = -1;

    HyperState(SegmentAllocator allocator, int edges, long ringSlots) {
        if (ringSlots > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hyperedge ring of " + ringSlots + " slots exceeds " + Integer.MAX_VALUE);
        }
        this.edgeState = PopulationState.allocate(HyperedgeLayouts.EDGE_STATE, allocator, Math.max(1, edges));
        this.ring = PopulationState.allocate(HyperedgeLayouts.RING, allocator, (int) Math.max(1, ringSlots));
        this.count = edgeState.column(COUNT);
        this.touchedStep = edgeState.column(TOUCHED);
        this.lastActivation = edgeState.column(LAST);
        this.ringSteps = ring.column(0);
        this.ringSources = ring.column(1);
        count.fill((byte) 0);
        touchedStep.fill((byte) -1);
        lastActivation.fill((byte) -1);
        this.touched = new int[Math.max(1, edges)];
    }

    /** Distinct sources currently recorded for edge {@code e} (at most its minSpikes). */
    public int count(int e) {
        return count.getAtIndex(JAVA_INT, e);
    }

    /** The last step edge {@code e} activated, or -1. */
    public long lastActivation(int e) {
        return lastActivation.getAtIndex(JAVA_LONG, Objects.checkIndex(e, touched.length));
    }

    /** The per-edge state (count, touched_step, last_activation columns); same lifetime as this object. */
    public PopulationState edgeState() {
        return edgeState;
    }

    /** The ring slots (step and source columns, {@link HyperedgeLayouts#RING}); same lifetime as this object. */
    public MemorySegment ringSegment() {
        return ring.segment();
    }

    void advanceTo(long step) {
        if (step <= lastStep || step < 0) {
            throw new IllegalArgumentException("hyperedge step " + step + " must be >= 0 and after the previous step " + lastStep);
        }
        lastStep = step;
    }

    long ringStep(long slot) {
        return ringSteps.getAtIndex(JAVA_LONG, slot);
    }

    int ringSource(long slot) {
        return ringSources.getAtIndex(JAVA_INT, slot);
    }

    /** Records a spike of local source {@code local} at {@code step} in edge e's slots [ring, ring + m). */
    void insert(int e, long ring, int m, int local, long step) {
        int n = count(e);
        int p = 0;
        while (p < n && ringSources.getAtIndex(JAVA_INT, ring + p) != local) {
            p++;
        }
        int shift = p < n ? p : Math.min(n, m - 1); // found: move it to the front; new: push, dropping the oldest if full
        for (int i = shift; i > 0; i--) {
            ringSteps.setAtIndex(JAVA_LONG, ring + i, ringSteps.getAtIndex(JAVA_LONG, ring + i - 1));
            ringSources.setAtIndex(JAVA_INT, ring + i, ringSources.getAtIndex(JAVA_INT, ring + i - 1));
        }
        ringSteps.setAtIndex(JAVA_LONG, ring, step);
        ringSources.setAtIndex(JAVA_INT, ring, local);
        if (p == n && n < m) {
            count.setAtIndex(JAVA_INT, e, n + 1);
        }
    }

    /** Marks edge e touched at step; true the first time in this step. */
    boolean touch(int e, long step) {
        if (touchedStep.getAtIndex(JAVA_LONG, e) == step) {
            return false;
        }
        touchedStep.setAtIndex(JAVA_LONG, e, step);
        return true;
    }

    int pushTouched(int size, int e) {
        touched[size] = e;
        return size + 1;
    }

    int[] touchedList() {
        return touched;
    }

    void activated(int e, long step) {
        count.setAtIndex(JAVA_INT, e, 0);
        lastActivation.setAtIndex(JAVA_LONG, e, step);
    }
}
