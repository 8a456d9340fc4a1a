package org.shnn.layouts.hyper;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.shnn.layouts.state.SoaLayout;
import org.shnn.layouts.state.SoaLayout.Column;

/**
 * The off-heap layout of a set of hyperedges ({@code org.shnn.engine.hyper}).
 *
 * <p>One 64-byte {@link #EDGE} record per hyperedge:
 * <pre>
 *  0 kind i32 | 4 minSpikes i32 | 8 windowSteps i32 | 12 delaySteps i32 | 16 weightKind i32 | 20 receptor i32 |
 * 24 uniformWeight f32 | 28 reserved0 i32 | 32 ringOffset i64 | 40 pairWeightOffset i64 | 48 reserved1 i64 |
 * 56 reserved2 i64
 * </pre>
 * Incidence arrays (CSR-like, each 64-byte aligned; E hyperedges, S source neurons):
 * <pre>
 * edgeSourceOffsets i64[E + 1]  edgeSources i32[..]   sources of edge e, ascending
 * edgeTargetOffsets i64[E + 1]  edgeTargets i32[..]   targets of edge e, ascending
 * sourceEdgeOffsets i64[S + 1]  sourceEdges i32[..]   edges that neuron s is a source of, ascending
 *                               sourceEdgeLocal i32[..] position of s in that edge's source list
 * pairWeights f32[..]           per (source, target) pair weights, source-major, for weightKind PER_PAIR
 * </pre>
 * Coincidence state: {@link #EDGE_STATE} per hyperedge and {@link #RING} slots, {@code minSpikes} per edge
 * starting at {@code ringOffset}: the most recent spike (step, local source) of up to {@code minSpikes} distinct
 * sources, most recent first.
 *
 * <p>Thread-safety: constants only.
 */
public final class HyperedgeLayouts {

    /** weightKind: the edge delivers {@code uniformWeight} to each target. */
    public static final int UNIFORM = 0;
    /** weightKind: each target receives the sum of the pair weights of the sources that activated the edge. */
    public static final int PER_PAIR = 1;

    /** The per-hyperedge record (see the class diagram). */
    public static final StructLayout EDGE = MemoryLayout.structLayout(
            JAVA_INT.withName("kind"),
            JAVA_INT.withName("minSpikes"),
            JAVA_INT.withName("windowSteps"),
            JAVA_INT.withName("delaySteps"),
            JAVA_INT.withName("weightKind"),
            JAVA_INT.withName("receptor"),
            JAVA_FLOAT.withName("uniformWeight"),
            JAVA_INT.withName("reserved0"),
            JAVA_LONG.withName("ringOffset"),
            JAVA_LONG.withName("pairWeightOffset"),
            JAVA_LONG.withName("reserved1"),
            JAVA_LONG.withName("reserved2"))
            .withName("shnn_hyperedge");

    /** Record field handles (coordinates: segment, base offset of the record). */
    public static final VarHandle KIND = EDGE.varHandle(groupElement("kind"));
    /** Distinct sources needed within the window. */
    public static final VarHandle MIN_SPIKES = EDGE.varHandle(groupElement("minSpikes"));
    /** Coincidence window, steps (inclusive). */
    public static final VarHandle WINDOW_STEPS = EDGE.varHandle(groupElement("windowSteps"));
    /** Delivery delay, steps. */
    public static final VarHandle DELAY_STEPS = EDGE.varHandle(groupElement("delaySteps"));
    /** UNIFORM or PER_PAIR. */
    public static final VarHandle WEIGHT_KIND = EDGE.varHandle(groupElement("weightKind"));
    /** Receptor index of the target population that receives the weight. */
    public static final VarHandle RECEPTOR = EDGE.varHandle(groupElement("receptor"));
    /** The uniform weight. */
    public static final VarHandle UNIFORM_WEIGHT = EDGE.varHandle(groupElement("uniformWeight"));
    /** First ring slot of the edge. */
    public static final VarHandle RING_OFFSET = EDGE.varHandle(groupElement("ringOffset"));
    /** First pair weight of the edge (-1 when uniform). */
    public static final VarHandle PAIR_WEIGHT_OFFSET = EDGE.varHandle(groupElement("pairWeightOffset"));

    /** Offset array element (long). */
    public static final ValueLayout.OfLong OFFSET = JAVA_LONG;
    /** Index array element: neuron or edge index (int). */
    public static final ValueLayout.OfInt INDEX = JAVA_INT;
    /** Pair weight element (float). */
    public static final ValueLayout.OfFloat WEIGHT = JAVA_FLOAT;
    /** Alignment of every array, bytes. */
    public static final long ALIGNMENT = 64;

    /** The incidence arrays in storage order, for the catalog (element type and name of each). */
    public static final List<ValueLayout> INCIDENCE = List.of(
            OFFSET.withName("edge_source_offsets"), INDEX.withName("edge_sources"),
            OFFSET.withName("edge_target_offsets"), INDEX.withName("edge_targets"),
            OFFSET.withName("source_edge_offsets"), INDEX.withName("source_edges"), INDEX.withName("source_edge_local"),
            WEIGHT.withName("pair_weights"));

    /** Coincidence state per hyperedge: ring fill, step of the last touch and of the last activation. */
    public static final SoaLayout EDGE_STATE = SoaLayout.of("hyperedge_state",
            new Column("count", JAVA_INT, "1", "distinct sources in the ring (at most minSpikes)"),
            new Column("touched_step", JAVA_LONG, "steps", "last step a source spike reached the edge (-1 = never)"),
            new Column("last_activation", JAVA_LONG, "steps", "last step the edge fired (-1 = never)"));

    /** Ring slots: the last spike of a distinct source, most recent first within each edge's slots. */
    public static final SoaLayout RING = SoaLayout.of("hyperedge_ring",
            new Column("step", JAVA_LONG, "steps", "step of the source's most recent spike"),
            new Column("source", JAVA_INT, "1", "position of the source in the edge's source list"));

    private HyperedgeLayouts() {
    }

    /** {@code n} edge records. */
    public static SequenceLayout edges(long n) {
        return MemoryLayout.sequenceLayout(n, EDGE).withName("shnn_hyperedges");
    }
}
