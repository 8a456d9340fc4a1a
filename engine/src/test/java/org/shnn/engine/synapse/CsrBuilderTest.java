package org.shnn.engine.synapse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Projection;
import org.shnn.engine.network.WeightRule;
import org.shnn.layouts.synapse.CsrLayout;

class CsrBuilderTest {

    private static final long SEED = 424242L;
    private final Arena arena = Arena.ofShared();

    @AfterEach
    void close() {
        arena.close();
    }

    private static Projection projection(Connectivity c, WeightRule w, DelayRule d, boolean autapses) {
        return new Projection(0, 0, 1, 0, c, w, d, autapses);
    }

    private CsrMatrix build(Connectivity c, int rows, int cols, boolean same, int threads) {
        return CsrBuilder.build(projection(c, WeightRule.constant(1.5), DelayRule.constant(3), true), rows, cols, same, SEED,
                arena, threads);
    }

    /** Invariants every matrix must satisfy: aligned rows, sorted targets, padding only at the end. */
    private static void checkStructure(CsrMatrix m) {
        long real = 0;
        for (int r = 0; r < m.rows(); r++) {
            long s = m.rowStart(r);
            long e = m.rowEnd(r);
            assertEquals(0, s % CsrLayout.ROW_ALIGNMENT_ENTRIES, "row " + r + " start " + s);
            assertEquals(0, (m.targets().address() + s * 4) % 64, "row " + r + " not on a cache line");
            int len = m.rowLength(r);
            assertEquals(CsrLayout.paddedLength(len), e - s, "row " + r + " padding");
            for (long k = s; k < s + len; k++) {
                assertTrue(m.target(k) >= 0 && m.target(k) < m.columns(), "target " + m.target(k));
                if (k > s) {
                    assertTrue(m.target(k - 1) <= m.target(k), "row " + r + " unsorted at " + k);
                }
            }
            for (long k = s + len; k < e; k++) {
                assertEquals(CsrLayout.PAD_TARGET, m.target(k));
            }
            real += len;
        }
        assertEquals(real, m.synapseCount());
    }

    @Test
    void fixedInDegreeIsExactPerTarget() {
        int rows = 500;
        int cols = 300;
        CsrMatrix m = build(Connectivity.fixedInDegree(40), rows, cols, false, 2);
        checkStructure(m);
        int[] inDegree = new int[cols];
        for (int r = 0; r < rows; r++) {
            for (long k = m.rowStart(r); k < m.rowStart(r) + m.rowLength(r); k++) {
                inDegree[m.target(k)]++;
            }
        }
        for (int c = 0; c < cols; c++) {
            assertEquals(40, inDegree[c], "in-degree of target " + c + ", seed " + SEED);
        }
        assertEquals(40L * cols, m.synapseCount());
    }

    @Test
    void fixedInDegreeWithoutMultapsesOrAutapsesHasDistinctSources() {
        int n = 60;
        CsrMatrix m = CsrBuilder.build(projection(new Connectivity.FixedInDegree(59, false), WeightRule.constant(1),
                DelayRule.constant(1), false), n, n, true, SEED, arena, 3);
        checkStructure(m);
        boolean[][] seen = new boolean[n][n];
        for (int r = 0; r < n; r++) {
            for (long k = m.rowStart(r); k < m.rowStart(r) + m.rowLength(r); k++) {
                int t = m.target(k);
                assertFalse(seen[r][t], "multapse " + r + " -> " + t);
                assertTrue(r != t, "autapse " + r);
                seen[r][t] = true;
            }
        }
        assertEquals(59L * n, m.synapseCount());
    }

    @Test
    void fixedProbabilityHasBinomialMeanDegree() {
        int n = 4000;
        double p = 0.02;
        CsrMatrix m = build(Connectivity.fixedProbability(p), n, n, true, 2);
        checkStructure(m);
        double mean = m.synapseCount() / (double) n;
        // row length ~ binomial(4000, .02): mean 80, sd 8.85; mean over 4000 rows: sd 0.14
        assertEquals(80, mean, 0.7, "mean out-degree, seed " + SEED);
        double sq = 0;
        for (int r = 0; r < n; r++) {
            sq += Math.pow(m.rowLength(r) - mean, 2);
        }
        assertEquals(80 * 0.98, sq / n, 8, "variance of out-degree, seed " + SEED);
    }

