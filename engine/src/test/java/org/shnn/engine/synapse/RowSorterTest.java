package org.shnn.engine.synapse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_BYTE;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_I16;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_SHORT;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_U8;
import static org.shnn.layouts.synapse.CsrLayout.TARGET;
import static org.shnn.layouts.synapse.CsrLayout.WEIGHT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RowSorter}: every path (insertion, heap copies, in-place heapsort) gives the one order of the full key
 * (target, weight bits, delay), so a network's synapses do not depend on which path sorted a row. Rows full of
 * multapses with tied weights and different delays, for both delay widths, with and without weights and delays,
 * against the in-place heapsort and against a check of the order itself.
 */
class RowSorterTest {

    private record Row(MemorySegment targets, MemorySegment weights, MemorySegment delays) {
    }

    private static Row row(Arena arena, int n, int kind, boolean withWeights, boolean withDelays, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MemorySegment t = arena.allocate(TARGET, n);
        MemorySegment w = withWeights ? arena.allocate(WEIGHT, n) : null;
        MemorySegment d = withDelays ? arena.allocate(kind == DELAY_U8 ? DELAY_BYTE : DELAY_SHORT, n) : null;
        int targets = Math.max(2, n / 4); // about 4 synapses per target: runs of multapses everywhere
        for (int i = 0; i < n; i++) {
            t.setAtIndex(TARGET, i, r.nextInt(targets));
            if (w != null) {
                w.setAtIndex(WEIGHT, i, r.nextInt(3) == 0 ? -0.5f : r.nextInt(3) * 0.25f); // ties, both signs
            }
            if (d != null) {
                int steps = 1 + r.nextInt(kind == DELAY_U8 ? 255 : 3000); // the u8 range's upper half too
                if (kind == DELAY_U8) {
                    d.set(DELAY_BYTE, i, (byte) steps);
                } else {
                    d.setAtIndex(DELAY_SHORT, i, (short) steps);
                }
            }
        }
        return new Row(t, w, d);
    }

    private static Row copy(Arena arena, Row a) {
        return new Row(copy(arena, a.targets), a.weights == null ? null : copy(arena, a.weights),
                a.delays == null ? null : copy(arena, a.delays));
    }

    private static MemorySegment copy(Arena arena, MemorySegment s) {
        return arena.allocate(s.byteSize(), 8).copyFrom(s);
    }

    private static byte[] bytes(MemorySegment s) {
        return s == null ? new byte[0] : s.toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void everyPathGivesTheOrderOfTheFullKey() {
        try (Arena arena = Arena.ofConfined()) {
            long seed = 1;
            for (int kind : new int[] {DELAY_U8, DELAY_I16}) {
                for (int n : new int[] {20, 33, 200, 5000}) {
                    for (int parts = 0; parts < 4; parts++) {
                        boolean withWeights = (parts & 1) != 0;
                        boolean withDelays = (parts & 2) != 0;
                        Row a = row(arena, n, kind, withWeights, withDelays, seed++);
                        Row b = copy(arena, a);
                        new RowSorter(a.targets, a.weights, a.delays, kind).sort(0, n);
                        new RowSorter(b.targets, b.weights, b.delays, kind).heapSort(0, n);
                        String what = "n " + n + ", delay kind " + kind + ", weights " + withWeights + ", delays "
                                + withDelays;
                        assertArrayEquals(bytes(b.targets), bytes(a.targets), what + ": targets");
                        assertArrayEquals(bytes(b.weights), bytes(a.weights), what + ": weights");
                        assertArrayEquals(bytes(b.delays), bytes(a.delays), what + ": delays");
                        for (int i = 1; i < n; i++) {
                            assertTrue(key(a, kind, i - 1).compareTo(key(a, kind, i)) <= 0, what + ": entry " + i);
                        }
                    }
                }
            }
        }
    }

    /** The full key of entry {@code i}, as a string that orders as the key (fixed-width, offset to unsigned). */
    private static String key(Row r, int kind, int i) {
        long t = r.targets.getAtIndex(TARGET, i);
        long w = r.weights == null ? 0 : (long) Float.floatToRawIntBits(r.weights.getAtIndex(WEIGHT, i)) + (1L << 31);
        long d = r.delays == null ? 0 : kind == DELAY_U8 ? Byte.toUnsignedInt(r.delays.get(DELAY_BYTE, i))
                : r.delays.getAtIndex(DELAY_SHORT, i);
        return String.format("%011d %011d %06d", t, w, d);
    }
}
