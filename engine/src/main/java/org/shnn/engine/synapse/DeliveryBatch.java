package org.shnn.engine.synapse;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.shnn.layouts.synapse.CsrLayout.ROW_ALIGNMENT_ENTRIES;
import static org.shnn.layouts.synapse.CsrLayout.TARGET;
import static org.shnn.layouts.synapse.CsrLayout.WEIGHT;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Spike delivery in two passes over a batch of CSR rows: {@link #add} records a row and loads the
 * first cache lines of its targets (and weights); {@link #flush} then adds the rows into their
 * delay-ring rows, in the order they were added.
 *
 * <p>Why: delivering one row at a time stalls twice per row on dependent cache misses (the row offset,
 * then the row's first targets), because the previous row's additions fill the out-of-order window and
 * the next row's loads cannot start early. In {@link #add} the loads of consecutive rows are
 * independent and short, so the misses of a whole batch overlap; measured in
 * {@code bench/RESULTS.md} section 6. The order of float additions per ring cell is the order of the
 * {@code add} calls, then row position, exactly as with row-at-a-time delivery.
 *
 * <p>Each row delivers only its targets in [lo, hi) (the caller's neuron range): rows are sorted by
 * target, so delivery starts at the first target &gt;= lo (binary search when lo &gt; 0) and stops at
 * the first target &gt;= hi, which is at the latest the row padding ({@code PAD_TARGET}).
 *
 * <p>Thread-safety: none; one batch per worker thread. The batch keeps references to the matrices,
 * rings and row segments it was given until the next {@link #flush}; it owns no memory.
 */
public final class DeliveryBatch {

    /** Cache lines of a row's targets (and weights) loaded ahead by {@link #add}. */
    static final int TOUCH_LINES = 4;

    private final CsrMatrix[] matrices;
    private final int[] sourceRows;
    private final long[] starts;
    private final long[] ends;
    private final int[] los;
    private final int[] his;
    private final MemorySegment[] rows;
    private final DelayRing[] rings;
    private final int[] receptors;
    private final int[] baseSlots;
    private int size;
    /** Where the look-ahead loads go (a field store keeps the JIT from dropping them); its value means nothing. */
    private int touched;

    /**
     * Creates an empty batch.
     *
     * @param capacity rows per batch (>= 1); {@link #add} flushes when it is full
     * @throws IllegalArgumentException if capacity &lt; 1
     */
    public DeliveryBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("delivery batch capacity " + capacity + " must be >= 1");
        }
        matrices = new CsrMatrix[capacity];
        sourceRows = new int[capacity];
        starts = new long[capacity];
        ends = new long[capacity];
        los = new int[capacity];
        his = new int[capacity];
        rows = new MemorySegment[capacity];
        rings = new DelayRing[capacity];
        receptors = new int[capacity];
        baseSlots = new int[capacity];
    }

    /**
     * Queues row {@code row} of a constant-delay matrix for delivery into one ring row.
     *
     * @param csr a matrix without a delay array
     * @param row source row, in [0, rows)
     * @param lo first target delivered
     * @param hi one past the last target delivered; {@code dst} holds at least {@code hi} floats
     * @param dst the ring row of the arrival slot (float per target at byte offset {@code 4 * target})
     * @return synapses delivered by a flush this call caused (the batch was full), else 0
     * @throws IllegalArgumentException if the matrix has a delay array
     */
    public long add(CsrMatrix csr, int row, int lo, int hi, MemorySegment dst) {
        if (csr.hasDelayArray()) {
            throw new IllegalArgumentException("matrix with per-synapse delays queued for one ring row; use the ring overload");
        }
        return queue(csr, row, lo, hi, Objects.requireNonNull(dst, "dst"), null, 0, 0);
    }

    /**
     * Queues row {@code row} of a matrix with per-synapse delays: a synapse of delay {@code d} adds into
     * slot {@code (baseSlot + d) mod slots} of {@code ring}.
     *
     * @param csr a matrix whose delays are all below {@code ring.slots()}
     * @param row source row, in [0, rows)
     * @param lo first target delivered
     * @param hi one past the last target delivered, at most {@code ring.neurons()}
     * @param receptor receptor of the ring
     * @param baseSlot the ring slot of the current step, {@code ring.slotOf(step)}
     * @return synapses delivered by a flush this call caused (the batch was full), else 0
     * @throws IndexOutOfBoundsException if baseSlot is outside [0, slots)
     */
    public long add(CsrMatrix csr, int row, int lo, int hi, DelayRing ring, int receptor, int baseSlot) {
        Objects.checkIndex(baseSlot, ring.slots());
        return queue(csr, row, lo, hi, null, ring, receptor, baseSlot);
    }

    private long queue(CsrMatrix csr, int row, int lo, int hi, MemorySegment dst, DelayRing ring, int receptor,
            int baseSlot) {
        int n = size;
        matrices[n] = csr;
        sourceRows[n] = row;
        los[n] = lo;
        his[n] = hi;
        rows[n] = dst;
        rings[n] = ring;
        receptors[n] = receptor;
        baseSlots[n] = baseSlot;
        size = n + 1;
        return size == matrices.length ? flush() : 0;
    }

    /**
     * Delivers the queued rows in the order they were added and empties the batch.
     *
     * @return synapses delivered
     */
    public long flush() {
        int n = size;
        // Pass 1: all row bounds (independent loads, so their misses overlap).
        for (int i = 0; i < n; i++) {
            CsrMatrix c = matrices[i];
            starts[i] = c.rowStart(sourceRows[i]);
            ends[i] = c.rowEnd(sourceRows[i]);
        }
        // Pass 2: the first lines of every row's targets (and weights), again independent loads.
        int t = 0;
        for (int i = 0; i < n; i++) {
            CsrMatrix c = matrices[i];
            long s = starts[i];
            long stop = Math.min(ends[i], s + (long) TOUCH_LINES * ROW_ALIGNMENT_ENTRIES);
            MemorySegment targets = c.targets();
            for (long k = s; k < stop; k += ROW_ALIGNMENT_ENTRIES) {
                t |= targets.getAtIndex(TARGET, k);
            }
            if (c.hasWeightArray()) {
                MemorySegment weights = c.weights();
                for (long k = s; k < stop; k += ROW_ALIGNMENT_ENTRIES) {
                    t |= Float.floatToRawIntBits(weights.getAtIndex(WEIGHT, k));
                }
            }
        }
        touched |= t;
        // Pass 3: the additions, rows in the order added.
        long delivered = 0;
        for (int i = 0; i < n; i++) {
            CsrMatrix c = matrices[i];
            long s = starts[i];
            long e = ends[i];
            if (los[i] > 0) {
                s = c.lowerBound(s, e, los[i]);
            }
            MemorySegment dst = rows[i];
            if (dst != null) {
                delivered += c.hasWeightArray() ? addWeighted(c.targets(), c.weights(), s, e, his[i], dst)
                        : addConstant(c.targets(), s, e, his[i], dst, c.constantWeight());
            } else {
                delivered += addDelayed(c, s, e, his[i], rings[i], receptors[i], baseSlots[i]);
            }
            matrices[i] = null;
            rows[i] = null;
            rings[i] = null;
        }
        size = 0;
        return delivered;
    }

    /** Rows queued and not yet delivered. */
    public int size() {
        return size;
    }

    private static long addConstant(MemorySegment targets, long s, long e, int hi, MemorySegment dst, float w) {
        long k = s;
        for (; k < e; k++) {
            int x = targets.getAtIndex(TARGET, k);
            if (x >= hi) {
                break;
            }
            long off = (long) x * Float.BYTES;
            dst.set(JAVA_FLOAT, off, dst.get(JAVA_FLOAT, off) + w);
        }
        return k - s;
    }

    private static long addWeighted(MemorySegment targets, MemorySegment weights, long s, long e, int hi,
            MemorySegment dst) {
        long k = s;
        for (; k < e; k++) {
            int x = targets.getAtIndex(TARGET, k);
            if (x >= hi) {
                break;
            }
            long off = (long) x * Float.BYTES;
            dst.set(JAVA_FLOAT, off, dst.get(JAVA_FLOAT, off) + weights.getAtIndex(WEIGHT, k));
        }
        return k - s;
    }

    private static long addDelayed(CsrMatrix c, long s, long e, int hi, DelayRing ring, int receptor, int base) {
        int slots = ring.slots();
        MemorySegment targets = c.targets();
        long k = s;
        for (; k < e; k++) {
            int x = targets.getAtIndex(TARGET, k);
            if (x >= hi) {
                break;
            }
            int slot = base + c.delay(k); // delay < slots and base < slots: one subtraction wraps it
            if (slot >= slots) {
                slot -= slots;
            }
            ring.add(receptor, Objects.checkIndex(slot, slots), x, c.weight(k));
        }
        return k - s;
    }
}