    @Test
    void fixedProbabilityEdgeCases() {
        assertEquals(0, build(Connectivity.fixedProbability(0), 10, 10, false, 1).synapseCount());
        CsrMatrix full = CsrBuilder.build(projection(Connectivity.fixedProbability(1), WeightRule.constant(1),
                DelayRule.constant(1), false), 10, 10, true, SEED, arena, 1);
        assertEquals(90, full.synapseCount(), "p = 1 without autapses");
    }

    @Test
    void fixedOutDegreeOneToOneAllToAll() {
        CsrMatrix out = build(Connectivity.fixedOutDegree(7), 100, 50, false, 2);
        checkStructure(out);
        for (int r = 0; r < 100; r++) {
            assertEquals(7, out.rowLength(r));
        }
        CsrMatrix one = build(Connectivity.oneToOne(), 33, 33, false, 2);
        checkStructure(one);
        for (int r = 0; r < 33; r++) {
            assertEquals(1, one.rowLength(r));
            assertEquals(r, one.target(one.rowStart(r)));
        }
        CsrMatrix all = CsrBuilder.build(projection(Connectivity.allToAll(), WeightRule.constant(1), DelayRule.constant(1),
                false), 20, 20, true, SEED, arena, 2);
        checkStructure(all);
        assertEquals(20 * 19, all.synapseCount());
    }

    @Test
    void explicitSynapsesKeepWeightsAndDelaysSortedPerRow() {
        int[] src = {2, 0, 2, 1, 2};
        int[] tgt = {5, 3, 1, 0, 5};
        float[] w = {0.5f, 1f, 2f, 3f, -0.25f};
        int[] d = {4, 1, 2, 300, 7};
        CsrMatrix m = CsrBuilder.build(projection(Connectivity.explicit(src, tgt, w, d), WeightRule.constant(0),
                DelayRule.constant(1), true), 3, 6, false, SEED, arena, 1);
        checkStructure(m);
        assertEquals(5, m.synapseCount());
        assertTrue(m.hasWeightArray());
        assertTrue(m.hasDelayArray());
        assertEquals(CsrLayout.DELAY_I16, m.delayKind(), "a 300-step delay needs shorts");
        long r2 = m.rowStart(2);
        assertEquals(1, m.target(r2));
        assertEquals(2f, m.weight(r2));
        assertEquals(2, m.delay(r2));
        // target 5 twice: ordered by weight bits (-0.25 has the sign bit, so sorts first as a signed int)
        assertEquals(5, m.target(r2 + 1));
        assertEquals(-0.25f, m.weight(r2 + 1));
        assertEquals(7, m.delay(r2 + 1));
        assertEquals(0.5f, m.weight(r2 + 2));
        assertEquals(300, m.delay(m.rowStart(1)));
        assertEquals(300, m.maxDelay());
    }

    @Test
    void constantWeightsAndDelaysStoreNoArrays() {
        CsrMatrix m = build(Connectivity.fixedProbability(0.1), 200, 200, false, 1);
        assertFalse(m.hasWeightArray());
        assertFalse(m.hasDelayArray());
        assertNull(m.weights());
        assertNull(m.delays());
        assertEquals(1.5f, m.weight(0));
        assertEquals(3, m.delay(0));
    }

