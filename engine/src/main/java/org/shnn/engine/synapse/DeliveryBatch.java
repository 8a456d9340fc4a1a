package org.shnn.engine.synapse;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.shnn.layouts.synapse.CsrLayout.ROW_ALIGNMENT_ENTRIES;
import static org.shnn.layouts.synapse.CsrLayout.ROW_OFFSET;
import static org.shnn.layouts.synapse.CsrLayout.TARGET;
import static org.shnn.layouts.synapse.CsrLayout.WEIGHT;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Spike delivery over a batch of CSR rows: {@link #add} records (projection, row); {@link #flush}
 * reads the bounds of every queued row, then loads the first cache lines of every row's targets (and
 * weights), then adds the rows into their delay-ring rows in the order they were added.
 *
 * <p>Why: delivering one row at a time stalls twice per row on dependent cache misses (the row
 * offsets, then the row's first targets), because the previous row's additions fill the out-of-order
 * window and the next row's loads cannot start early. In the first two passes the loads of different
 * rows are independent and the loops short, so the misses of a whole batch overlap; measured in
 * {@code bench/RESULTS.md} section 6b. The order of float additions per ring cell is the order of the
 * {@code add} calls, then row position, exactly as with row-at-a-time delivery.
 *
 * <p>Each row delivers only its targets in [lo, hi) (the caller's neuron range): rows are sorted by
 * target, so delivery starts at the first target &gt;= lo and stops at the first target &gt;= hi, which
 * is at the latest the row padding ({@code PAD_TARGET}). When lo &gt; 0 the start is a binary search in
 * the row, about ten dependent cache misses in a large matrix, paid by every range but the first for
 * every row of every spike; a {@link #rowStarts} table given with {@link #target} keeps each row's offset
 * after its first search, so the look-ahead of the first two passes starts where the range's targets do.
 * Measured in {@code bench/RESULTS.md}, section "Threads on a busy machine".
 *
 * <p>A constant-weight, constant-delay one-to-one matrix, each row {@code r} one synapse onto target {@code r} or
 * none ({@link CsrMatrix#diagonal}: PyNN's {@code OneToOneConnector}, typically a {@code SpikeSourcePoisson}
 * population driving a population cell by cell, or a rank's share of one) skips the first two passes: its row's one
 * cell is known without reading the row, and the third pass adds to it in the same order as any other row. PyNN's
 * Potjans2014 script at 0.1 scale, whose 7,713 Poisson sources send 12.6 million spikes per second this way, runs in
 * about 0.8x the time (median of alternated pairs), with the same raster (bench/RESULTS.md section 56).
 *
 * <p>A row may be scaled by a factor ({@link #add(int, int, float)}: short-term plasticity's release, see
 * {@link ShortTermState}): every synapse of the row then delivers {@code weight * factor} (float product).
 * Rows added without one take the static loops unchanged, so static projections pay nothing for it
 * (measured in {@code bench/RESULTS.md} section 6c).
 *
 * <p>Thread-safety: none; one batch per worker thread. The batch keeps references to the matrices,
 * rings and ring rows it was given; it owns no memory, and they must stay valid while it is used.
 */
public final class DeliveryBatch {

    /** Per projection, where its rows go ({@link #target}); one object per projection, filled in place. */
    private final Route[] routes;
    private final int[] projections;
    private final int[] sourceRows;
    private final float[] factors;
    private final long[] starts;
    private final long[] ends;
    private int size;
    /** Where the look-ahead loads go (a field store keeps the JIT from dropping them); its value means nothing. */
    private int touched;

    /**
     * Creates an empty batch for projections numbered [0, projections); each must get a matrix and a
     * destination from {@link #target} before its rows are added.
     *
     * @param projections number of projections (>= 0)
     * @param capacity rows per batch (>= 1); {@link #add} flushes when it is full
     * @throws IllegalArgumentException if capacity &lt; 1 or projections &lt; 0
     */
    public DeliveryBatch(int projections, int capacity) {
        if (capacity < 1 || projections < 0) {
            throw new IllegalArgumentException("delivery batch capacity " + capacity + " must be >= 1 and projections "
                    + projections + " >= 0");
        }
        int m = projections;
        routes = new Route[m];
        for (int j = 0; j < m; j++) {
            routes[j] = new Route();
        }
        this.projections = new int[capacity];
        sourceRows = new int[capacity];
        factors = new float[capacity];
        starts = new long[capacity];
        ends = new long[capacity];
    }

    /**
     * Sets the matrix of a constant-delay projection and where its rows go until the next call for
     * it: targets [lo, hi) into one ring row. Call between flushes only.
     *
     * @param projection projection number, in [0, projections)
     * @param csr its matrix, without a delay array
     * @param lo first target delivered
     * @param hi one past the last target delivered; {@code dst} holds at least {@code hi} floats
     * @param dst the ring row of the arrival slot (float per target at byte offset {@code 4 * target})
     * @throws IllegalArgumentException if the matrix has a delay array or lo &gt; hi
     * @throws IllegalStateException if rows are queued
     */
    public void target(int projection, CsrMatrix csr, int lo, int hi, MemorySegment dst) {
        target(projection, csr, lo, hi, dst, null);
    }

    /**
     * As {@link #target(int, CsrMatrix, int, int, MemorySegment)}, with a table of row starts for this range.
     *
     * @param rowStarts null, or one {@code int} per row of {@code csr}: -1 where not known yet, else the offset
     *     from the row's start to its first target &gt;= lo (see {@link #rowStarts}); filled in as rows are
     *     delivered, so it must stay with this lo and this matrix's targets. Used whenever given, also with
     *     lo = 0 (every offset is then 0), so that callers that give tables for all their ranges run one path
     * @throws IllegalArgumentException also if rowStarts is smaller than one int per row
     */
    public void target(int projection, CsrMatrix csr, int lo, int hi, MemorySegment dst, MemorySegment rowStarts) {
        if (csr.hasDelayArray()) {
            throw new IllegalArgumentException("projection " + projection + " has per-synapse delays: one ring row "
                    + "cannot hold its arrivals; use the ring overload");
        }
        Route r = range(projection, csr, lo, hi, rowStarts);
        r.destination = Objects.requireNonNull(dst, "dst");
        r.ring = null;
        CsrMatrix.Diagonal d = r.weights == null ? csr.diagonal() : null;
        r.diagonal = d != null;
        if (d != null) { // the rows that hold their synapse, within the range
            r.diagonalLo = Math.max(lo, d.from());
            r.diagonalHi = Math.min(hi, d.to());
        }
    }

    /**
     * Sets the matrix of a projection with per-synapse delays and where its rows go until the next
     * call for it: targets [lo, hi); a synapse of delay {@code d} adds into slot
     * {@code (baseSlot + d) mod slots} of {@code ring}. Call between flushes only.
     *
     * @param projection projection number, in [0, projections)
     * @param csr its matrix; its delays are below {@code ring.slots()}
     * @param lo first target delivered
     * @param hi one past the last target delivered, at most {@code ring.neurons()}
     * @param ring the target population's ring
     * @param receptor receptor of the ring
     * @param baseSlot the ring slot of the current step, {@code ring.slotOf(step)}
     * @throws IllegalArgumentException if lo &gt; hi or hi &gt; {@code ring.neurons()}
     * @throws IndexOutOfBoundsException if baseSlot is outside [0, slots) or receptor outside [0, receptors)
     * @throws IllegalStateException if rows are queued
     */
    public void target(int projection, CsrMatrix csr, int lo, int hi, DelayRing ring, int receptor, int baseSlot) {
        target(projection, csr, lo, hi, ring, receptor, baseSlot, null);
    }

    /**
     * As {@link #target(int, CsrMatrix, int, int, DelayRing, int, int)}, with a table of row starts for this
     * range (see {@link #target(int, CsrMatrix, int, int, MemorySegment, MemorySegment)}).
     */
    public void target(int projection, CsrMatrix csr, int lo, int hi, DelayRing ring, int receptor, int baseSlot,
            MemorySegment rowStarts) {
        Objects.checkIndex(baseSlot, ring.slots());
        Objects.checkIndex(receptor, ring.receptors());
        if (hi > ring.neurons()) { // addDelayed addresses cells in the whole ring: a target past its row is another's
            throw new IllegalArgumentException("projection " + projection + " target range [" + lo + ", " + hi
                    + ") reaches past the ring's " + ring.neurons() + " neurons");
        }
        Route r = range(projection, csr, lo, hi, rowStarts);
        r.destination = null;
        r.diagonal = false;
        r.ring = ring;
        r.receptor = receptor;
        r.baseSlot = baseSlot;
    }

    private Route range(int projection, CsrMatrix csr, int lo, int hi, MemorySegment rowStarts) {
        if (size != 0) {
            throw new IllegalStateException(size + " rows queued: flush before changing projection " + projection);
        }
        if (lo < 0 || lo > hi) {
            throw new IllegalArgumentException("projection " + projection + " target range [" + lo + ", " + hi + ")");
        }
        if (rowStarts != null && rowStarts.byteSize() < (long) csr.rows() * Integer.BYTES) {
            throw new IllegalArgumentException("projection " + projection + " row starts: " + rowStarts.byteSize()
                    + " bytes for " + csr.rows() + " rows, expected " + (long) csr.rows() * Integer.BYTES);
        }
        Route r = routes[projection];
        r.skip = rowStarts;
        r.matrix = csr;
        r.rowOffsets = csr.checkedRowOffsets();
        r.targets = csr.targets();
        r.weights = csr.hasWeightArray() ? csr.weights() : null;
        r.constantWeight = csr.constantWeight();
        r.lo = lo;
        r.hi = hi;
        return r;
    }

    /**
     * Queues row {@code row} of projection {@code projection} for delivery to where {@link #target}
     * said.
     *
     * @param projection projection number, in [0, projections)
     * @param row source row, in [0, rows)
     * @return synapses delivered by a flush this call caused (the batch was full), else 0
     * @throws IllegalStateException if the projection has no destination yet
     */
    public long add(int projection, int row) {
        return add(projection, row, 1.0f);
    }

    /**
     * Queues row {@code row} of projection {@code projection}, every weight scaled by {@code factor}, for
     * delivery to where {@link #target} said.
     *
     * @param projection projection number, in [0, projections)
     * @param row source row, in [0, rows)
     * @param factor the row's weight factor (1: unscaled)
     * @return synapses delivered by a flush this call caused (the batch was full), else 0
     * @throws IllegalStateException if the projection has no destination yet
     */
    public long add(int projection, int row, float factor) {
        Route r = routes[projection];
        if (r.destination == null && r.ring == null) {
            throw new IllegalStateException("projection " + projection + " has no destination: call target first");
        }
        int n = size;
        projections[n] = projection;
        sourceRows[n] = row;
        factors[n] = factor;
        size = n + 1;
        return size == projections.length ? flush() : 0;
    }

    /**
     * A table of row starts for {@link #target} of a range starting at target {@code lo}: one {@code int} per row of
     * {@code csr}, from {@code alloc}, which owns it; filled as {@link #resetRowStarts} does.
     */
    public static MemorySegment rowStarts(CsrMatrix csr, int lo, java.lang.foreign.SegmentAllocator alloc) {
        MemorySegment t = alloc.allocate((long) Math.max(1, csr.rows()) * Integer.BYTES, 64);
        resetRowStarts(t, lo);
        return t;
    }

    /**
     * Forgets what a table of row starts knew (its matrix was replaced): every offset unknown (-1), or, for a range
     * starting at target 0, every offset 0 (known without a search: each row's range starts at its first entry; a
     * table of unknowns made the first range, under a thread ceiling, binary-search every row for target 0 at its
     * first use, bench/RESULTS.md section 67).
     */
    public static void resetRowStarts(MemorySegment rowStarts, int lo) {
        rowStarts.fill(lo == 0 ? 0 : (byte) 0xFF);
    }

    /**
     * Delivers the queued rows in the order they were added and empties the batch.
     *
     * @return synapses delivered
     */
    public long flush() {
        int n = size;
        bounds(n);
        touch(n);
        long delivered = deliver(n);
        size = 0;
        return delivered;
    }

    /**
     * Pass 1: the bounds of every queued row and, for ranges after the first, where the range starts in the row
     * (independent loads, so their misses overlap; a row not seen before costs its binary search once). The row
     * offsets are read from the segment directly, not through {@link CsrMatrix#rowStart}, which C2 compiled as a call
     * per bound ("callee uses too much stack", bench/RESULTS.md section 29), except for a matrix whose rows are
     * checked on first use.
     */
    private void bounds(int n) {
        int[] queued = projections;
        int[] rows = sourceRows;
        long[] s = starts;
        long[] e = ends;
        for (int i = 0; i < n; i++) {
            Route r = routes[queued[i]];
            int row = rows[i];
            if (r.diagonal) { // the row's one synapse is onto target row: nothing to read
                s[i] = row;
                e[i] = row + 1L;
                continue;
            }
            MemorySegment offsets = r.rowOffsets;
            long a;
            long b;
            if (offsets != null) {
                a = offsets.getAtIndex(ROW_OFFSET, row);
                b = offsets.getAtIndex(ROW_OFFSET, row + 1L);
            } else { // rows checked on first use (CsrMatrix.wrapCheckingRowsOnUse)
                a = r.matrix.rowStart(row);
                b = r.matrix.rowEnd(row);
            }
            s[i] = r.skip != null || r.lo > 0 ? a + rangeStart(r, row, a, b) : a;
            e[i] = b;
        }
    }

    /** Offset from a row's start to its first target &gt;= the range's lo: from the row-start table, else searched. */
    private static int rangeStart(Route r, int row, long s, long e) {
        MemorySegment skip = r.skip;
        int d = skip == null ? -1 : skip.getAtIndex(JAVA_INT, row);
        if (d < 0) {
            d = (int) (r.matrix.lowerBound(s, e, r.lo) - s);
            if (skip != null) {
                skip.setAtIndex(JAVA_INT, row, d);
            }
        }
        return d;
    }

    /**
     * Pass 2: the first 4 lines of every row's targets (and weights), again independent loads. The
     * loads are written out, not looped: C2 compiled the former 4-iteration loop with about 60 instructions of loop
     * set-up and range-check code per row around the 4 loads, and the out-of-order window, which must hold the loads of
     * many rows at once for their misses to overlap, held those of few (bench/RESULTS.md section 37). A row shorter than
     * the 4 lines loads its last entry more than once; an empty row (or range) loads nothing.
     */
    private void touch(int n) {
        int[] queued = projections;
        long[] s = starts;
        long[] e = ends;
        int t = 0;
        for (int i = 0; i < n; i++) {
            long a = s[i];
            long last = e[i] - 1;
            if (a > last) {
                continue;
            }
            Route r = routes[queued[i]];
            if (r.diagonal) {
                continue;
            }
            long k1 = Math.min(a + ROW_ALIGNMENT_ENTRIES, last);
            long k2 = Math.min(a + 2 * ROW_ALIGNMENT_ENTRIES, last);
            long k3 = Math.min(a + 3 * ROW_ALIGNMENT_ENTRIES, last);
            MemorySegment targets = r.targets;
            t |= targets.getAtIndex(TARGET, a) | targets.getAtIndex(TARGET, k1) | targets.getAtIndex(TARGET, k2)
                    | targets.getAtIndex(TARGET, k3);
            MemorySegment weights = r.weights;
            if (weights != null) {
                t |= Float.floatToRawIntBits(weights.getAtIndex(WEIGHT, a))
                        | Float.floatToRawIntBits(weights.getAtIndex(WEIGHT, k1))
                        | Float.floatToRawIntBits(weights.getAtIndex(WEIGHT, k2))
                        | Float.floatToRawIntBits(weights.getAtIndex(WEIGHT, k3));
            }
        }
        touched |= t;
    }

    /**
     * Pass 3: the additions, rows in the order added. The constant-weight loop (the built-in networks' case) is written
     * here and not called, with an int index within the row: in a probe (bench/RESULTS.md section 29) the loop as a
     * method called per row ran at 0.6x of the heap contender and inside the row loop at 0.9x.
     */
    private long deliver(int n) {
        int[] queued = projections;
        long[] s = starts;
        long[] e = ends;
        float[] f = factors;
        long delivered = 0;
        for (int i = 0; i < n; i++) {
            Route r = routes[queued[i]];
            MemorySegment dst = r.destination;
            MemorySegment weights = r.weights;
            MemorySegment targets = r.targets;
            long a = s[i];
            int hi = r.hi;
            if (r.diagonal) { // row a's one synapse onto target a, if it has one in [lo, hi): as the loop below adds it
                int x = (int) a;
                if (x >= r.diagonalLo && x < r.diagonalHi) {
                    dst.setAtIndex(JAVA_FLOAT, x, dst.getAtIndex(JAVA_FLOAT, x) + r.constantWeight * f[i]);
                    delivered++;
                }
            } else if (dst == null) {
                delivered += addDelayed(r.matrix, a, e[i], hi, r.ring, r.receptor, r.baseSlot, f[i]);
            } else if (weights == null) {
                float w = r.constantWeight * f[i]; // w * 1 == w
                int len = rowLength(a, e[i]);
                int k = 0;
                for (; k < len; k++) {
                    int x = targets.getAtIndex(TARGET, a + k);
                    if (x >= hi) {
                        break;
                    }
                    dst.setAtIndex(JAVA_FLOAT, x, dst.getAtIndex(JAVA_FLOAT, x) + w);
                }
                delivered += k;
            } else if (f[i] == 1.0f) {
                delivered += addWeighted(targets, weights, a, e[i], hi, dst);
            } else {
                delivered += addScaled(targets, weights, a, e[i], hi, dst, f[i]);
            }
        }
        return delivered;
    }

    /**
     * Entries from {@code s} to {@code e}, at most {@code Integer.MAX_VALUE}: a row holds at most that many synapses
     * (its targets are distinct ints below {@code columns}), so an int index reaches all of them or the padding.
     */
    private static int rowLength(long s, long e) {
        return (int) Math.min(e - s, Integer.MAX_VALUE);
    }

    /** Rows queued and not yet delivered. */
    public int size() {
        return size;
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

    private static long addScaled(MemorySegment targets, MemorySegment weights, long s, long e, int hi,
            MemorySegment dst, float f) {
        long k = s;
        for (; k < e; k++) {
            int x = targets.getAtIndex(TARGET, k);
            if (x >= hi) {
                break;
            }
            long off = (long) x * Float.BYTES;
            dst.set(JAVA_FLOAT, off, dst.get(JAVA_FLOAT, off) + weights.getAtIndex(WEIGHT, k) * f);
        }
        return k - s;
    }

    /**
     * Per-synapse delays; {@code f} scales the weights (a product by 1 is exact, so static rows share it). Each cell
     * is addressed in the ring's one segment (row (receptor, slot) at {@code (receptor * slots + slot) * rowBytes}),
     * not through {@link DelayRing#add}'s row slice per synapse: one segment's bounds and base for the whole row
     * instead of a slice loaded from an array for every synapse; the same cells and additions in the same order
     * (PD14 at 1/4 scale: 8% less simulation time, bench/RESULTS.md section 52).
     */
    private static long addDelayed(CsrMatrix c, long s, long e, int hi, DelayRing ring, int receptor, int base,
            float f) {
        int slots = ring.slots();
        long rowBytes = ring.rowBytes();
        long receptorAt = (long) receptor * slots * rowBytes;
        MemorySegment cells = ring.segment();
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
            // both checked: the segment's own check covers the whole ring, not the row
            long off = receptorAt + Objects.checkIndex(slot, slots) * rowBytes
                    + (long) Objects.checkIndex(x, hi) * Float.BYTES;
            cells.set(JAVA_FLOAT, off, cells.get(JAVA_FLOAT, off) + c.weight(k) * f);
        }
        return k - s;
    }

    /**
     * Where one projection's rows go until its next {@link #target}: its matrix and the segments read from it, the
     * target range, and a ring row or a ring. Fields and not parallel arrays: {@code target} is called per projection
     * every step, and a store of a segment into a {@code MemorySegment[]} (an array of an interface type) is compiled
     * by C2 with a check on the array's class that fails the first time the compiled code runs, an uncommon trap and a
     * recompilation of the step's delivery inside the run (bench/RESULTS.md section 41). A field store has no such
     * check.
     */
    private static final class Route {
        CsrMatrix matrix;
        /** The matrix's row offsets if all its rows are checked, else null (then read through the matrix). */
        MemorySegment rowOffsets;
        MemorySegment targets;
        /** The weights, or null for a constant weight. */
        MemorySegment weights;
        float constantWeight;
        int lo;
        int hi;
        /** The ring row of a constant-delay projection's arrivals, or null for per-synapse delays. */
        MemorySegment destination;
        /** The ring of a projection with per-synapse delays, or null. */
        DelayRing ring;
        int receptor;
        int baseSlot;
        /** The row-start table when lo &gt; 0, else null. */
        MemorySegment skip;
        /**
         * A constant-weight, constant-delay one-to-one matrix ({@link CsrMatrix#diagonal}): {@link #bounds} puts the
         * row's number where a row's entries go, and {@link #deliver} adds to that cell if it is in
         * [{@link #diagonalLo}, {@link #diagonalHi}).
         */
        boolean diagonal;
        /** The rows of a {@link #diagonal} route that hold their synapse, within [lo, hi): first. */
        int diagonalLo;
        /** One past the last (at most {@link #diagonalLo}: none). */
        int diagonalHi;
    }
}
