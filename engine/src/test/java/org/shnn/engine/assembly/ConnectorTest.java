package org.shnn.engine.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.Dtype;
import org.shnn.codec.npy.NpyFile;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Projection;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.Distribution;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.ProjectionSpec;
import org.shnn.engine.spec.Structure;
import org.shnn.engine.spec.Value;
import org.shnn.engine.synapse.CsrBuilder;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * Every connector, assembled from a description and built into CSR, against closed forms or a direct count, and
 * the same synapses for 1, 2 and 3 builder threads.
 */
class ConnectorTest {

    private static final long SEED = 20261204L;

    /** Synapses as (row, target, weight bits, delay) in CSR order. */
    static List<long[]> synapses(CsrMatrix m) {
        List<long[]> out = new ArrayList<>();
        for (int r = 0; r < m.rows(); r++) {
            for (long e = m.rowStart(r); e < m.rowStart(r) + m.rowLength(r); e++) {
                out.add(new long[] {r, m.target(e), Float.floatToRawIntBits(m.weight(e)), m.delay(e)});
            }
        }
        return out;
    }

    /** The CSR of projection 0 of {@code spec}, built with {@code threads}; checks 1, 2, 3 threads agree. */
    static List<long[]> build(NetworkSpec spec) {
        Network n = Assembler.network(spec);
        Projection p = n.projections().get(0);
        int rows = n.populations().get(p.source()).count();
        int cols = n.populations().get(p.target()).count();
        List<long[]> ref = null;
        for (int threads = 1; threads <= 3; threads++) {
            try (Arena a = Arena.ofShared()) {
                CsrMatrix m = CsrBuilder.build(p, rows, cols, p.source() == p.target(), n.seed(), a, threads);
                List<long[]> s = synapses(m);
                if (ref == null) {
                    ref = s;
                } else {
                    assertEquals(ref.size(), s.size(), "synapse count with " + threads + " threads");
                    for (int k = 0; k < s.size(); k++) {
                        assertArrayEquals(ref.get(k), s.get(k), "synapse " + k + " with " + threads + " threads");
                    }
                }
            }
        }
        return ref;
    }

    static NetworkSpec net(int pre, int post, Connector c, Value weight, Value delay) {
        PopulationSpec a = new PopulationSpec("a", pre, CellType.IF_COND_EXP, Map.of());
        PopulationSpec b = new PopulationSpec("b", post, CellType.IF_COND_EXP, Map.of());
        return new NetworkSpec("t", 0.1, SEED, List.of(a, b),
                List.of(new ProjectionSpec("a", "b", "excitatory", c, weight, delay)));
    }

    static NetworkSpec self(int n, Connector c) {
        PopulationSpec a = new PopulationSpec("a", n, CellType.IF_COND_EXP, Map.of());
        return new NetworkSpec("t", 0.1, SEED, List.of(a),
                List.of(new ProjectionSpec("a", "a", "excitatory", c, Value.of(0.001), Value.of(0.1))));
    }

    @Test
    void allToAllAndOneToOne() {
        assertEquals(30 * 40, build(net(30, 40, new Connector.AllToAll(true), Value.of(0.001), Value.of(0.1))).size());
        List<long[]> noSelf = build(self(30, new Connector.AllToAll(false)));
        assertEquals(30 * 29, noSelf.size());
        assertTrue(noSelf.stream().noneMatch(s -> s[0] == s[1]));
        List<long[]> one = build(net(25, 25, new Connector.OneToOne(), Value.of(0.001), Value.of(0.1)));
        assertEquals(25, one.size());
        assertTrue(one.stream().allMatch(s -> s[0] == s[1]));
    }

    @Test
    void fixedProbabilityMeanDegreeMatchesTheBinomial() {
        int n = 400;
        double p = 0.05;
        List<long[]> s = build(net(n, n, new Connector.FixedProbability(p, true), Value.of(0.001), Value.of(0.1)));
        double mean = n * (double) n * p; // 8000; sd sqrt(n^2 p (1-p)) = 87
        assertEquals(mean, s.size(), 5 * Math.sqrt(mean * (1 - p)), "total synapses vs n^2 p (5 sd)");
    }

