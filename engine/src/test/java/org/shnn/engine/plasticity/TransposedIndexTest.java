package org.shnn.engine.plasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransposedIndexTest {

    @Test
    void everyRealEntryAppearsOnceInItsTargetsColumnInAscendingOrder() {
        long seed = 31337;
        SplittableRandom r = new SplittableRandom(seed);
        int pres = 57;
        int posts = 23;
        List<int[]> rows = new ArrayList<>();
        for (int j = 0; j < pres; j++) {
            rows.add(r.ints(r.nextInt(0, 12), 0, posts).sorted().toArray());
        }
        try (Arena arena = Arena.ofConfined()) {
            Csr csr = new Csr(arena, posts, rows, 3, 0.1f);
            PlasticSynapses syn = csr.wrap(arena);
            TransposedIndex t = syn.transposed();
            long real = rows.stream().mapToLong(a -> a.length).sum();
            assertEquals(real, t.synapseCount(), "seed " + seed);
            boolean[] seen = new boolean[(int) syn.rowEnd(pres - 1)];
            for (int i = 0; i < posts; i++) {
                long prev = -1;
                for (long k = t.colStart(i); k < t.colEnd(i); k++) {
                    long e = t.synapse(k);
                    assertTrue(e > prev, "ascending, seed " + seed);
                    prev = e;
                    assertEquals(i, syn.target(e));
                    assertTrue(syn.rowStart(t.source(k)) <= e && e < syn.rowEnd(t.source(k)), "source row, seed " + seed);
                    assertTrue(!seen[(int) e]);
                    seen[(int) e] = true;
                }
            }
        }
    }

    @Test
    void malformedCsrIsRejectedWithTheOffendingPlace() {
        try (Arena arena = Arena.ofConfined()) {
            Csr bad = new Csr(arena, 2, List.of(new int[] {0, 5}), 0, 0f);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> bad.wrap(arena));
            assertTrue(ex.getMessage().contains("targets[1] = 5"), ex.getMessage());
            Csr ok = new Csr(arena, 2, List.of(new int[] {0}, new int[] {1}), 0, 0f);
            ok.rowOffsets.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, 1, 5);
            assertThrows(IllegalArgumentException.class, () -> ok.wrap(arena));
        }
    }
}
