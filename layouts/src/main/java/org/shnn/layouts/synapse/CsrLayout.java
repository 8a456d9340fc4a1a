package org.shnn.layouts.synapse;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The off-heap layout of one projection's synapses: a compressed-sparse-row (CSR) matrix whose rows
 * are source neurons and whose entries are synapses, sorted by target within each row.
 *
 * <pre>
 * header (64 B, {@link #HEADER}):
 *   0 rows i64 | 8 columns i64 | 16 synapses i64 | 24 entries i64 (padded) |
 *  32 constantWeight f32 | 36 constantDelay i32 (steps) | 40 weightKind i32 | 44 delayKind i32 |
 *  48 maxDelay i32 | 52 reserved i32 | 56 reserved i64
 * rowOffsets: i64[rows + 1]   entry index of each row's first synapse; rowOffsets[rows] = entries
 * targets:    i32[entries]    target index in the target population; padding = {@link #PAD_TARGET}
 * weights:    f32[entries]    only when weightKind = {@link #PER_SYNAPSE}
 * delays:     u8/i16[entries] only when delayKind = {@link #DELAY_U8} / {@link #DELAY_I16} (steps)
 * </pre>
 *
 * <p>Every row starts at an entry index that is a multiple of {@link #ROW_ALIGNMENT_ENTRIES}, so
 * with 64-byte aligned arrays every row of {@code targets} and {@code weights} starts on a cache line
 * (64 bytes). The gap after a row holds {@link #PAD_TARGET} (greater than any real target, so a row
 * stays sorted and a binary search for a target range stops before the padding). Cost: 4 bytes per
 * target, 4 more per synapse only when weights vary, 1–2 more only when delays vary, plus padding and
 * 8 bytes of row pointer per source neuron.
 */
public final class CsrLayout {

    /** Row alignment in bytes (one cache line). */
    public static final int ROW_ALIGNMENT_BYTES = 64;
    /** Row alignment in entries: 16 four-byte targets fill one cache line. */
    public static final int ROW_ALIGNMENT_ENTRIES = ROW_ALIGNMENT_BYTES / Integer.BYTES;
    /** Target value of a padding entry; larger than every valid target index. */
    public static final int PAD_TARGET = Integer.MAX_VALUE;

    /** weightKind: one weight for the whole projection, in the header. */
    public static final int CONSTANT = 0;
    /** weightKind: a float weight per synapse in the weights array. */
    public static final int PER_SYNAPSE = 1;
    /** delayKind: an unsigned byte delay (steps, 1..255) per synapse. */
    public static final int DELAY_U8 = 2;
    /** delayKind: a short delay (steps, 1..32767) per synapse. */
    public static final int DELAY_I16 = 3;

    /** Row offset element: entry index (long). */
    public static final ValueLayout.OfLong ROW_OFFSET = JAVA_LONG;
    /** Target element: index in the target population (int). */
    public static final ValueLayout.OfInt TARGET = JAVA_INT;
    /** Weight element (float; unit of the target receptor: nS or pA). */
    public static final ValueLayout.OfFloat WEIGHT = JAVA_FLOAT;
    /** Per-synapse delay when all delays are at most 255 steps (read unsigned). */
    public static final ValueLayout.OfByte DELAY_BYTE = JAVA_BYTE;
    /** Per-synapse delay when some delay exceeds 255 steps. */
    public static final ValueLayout.OfShort DELAY_SHORT = JAVA_SHORT;

    /** The 64-byte header describing one CSR matrix (see the class diagram). */
    public static final StructLayout HEADER = MemoryLayout.structLayout(
            JAVA_LONG.withName("rows"),
            JAVA_LONG.withName("columns"),
            JAVA_LONG.withName("synapses"),
            JAVA_LONG.withName("entries"),
            JAVA_FLOAT.withName("constantWeight"),
            JAVA_INT.withName("constantDelay"),
            JAVA_INT.withName("weightKind"),
            JAVA_INT.withName("delayKind"),
            JAVA_INT.withName("maxDelay"),
            JAVA_INT.withName("reserved0"),
            JAVA_LONG.withName("reserved1"))
            .withName("shnn_csr_header");

    /** Header field handles (coordinates: segment, base offset). */
    public static final VarHandle ROWS = HEADER.varHandle(groupElement("rows"));
    /** Number of target-population neurons. */
    public static final VarHandle COLUMNS = HEADER.varHandle(groupElement("columns"));
    /** Real synapses (without padding). */
    public static final VarHandle SYNAPSES = HEADER.varHandle(groupElement("synapses"));
    /** Entries including padding. */
    public static final VarHandle ENTRIES = HEADER.varHandle(groupElement("entries"));
    /** Constant weight when weightKind = CONSTANT. */
    public static final VarHandle CONSTANT_WEIGHT = HEADER.varHandle(groupElement("constantWeight"));
    /** Constant delay (steps) when delayKind = CONSTANT. */
    public static final VarHandle CONSTANT_DELAY = HEADER.varHandle(groupElement("constantDelay"));
    /** CONSTANT or PER_SYNAPSE. */
    public static final VarHandle WEIGHT_KIND = HEADER.varHandle(groupElement("weightKind"));
    /** CONSTANT, DELAY_U8 or DELAY_I16. */
    public static final VarHandle DELAY_KIND = HEADER.varHandle(groupElement("delayKind"));
    /** Largest delay in steps. */
    public static final VarHandle MAX_DELAY = HEADER.varHandle(groupElement("maxDelay"));

    private CsrLayout() {
    }

    /** Entries a row of {@code length} synapses occupies with its padding. */
    public static long paddedLength(long length) {
        return (length + ROW_ALIGNMENT_ENTRIES - 1) & -(long) ROW_ALIGNMENT_ENTRIES;
    }

    /** Layout of the row offsets of a matrix with {@code rows} rows. */
    public static SequenceLayout rowOffsets(long rows) {
        return MemoryLayout.sequenceLayout(rows + 1, ROW_OFFSET).withName("shnn_csr_row_offsets");
    }

    /** Layout of the targets array of {@code entries} entries. */
    public static SequenceLayout targets(long entries) {
        return MemoryLayout.sequenceLayout(entries, TARGET).withName("shnn_csr_targets");
    }

    /** Layout of the per-synapse weights array of {@code entries} entries. */
    public static SequenceLayout weights(long entries) {
        return MemoryLayout.sequenceLayout(entries, WEIGHT).withName("shnn_csr_weights");
    }

    /** Layout of the per-synapse delays of {@code entries} entries for {@code delayKind} U8 or I16. */
    public static SequenceLayout delays(long entries, int delayKind) {
        return switch (delayKind) {
            case DELAY_U8 -> MemoryLayout.sequenceLayout(entries, DELAY_BYTE).withName("shnn_csr_delays_u8");
            case DELAY_I16 -> MemoryLayout.sequenceLayout(entries, DELAY_SHORT).withName("shnn_csr_delays_i16");
            default -> throw new IllegalArgumentException("delayKind " + delayKind + " has no delay array; expected "
                    + DELAY_U8 + " or " + DELAY_I16);
        };
    }

    /** The delay kind needed to store delays up to {@code maxDelay} steps per synapse. */
    public static int delayKindFor(int maxDelay) {
        if (maxDelay < 1 || maxDelay > Short.MAX_VALUE) {
            throw new IllegalArgumentException("delay " + maxDelay + " steps must be in [1, " + Short.MAX_VALUE + "]");
        }
        return maxDelay <= 255 ? DELAY_U8 : DELAY_I16;
    }
}
