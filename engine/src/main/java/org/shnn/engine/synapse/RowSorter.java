package org.shnn.engine.synapse;

import static org.shnn.layouts.synapse.CsrLayout.DELAY_BYTE;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_SHORT;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_U8;
import static org.shnn.layouts.synapse.CsrLayout.TARGET;
import static org.shnn.layouts.synapse.CsrLayout.WEIGHT;

import java.lang.foreign.MemorySegment;

/**
 * Sorts the entries [from, to) of a CSR row in place by (target, weight bits, delay), moving the
 * parallel weight and delay entries along. The full key makes the order of multapses (same target
 * twice) deterministic, which keeps float accumulation order fixed. Rows are sorted on heap copies (bounded by the
 * longest row, not the synapse count): targets only, a primitive sort of the targets; with weights or delays, a
 * primitive sort of (target, position) keys, then each run of equal targets by the rest of the key, and the row
 * written back in that order. Short rows are sorted in place by insertion, rows longer than {@link #HEAP_ROW} in place
 * by heapsort (O(n log n) worst case). Every path gives the one order of the full key.
 *
 * <p>Thread-safety: one instance per thread (it owns its scratch arrays); rows of different instances must not overlap.
 */
final class RowSorter {

    private final MemorySegment targets;
    private final MemorySegment weights;
    private final MemorySegment delays;
    private final int delayKind;

    RowSorter(MemorySegment targets, MemorySegment weights, MemorySegment delays, int delayKind) {
        this.targets = targets;
        this.weights = weights;
        this.delays = delays;
        this.delayKind = delayKind;
    }

    /** The longest row sorted on heap copies (20 bytes per entry); longer ones are sorted in place. */
    static final int HEAP_ROW = 1 << 24;

    private int[] scratch = new int[64];
    private long[] keys = new long[0];
    private int[] rowWeights = new int[0];
    private int[] rowDelays = new int[0];

    void sort(long from, long to) {
        long n = to - from;
        if (n < 2 || sorted(from, to)) {
            return; // one pass instead of a sort when the row is already in order (e.g. a list in CSR order)
        }
        if (weights == null && delays == null && n <= Integer.MAX_VALUE - 8) {
            // Targets only: equal targets are indistinguishable, so a plain primitive sort on a heap
            // copy of the row gives the one deterministic result, much faster than sorting in place.
            int len = (int) n;
            if (scratch.length < len) {
                scratch = new int[Math.max(len, scratch.length * 2)];
            }
            MemorySegment.copy(targets, TARGET, from * TARGET.byteSize(), scratch, 0, len);
            java.util.Arrays.sort(scratch, 0, len);
            MemorySegment.copy(scratch, 0, targets, TARGET, from * TARGET.byteSize(), len);
            return;
        }
        if (n <= 32) {
            for (long i = from + 1; i < to; i++) {
                for (long j = i; j > from && compare(j - 1, j) > 0; j--) {
                    swap(j - 1, j);
                }
            }
            return;
        }
        if (n <= HEAP_ROW) {
            sortOnHeap(from, (int) n);
            return;
        }
        heapSort(from, n);
    }

    /**
     * Sorts the {@code n} entries from {@code from} on heap copies: (target, position) keys by a primitive sort, each
     * run of equal targets by (weight bits, delay) as {@link #compare} orders them, then the entries written back.
     */
    private void sortOnHeap(long from, int n) {
        if (keys.length < n) {
            int len = Math.max(n, Math.min(HEAP_ROW, keys.length * 2));
            keys = new long[len];
            scratch = new int[Math.max(scratch.length, len)];
            rowWeights = new int[len];
            rowDelays = new int[len];
        }
        int[] t = scratch;
        MemorySegment.copy(targets, TARGET, from * TARGET.byteSize(), t, 0, n);
        for (int i = 0; i < n; i++) {
            keys[i] = (long) t[i] << 32 | i; // targets are >= 0: signed order is target order, then position
        }
        java.util.Arrays.sort(keys, 0, n);
        int[] w = rowWeights;
        int[] d = rowDelays;
        for (int j = 0; j < n; j++) {
            long e = from + (int) keys[j];
            t[j] = (int) (keys[j] >>> 32);
            w[j] = weights == null ? 0 : Float.floatToRawIntBits(weights.getAtIndex(WEIGHT, e));
            d[j] = delays == null ? 0 : delay(e);
        }
        for (int a = 0; a < n; ) { // multapses: the rest of the key, by insertion (a run is a few entries)
            int b = a + 1;
            while (b < n && t[b] == t[a]) {
                b++;
            }
            for (int i = a + 1; i < b; i++) {
                for (int j = i; j > a && (w[j - 1] > w[j] || (w[j - 1] == w[j] && d[j - 1] > d[j])); j--) {
                    int x = w[j];
                    w[j] = w[j - 1];
                    w[j - 1] = x;
                    x = d[j];
                    d[j] = d[j - 1];
                    d[j - 1] = x;
                }
            }
            a = b;
        }
        MemorySegment.copy(t, 0, targets, TARGET, from * TARGET.byteSize(), n);
        for (int j = 0; j < n; j++) {
            long e = from + j;
            if (weights != null) {
                weights.setAtIndex(WEIGHT, e, Float.intBitsToFloat(w[j]));
            }
            if (delays != null) {
                if (delayKind == DELAY_U8) {
                    delays.set(DELAY_BYTE, e, (byte) d[j]);
                } else {
                    delays.setAtIndex(DELAY_SHORT, e, (short) d[j]);
                }
            }
        }
    }

