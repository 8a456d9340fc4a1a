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
 * twice) deterministic, which keeps float accumulation order fixed. Rows with targets only are
 * sorted on a heap copy of the row (bounded by the longest row, not the synapse count); rows with
 * weights or delays in place: insertion sort for short rows, heapsort (O(n log n) worst case) for long ones.
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

    private int[] scratch = new int[64];

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
