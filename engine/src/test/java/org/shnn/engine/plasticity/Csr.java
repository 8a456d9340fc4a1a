package org.shnn.engine.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/** Builds small CSR projections for the tests (rows = pre, optional padding after each row). */
final class Csr {

    final MemorySegment rowOffsets;
    final MemorySegment targets;
    final MemorySegment weights;
    final int pres;
    final int posts;

    /** rows.get(j) = targets of pre j; every row is followed by {@code pad} padding entries. */
    Csr(Arena arena, int posts, List<int[]> rows, int pad, float w0) {
        this.pres = rows.size();
        this.posts = posts;
        long entries = 0;
        for (int[] r : rows) {
            entries += r.length + pad;
        }
        rowOffsets = arena.allocate(8L * (pres + 1), 64);
        targets = arena.allocate(4L * Math.max(1, entries), 64);
        weights = arena.allocate(4L * Math.max(1, entries), 64);
        long e = 0;
        for (int j = 0; j < pres; j++) {
            rowOffsets.setAtIndex(JAVA_LONG, j, e);
            for (int t : rows.get(j)) {
                targets.setAtIndex(JAVA_INT, e, t);
                weights.setAtIndex(JAVA_FLOAT, e++, w0);
            }
            for (int k = 0; k < pad; k++) {
                targets.setAtIndex(JAVA_INT, e, PlasticSynapses.PAD_TARGET);
                weights.setAtIndex(JAVA_FLOAT, e++, -99f);
            }
        }
        rowOffsets.setAtIndex(JAVA_LONG, pres, e);
    }

    /** All-to-all from pres to posts. */
    static Csr allToAll(Arena arena, int pres, int posts, float w0) {
        int[] all = new int[posts];
        for (int i = 0; i < posts; i++) {
            all[i] = i;
        }
        return new Csr(arena, posts, java.util.Collections.nCopies(pres, all), 0, w0);
    }

    PlasticSynapses wrap(Arena arena) {
        return PlasticSynapses.wrap(arena, pres, posts, rowOffsets, targets, weights);
    }
}
