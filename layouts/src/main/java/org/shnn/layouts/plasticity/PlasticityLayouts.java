package org.shnn.layouts.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout;
import org.shnn.layouts.state.SoaLayout;
import org.shnn.layouts.state.SoaLayout.Column;

/**
 * The off-heap state of the plasticity rules ({@code org.shnn.engine.plasticity}).
 *
 * <p>Traces are per neuron, struct of arrays ({@link SoaLayout}, 64-byte aligned columns), dimensionless:
 * each spike adds 1 and the trace decays exponentially with its time constant between spikes.
 *
 * <p>The transposed index lists, for each post-synaptic neuron, the entry indices of its incoming synapses
 * in a projection's CSR arrays (ascending), so post-synaptic updates touch the weights in place:
 * <pre>
 * colOffsets: i64[posts + 1]   colOffsets[i] .. colOffsets[i+1] are post i's slots; colOffsets[posts] = synapses
 * synapses:   i64[synapses]    CSR entry index (into targets/weights) of each slot
 * sources:    i32[synapses]    pre-synaptic neuron (CSR row) of each slot
 * </pre>
 * Cost: 12 bytes per synapse plus 8 per post-synaptic neuron.
 *
 * <p>Thread-safety: constants only.
 */
public final class PlasticityLayouts {

    /** Pair STDP, per pre-synaptic neuron: {@code x} (tau_plus). */
    public static final SoaLayout STDP_PRE = SoaLayout.of("stdp_pre_trace",
            new Column("x", JAVA_DOUBLE, "1", "presynaptic trace, +1 per spike, decays with tau_plus"));

    /** Pair STDP, per post-synaptic neuron: {@code y} (tau_minus). */
    public static final SoaLayout STDP_POST = SoaLayout.of("stdp_post_trace",
            new Column("y", JAVA_DOUBLE, "1", "postsynaptic trace, +1 per spike, decays with tau_minus"));

    /** Triplet STDP (Pfister and Gerstner 2006), per pre-synaptic neuron: {@code r1} (tau_plus), {@code r2} (tau_x). */
    public static final SoaLayout TRIPLET_PRE = SoaLayout.of("triplet_pre_trace",
            new Column("r1", JAVA_DOUBLE, "1", "fast presynaptic trace, decays with tau_plus"),
            new Column("r2", JAVA_DOUBLE, "1", "slow presynaptic trace, decays with tau_x"));

    /** Triplet STDP, per post-synaptic neuron: {@code o1} (tau_minus), {@code o2} (tau_y). */
    public static final SoaLayout TRIPLET_POST = SoaLayout.of("triplet_post_trace",
            new Column("o1", JAVA_DOUBLE, "1", "fast postsynaptic trace, decays with tau_minus"),
            new Column("o2", JAVA_DOUBLE, "1", "slow postsynaptic trace, decays with tau_y"));

    /** Homeostatic scaling, per post-synaptic neuron: spikes in the current window and the last window's rate. */
    public static final SoaLayout HOMEOSTASIS = SoaLayout.of("homeostasis_state",
            new Column("count", JAVA_INT, "spikes", "spikes since the current window started"),
            new Column("rate", JAVA_DOUBLE, "Hz", "firing rate measured over the last complete window"),
            new Column("scale", JAVA_DOUBLE, "1", "scale factor applied to the incoming weights at the last window end"));

    /** Column offset element of the transposed index (slot index, long). */
    public static final ValueLayout.OfLong COL_OFFSET = JAVA_LONG;
    /** Slot element of the transposed index: a CSR entry index (long). */
    public static final ValueLayout.OfLong SYNAPSE = JAVA_LONG;
    /** Source element of the transposed index: the pre-synaptic neuron of a slot (int). */
    public static final ValueLayout.OfInt SOURCE = JAVA_INT;
    /** Alignment of each transposed-index array, bytes. */
    public static final long ALIGNMENT = 64;

    private PlasticityLayouts() {
    }

    /** Layout of the column offsets for {@code posts} post-synaptic neurons ({@code posts + 1} longs). */
    public static SequenceLayout colOffsets(long posts) {
        return MemoryLayout.sequenceLayout(posts + 1, COL_OFFSET).withName("shnn_transposed_col_offsets");
    }

    /** Layout of the slot sources array of {@code synapses} synapses. */
    public static SequenceLayout sources(long synapses) {
        return MemoryLayout.sequenceLayout(synapses, SOURCE).withName("shnn_transposed_sources");
    }

    /** Layout of the slot array of {@code synapses} synapses. */
    public static SequenceLayout synapses(long synapses) {
        return MemoryLayout.sequenceLayout(synapses, SYNAPSE).withName("shnn_transposed_synapses");
    }
}