    @Test
    void fixedNumberPreGivesExactInDegree() {
        for (boolean replacement : new boolean[] {true, false}) {
            List<long[]> s = build(net(50, 60, new Connector.FixedNumberPre(7, true, replacement), Value.of(0.001),
                    Value.of(0.1)));
            int[] in = new int[60];
            Set<Long> pairs = new HashSet<>();
            for (long[] x : s) {
                in[(int) x[1]]++;
                pairs.add(x[0] * 1000 + x[1]);
            }
            for (int c = 0; c < 60; c++) {
                assertEquals(7, in[c], "in-degree of " + c);
            }
            if (!replacement) {
                assertEquals(s.size(), pairs.size(), "no pair twice without replacement");
            }
        }
        List<long[]> noSelf = build(self(20, new Connector.FixedNumberPre(19, false, false)));
        assertTrue(noSelf.stream().noneMatch(x -> x[0] == x[1]));
        assertEquals(20 * 19, noSelf.size());
    }

    @Test
    void fixedNumberPostGivesExactOutDegree() {
        List<long[]> s = build(net(50, 60, new Connector.FixedNumberPost(9, true, false), Value.of(0.001),
                Value.of(0.1)));
        int[] out = new int[50];
        for (long[] x : s) {
            out[(int) x[0]]++;
        }
        for (int r = 0; r < 50; r++) {
            assertEquals(9, out[r], "out-degree of " + r);
        }
    }

    @Test
    void fixedTotalNumberGivesTheTotalAndUniformRows() {
        for (boolean replacement : new boolean[] {true, false}) {
            List<long[]> s = build(net(100, 80, new Connector.FixedTotalNumber(4000, true, replacement), Value.of(0.001),
                    Value.of(0.1)));
            assertEquals(4000, s.size());
            int[] rows = new int[100];
            Set<Long> pairs = new HashSet<>();
            for (long[] x : s) {
                rows[(int) x[0]]++;
                pairs.add(x[0] * 1000 + x[1]);
            }
            if (!replacement) {
                assertEquals(4000, pairs.size(), "no pair twice without replacement");
            }
            // each row's count: mean 40; chi-square over 100 rows against the multinomial (or hypergeometric)
            // variance 40 (1 - 1/100) (times (8000 - 4000)/(8000 - 1) without replacement): within 99.9%
            double var = 40 * (1 - 0.01) * (replacement ? 1 : 4000.0 / 7999);
            double chi = Arrays.stream(rows).mapToDouble(r -> (r - 40.0) * (r - 40.0) / var).sum();
            assertTrue(chi < 149 && chi > 59, "row counts chi-square " + chi + " for 99 degrees of freedom");
        }
        List<long[]> all = build(self(30, new Connector.FixedTotalNumber(30 * 29, false, false)));
        assertEquals(30 * 29, all.size());
        assertTrue(all.stream().noneMatch(x -> x[0] == x[1]));
    }

