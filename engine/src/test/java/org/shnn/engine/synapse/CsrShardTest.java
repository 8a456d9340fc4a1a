package org.shnn.engine.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Projection;
import org.shnn.engine.network.SynapseList;
import org.shnn.engine.network.WeightRule;
import org.shnn.layouts.synapse.CsrLayout;

/**
 * A matrix built for a range of targets (what one rank of a distributed run keeps) is the full matrix with each row
 * filtered to those targets: the same synapses, weights, delays and order within the row, for every connectivity
 * rule, for drawn and constant weights and delays, for several ranges (the blocks of 2 and 3 ranks, an empty one)
 * and thread counts. The reference filter is {@link CsrMatrix#keepingTargets}, itself checked against a plain
 * scan of the full matrix.
 */
class CsrShardTest {

    private static final long SEED = 9_1234L;
    private static final int ROWS = 400;
    private static final int COLS = 290;
    private final Arena arena = Arena.ofShared();

    @AfterEach
    void close() {
        arena.close();
    }

    private static List<Connectivity> rules() {
        Random r = new Random(5);
        int n = 6000;
        int[] src = new int[n];
        int[] tgt = new int[n];
        float[] w = new float[n];
        int[] d = new int[n];
        for (int k = 0; k < n; k++) {
            src[k] = r.nextInt(ROWS);
            tgt[k] = r.nextInt(COLS);
            w[k] = r.nextFloat();
            d[k] = 1 + r.nextInt(5);
        }
        double[] sx = new double[3 * ROWS];
        double[] tx = new double[3 * COLS];
        for (int i = 0; i < sx.length; i++) {
            sx[i] = r.nextDouble();
        }
        for (int i = 0; i < tx.length; i++) {
            tx[i] = r.nextDouble();
        }
        return List.of(Connectivity.fixedProbability(0.05), Connectivity.fixedProbability(1),
                new Connectivity.FixedInDegree(23, false), new Connectivity.FixedInDegree(23, true),
                new Connectivity.FixedOutDegree(31, false), new Connectivity.FixedOutDegree(31, true),
                Connectivity.allToAll(), new Connectivity.FixedTotal(9000, false), new Connectivity.FixedTotal(9000, true),
                new Connectivity.DistanceProbability(sx, tx, x -> Math.exp(-4 * x), "exp(-4*d)"),
                Connectivity.explicit(src, tgt, null, null), Connectivity.explicit(src, tgt, w, d),
                new Connectivity.Listed(ordered(src, tgt, w, d)));
    }

    private static List<int[]> ranges() {
        List<int[]> out = new ArrayList<>();
        for (int ranks : new int[] {2, 3}) {
            for (int r = 0; r < ranks; r++) {
                out.add(new int[] {COLS * r / ranks, COLS * (r + 1) / ranks});
            }
        }
        out.add(new int[] {17, 17});
        out.add(new int[] {0, COLS});
        return out;
    }

    @Test
    void aRestrictedBuildIsTheFullMatrixFiltered() {
        List<WeightRule> weights = List.of(WeightRule.constant(2), WeightRule.normal(1, 0.5));
        List<DelayRule> delays = List.of(DelayRule.constant(2), DelayRule.uniformSteps(1, 9));
        for (Connectivity c : rules()) {
            for (WeightRule w : weights) {
                for (DelayRule d : delays) {
                    Projection p = new Projection(3, 0, 1, 0, c, w, d, false);
                    CsrMatrix full = CsrBuilder.build(p, ROWS, COLS, false, SEED, arena, 2);
                    for (int[] range : ranges()) {
                        for (int threads : new int[] {1, 3}) {
                            CsrMatrix part = CsrBuilder.build(p, ROWS, COLS, false, SEED, arena, threads, range[0], range[1]);
                            String what = c + " " + w + " " + d + " targets [" + range[0] + ", " + range[1] + ") threads "
                                    + threads;
                            assertSameSynapses(filtered(full, range[0], range[1]), part, what);
                            assertSameSynapses(full.keepingTargets(range[0], range[1], arena), part, what + " (keepingTargets)");
                        }
                    }
                }
            }
        }
    }

