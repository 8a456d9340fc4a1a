package org.shnn.engine.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Projection;
import org.shnn.engine.network.WeightRule;
import org.shnn.layouts.synapse.CsrLayout;

/**
 * Fixed in-degree matrices are the same bytes for every thread count and the same bytes the builder made before
 * it wrote rows in column order without atomics or sorting (the digests below were taken from the
 * scatter-then-sort builder of commit 0ea1dc3): the draws are unchanged, and multapses with their own weight
 * or delay stay ordered by the full key (target, weight bits, delay).
 */
class FixedInDegreeBuildTest {

    private static final long SEED = 20261204L;

    /** (label, projection, rows, columns, same population) -> SHA-256 of every CSR part, as before the change. */
    private static final Object[][] CASES = {
        {"multapses, uniform weights and delays", new Projection(0, 0, 1, 0, new Connectivity.FixedInDegree(97, true),
                WeightRule.uniform(0.5, 1.5), DelayRule.uniformSteps(1, 30), true), 700, 900, false,
            "0155012916295117c5f8d66e5ba8ee92f6c19dd17961f5770fda0a225b59f822"},
        {"multapses, few sources, one weight per synapse", new Projection(1, 0, 0, 0,
                new Connectivity.FixedInDegree(50, true), WeightRule.uniform(0, 1), DelayRule.constant(2), true), 20, 20,
            true, "adc85f191b9589343a9eade997189f9c57bf2bcedcfd56d89c758dec06c79974"},
        {"no multapses or autapses, targets only", new Projection(2, 0, 0, 0, new Connectivity.FixedInDegree(120, false),
                WeightRule.constant(0.1), DelayRule.constant(15), false), 1000, 1000, true,
            "eaa329409aa7582c1367f27fc1b308b8677b4350c21dded9492452e1f99ceff3"},
        {"multapses, targets only (Brunel)", new Projection(3, 0, 1, 0, new Connectivity.FixedInDegree(400, true),
                WeightRule.constant(-0.5), DelayRule.constant(15), true), 2000, 3000, false,
            "b3656abc49f1efa06793f18c3f46d8c170e9d255eb2af87f7affa1a731bd76e7"},
        // the builder writes a stripe's columns in batches of 2^20 synapses (CsrBuilder.ColumnBatch): several
        // batches with drawn weights and delays, and columns larger than a whole batch (digests taken with the
        // column-by-column writer of bbd5efb)
        {"multapses, uniform weights and delays, several batches", new Projection(4, 0, 1, 0,
                new Connectivity.FixedInDegree(300, true), WeightRule.uniform(-1, 1), DelayRule.uniformSteps(1, 300), true),
            1500, 8000, false, "3109d410fa1170420b0890ddda4f8c547863779c23cb3be6f99485ecd0eac9ee"},
        {"no multapses, columns larger than a batch", new Projection(5, 0, 1, 0,
                new Connectivity.FixedInDegree(1_100_000, false), WeightRule.uniform(0, 1), DelayRule.uniformSteps(1, 20),
                true), 1_200_000, 3, false, "7e0edbfa9aba18540d35e4b2f729aa02b14f96d89a9e5c3a7d466abecb0e2881"},
    };

    @Test
    void sameBytesAsBeforeForAnyThreadCount() throws Exception {
        StringBuilder found = new StringBuilder();
        for (Object[] c : CASES) {
            String first = null;
            for (int threads = 1; threads <= 4; threads++) {
                try (Arena arena = Arena.ofShared()) {
                    CsrMatrix m = CsrBuilder.build((Projection) c[1], (int) c[2], (int) c[3], (boolean) c[4], SEED, arena,
                            threads);
                    assertRowsOrderedByFullKey(m, (String) c[0]);
                    String sha = digest(m);
                    if (first == null) {
                        first = sha;
                        found.append(c[0]).append(": ").append(sha).append('\n');
                    }
                    assertEquals(first, sha, c[0] + ": " + threads + " threads");
                }
            }
        }
        for (Object[] c : CASES) {
            assertTrue(found.toString().contains(c[0] + ": " + c[5]), "digests changed:\n" + found);
        }
    }

    private static String digest(CsrMatrix m) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, MemorySegment> e : new java.util.TreeMap<>(m.parts()).entrySet()) {
            md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(e.getValue().toArray(ValueLayout.JAVA_BYTE));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void assertRowsOrderedByFullKey(CsrMatrix m, String label) {
        for (int r = 0; r < m.rows(); r++) {
            long s = m.rowStart(r);
            for (long k = s + 1; k < s + m.rowLength(r); k++) {
                long a = key(m, k - 1);
                long b = key(m, k);
                assertTrue(m.target(k - 1) < m.target(k) || (m.target(k - 1) == m.target(k) && a <= b),
                        label + ": row " + r + " out of order at entry " + k);
            }
        }
    }

    /** Weight bits (signed, as RowSorter compares them) then delay, for entries of one target. */
    private static long key(CsrMatrix m, long k) {
        long w = m.hasWeightArray() ? Float.floatToRawIntBits(m.weights().getAtIndex(CsrLayout.WEIGHT, k)) : 0;
        long d = m.hasDelayArray() ? m.delay(k) : 0;
        return (w << 16) + d;
    }
}
