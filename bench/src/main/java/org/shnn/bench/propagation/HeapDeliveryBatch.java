package org.shnn.bench.propagation;

import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.engine.synapse.DeliveryBatch;
import org.shnn.layouts.synapse.CsrLayout;

/**
 * The engine's delivery ({@link DeliveryBatch}: rows queued in batches; per batch, all row bounds, then the first
 * cache lines of every row, then the additions in the order queued; each row stops at its first target
 * {@code >= hi}, at the latest its padding) on heap arrays: a copy of a {@link CsrMatrix}'s padded layout as
 * {@code int[]} row offsets and targets and a {@code float[]} of weights (or the constant weight), into a
 * {@code float[]}. The same algorithm, the same layout, the same order of additions, so that
 * {@code DeliveryBenchmark.heapBatch} and {@code PropagationBenchmark.heapBatch} measure what the engine's
 * off-heap memory costs against the heap for the engine's own propagation pattern (issue 18, part 5).
 *
 * <p>One projection; targets [0, hi) (the first worker range). Not thread-safe; owns heap copies only.
 */
final class HeapDeliveryBatch {

    private static final int LINE = CsrLayout.ROW_ALIGNMENT_ENTRIES;
    private static final int TOUCH_LINES = 4;

    private final int[] rowOffsets;
    private final int[] targets;
    private final float[] weights;
    private final float constantWeight;
    private final int[] rows;
    private final int[] starts;
    private final int[] ends;
    private int size;
    private int touched;
    private float[] dst;
    private int hi;

    /** Copies {@code csr} (at most 2^31 - 1 entries) for batches of {@code capacity} rows. */
    HeapDeliveryBatch(CsrMatrix csr, int capacity) {
        int n = Math.toIntExact(csr.rows());
        rowOffsets = new int[n + 1];
        for (int r = 0; r <= n; r++) {
            rowOffsets[r] = Math.toIntExact(r < n ? csr.rowStart(r) : csr.rowEnd(n - 1));
        }
        targets = csr.targets().asSlice(0, (long) rowOffsets[n] * Integer.BYTES)
                .toArray(java.lang.foreign.ValueLayout.JAVA_INT);
        weights = csr.hasWeightArray() ? csr.weights().asSlice(0, (long) rowOffsets[n] * Float.BYTES)
                .toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT) : null;
        constantWeight = csr.constantWeight();
        rows = new int[capacity];
        starts = new int[capacity];
        ends = new int[capacity];
    }

    /** Where rows go until the next call: targets [0, hi) of {@code out}. */
    void target(int targetsEnd, float[] out) {
        hi = targetsEnd;
        dst = out;
    }

    /** Queues a row; flushes when the batch is full. */
    void add(int row) {
        rows[size++] = row;
        if (size == rows.length) {
            flush();
        }
    }

    /** Delivers the queued rows in order; returns the synapses delivered. */
    long flush() {
        int n = size;
        int[] off = rowOffsets;
        for (int i = 0; i < n; i++) {
            starts[i] = off[rows[i]];
            ends[i] = off[rows[i] + 1];
        }
        int t = 0;
        int[] tg = targets;
        float[] wt = weights;
        for (int i = 0; i < n; i++) {
            int s = starts[i];
            int stop = Math.min(ends[i], s + TOUCH_LINES * LINE);
            for (int k = s; k < stop; k += LINE) {
                t |= tg[k];
            }
            if (wt != null) {
                for (int k = s; k < stop; k += LINE) {
                    t |= Float.floatToRawIntBits(wt[k]);
                }
            }
        }
        touched |= t;
        long delivered = 0;
        float[] o = dst;
        int h = hi;
        for (int i = 0; i < n; i++) {
            int s = starts[i];
            int e = ends[i];
            int k = s;
            if (wt == null) {
                float w = constantWeight;
                for (; k < e; k++) {
                    int x = tg[k];
                    if (x >= h) {
                        break;
                    }
                    o[x] += w;
                }
            } else {
                for (; k < e; k++) {
                    int x = tg[k];
                    if (x >= h) {
                        break;
                    }
                    o[x] += wt[k];
                }
            }
            delivered += k - s;
        }
        size = 0;
        return delivered;
    }

    /** The look-ahead loads' sink (read so the JIT keeps them). */
    int touched() {
        return touched;
    }
}