    @Test
    void oneToOneOntoItsOwnPopulationKeepsTheRangesDiagonal() {
        Projection p = new Projection(0, 0, 0, 0, Connectivity.oneToOne(), WeightRule.uniform(0, 1), DelayRule.constant(1),
                true);
        CsrMatrix full = CsrBuilder.build(p, COLS, COLS, true, SEED, arena, 1);
        CsrMatrix part = CsrBuilder.build(p, COLS, COLS, true, SEED, arena, 2, 100, 200);
        assertSameSynapses(filtered(full, 100, 200), part, "one-to-one");
        assertEquals(100, part.synapseCount());
    }

    @Test
    void keepingEveryTargetIsTheSameMatrixAndABadRangeIsRefused() {
        Projection p = new Projection(0, 0, 1, 0, Connectivity.fixedProbability(0.1), WeightRule.constant(1),
                DelayRule.constant(1), false);
        CsrMatrix full = CsrBuilder.build(p, ROWS, COLS, false, SEED, arena, 1);
        assertSame(full, full.keepingTargets(0, COLS, arena));
        assertNotSame(full, full.keepingTargets(0, COLS - 1, arena));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsrBuilder.build(p, ROWS, COLS, false, SEED, arena, 1, 10, COLS + 1));
        assertTrue(e.getMessage().contains("[10, " + (COLS + 1) + ")"), e.getMessage());
    }

    /** A plain scan: per row, the full matrix's synapses onto [from, to), in row order. */
    private static List<long[]> filtered(CsrMatrix m, int from, int to) {
        List<long[]> out = new ArrayList<>();
        for (int row = 0; row < m.rows(); row++) {
            for (long e = m.rowStart(row), end = e + m.rowLength(row); e < end; e++) {
                if (m.target(e) >= from && m.target(e) < to) {
                    out.add(new long[] {row, m.target(e), Float.floatToRawIntBits(m.weight(e)), m.delay(e)});
                }
            }
        }
        return out;
    }

    private static void assertSameSynapses(CsrMatrix expected, CsrMatrix part, String what) {
        assertSameSynapses(filtered(expected, 0, expected.columns()), part, what);
    }

    private static void assertSameSynapses(List<long[]> expected, CsrMatrix part, String what) {
        assertEquals(expected.size(), part.synapseCount(), what + ": synapses");
        List<long[]> found = filtered(part, 0, part.columns());
        for (int i = 0; i < expected.size(); i++) {
            long[] a = expected.get(i);
            long[] b = found.get(i);
            if (a[0] != b[0] || a[1] != b[1] || a[2] != b[2] || a[3] != b[3]) {
                throw new AssertionError(what + ": synapse " + i + " expected row " + a[0] + " target " + a[1]
                        + " weight " + Float.intBitsToFloat((int) a[2]) + " delay " + a[3] + ", found row " + b[0]
                        + " target " + b[1] + " weight " + Float.intBitsToFloat((int) b[2]) + " delay " + b[3]);
            }
        }
        for (int row = 0; row < part.rows(); row++) {
            assertEquals(CsrLayout.paddedLength(part.rowLength(row)), part.rowEnd(row) - part.rowStart(row),
                    what + ": row " + row + " padding");
        }
    }

    /** An explicit list sorted into CSR order (sources, then targets), declared ordered, as a file-backed list is. */
    private static SynapseList ordered(int[] src, int[] tgt, float[] w, int[] d) {
        Integer[] order = new Integer[src.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> src[a] != src[b] ? Integer.compare(src[a], src[b]) : Integer.compare(tgt[a], tgt[b]));
        int[] s = new int[src.length];
        int[] t = new int[src.length];
        float[] ws = new float[src.length];
        int[] ds = new int[src.length];
        for (int i = 0; i < order.length; i++) {
            s[i] = src[order[i]];
            t[i] = tgt[order[i]];
            ws[i] = w[order[i]];
            ds[i] = d[order[i]];
        }
        SynapseList plain = SynapseList.of((Connectivity.Explicit) Connectivity.explicit(s, t, ws, ds));
        return new SynapseList() {
            @Override
            public boolean ordered() {
                return true;
            }

            @Override
            public long size() {
                return plain.size();
            }

            @Override
            public boolean hasWeights() {
                return true;
            }

            @Override
            public boolean hasDelays() {
                return true;
            }

            @Override
            public int maxDelaySteps() {
                return plain.maxDelaySteps();
            }

            @Override
            public int minDelaySteps() {
                return 1;
            }

            @Override
            public Reader open() {
                return plain.open();
            }
        };
    }
}
