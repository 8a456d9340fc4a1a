package org.shnn.engine.plasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairStdpTest {

    private static final double DT = 0.1;

    /** Weight change of one synapse (w0) after one pre spike and one post spike Delta t = post - pre apart. */
    static double pairChange(StdpRule rule, double deltaMs, float w0) {
        try (Arena arena = Arena.ofConfined()) {
            PlasticSynapses syn = new Csr(arena, 1, List.of(new int[] {0}), 0, w0).wrap(arena);
            StdpState s = rule.allocateState(arena, syn);
            int d = (int) Math.rint(deltaMs / DT);
            long tPre = 1000 + Math.max(0, -d);
            long tPost = tPre + d;
            int[] one = {0};
            for (long t = 0; t <= Math.max(tPre, tPost) + 5; t++) {
                rule.step(s, one, t == tPre ? 1 : 0, one, t == tPost ? 1 : 0);
            }
            return syn.weight(0) - w0;
        }
    }

    @Test
    void additiveWindowMatchesTheTwoExponentialsFromMinus100To100Ms() {
        StdpParams p = StdpParams.defaults();
        PairStdp rule = new PairStdp(p, DT);
        for (int ms = -100; ms <= 100; ms++) {
            double expected = ms > 0 ? p.aPlus() * Math.exp(-ms / p.tauPlusMs())
                    : ms < 0 ? -p.aMinus() * Math.exp(ms / p.tauMinusMs()) : 0;
            assertEquals(expected, pairChange(rule, ms, 0.5f), 1e-7, "Delta t = " + ms + " ms");
        }
        assertTrue(pairChange(rule, -5, 0.5f) < 0, "post-before-pre must depress (the original's unsigned bug)");
        assertEquals(-p.aMinus() * Math.exp(-0.5), pairChange(rule, -10, 0.5f), 1e-7);
    }

    @Test
    void multiplicativeWindowScalesWithTheDistanceToTheBounds() {
        StdpParams p = StdpParams.defaults().with(WeightDependence.MULTIPLICATIVE);
        PairStdp rule = new PairStdp(p, DT);
        for (int ms : new int[] {-60, -20, -3, 3, 20, 60}) {
            for (float w0 : new float[] {0.2f, 0.9f}) {
                double expected = ms > 0 ? (1 - w0) * p.aPlus() * Math.exp(-ms / 20.0) : -w0 * p.aMinus() * Math.exp(ms / 20.0);
                assertEquals(expected, pairChange(rule, ms, w0), 1e-7, "Delta t = " + ms + " ms, w0 = " + w0);
            }
        }
    }

    @Test
    void weightsStayWithinBoundsAndPaddingIsUntouched() {
        StdpParams p = new StdpParams(0.3, 0.3, 20, 20, 0, 1, WeightDependence.ADDITIVE);
        PairStdp rule = new PairStdp(p, DT);
        try (Arena arena = Arena.ofConfined()) {
            Csr csr = new Csr(arena, 3, List.of(new int[] {0, 2}, new int[] {1}, new int[] {}), 2, 0.5f);
            PlasticSynapses syn = csr.wrap(arena);
            StdpState s = rule.allocateState(arena, syn);
            int[] pres = {0, 1};
            int[] posts = {0, 1, 2};
            for (int t = 0; t < 200; t++) {
                rule.step(s, pres, t % 7 == 0 ? 2 : 0, posts, t % 5 == 1 ? 3 : 0);
            }
            for (long e = 0; e < syn.rowEnd(2); e++) {
                if (syn.target(e) == PlasticSynapses.PAD_TARGET) {
                    assertEquals(-99f, syn.weight(e));
                } else {
                    assertTrue(syn.weight(e) >= 0 && syn.weight(e) <= 1, "entry " + e + " = " + syn.weight(e));
                }
            }
            assertThrows(IndexOutOfBoundsException.class, () -> rule.step(s, new int[] {3}, 1, posts, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> rule.step(s, pres, 3, posts, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new StdpParams(-1, 0, 20, 20, 0, 1, WeightDependence.ADDITIVE));
        assertThrows(IllegalArgumentException.class, () -> StdpParams.defaults().withBounds(1, 1));
    }

    @Test
    void tracesDecayExactlyAndCountEverySpike() {
        PairStdp rule = new PairStdp(StdpParams.defaults(), DT);
        try (Arena arena = Arena.ofConfined()) {
            PlasticSynapses syn = new Csr(arena, 1, List.of(new int[] {0}), 0, 0.5f).wrap(arena);
            StdpState s = rule.allocateState(arena, syn);
            int[] one = {0};
            rule.step(s, one, 1, one, 0);
            rule.step(s, one, 1, one, 0);
            for (int t = 0; t < 98; t++) {
                rule.step(s, one, 0, one, 0);
            }
            double x = s.preTraces().getDouble("x", 0);
            assertEquals(Math.exp(-10.0 / 20) + Math.exp(-9.9 / 20), x, 1e-12);
        }
    }
}
