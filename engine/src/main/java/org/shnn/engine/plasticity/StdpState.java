package org.shnn.engine.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.layouts.state.SoaLayout;

/**
 * The off-heap state of an STDP rule on one projection: the projection's {@link PlasticSynapses} and the
 * per-neuron trace columns (pre-synaptic and post-synaptic {@link PopulationState}s of the rule's layouts,
 * all traces 0 at allocation).
 *
 * <p>Ownership: the trace segments come from the allocator given to the rule's {@code allocateState} and
 * live as long as it keeps them. Thread-safety: plain memory; follow the package's step protocol.
 */
public final class StdpState {

    private final PlasticSynapses synapses;
    private final PopulationState pre;
    private final PopulationState post;
    final MemorySegment[] preTraces;
    final MemorySegment[] postTraces;

    StdpState(SegmentAllocator allocator, PlasticSynapses synapses, SoaLayout preLayout, SoaLayout postLayout) {
        this.synapses = synapses;
        this.pre = PopulationState.allocate(preLayout, allocator, synapses.pres());
        this.post = PopulationState.allocate(postLayout, allocator, synapses.posts());
        this.preTraces = columns(pre);
        this.postTraces = columns(post);
    }

    private static MemorySegment[] columns(PopulationState s) {
        MemorySegment[] cols = new MemorySegment[s.layout().columnCount()];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = s.column(c);
            cols[c].fill((byte) 0);
        }
        return cols;
    }

    /** The synapses whose weights the rule updates. */
    public PlasticSynapses synapses() {
        return synapses;
    }

    /** The pre-synaptic traces (one row per pre-synaptic neuron). */
    public PopulationState preTraces() {
        return pre;
    }

    /** The post-synaptic traces (one row per post-synaptic neuron). */
    public PopulationState postTraces() {
        return post;
    }

    static double get(MemorySegment column, int i) {
        return column.getAtIndex(JAVA_DOUBLE, i);
    }

    static void add(MemorySegment column, int i, double v) {
        column.setAtIndex(JAVA_DOUBLE, i, column.getAtIndex(JAVA_DOUBLE, i) + v);
    }

    static void set(MemorySegment column, int i, double v) {
        column.setAtIndex(JAVA_DOUBLE, i, v);
    }

    static void decay(MemorySegment column, int from, int to, double factor) {
        for (int i = from; i < to; i++) {
            column.setAtIndex(JAVA_DOUBLE, i, column.getAtIndex(JAVA_DOUBLE, i) * factor);
        }
    }

    /** The exact per-step decay factor of a trace with time constant {@code tauMs} (StrictMath: identical on every JVM). */
    static double decayFactor(double dt, double tauMs) {
        return StrictMath.exp(-dt / tauMs);
    }
}