    /** Sorts the {@code n} entries from {@code from} in place (heapsort; no heap memory). */
    void heapSort(long from, long n) {
        for (long i = n / 2 - 1; i >= 0; i--) {
            siftDown(from, i, n);
        }
        for (long end = n - 1; end > 0; end--) {
            swap(from, from + end);
            siftDown(from, 0, end);
        }
    }

    /**
     * Sorts each run of equal targets in the real entries of [from, to) (it stops at the padding) by the full key:
     * for a row already in target order this gives the order of {@link #sort}.
     */
    void sortEqualTargets(long from, long to) {
        long i = from;
        while (i < to) {
            int t = targets.getAtIndex(TARGET, i);
            if (t == org.shnn.layouts.synapse.CsrLayout.PAD_TARGET) {
                return;
            }
            long j = i + 1;
            while (j < to && targets.getAtIndex(TARGET, j) == t) {
                j++;
            }
            if (j - i > 1) {
                sort(i, j);
            }
            i = j;
        }
    }

    private boolean sorted(long from, long to) {
        for (long i = from + 1; i < to; i++) {
            if (compare(i - 1, i) > 0) {
                return false;
            }
        }
        return true;
    }

    private void siftDown(long base, long i, long n) {
        while (true) {
            long child = 2 * i + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && compare(base + child, base + child + 1) < 0) {
                child++;
            }
            if (compare(base + i, base + child) >= 0) {
                return;
            }
            swap(base + i, base + child);
            i = child;
        }
    }

    private int compare(long a, long b) {
        int c = Integer.compare(targets.getAtIndex(TARGET, a), targets.getAtIndex(TARGET, b));
        if (c != 0) {
            return c;
        }
        if (weights != null) {
            c = Integer.compare(Float.floatToRawIntBits(weights.getAtIndex(WEIGHT, a)),
                    Float.floatToRawIntBits(weights.getAtIndex(WEIGHT, b)));
            if (c != 0) {
                return c;
            }
        }
        return delays == null ? 0 : Integer.compare(delay(a), delay(b));
    }

    private int delay(long e) {
        return delayKind == DELAY_U8 ? Byte.toUnsignedInt(delays.get(DELAY_BYTE, e)) : delays.getAtIndex(DELAY_SHORT, e);
    }

    private void swap(long a, long b) {
        int t = targets.getAtIndex(TARGET, a);
        targets.setAtIndex(TARGET, a, targets.getAtIndex(TARGET, b));
        targets.setAtIndex(TARGET, b, t);
        if (weights != null) {
            float w = weights.getAtIndex(WEIGHT, a);
            weights.setAtIndex(WEIGHT, a, weights.getAtIndex(WEIGHT, b));
            weights.setAtIndex(WEIGHT, b, w);
        }
        if (delays != null) {
            if (delayKind == DELAY_U8) {
                byte d = delays.get(DELAY_BYTE, a);
                delays.set(DELAY_BYTE, a, delays.get(DELAY_BYTE, b));
                delays.set(DELAY_BYTE, b, d);
            } else {
                short d = delays.getAtIndex(DELAY_SHORT, a);
                delays.setAtIndex(DELAY_SHORT, a, delays.getAtIndex(DELAY_SHORT, b));
                delays.setAtIndex(DELAY_SHORT, b, d);
            }
        }
    }
}
