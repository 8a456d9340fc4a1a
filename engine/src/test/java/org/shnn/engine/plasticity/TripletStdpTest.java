package org.shnn.engine.plasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.List;
import org.junit.jupiter.api.Test;

class TripletStdpTest {

    private static final double DT = 0.1;

    /** Runs one synapse through the given pre and post spike steps; returns the weight change. */
    static double run(TripletStdp rule, float w0, long[] preSteps, long[] postSteps) {
        try (Arena arena = Arena.ofConfined()) {
            PlasticSynapses syn = new Csr(arena, 1, List.of(new int[] {0}), 0, w0).wrap(arena);
            StdpState s = rule.allocateState(arena, syn);
            int[] one = {0};
            long end = Math.max(preSteps[preSteps.length - 1], postSteps[postSteps.length - 1]) + 2;
            int ip = 0;
            int iq = 0;
            for (long t = 0; t <= end; t++) {
                int pre = ip < preSteps.length && preSteps[ip] == t ? 1 : 0;
                int post = iq < postSteps.length && postSteps[iq] == t ? 1 : 0;
                ip += pre;
                iq += post;
                rule.step(s, one, pre, one, post);
            }
            return syn.weight(0) - w0;
        }
    }

    @Test
    void preThenTwoPostsMatchesTheTripletFormula() {
        TripletParams p = new TripletParams(0.002, 0.006, 0.003, 0.001, 16.8, 33.7, 101, 125, -100, 100);
        TripletStdp rule = new TripletStdp(p, DT);
        double t1 = 5;
        double t2 = 12; // ms after the pre spike
        double expected = p.a2Plus() * Math.exp(-t1 / p.tauPlusMs())
                + Math.exp(-t2 / p.tauPlusMs()) * (p.a2Plus() + p.a3Plus() * Math.exp(-(t2 - t1) / p.tauYMs()));
        assertEquals(expected, run(rule, 1f, new long[] {100}, new long[] {150, 220}), 2e-7);
        // post, then two pres: depression with the slow pre trace r2
        double d1 = 4;
        double d2 = 30;
        double dep = -p.a2Minus() * Math.exp(-d1 / p.tauMinusMs())
                - Math.exp(-d2 / p.tauMinusMs()) * (p.a2Minus() + p.a3Minus() * Math.exp(-(d2 - d1) / p.tauXMs()));
        assertEquals(dep, run(rule, 1f, new long[] {140, 400}, new long[] {100}), 2e-7);
    }

    /** Sjöström et al. (2001) protocol as fitted by Pfister & Gerstner: 60 pairings at a given frequency. */
    static double pairing(TripletStdp rule, double frequencyHz, double deltaMs) {
        int pairs = 60;
        long period = Math.round(1000 / frequencyHz / DT);
        long offset = Math.round(deltaMs / DT);
        long[] pre = new long[pairs];
        long[] post = new long[pairs];
        long base = Math.max(0, -offset) + 10;
        for (int k = 0; k < pairs; k++) {
            pre[k] = base + k * period;
            post[k] = pre[k] + offset;
        }
        return run(rule, 50f, pre, post);
    }

    @Test
    void potentiationGrowsWithPairingFrequency() {
        TripletStdp rule = new TripletStdp(TripletParams.visualCortexMinimal(0, 100), DT);
        double[] freqs = {0.1, 10, 20, 40, 50};
        double previous = Double.NEGATIVE_INFINITY;
        StringBuilder table = new StringBuilder();
        for (double f : freqs) {
            double plus = pairing(rule, f, 10);
            table.append(f).append(" Hz: ").append(plus).append('\n');
            assertTrue(plus > previous, "Delta w(+10 ms) must grow with frequency:\n" + table);
            previous = plus;
        }
        assertTrue(previous > 0, "LTP at 50 Hz");
        assertTrue(pairing(rule, 0.1, -10) < 0, "post-pre pairs at 0.1 Hz depress");
        assertTrue(pairing(rule, 50, -10) > 0, "at 50 Hz even post-pre pairs potentiate (Sjöström 2001)");
    }
}
