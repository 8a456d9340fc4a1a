package org.shnn.engine.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Projection;
import org.shnn.engine.network.WeightRule;

/**
 * {@link DeliveryBatch} against row-at-a-time delivery through {@link DelayRing#add}: every ring cell
 * must hold bit-identical sums (same order of float additions) and the synapse counts must agree, for
 * constant and per-synapse weights and delays, target ranges starting inside rows (with and without
 * tables of row starts, reused across steps once filled), and batches that flush while rows are added.
 */
class DeliveryBatchTest {

    private static final long SEED = 20261125L;
    private static final int ROWS = 120;
    private static final int COLUMNS = 96;
    private static final int SLOTS = 6;
    private final Arena arena = Arena.ofShared();

    @AfterEach
    void close() {
        arena.close();
    }

    /** In-degree 12 with multapses, so rows repeat targets and the order inside a row matters. */
    private CsrMatrix matrix(WeightRule w, DelayRule d, int index) {
        Projection p = new Projection(index, 0, 1, 0, new Connectivity.FixedInDegree(12, true), w, d, true);
        return CsrBuilder.build(p, ROWS, COLUMNS, false, SEED + index, arena, 1);
    }

    /** A one-to-one matrix (row r: one synapse onto target r) of COLUMNS rows: {@link CsrMatrix#isDiagonal}. */
    private CsrMatrix oneToOne(WeightRule w, DelayRule d, int index) {
        Projection p = new Projection(index, 0, 1, 0, Connectivity.oneToOne(), w, d, true);
        return CsrBuilder.build(p, COLUMNS, COLUMNS, false, SEED + index, arena, 1);
    }

    /** In-degree 12 with multapses from COLUMNS sources, to deliver beside {@link #oneToOne} into the same cells. */
    private CsrMatrix square(WeightRule w, DelayRule d, int index) {
        Projection p = new Projection(index, 0, 1, 0, new Connectivity.FixedInDegree(12, true), w, d, true);
        return CsrBuilder.build(p, COLUMNS, COLUMNS, false, SEED + index, arena, 1);
    }

    /**
     * One step's spikes: sorted rows below every matrix's rows, some of them twice in a row (two spikes reaching the
     * same row).
     */
    private static int[] spikes(SplittableRandom r, CsrMatrix[] ms) {
        int rows = ROWS;
        for (CsrMatrix m : ms) {
            rows = Math.min(rows, m.rows());
        }
        return r.ints(40, 0, rows).sorted().toArray();
    }

    /**
     * Delivers {@code spikes} through both matrices (matrix order per spike, as the step loop does) with
     * row-at-a-time {@link DelayRing#add} and with a batch of {@code capacity}, into the second receptor of a ring of
     * two (so that a cell's address includes the receptor's rows); compares every cell of both receptors.
     */
    private void check(CsrMatrix[] ms, int capacity, int lo, int hi, long step, SplittableRandom r, String what,
            MemorySegment[] rowStarts) {
        DelayRing expected = DelayRing.allocate(arena, 2, SLOTS, COLUMNS);
        DelayRing actual = DelayRing.allocate(arena, 2, SLOTS, COLUMNS);
        DeliveryBatch batch = new DeliveryBatch(ms.length, capacity);
        int[] spikes = spikes(r, ms);
        long expectedCount = 0;
        long count = 0;
        for (int j = 0; j < ms.length; j++) {
            MemorySegment starts = rowStarts == null ? null : rowStarts[j];
            if (ms[j].hasDelayArray()) {
                batch.target(j, ms[j], lo, hi, actual, 1, actual.slotOf(step), starts);
            } else {
                batch.target(j, ms[j], lo, hi, actual.row(1, actual.slotOf(step + ms[j].constantDelay())), starts);
            }
        }
        for (int row : spikes) {
            for (int j = 0; j < ms.length; j++) {
                CsrMatrix c = ms[j];
                for (long k = c.rowStart(row); k < c.rowEnd(row); k++) {
                    int x = c.target(k);
                    if (x >= lo && x < hi) {
                        expected.add(1, expected.slotOf(step + c.delay(k)), x, c.weight(k));
                        expectedCount++;
                    }
                }
                count += batch.add(j, row);
                assertTrue(batch.size() < capacity, what + ": a full batch flushes");
            }
        }
        count += batch.flush();
        assertEquals(0, batch.size(), what);
        assertEquals(expectedCount, count, what + ": synapses delivered");
        for (int q = 0; q < 2; q++) {
            for (int s = 0; s < SLOTS; s++) {
                for (int i = 0; i < COLUMNS; i++) {
                    assertEquals(Float.floatToRawIntBits(expected.get(q, s, i)), Float.floatToRawIntBits(actual.get(q, s, i)),
                            what + ": receptor " + q + " slot " + s + " neuron " + i + " (seed " + SEED + ")");
                }
            }
        }
    }