    @Test
    void distanceDependentMatchesADirectCount() {
        // 10 x 10 grid, spacing 1: "d < 2.5" is deterministic, so the synapses are exactly the close pairs
        PopulationSpec g = new PopulationSpec("a", 100, CellType.IF_COND_EXP, Map.of())
                .withStructure(new Structure.Grid2D(1, 1, 1, 0, 0, 0));
        NetworkSpec spec = new NetworkSpec("t", 0.1, SEED, List.of(g), List.of(new ProjectionSpec("a", "a", "excitatory",
                new Connector.DistanceDependentProbability("d < 2.5", false), Value.of(0.001), Value.of(0.1))));
        Set<Long> expected = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 100; j++) {
                double dx = i / 10 - j / 10;
                double dy = i % 10 - j % 10;
                if (i != j && Math.sqrt(dx * dx + dy * dy) < 2.5) {
                    expected.add(i * 1000L + j);
                }
            }
        }
        Set<Long> actual = new HashSet<>();
        for (long[] s : build(spec)) {
            actual.add(s[0] * 1000 + s[1]);
        }
        assertEquals(expected, actual);
        // a probabilistic profile: the count is a sum of Bernoullis with mean sum p(d)
        NetworkSpec soft = new NetworkSpec("t", 0.1, SEED, List.of(g), List.of(new ProjectionSpec("a", "a",
                "excitatory", new Connector.DistanceDependentProbability("exp(-d / 3)", true), Value.of(0.001),
                Value.of(0.1))));
        double mean = 0;
        double var = 0;
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 100; j++) {
                double dx = i / 10 - j / 10;
                double dy = i % 10 - j % 10;
                double p = Math.exp(-Math.sqrt(dx * dx + dy * dy) / 3);
                mean += p;
                var += p * (1 - p);
            }
        }
        assertEquals(mean, build(soft).size(), 5 * Math.sqrt(var), "count vs sum of p(d) (5 sd)");
    }

    @Test
    void fromListKeepsEverySynapseWithWeightsAndDelays(@TempDir Path dir) throws Exception {
        double[] pre = {0, 3, 1, 3, 2};
        double[] post = {4, 0, 1, 0, 2};
        double[] w = {0.001, 0.002, 0.003, 0.004, 0.005};
        double[] d = {0.1, 0.5, 1.0, 0.2, 3.0};
        Connector inline = new Connector.FromList(new ArrayRef.Inline(pre), new ArrayRef.Inline(post),
                new ArrayRef.Inline(w), new ArrayRef.Inline(d));
        List<long[]> s = build(net(4, 5, inline, Value.of(0.0), Value.of(0.1)));
        assertEquals(5, s.size());
        // sorted per row by target: row 3 has (0, w 4 uS -> 4 nS, d 2), (0, 2 nS, 5)
        List<String> got = s.stream().map(x -> x[0] + "->" + x[1] + " " + Float.intBitsToFloat((int) x[2]) + " "
                + x[3]).toList();
        assertEquals(List.of("0->4 1.0 1", "1->1 3.0 10", "2->2 5.0 30", "3->0 2.0 5", "3->0 4.0 2"), got);
        Connector late = new Connector.FromList(new ArrayRef.Inline(new double[] {0, 1}), new ArrayRef.Inline(
                new double[] {1, 0}), null, new ArrayRef.Inline(new double[] {0.7, 0.5}));
        Projection shortest = Assembler.network(net(4, 5, late, Value.of(0.001), Value.of(0.1))).projections().get(0);
        assertEquals(5, shortest.minDelaySteps(), "the list's shortest delay, not the rule's");
        assertEquals(7, shortest.maxDelaySteps());
        // the same list from .npy files (int64 indices, float64 weights and delays) and from lent segments
        Path pf = dir.resolve("pre.npy");
        Path qf = dir.resolve("post.npy");
        try (Arena a = Arena.ofConfined()) {
            NpyFile.write(pf, Dtype.INT64, new long[] {5}, a.allocateFrom(ValueLayout.JAVA_LONG,
                    Arrays.stream(pre).mapToLong(x -> (long) x).toArray()));
            NpyFile.write(qf, Dtype.INT64, new long[] {5}, a.allocateFrom(ValueLayout.JAVA_LONG,
                    Arrays.stream(post).mapToLong(x -> (long) x).toArray()));
            Connector stored = new Connector.FromList(new ArrayRef.Stored(pf, null), new ArrayRef.Stored(qf, null),
                    new ArrayRef.Inline(w), new ArrayRef.Inline(d));
            assertListEquals(s, build(net(4, 5, stored, Value.of(0.0), Value.of(0.1))));
            MemorySegment lp = a.allocateFrom(ValueLayout.JAVA_INT, Arrays.stream(pre).mapToInt(x -> (int) x).toArray());
            MemorySegment lq = a.allocateFrom(ValueLayout.JAVA_INT, Arrays.stream(post).mapToInt(x -> (int) x).toArray());
            Connector lent = new Connector.FromList(new ArrayRef.Lent(lp, Dtype.INT32), new ArrayRef.Lent(lq, Dtype.INT32),
                    new ArrayRef.Inline(w), new ArrayRef.Inline(d));
            assertListEquals(s, build(net(4, 5, lent, Value.of(0.0), Value.of(0.1))));
        }
        // members of a compressed .npz (numpy.savez_compressed), written here by the JDK's zip writer
        Path npz = dir.resolve("syn.npz");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(npz))) {
            for (String name : new String[] {"pre", "post"}) {
                zip.putNextEntry(new java.util.zip.ZipEntry(name + ".npy"));
                zip.write(Files.readAllBytes(name.equals("pre") ? pf : qf));
                zip.closeEntry();
            }
        }
        Connector compressed = new Connector.FromList(new ArrayRef.Stored(npz, "pre"), new ArrayRef.Stored(npz, "post"),
                new ArrayRef.Inline(w), new ArrayRef.Inline(d));
        assertListEquals(s, build(net(4, 5, compressed, Value.of(0.0), Value.of(0.1))));
        // CSV columns by header name
        Path csv = dir.resolve("syn.csv");
        Files.writeString(csv, "pre,post\n0,4\n3,0\n1,1\n3,0\n2,2\n");
        Connector fromCsv = new Connector.FromList(new ArrayRef.Stored(csv, "pre"), new ArrayRef.Stored(csv, "post"),
                new ArrayRef.Inline(w), new ArrayRef.Inline(d));
        assertListEquals(s, build(net(4, 5, fromCsv, Value.of(0.0), Value.of(0.1))));
    }

    @Test
    void aListInCsrOrderRebuildsTheConnectorsMatrix() {
        NetworkSpec drawn = net(300, 200, new Connector.FixedProbability(0.1, true),
                Value.of(new Distribution.Uniform(0.001, 0.002)), Value.of(new Distribution.Uniform(0.1, 2.0)));
        List<long[]> ref = build(drawn);
        double[] pre = new double[ref.size()];
        double[] post = new double[ref.size()];
        double[] w = new double[ref.size()];
        double[] d = new double[ref.size()];
        for (int k = 0; k < ref.size(); k++) {
            pre[k] = ref.get(k)[0];
            post[k] = ref.get(k)[1];
            w[k] = Float.intBitsToFloat((int) ref.get(k)[2]) / 1000.0;
            d[k] = ref.get(k)[3] * 0.1;
        }
        Connector list = new Connector.FromList(new ArrayRef.Inline(pre), new ArrayRef.Inline(post),
                new ArrayRef.Inline(w), new ArrayRef.Inline(d));
        var listed = (org.shnn.engine.network.Connectivity.Listed) Assembler.network(net(300, 200, list, Value.of(0.0),
                Value.of(0.1))).projections().get(0).connectivity();
        assertTrue(listed.synapses().ordered(), "a list in CSR order is seen as such");
        assertListEquals(ref, build(net(300, 200, list, Value.of(0.0), Value.of(0.1))));
    }

    @Test
    void listWithoutWeightsDrawsThemPerPositionForAnyThreadCount() {
        int n = 200_000;
        double[] pre = new double[n];
        double[] post = new double[n];
        for (int k = 0; k < n; k++) {
            pre[k] = (k * 7919L) % 300;
            post[k] = (k * 104729L) % 250;
        }
        Connector l = new Connector.FromList(new ArrayRef.Inline(pre), new ArrayRef.Inline(post), null, null);
        List<long[]> s = build(net(300, 250, l, Value.of(new Distribution.Uniform(0.001, 0.002)),
                Value.of(new Distribution.Uniform(0.1, 2.0))));
        assertEquals(n, s.size());
        Set<Long> delays = new HashSet<>();
        for (long[] x : s) {
            float w = Float.intBitsToFloat((int) x[2]);
            assertTrue(w >= 1f && w <= 2f, "weight " + w + " nS");
            delays.add(x[3]);
        }
        assertEquals(20, delays.size(), "delays 1..20 steps all drawn");
    }

    private static void assertListEquals(List<long[]> expected, List<long[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k), actual.get(k), "synapse " + k);
        }
    }

    @Test
    void differentSeedsGiveDifferentSynapses() {
        NetworkSpec a = net(100, 100, new Connector.FixedProbability(0.1, true), Value.of(0.001), Value.of(0.1));
        List<long[]> x = build(a);
        List<long[]> y = build(a.withSeed(SEED + 1));
        assertNotEquals(x.size() == y.size() && x.stream().map(Arrays::toString).toList()
                .equals(y.stream().map(Arrays::toString).toList()), true);
    }
}
