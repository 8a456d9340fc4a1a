package org.shnn.engine.hyper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HypergraphTest {

    private static final double DT = 0.1;

    record Delivery(long step, int target, int receptor, float weight) {
    }

    /** Runs steps 0..last with spikes[k] = {step, source}; returns all deliveries. */
    static List<Delivery> run(Hypergraph g, HyperState s, long[][] spikes, long last, int from, int to) {
        List<Delivery> out = new ArrayList<>();
        int k = 0;
        int[] buf = new int[spikes.length];
        for (long t = 0; t <= last; t++) {
            int n = 0;
            while (k < spikes.length && spikes[k][0] == t) {
                buf[n++] = (int) spikes[k++][1];
            }
            g.step(s, t, buf, n, from, to, (a, tg, r, w) -> out.add(new Delivery(a, tg, r, w)));
        }
        return out;
    }

    static List<Delivery> pair(int secondStep) {
        try (Arena arena = Arena.ofConfined()) {
            HypergraphBuilder b = new HypergraphBuilder(4, 3);
            b.manyToOne(new int[] {0, 1}, 2, new Coincidence(2, 2.0, 1.5, 1), 0.75f); // W = 20 steps, delay 15
            Hypergraph g = b.build(arena, DT);
            return run(g, g.newState(arena), new long[][] {{100, 0}, {secondStep, 1}}, 200, 0, 3);
        }
    }

    @Test
    void windowIsInclusiveExactlyWApartFiresOneStepMoreDoesNot() {
        assertEquals(List.of(new Delivery(135, 2, 1, 0.75f)), pair(120), "exactly W = 20 steps apart");
        assertEquals(List.of(new Delivery(134, 2, 1, 0.75f)), pair(119), "one step inside");
        assertEquals(List.of(), pair(121), "one step outside");
        assertEquals(List.of(new Delivery(115, 2, 1, 0.75f)), pair(100), "same step");
    }

    @Test
    void onlyDistinctSourcesCountAndActivatingSpikesAreConsumed() {
        try (Arena arena = Arena.ofConfined()) {
            HypergraphBuilder b = new HypergraphBuilder(2, 1);
            b.manyToOne(new int[] {0, 1}, 0, new Coincidence(2, 5, 1, 0), 1f); // W = 50 steps, delay 10
            Hypergraph g = b.build(arena, DT);
            HyperState s = g.newState(arena);
            List<Delivery> d = run(g, s, new long[][] {{100, 0}, {105, 0}, {110, 0}, {112, 1}, {113, 0}, {114, 1}}, 300, 0, 1);
            assertEquals(List.of(new Delivery(122, 0, 0, 1f), new Delivery(124, 0, 0, 1f)), d);
            assertEquals(114, s.lastActivation(0));
            assertEquals(0, s.count(0));
        }
    }

    @Test
    void aSourceThatLeftTheWindowNoLongerCounts() {
        try (Arena arena = Arena.ofConfined()) {
            HypergraphBuilder b = new HypergraphBuilder(5, 2);
            b.manyToMany(new int[] {0, 1, 2, 3, 4}, new int[] {0, 1}, new Coincidence(3, 2, 0.1, 0), 2f);
            Hypergraph g = b.build(arena, DT);
            List<Delivery> d = run(g, g.newState(arena), new long[][] {{100, 0}, {115, 1}, {125, 2}, {130, 3}}, 200, 0, 2);
            assertEquals(List.of(new Delivery(131, 0, 0, 2f), new Delivery(131, 1, 0, 2f)), d);
        }
    }

    @Test
    void pairWeightsSumOverTheActivatingSourcesWhateverTheDeclarationOrder() {
        try (Arena arena = Arena.ofConfined()) {
            HypergraphBuilder b = new HypergraphBuilder(3, 3);
            // sources declared as {2, 0}, targets as {1, 0}: weight[i * 2 + k] from sources[i] to targets[k]
            b.manyToMany(new int[] {2, 0}, new int[] {1, 0}, new Coincidence(2, 1, 0.3, 0), new float[] {1f, 2f, 10f, 20f});
            Hypergraph g = b.build(arena, DT);
            assertArrayEquals(new int[] {0, 2}, g.sources(0));
            assertArrayEquals(new int[] {0, 1}, g.targets(0));
            List<Delivery> d = run(g, g.newState(arena), new long[][] {{10, 0}, {12, 2}}, 50, 0, 3);
            // target 0: from 2 -> 2, from 0 -> 20; target 1: from 2 -> 1, from 0 -> 10
            assertEquals(List.of(new Delivery(15, 0, 0, 22f), new Delivery(15, 1, 0, 11f)), d);
        }
    }

    @Test
    void kindsOneToManyAndAllToAll() {
        try (Arena arena = Arena.ofConfined()) {
            HypergraphBuilder b = new HypergraphBuilder(4, 4);
            int fan = b.oneToMany(3, new int[] {2, 0}, Coincidence.any(1), 0.5f);
            int group = b.allToAll(new int[] {0, 1, 2}, new Coincidence(2, 0.5, 0.2, 1), -1f);
            Hypergraph g = b.build(arena, DT);
            assertEquals(HyperedgeKind.ONE_TO_MANY, g.kind(fan));
            assertEquals(HyperedgeKind.ALL_TO_ALL, g.kind(group));
            assertArrayEquals(new int[] {group}, g.edgesOf(0));
            assertArrayEquals(new int[] {fan}, g.edgesOf(3));
            List<Delivery> d = run(g, g.newState(arena), new long[][] {{5, 3}, {7, 3}, {20, 1}, {24, 2}}, 60, 0, 4);
            assertEquals(List.of(new Delivery(15, 0, 0, 0.5f), new Delivery(15, 2, 0, 0.5f), new Delivery(17, 0, 0, 0.5f),
                    new Delivery(17, 2, 0, 0.5f), new Delivery(26, 0, 1, -1f), new Delivery(26, 1, 1, -1f),
                    new Delivery(26, 2, 1, -1f)), d);
        }
    }

    @Test
    void splitTargetRangesOnSeparateStatesDeliverExactlyTheSame() {
        long seed = 8080;
        SplittableRandom r = new SplittableRandom(seed);
        int sources = 40;
        int targets = 30;
        try (Arena arena = Arena.ofConfined()) {
            HypergraphBuilder b = new HypergraphBuilder(sources, targets);
            for (int e = 0; e < 60; e++) {
                int[] s = r.ints(0, sources).distinct().limit(r.nextInt(1, 8)).toArray();
                int[] t = r.ints(0, targets).distinct().limit(r.nextInt(1, 10)).toArray();
                Coincidence c = new Coincidence(r.nextInt(1, s.length + 1), r.nextInt(0, 30) * DT, r.nextInt(1, 40) * DT, 0);
                if (r.nextBoolean()) {
                    float[] w = new float[s.length * t.length];
                    for (int k = 0; k < w.length; k++) {
                        w[k] = (float) r.nextDouble(-1, 1);
                    }
                    b.manyToMany(s, t, c, w);
                } else {
                    b.manyToMany(s, t, c, (float) r.nextDouble());
                }
            }
            Hypergraph g = b.build(arena, DT);
            List<long[]> spikes = new ArrayList<>();
            for (long t = 0; t < 2000; t++) {
                for (int s = 0; s < sources; s++) {
                    if (r.nextDouble() < 0.01) {
                        spikes.add(new long[] {t, s});
                    }
                }
            }
            long[][] sp = spikes.toArray(new long[0][]);
            List<Delivery> whole = run(g, g.newState(arena), sp, 2000, 0, targets);
            List<Delivery> split = new ArrayList<>(run(g, g.newState(arena), sp, 2000, 0, 13));
            split.addAll(run(g, g.newState(arena), sp, 2000, 13, targets));
            assertTrue(whole.size() > 100, "activations: " + whole.size() + ", seed " + seed);
            java.util.Comparator<Delivery> order = java.util.Comparator.comparingLong(Delivery::step)
                    .thenComparingInt(Delivery::target).thenComparing(d -> Float.floatToRawIntBits(d.weight()));
            List<Delivery> a = new ArrayList<>(whole);
            a.sort(order);
            split.sort(order);
            assertEquals(a, split, "seed " + seed);
        }
    }

    @Test
    void badInputIsRejected() {
        HypergraphBuilder b = new HypergraphBuilder(3, 3);
        Coincidence two = new Coincidence(2, 1, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> b.manyToOne(new int[] {0}, 1, two, 1f));
        assertThrows(IllegalArgumentException.class, () -> b.manyToOne(new int[] {0, 0}, 1, two, 1f));
        assertThrows(IndexOutOfBoundsException.class, () -> b.manyToOne(new int[] {0, 3}, 1, two, 1f));
        assertThrows(IllegalArgumentException.class, () -> b.manyToMany(new int[] {0, 1}, new int[] {1}, two, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new Coincidence(0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Coincidence(1, -1, 1, 0));
        try (Arena arena = Arena.ofConfined()) {
            HypergraphBuilder c = new HypergraphBuilder(3, 3);
            c.oneToMany(0, new int[] {1}, new Coincidence(1, 1, 0.04, 0), 1f);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> c.build(arena, DT));
            assertTrue(ex.getMessage().contains("delayMs"), ex.getMessage());
            HypergraphBuilder ok = new HypergraphBuilder(3, 3);
            ok.oneToMany(0, new int[] {1}, Coincidence.any(1), 1f);
            Hypergraph g = ok.build(arena, DT);
            HyperState s = g.newState(arena);
            g.step(s, 5, new int[0], 0, 0, 3, (a, t, r, w) -> { });
            assertThrows(IllegalArgumentException.class, () -> g.step(s, 5, new int[0], 0, 0, 3, (a, t, r, w) -> { }));
            assertThrows(IndexOutOfBoundsException.class, () -> g.step(s, 6, new int[] {7}, 1, 0, 3, (a, t, r, w) -> { }));
            assertThrows(IndexOutOfBoundsException.class, () -> g.step(s, 7, new int[0], 0, 0, 4, (a, t, r, w) -> { }));
        }
    }
}
