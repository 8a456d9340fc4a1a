package org.shnn.engine.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Projection;
import org.shnn.engine.network.WeightRule;
import org.shnn.layouts.synapse.CsrLayout;

/**
 * The row check of {@link CsrMatrix#wrap} (one pass without data-dependent branches, then an entry-by-entry pass
 * that names the bad entry) against a reference written here from the format's rules: a row's targets ascending
 * (equal allowed: multapses) in {@code [0, columns)}, then only {@link CsrLayout#PAD_TARGET}; per-synapse delays in
 * {@code [1, maxDelay]}; the rows' synapses summing to the header's. Thousands of seeded single-entry corruptions
 * of built matrices: the same verdict, and a refusal names the entry the reference finds first.
 */
class CsrRowCheckTest {

    private static final long SEED = 97L;
    private final Arena arena = Arena.ofShared();

    @AfterEach
    void close() {
        arena.close();
    }

    private CsrMatrix build(DelayRule delays) {
        // fixed in-degree from fewer sources than the in-degree draws multapses: equal targets side by side in a row
        Projection p = new Projection(0, 0, 1, 0, Connectivity.fixedInDegree(25), WeightRule.constant(0.5), delays,
                true);
        return CsrBuilder.build(p, 40, 60, false, SEED, arena, 1);
    }

    @Test
    void theOnePassCheckAcceptsAndRefusesWhatTheRulesDo() {
        for (CsrMatrix m : new CsrMatrix[] {build(DelayRule.uniformSteps(1, 20)), build(DelayRule.constant(3))}) {
            Map<String, MemorySegment> parts = m.parts();
            Random random = new Random(SEED);
            int refused = 0;
            for (int c = 0; c < 3000; c++) {
                Map<String, MemorySegment> copy = copy(parts);
                String what = corrupt(copy, m, random);
                Verdict expected = reference(copy, m);
                if (expected.error == null) {
                    CsrMatrix again = wrap(copy);
                    assertEquals(expected.synapses, again.synapseCount(), what);
                } else {
                    refused++;
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrap(copy), what);
                    assertTrue(e.getMessage().startsWith(expected.error), what + ": expected a message starting "
                            + expected.error + ", got " + e.getMessage());
                }
            }
            assertTrue(refused > 1000 && refused < 3000, "both verdicts exercised: " + refused + " of 3000 refused");
        }
    }

    private static CsrMatrix wrap(Map<String, MemorySegment> p) {
        return CsrMatrix.wrap(p.get("header"), p.get("rowOffsets"), p.get("targets"), p.get("weights"),
                p.get("delays"));
    }

    private Map<String, MemorySegment> copy(Map<String, MemorySegment> parts) {
        Map<String, MemorySegment> out = new LinkedHashMap<>();
        for (var e : parts.entrySet()) {
            MemorySegment s = arena.allocate(e.getValue().byteSize(), CsrLayout.ROW_ALIGNMENT_BYTES);
            s.copyFrom(e.getValue());
            out.put(e.getKey(), s);
        }
        return out;
    }

    /** One corruption of a target or a delay (or none); returns what it did. */
    private static String corrupt(Map<String, MemorySegment> p, CsrMatrix m, Random random) {
        MemorySegment targets = p.get("targets");
        long entries = targets.byteSize() / Integer.BYTES;
        long k = random.nextLong(entries);
        int old = targets.getAtIndex(ValueLayout.JAVA_INT, k);
        MemorySegment delays = p.get("delays");
        if (delays != null && random.nextInt(4) == 0) {
            int d = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> m.maxDelay() + 1;
                case 2 -> m.maxDelay();
                default -> 1 + random.nextInt(m.maxDelay());
            };
            setDelay(delays, entries, k, d);
            return "delay[" + k + "] = " + d + " (target " + old + ")";
        }
        int t = switch (random.nextInt(10)) {
            case 0 -> -1;
            case 1 -> Integer.MIN_VALUE;
            case 2 -> m.columns();
            case 3 -> m.columns() - 1;
            case 4 -> 0;
            case 5 -> CsrLayout.PAD_TARGET;
            case 6 -> old + 1;
            case 7 -> old - 1;
            case 8 -> Integer.MAX_VALUE - 1;
            default -> random.nextInt(m.columns());
        };
        targets.setAtIndex(ValueLayout.JAVA_INT, k, t);
        return "targets[" + k + "] = " + t + " (was " + old + ")";
    }

    private static void setDelay(MemorySegment delays, long entries, long k, int d) {
        if (delays.byteSize() >= entries * Short.BYTES) {
            delays.setAtIndex(ValueLayout.JAVA_SHORT, k, (short) d);
        } else {
            delays.set(ValueLayout.JAVA_BYTE, k, (byte) d);
        }
    }

    private static int delay(MemorySegment delays, long entries, long k) {
        return delays.byteSize() >= entries * Short.BYTES ? delays.getAtIndex(ValueLayout.JAVA_SHORT, k)
                : Byte.toUnsignedInt(delays.get(ValueLayout.JAVA_BYTE, k));
    }

    private record Verdict(long synapses, String error) {
    }

    /** The format's rules, entry by entry, on the parts (the row offsets are the builder's, valid). */
    private static Verdict reference(Map<String, MemorySegment> p, CsrMatrix m) {
        MemorySegment offsets = p.get("rowOffsets");
        MemorySegment targets = p.get("targets");
        MemorySegment delays = p.get("delays");
        long entries = targets.byteSize() / Integer.BYTES;
        long synapses = 0;
        for (int row = 0; row < m.rows(); row++) {
            long s = offsets.getAtIndex(ValueLayout.JAVA_LONG, row);
            long e = offsets.getAtIndex(ValueLayout.JAVA_LONG, row + 1L);
            boolean padding = false;
            int previous = 0;
            for (long k = s; k < e; k++) {
                int t = targets.getAtIndex(ValueLayout.JAVA_INT, k);
                if (padding || t == CsrLayout.PAD_TARGET) {
                    padding = true;
                    if (t != CsrLayout.PAD_TARGET) {
                        return new Verdict(-1, "CSR targets[" + k + "]: expected the padding");
                    }
                    continue;
                }
                if (t < previous || t >= m.columns()) {
                    return new Verdict(-1, "CSR targets[" + k + "]: expected a column in [" + previous + ", ");
                }
                if (delays != null) {
                    int d = delay(delays, entries, k);
                    if (d < 1 || d > m.maxDelay()) {
                        return new Verdict(-1, "CSR delays[" + k + "]: expected a delay in [1, ");
                    }
                }
                previous = t;
                synapses++;
            }
        }
        return synapses == m.synapseCount() ? new Verdict(synapses, null)
                : new Verdict(-1, "CSR header: synapses " + m.synapseCount() + ", but the rows hold " + synapses);
    }
}