    @Test
    void perSynapseWeightsAndDelaysStayInRange() {
        CsrMatrix m = CsrBuilder.build(projection(Connectivity.fixedProbability(0.2), WeightRule.uniform(1, 2),
                DelayRule.uniformSteps(2, 9), true), 300, 300, false, SEED, arena, 2);
        checkStructure(m);
        assertEquals(CsrLayout.DELAY_U8, m.delayKind());
        int[] delayCounts = new int[10];
        for (int r = 0; r < m.rows(); r++) {
            for (long k = m.rowStart(r); k < m.rowStart(r) + m.rowLength(r); k++) {
                assertTrue(m.weight(k) >= 1 && m.weight(k) < 2, "weight " + m.weight(k));
                delayCounts[m.delay(k)]++;
            }
        }
        for (int d = 2; d <= 9; d++) {
            assertTrue(delayCounts[d] > m.synapseCount() / 8 * 0.8, "delay " + d + " drawn " + delayCounts[d] + " times");
        }
    }

    /** lowerBound against a linear scan, for every target of every row and the values between and beyond them. */
    @Test
    void lowerBoundIsTheFirstEntryAtOrAboveTheTarget() {
        CsrMatrix m = CsrBuilder.build(projection(Connectivity.fixedProbability(0.1), WeightRule.constant(1),
                DelayRule.constant(1), true), 200, 300, false, SEED, arena, 1);
        int checked = 0;
        for (int r = 0; r < m.rows(); r++) {
            long s = m.rowStart(r);
            long e = s + m.rowLength(r);
            for (int target = -1; target <= m.columns() + 1; target++) {
                long expected = s;
                while (expected < e && m.target(expected) < target) {
                    expected++;
                }
                assertEquals(expected, m.lowerBound(s, e, target), "row " + r + ", target " + target);
                checked++;
            }
        }
        assertTrue(checked > 200 * 300, "searched " + checked + " times");
    }

    @Test
    void resultDoesNotDependOnThreadCount() {
        Connectivity[] rules = {Connectivity.fixedProbability(0.05), Connectivity.fixedInDegree(25),
            Connectivity.fixedOutDegree(25)};
        for (Connectivity c : rules) {
            Projection p = projection(c, WeightRule.normal(1, 0.3), DelayRule.uniformSteps(1, 20), true);
            CsrMatrix one = CsrBuilder.build(p, 2000, 1500, false, SEED, arena, 1);
            CsrMatrix three = CsrBuilder.build(p, 2000, 1500, false, SEED, arena, 3);
            for (String part : one.parts().keySet()) {
                assertArrayEquals(one.parts().get(part).toArray(ValueLayout.JAVA_BYTE),
                        three.parts().get(part).toArray(ValueLayout.JAVA_BYTE), c + " part " + part + ", seed " + SEED);
            }
        }
    }

    @Test
    void bytesPerSynapseWithinEightPlusRowPointers() {
        int n = 4000;
        CsrMatrix constant = build(Connectivity.fixedProbability(0.02), n, n, true, 2);
        double perSynapse = (constant.byteSize() - CsrLayout.rowOffsets(n).byteSize()) / (double) constant.synapseCount();
        assertTrue(perSynapse <= 8, "constant weights: " + perSynapse + " B/synapse without row pointers");
        CsrMatrix weighted = CsrBuilder.build(projection(Connectivity.fixedInDegree(160), WeightRule.uniform(0, 1),
                DelayRule.constant(1), true), 1000, 1000, false, SEED, arena, 2);
        double w = (weighted.byteSize() - CsrLayout.rowOffsets(1000).byteSize()) / (double) weighted.synapseCount();
        assertTrue(w <= 8 * 1.1, "per-synapse weights, rows of ~160: " + w + " B/synapse (8 + padding)");
    }

    @Test
    void wrapValidatesSegments() {
        CsrMatrix m = build(Connectivity.fixedProbability(0.1), 50, 50, false, 1);
        var parts = m.parts();
        CsrMatrix again = CsrMatrix.wrap(parts.get("header"), parts.get("rowOffsets"), parts.get("targets"), null, null);
        assertEquals(m.synapseCount(), again.synapseCount());
        assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.wrap(parts.get("header"), parts.get("rowOffsets"), MemorySegment.NULL, null, null));
        assertThrows(IllegalArgumentException.class, () -> CsrMatrix.wrap(parts.get("header"), parts.get("rowOffsets"),
                parts.get("targets"), parts.get("targets"), null));
    }
}