    private void checkAll(CsrMatrix[] ms, String what) {
        SplittableRandom r = new SplittableRandom(SEED);
        int[][] ranges = {{0, COLUMNS}, {16, 48}, {48, COLUMNS}, {0, 16}, {32, 32}};
        MemorySegment[][] tables = new MemorySegment[ranges.length][ms.length]; // one per range, kept across steps
        for (int q = 0; q < ranges.length; q++) {
            for (int j = 0; j < ms.length; j++) {
                tables[q][j] = DeliveryBatch.rowStarts(ms[j], ranges[q][0], arena);
            }
        }
        for (int capacity : new int[] {1, 3, 32, 1000}) {
            for (int q = 0; q < ranges.length; q++) {
                int[] range = ranges[q];
                for (long step : new long[] {0, 5, 1_000_003}) {
                    String where = what + ", capacity " + capacity + ", targets [" + range[0] + ", " + range[1] + "), step "
                            + step;
                    check(ms, capacity, range[0], range[1], step, r, where, null);
                    check(ms, capacity, range[0], range[1], step, r, where + ", with row starts", tables[q]);
                }
            }
        }
        for (int q = 0; q < ranges.length; q++) { // after the deliveries: every known offset is the row's lower bound
            int lo = ranges[q][0];
            for (int j = 0; j < ms.length; j++) {
                int known = 0;
                for (int row = 0; row < ms[j].rows(); row++) {
                    int d = tables[q][j].getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, row);
                    long s = ms[j].rowStart(row);
                    if (d != -1 || lo == 0) { // a range from 0 knows every offset from the start: 0
                        assertEquals(ms[j].lowerBound(s, ms[j].rowEnd(row), lo) - s, d,
                                what + ": range from " + lo + ", matrix " + j + " row " + row + " offset");
                        known++;
                    }
                }
                boolean rowsRead = ms[j].diagonal() == null || ms[j].hasWeightArray() || ms[j].hasDelayArray();
                assertTrue(known > 0 || !rowsRead && lo > 0, what + ": range from " + lo + ", matrix " + j
                        + ": no row delivered through the table"); // a diagonal delivers without reading its rows
            }
        }
    }

    @Test
    void constantWeightAndDelayMatchRowAtATime() {
        CsrMatrix a = matrix(WeightRule.constant(0.3), DelayRule.constant(2), 0);
        CsrMatrix b = matrix(WeightRule.constant(1.7), DelayRule.constant(5), 1);
        assertTrue(!a.hasWeightArray() && !a.hasDelayArray());
        checkAll(new CsrMatrix[] {a, b}, "constant");
    }

    @Test
    void perSynapseWeightsMatchRowAtATime() {
        CsrMatrix a = matrix(WeightRule.uniform(0.1, 0.9), DelayRule.constant(1), 0);
        CsrMatrix b = matrix(WeightRule.uniform(-0.5, 0.25), DelayRule.constant(1), 1);
        assertTrue(a.hasWeightArray() && !a.hasDelayArray());
        checkAll(new CsrMatrix[] {a, b}, "per-synapse weights");
    }

    @Test
    void perSynapseDelaysMatchRowAtATime() {
        CsrMatrix a = matrix(WeightRule.uniform(0.1, 0.9), DelayRule.uniformSteps(1, SLOTS - 1), 0);
        CsrMatrix b = matrix(WeightRule.constant(0.7), DelayRule.uniformSteps(1, SLOTS - 1), 1);
        CsrMatrix c = matrix(WeightRule.uniform(0.2, 0.4), DelayRule.constant(3), 2);
        assertTrue(a.hasDelayArray() && b.hasDelayArray() && !b.hasWeightArray());
        checkAll(new CsrMatrix[] {a, b, c}, "per-synapse delays");
    }

    @Test
    void oneToOneRowsMatchRowAtATime() {
        CsrMatrix a = oneToOne(WeightRule.constant(0.3), DelayRule.constant(2), 0);
        CsrMatrix b = square(WeightRule.constant(1.7), DelayRule.constant(2), 1); // into the same cells as a
        CsrMatrix c = oneToOne(WeightRule.uniform(0.1, 0.9), DelayRule.constant(2), 2); // per-synapse weights
        CsrMatrix d = oneToOne(WeightRule.constant(-0.6), DelayRule.uniformSteps(1, SLOTS - 1), 3); // per-synapse delays
        assertTrue(a.diagonal() != null && c.diagonal() != null && d.diagonal() != null, "one synapse per row, onto its row");
        assertFalse(b.diagonal() != null);
        checkAll(new CsrMatrix[] {a, b, c, d}, "one-to-one");
    }

    /** A one-to-one matrix keeping the synapses onto targets [keepFrom, keepTo) only, as a rank builds its share. */
    private CsrMatrix share(int keepFrom, int keepTo, int index) {
        Projection p = new Projection(index, 0, 1, 0, Connectivity.oneToOne(), WeightRule.constant(0.45 + index),
                DelayRule.constant(1 + index), true);
        return CsrBuilder.build(p, COLUMNS, COLUMNS, false, SEED + index, arena, 1, keepFrom, keepTo);
    }

    @Test
    void aRanksShareOfOneToOneMatchesRowAtATime() {
        CsrMatrix a = share(20, 70, 0);
        CsrMatrix b = share(0, 0, 1);
        CsrMatrix c = share(50, COLUMNS, 2);
        assertEquals(new CsrMatrix.Diagonal(20, 70), a.diagonal());
        assertEquals(new CsrMatrix.Diagonal(0, 0), b.diagonal(), "no row kept");
        assertEquals(new CsrMatrix.Diagonal(50, COLUMNS), c.diagonal());
        checkAll(new CsrMatrix[] {a, b, c, square(WeightRule.constant(0.2), DelayRule.constant(2), 3)}, "shares");
    }

    @Test
    void onlyOneSynapseOntoItsOwnRowIsDiagonal() {
        Projection noSelf = new Projection(0, 0, 0, 0, Connectivity.oneToOne(), WeightRule.constant(1),
                DelayRule.constant(1), false);
        assertEquals(new CsrMatrix.Diagonal(0, 0), CsrBuilder.build(noSelf, COLUMNS, COLUMNS, true, SEED, arena, 1)
                .diagonal(), "one-to-one onto itself without self connections: every row empty");
        Projection one = new Projection(0, 0, 1, 0, new Connectivity.FixedInDegree(1, false), WeightRule.constant(1),
                DelayRule.constant(1), true);
        assertFalse(CsrBuilder.build(one, COLUMNS, COLUMNS, false, SEED, arena, 1).diagonal() != null,
                "one synapse per target, from a drawn source");
        Projection all = new Projection(0, 0, 1, 0, Connectivity.allToAll(), WeightRule.constant(1),
                DelayRule.constant(1), true);
        Projection gap = new Projection(0, 0, 1, 0, new Connectivity.Explicit(new int[] {0, 2}, new int[] {0, 2}, null,
                null), WeightRule.constant(1), DelayRule.constant(1), true);
        assertFalse(CsrBuilder.build(gap, 3, 3, false, SEED, arena, 1).diagonal() != null,
                "rows 0 and 2 onto themselves, row 1 empty: not one range");
        assertTrue(CsrBuilder.build(all, 1, 1, false, SEED, arena, 1).diagonal() != null, "1 x 1 all-to-all");
        assertFalse(CsrBuilder.build(all, 1, 2, false, SEED, arena, 1).diagonal() != null, "1 x 2 all-to-all");
    }

    @Test
    void rejectsBadArguments() {
        DelayRing ring = DelayRing.allocate(arena, 1, SLOTS, COLUMNS);
        CsrMatrix delayed = matrix(WeightRule.constant(1), DelayRule.uniformSteps(1, SLOTS - 1), 0);
        CsrMatrix constant = matrix(WeightRule.constant(1), DelayRule.constant(2), 1);
        CsrMatrix[] ms = {delayed, constant};
        assertThrows(IllegalArgumentException.class, () -> new DeliveryBatch(2, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryBatch(-1, 4));
        DeliveryBatch batch = new DeliveryBatch(ms.length, 4);
        assertThrows(IllegalStateException.class, () -> batch.add(1, 0), "no destination yet");
        assertThrows(IllegalArgumentException.class, () -> batch.target(0, ms[0], 0, COLUMNS, ring.row(0, 0)));
        assertThrows(IndexOutOfBoundsException.class, () -> batch.target(0, ms[0], 0, COLUMNS, ring, 0, SLOTS));
        assertThrows(IndexOutOfBoundsException.class, () -> batch.target(0, ms[0], 0, COLUMNS, ring, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> batch.target(0, ms[0], 0, COLUMNS, ring, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> batch.target(0, ms[0], 0, COLUMNS + 1, ring, 0, 0),
                "a target range past the ring's neurons");
        assertThrows(IllegalArgumentException.class, () -> batch.target(1, ms[1], 20, 10, ring.row(0, 0)));
        assertThrows(IllegalArgumentException.class, () -> batch.target(1, ms[1], -1, 10, ring.row(0, 0)));
        assertThrows(IllegalArgumentException.class, () -> batch.target(1, ms[1], 16, 32, ring.row(0, 0),
                arena.allocate((long) ROWS * Integer.BYTES - 4)), "a row-starts table one row short");
        batch.target(1, ms[1], 0, COLUMNS, ring.row(0, 2));
        assertEquals(0, batch.add(1, 3));
        assertEquals(1, batch.size());
        assertThrows(IllegalStateException.class, () -> batch.target(1, ms[1], 0, COLUMNS, ring.row(0, 3)),
                "retargeting with rows queued");
        assertEquals(constant.rowLength(3), batch.flush());
        assertEquals(0, batch.size());
    }
}
