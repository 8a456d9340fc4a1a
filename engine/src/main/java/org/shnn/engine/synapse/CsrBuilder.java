package org.shnn.engine.synapse;

import static org.shnn.layouts.synapse.CsrLayout.CONSTANT;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_BYTE;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_SHORT;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_U8;
import static org.shnn.layouts.synapse.CsrLayout.PAD_TARGET;
import static org.shnn.layouts.synapse.CsrLayout.PER_SYNAPSE;
import static org.shnn.layouts.synapse.CsrLayout.ROW_ALIGNMENT_BYTES;
import static org.shnn.layouts.synapse.CsrLayout.ROW_OFFSET;
import static org.shnn.layouts.synapse.CsrLayout.TARGET;
import static org.shnn.layouts.synapse.CsrLayout.WEIGHT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Projection;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.network.SynapseList;
import org.shnn.engine.random.CounterRng;
import org.shnn.engine.random.Distributions;
import org.shnn.engine.random.RngPurpose;
import org.shnn.layouts.synapse.CsrLayout;
import org.shnn.memory.pool.ArenaPool;

/**
 * Generates a projection's synapses straight into an off-heap {@link CsrMatrix}, with no heap array
 * proportional to the synapse count. Two passes over the rule: the first counts each row, the second
 * regenerates the same draws and writes them. Every random draw comes from a {@link CounterRng}
 * keyed by (seed, projection, row or column), and rows are processed in parallel chunks whose
 * content does not depend on which thread runs them, so the matrix is bit-identical for any
 * {@code threads}. Row-based rules (fixed probability, fixed out-degree, one-to-one, all-to-all,
 * distance-dependent probability, fixed total once its row counts are drawn) write each row by itself. Fixed
 * in-degree draws per target column: the columns are cut into one stripe per thread, each stripe counts and then
 * writes its columns in ascending order at cursors of its own (a row's entries from earlier stripes come first), so
 * every row comes out in target order with no atomics and no sort (only multapses with a weight or delay of their
 * own are put in full-key order). Explicit lists are read in chunks of list positions and scatter into rows
 * through atomic cursors, then every row is sorted by its full key, which makes it deterministic again.
 *
 * <p>Thread-safety: stateless; {@link #build} may be called concurrently for different projections.
 */
public final class CsrBuilder {

    private static final VarHandle LONG_ELEMENT = ROW_OFFSET.varHandle();
    private static final long CHUNK = 256;
    /** List positions per parallel chunk. */
    private static final long LIST_CHUNK = 1 << 16;
    /** Synapses per {@link ColumnBatch}. */
    private static final int BATCH = 1 << 20;
    /** log2 of the rows per block of a {@link ColumnBatch}. */
    private static final int BLOCK_SHIFT = 10;

    private CsrBuilder() {
    }

    /**
     * Builds the CSR matrix of {@code projection} in named phases: {@link #countRows} (fixed in-degree:
     * {@link #countColumns}), {@link #rowStarts}, {@link #padRows}, {@link #writeSynapses} and {@link #sortRows}
     * (fixed in-degree: {@link #writeColumns}, {@link #padTails} and {@link #sortMultapses}), and {@link #header}.
     *
     * @param rows source population size
     * @param columns target population size
     * @param samePopulation whether source and target are the same population (autapse rule applies)
     * @param seed the network seed
     * @param alloc where the matrix lives (64-byte aligned allocations); it owns and frees them
     * @param threads worker threads to use (>= 1); does not change the result
     * @throws IllegalArgumentException if a row would exceed 2^31 - 1 synapses or a rule does not fit the sizes
     */
    public static CsrMatrix build(Projection projection, int rows, int columns, boolean samePopulation, long seed,
            SegmentAllocator alloc, int threads) {
        return build(projection, rows, columns, samePopulation, seed, alloc, threads, 0, columns);
    }

    /**
     * As {@link #build(Projection, int, int, boolean, long, SegmentAllocator, int)}, keeping only the synapses onto
     * targets (columns) in {@code [keepFrom, keepTo)}: what one rank of a distributed run stores, the synapses onto
     * the neurons it owns. The kept synapses, their weights, delays and their order in each row are exactly those
     * of the full matrix (its rows filtered), so delivery into the kept targets adds the same floats in the same
     * order. The matrix keeps all rows and the full column count; only the entries shrink. Draws keyed by column
     * (fixed in-degree) or by list position are made for the kept synapses only; a row rule draws its whole row
     * (its connections, weights and delays are one stream per row) and keeps the kept targets' synapses.
     *
     * @param keepFrom first kept target, in [0, columns]
     * @param keepTo one past the last kept target, in [keepFrom, columns]
     * @throws IllegalArgumentException also if the kept range is not inside [0, columns]
     */
    public static CsrMatrix build(Projection projection, int rows, int columns, boolean samePopulation, long seed,
            SegmentAllocator alloc, int threads, int keepFrom, int keepTo) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        if (keepFrom < 0 || keepFrom > keepTo || keepTo > columns) {
            throw new IllegalArgumentException("projection " + projection.index() + ": kept targets [" + keepFrom + ", "
                    + keepTo + ") must lie in [0, " + columns + "]");
        }
        Spec spec = new Spec(projection, rows, columns, samePopulation, seed, keepFrom, keepTo);
        MemorySegment header = alloc.allocate(CsrLayout.HEADER.byteSize(), ROW_ALIGNMENT_BYTES);
        MemorySegment rowOffsets = alloc.allocate(CsrLayout.rowOffsets(rows).byteSize(), ROW_ALIGNMENT_BYTES);
        try (Arena scratch = Arena.ofShared(); SynapseList.Reader list = spec.list == null ? null : spec.list.open()) {
            MemorySegment rowCounts = spec.connectivity instanceof Connectivity.FixedTotal
                    ? scratch(alloc, scratch, rows) : null;
            MemorySegment[] stripes = spec.connectivity instanceof Connectivity.FixedInDegree
                    ? countColumns(spec, rowOffsets, alloc, scratch, threads) : null;
            if (stripes == null) {
                countRows(spec, list, rowCounts, rowOffsets, threads);
            }
            MemorySegment firsts = list != null && spec.list.ordered() && !spec.restricted()
                    ? listFirsts(spec, rowOffsets, alloc, scratch) : null;
            long synapses = rowStarts(spec, rowOffsets);
            long entries = rowOffsets.getAtIndex(ROW_OFFSET, rows);
            MemorySegment targets = alloc.allocate(CsrLayout.targets(entries).byteSize(), ROW_ALIGNMENT_BYTES);
            MemorySegment weights = spec.weightKind == PER_SYNAPSE
                    ? alloc.allocate(CsrLayout.weights(entries).byteSize(), ROW_ALIGNMENT_BYTES) : null;
            MemorySegment delays = spec.delayKind != CONSTANT
                    ? alloc.allocate(CsrLayout.delays(entries, spec.delayKind).byteSize(), ROW_ALIGNMENT_BYTES) : null;
            Output out = new Output(targets, weights, delays, spec.delayKind);
            if (stripes != null) {
                writeColumns(spec, stripes, rowOffsets, out, alloc, scratch);
                if (((Connectivity.FixedInDegree) spec.connectivity).multapses()
                        && (out.weights != null || out.delays != null)) {
                    sortMultapses(spec, rowOffsets, out, threads);
                }
            } else {
                padRows(spec, rowOffsets, out, threads);
                if (writeSynapses(spec, list, rowCounts, firsts, rowOffsets, out, alloc, scratch, threads)) {
                    sortRows(spec, rowOffsets, out, threads);
                }
            }
            for (MemorySegment m : new MemorySegment[] {rowCounts, firsts}) {
                if (m != null) {
                    release(alloc, m);
                }
            }
            header(spec, header, synapses, entries);
            return new CsrMatrix(header, rowOffsets, targets, weights, delays);
        }
    }

    /** Phase 1: the length of every row into {@code rowOffsets[row]}. */
    private static void countRows(Spec spec, SynapseList.Reader list, MemorySegment rowCounts, MemorySegment rowOffsets,
            int threads) {
        rowOffsets.fill((byte) 0);
        if (list != null) { // explicit and listed synapses
            ParallelRange.run(threads, spec.list.size(), LIST_CHUNK, (from, to) -> {
                for (long k = from; k < to; k++) {
                    if (spec.keeps(list.target(k))) {
                        // atomic: list chunks of several threads may name the same row; the sum is order-free
                        LONG_ELEMENT.getAndAdd(rowOffsets, (long) list.source(k) * Long.BYTES, 1L);
                    }
                }
            });
            return;
        }
        switch (spec.connectivity) {
            case Connectivity.FixedTotal f -> {
                totalRowCounts(spec, f, rowCounts);
                if (!spec.restricted()) {
                    MemorySegment.copy(rowCounts, 0, rowOffsets, 0, rowCounts.byteSize());
                    return;
                }
                ParallelRange.run(threads, spec.rows, CHUNK, (from, to) -> { // each row's kept share of its count
                    Generator g = spec.generator(rowCounts);
                    for (long row = from; row < to; row++) {
                        rowOffsets.setAtIndex(ROW_OFFSET, row, g.row((int) row, null, 0));
                    }
                });
            }
            default -> ParallelRange.run(threads, spec.rows, CHUNK, (from, to) -> {
                Generator g = spec.generator(null);
                for (long row = from; row < to; row++) {
                    rowOffsets.setAtIndex(ROW_OFFSET, row, g.row((int) row, null, 0));
                }
            });
        }
    }

    /**
     * Fixed in-degree, phase 1: the columns are cut into stripes of consecutive columns, one per thread; each stripe
     * counts per row the sources its columns draw, in scratch of its own (no atomics), and the row lengths in
     * {@code rowOffsets} are the sums of the stripes' counts.
     *
     * @return per stripe, its count per row (scratch of 8 bytes per row, which {@link #writeColumns} turns into its
     *     write cursors and frees)
     */
    private static MemorySegment[] countColumns(Spec spec, MemorySegment rowOffsets, SegmentAllocator alloc, Arena scratch,
            int threads) {
        int stripes = (int) Math.max(1, Math.min(threads, (spec.keepTo - spec.keepFrom) / CHUNK));
        MemorySegment[] counts = new MemorySegment[stripes];
        for (int s = 0; s < stripes; s++) {
            counts[s] = scratch(alloc, scratch, spec.rows);
        }
        ParallelRange.run(stripes, stripes, 1, (from, to) -> {
            Generator g = spec.generator(null);
            for (int s = (int) from; s < to; s++) {
                MemorySegment c = counts[s];
                c.fill((byte) 0);
                for (int col = stripeStart(spec, s, stripes), end = stripeStart(spec, s + 1, stripes); col < end; col++) {
                    int k = g.columnSources(col);
                    for (int i = 0; i < k; i++) {
                        long row = g.scratch[i];
                        c.setAtIndex(ROW_OFFSET, row, c.getAtIndex(ROW_OFFSET, row) + 1);
                    }
                }
            }
        });
        for (int row = 0; row < spec.rows; row++) {
            long len = 0;
            for (MemorySegment c : counts) {
                len += c.getAtIndex(ROW_OFFSET, row);
            }
            rowOffsets.setAtIndex(ROW_OFFSET, row, len);
        }
        return counts;
    }

    /** First column of stripe {@code s} of {@code stripes} over the kept columns (stripe {@code stripes}: their end). */
    private static int stripeStart(Spec spec, int s, int stripes) {
        return spec.keepFrom + (int) ((long) (spec.keepTo - spec.keepFrom) * s / stripes);
    }

    /**
     * Fixed in-degree, phase 4: each stripe draws its columns again, in ascending order, and writes each source's
     * synapse at the stripe's cursor for that row, which starts after the entries of the stripes before it. Every row
     * thus holds its synapses in ascending target (column) order whatever the number of stripes: the order a sort
     * by target gave, without atomics or a sort. Frees {@code counts}.
     *
     * <p>Why: the builder used to claim each slot with an atomic increment of the row's cursor, in chunks of
     * columns taken in any order, and then sort every row; at 1e8 synapses the scatter alone was about 60% of
     * the build's CPU time (bench/RESULTS.md section 14). The writes go through a {@link ColumnBatch}, grouped by
     * blocks of rows (section 45).
     */
    private static void writeColumns(Spec spec, MemorySegment[] counts, MemorySegment rowOffsets, Output out,
            SegmentAllocator alloc, Arena scratch) {
        int stripes = counts.length;
        for (int row = 0; row < spec.rows; row++) {
            long at = rowOffsets.getAtIndex(ROW_OFFSET, row);
            for (MemorySegment c : counts) {
                long n = c.getAtIndex(ROW_OFFSET, row);
                c.setAtIndex(ROW_OFFSET, row, at);
                at += n;
            }
        }
        ParallelRange.run(stripes, stripes, 1, (from, to) -> {
            Generator g = spec.generator(null);
            // the columns' synapses (k each), if fewer than a batch: a small projection takes a small batch
            long drawn = (long) ((Connectivity.FixedInDegree) spec.connectivity).k()
                    * (stripeStart(spec, (int) to, stripes) - stripeStart(spec, (int) from, stripes));
            try (ColumnBatch batch = new ColumnBatch(spec, (int) Math.max(1, Math.min(BATCH, drawn)), alloc, scratch)) {
                for (int s = (int) from; s < to; s++) {
                    writeStripe(g, batch, counts[s], stripeStart(spec, s, stripes), stripeStart(spec, s + 1, stripes), out);
                }
            }
        });
        padTails(spec, counts[stripes - 1], rowOffsets, out);
        for (MemorySegment c : counts) {
            release(alloc, c);
        }
    }

    /**
     * Fixed in-degree, one stripe of {@link #writeColumns}: columns {@code [from, to)} drawn again in ascending order
     * and written through {@code batch} at the stripe's own cursors ({@code cursor}: plain accesses).
     */
    private static void writeStripe(Generator g, ColumnBatch batch, MemorySegment cursor, int from, int to, Output out) {
        for (int col = from; col < to; col++) {
            int k = g.columnSources(col);
            g.startStream(col);
            batch.add(g, col, k, cursor, out);
        }
        batch.write(cursor, out);
    }

    /**
     * Fixed in-degree, after {@link #writeColumns}: the padding of each row, from its real end (the last stripe's
     * cursor, {@code ends[row]}) to the next row's start. The real entries were all written, so unlike
     * {@link #padRows} nothing else is filled: the targets are touched once, by the writes (their fresh pages are
     * faulted in there, zeroed by the kernel; see {@code ArenaPool}), not three times (zeroing, padding, writes).
     */
    private static void padTails(Spec spec, MemorySegment ends, MemorySegment rowOffsets, Output out) {
        for (int row = 0; row < spec.rows; row++) {
            for (long i = ends.getAtIndex(ROW_OFFSET, row), e = rowOffsets.getAtIndex(ROW_OFFSET, row + 1); i < e; i++) {
                out.put(i, PAD_TARGET, 0f, 0);
            }
        }
    }

    /**
     * Fixed in-degree with multapses, after {@link #writeColumns}: the synapses of one column to one source (adjacent
     * in its row, in draw order) put in full-key order (weight bits, then delay), as {@link #sortRows} orders them.
     */
    private static void sortMultapses(Spec spec, MemorySegment rowOffsets, Output out, int threads) {
        ParallelRange.run(threads, spec.rows, CHUNK, (from, to) -> {
            RowSorter sorter = new RowSorter(out.targets, out.weights, out.delays, spec.delayKind);
            for (long row = from; row < to; row++) {
                sorter.sortEqualTargets(rowOffsets.getAtIndex(ROW_OFFSET, row), rowOffsets.getAtIndex(ROW_OFFSET, row + 1));
            }
        });
    }

    /**
     * The row counts of a fixed total: a multinomial (with multapses) or multivariate hypergeometric (without)
     * split of {@code n} over the rows in proportion to their allowed pairs, drawn row after row.
     */
    private static void totalRowCounts(Spec spec, Connectivity.FixedTotal f, MemorySegment rowCounts) {
        long pairsLeft = 0;
        for (int row = 0; row < spec.rows; row++) {
            pairsLeft += spec.allowedTargets(row);
        }
        if (f.n() > 0 && pairsLeft == 0) {
            throw new IllegalArgumentException("projection " + spec.projection.index() + ": " + f.n()
                    + " synapses in total but no allowed pair");
        }
        if (!f.multapses() && f.n() > pairsLeft) {
            throw new IllegalArgumentException("projection " + spec.projection.index() + ": " + f.n()
                    + " synapses without multapses exceed the " + pairsLeft + " allowed pairs");
        }
        if (!f.multapses() && pairsLeft >= 1L << 53) { // CounterRng.nextHypergeometric counts in doubles
            throw new IllegalArgumentException("projection " + spec.projection.index() + ": " + pairsLeft
                    + " allowed pairs for a fixed total without multapses; at most 2^53 - 1 (use multapses)");
        }
        CounterRng rng = new CounterRng(spec.seed);
        int purpose = RngPurpose.connectivity(spec.projection.index());
        long left = f.n();
        for (int row = 0; row < spec.rows; row++) {
            long allowed = spec.allowedTargets(row);
            long count;
            if (left == 0 || allowed == 0) {
                count = 0;
            } else if (allowed == pairsLeft) {
                count = left;
            } else if (f.multapses()) {
                count = rng.reset(purpose, row, 1).nextBinomial(left, (double) allowed / pairsLeft);
            } else {
                count = rng.reset(purpose, row, 1).nextHypergeometric(allowed, pairsLeft - allowed, left);
            }
            rowCounts.setAtIndex(ROW_OFFSET, row, count);
            left -= count;
            pairsLeft -= allowed;
        }
    }

    /** The list position of each row's first synapse in a list in CSR order: prefix sums of the row lengths. */
    private static MemorySegment listFirsts(Spec spec, MemorySegment rowOffsets, SegmentAllocator alloc, Arena scratch) {
        MemorySegment firsts = scratch(alloc, scratch, spec.rows);
        long first = 0;
        for (int row = 0; row < spec.rows; row++) {
            firsts.setAtIndex(ROW_OFFSET, row, first);
            first += rowOffsets.getAtIndex(ROW_OFFSET, row);
        }
        return firsts;
    }

    /**
     * Phase 2: row lengths become row starts, each row padded to 64 bytes; {@code rowOffsets[rows]} is the
     * number of entries.
     *
     * @return the number of synapses
     */
    private static long rowStarts(Spec spec, MemorySegment rowOffsets) {
        long synapses = 0;
        long running = 0;
        for (int row = 0; row < spec.rows; row++) {
            long len = rowOffsets.getAtIndex(ROW_OFFSET, row);
            if (len > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("projection " + spec.projection.index() + " row " + row + " has " + len
                        + " synapses, above " + Integer.MAX_VALUE);
            }
            rowOffsets.setAtIndex(ROW_OFFSET, row, running);
            synapses += len;
            running += CsrLayout.paddedLength(len);
        }
        rowOffsets.setAtIndex(ROW_OFFSET, spec.rows, running);
        return synapses;
    }

    /** Phase 3: every entry padding (real synapses overwrite it). */
    private static void padRows(Spec spec, MemorySegment rowOffsets, Output out, int threads) {
        ParallelRange.run(threads, spec.rows, CHUNK * 16, (from, to) -> {
            long s = rowOffsets.getAtIndex(ROW_OFFSET, from);
            long e = rowOffsets.getAtIndex(ROW_OFFSET, to);
            for (long i = s; i < e; i++) {
                out.targets.setAtIndex(TARGET, i, PAD_TARGET);
            }
            if (out.weights != null) {
                out.weights.asSlice(s * WEIGHT.byteSize(), (e - s) * WEIGHT.byteSize()).fill((byte) 0);
            }
            if (out.delays != null) {
                long w = CsrLayout.delays(1, spec.delayKind).byteSize();
                out.delays.asSlice(s * w, (e - s) * w).fill((byte) 0);
            }
        });
    }

    /**
     * Phase 4: the synapses (all rules but fixed in-degree). Row rules write each row in place; lists claim slots
     * through atomic per-row cursors.
     *
     * @return whether the rows must be sorted to be deterministic (or, for fixed out-degree, ordered)
     */
    private static boolean writeSynapses(Spec spec, SynapseList.Reader list, MemorySegment rowCounts,
            MemorySegment firsts, MemorySegment rowOffsets, Output out, SegmentAllocator alloc, Arena scratch,
            int threads) {
        if (list == null) {
            ParallelRange.run(threads, spec.rows, CHUNK, (from, to) -> {
                Generator g = spec.generator(rowCounts);
                for (long row = from; row < to; row++) {
                    g.row((int) row, out, rowOffsets.getAtIndex(ROW_OFFSET, row));
                }
            });
            return spec.connectivity instanceof Connectivity.FixedOutDegree
                    || spec.connectivity instanceof Connectivity.FixedTotal;
        }
        if (firsts != null) {
            writeOrderedList(spec, list, rowOffsets, firsts, out, threads);
            return false;
        }
        if (spec.list.ordered()) { // and restricted
            writeKeptOrderedList(spec, list, rowOffsets, out);
            return false;
        }
        MemorySegment cursors = scratch(alloc, scratch, spec.rows);
        MemorySegment.copy(rowOffsets, 0, cursors, 0, cursors.byteSize());
        writeList(spec, list, cursors, out, threads);
        release(alloc, cursors);
        return true;
    }

    /**
     * The synapses of a list, in parallel chunks; a weight or delay the list does not give is drawn from the
     * stream of its list position, so it does not depend on the chunking.
     */
    private static void writeList(Spec spec, SynapseList.Reader list, MemorySegment cursors, Output out, int threads) {
        boolean ownWeights = spec.list.hasWeights();
        boolean ownDelays = spec.list.hasDelays();
        int wp = RngPurpose.weight(spec.projection.index());
        int dp = RngPurpose.delay(spec.projection.index());
        ParallelRange.run(threads, spec.list.size(), LIST_CHUNK, (from, to) -> {
            CounterRng wr = new CounterRng(spec.seed);
            CounterRng dr = new CounterRng(spec.seed);
            for (long k = from; k < to; k++) {
                if (!spec.keeps(list.target(k))) {
                    continue;
                }
                // atomic: claims a slot in the row; rows are sorted afterwards, so the claim order does not matter
                long pos = (long) LONG_ELEMENT.getAndAdd(cursors, (long) list.source(k) * Long.BYTES, 1L);
                float w = ownWeights ? list.weight(k)
                        : spec.weightKind == PER_SYNAPSE ? spec.drawWeight(wr.reset(wp, 0, k)) : spec.constantWeight;
                int d = ownDelays ? list.delaySteps(k)
                        : spec.delayKind != CONSTANT ? spec.drawDelay(dr.reset(dp, 0, k)) : spec.constantDelay;
                out.put(pos, list.target(k), w, d);
            }
        });
    }

    /**
     * The synapses of a list in CSR order: synapse {@code k} of row {@code r} goes to entry
     * {@code rowStart(r) + k - first(r)}, {@code first(r)} the list position of the row's first synapse (a prefix
     * sum of the row lengths, into {@code firsts}); no cursor is claimed and no row needs sorting.
     */
    private static void writeOrderedList(Spec spec, SynapseList.Reader list, MemorySegment rowOffsets,
            MemorySegment firsts, Output out, int threads) {
        boolean ownWeights = spec.list.hasWeights();
        boolean ownDelays = spec.list.hasDelays();
        int wp = RngPurpose.weight(spec.projection.index());
        int dp = RngPurpose.delay(spec.projection.index());
        ParallelRange.run(threads, spec.list.size(), LIST_CHUNK, (from, to) -> {
            CounterRng wr = new CounterRng(spec.seed);
            CounterRng dr = new CounterRng(spec.seed);
            for (long k = from; k < to; k++) {
                int row = list.source(k);
                long pos = rowOffsets.getAtIndex(ROW_OFFSET, row) + k - firsts.getAtIndex(ROW_OFFSET, row);
                float w = ownWeights ? list.weight(k)
                        : spec.weightKind == PER_SYNAPSE ? spec.drawWeight(wr.reset(wp, 0, k)) : spec.constantWeight;
                int d = ownDelays ? list.delaySteps(k)
                        : spec.delayKind != CONSTANT ? spec.drawDelay(dr.reset(dp, 0, k)) : spec.constantDelay;
                out.put(pos, list.target(k), w, d);
            }
        });
    }

    /**
     * The kept synapses of a list in CSR order (a restricted build, see {@link #build(Projection, int, int, boolean,
     * long, SegmentAllocator, int, int, int)}): one pass in list order, each row's kept synapses at consecutive
     * entries from its start, so every row keeps the list's order, as the full matrix has it. Sequential: a kept
     * synapse's entry depends on how many of its row's earlier synapses were kept.
     */
    private static void writeKeptOrderedList(Spec spec, SynapseList.Reader list, MemorySegment rowOffsets, Output out) {
        boolean ownWeights = spec.list.hasWeights();
        boolean ownDelays = spec.list.hasDelays();
        int wp = RngPurpose.weight(spec.projection.index());
        int dp = RngPurpose.delay(spec.projection.index());
        CounterRng wr = new CounterRng(spec.seed);
        CounterRng dr = new CounterRng(spec.seed);
        int row = -1;
        long pos = 0;
        for (long k = 0, n = spec.list.size(); k < n; k++) {
            int target = list.target(k);
            if (!spec.keeps(target)) {
                continue;
            }
            if (list.source(k) != row) {
                row = list.source(k);
                pos = rowOffsets.getAtIndex(ROW_OFFSET, row);
            }
            float w = ownWeights ? list.weight(k)
                    : spec.weightKind == PER_SYNAPSE ? spec.drawWeight(wr.reset(wp, 0, k)) : spec.constantWeight;
            int d = ownDelays ? list.delaySteps(k)
                    : spec.delayKind != CONSTANT ? spec.drawDelay(dr.reset(dp, 0, k)) : spec.constantDelay;
            out.put(pos++, target, w, d);
        }
    }

    /** Phase 5: every row sorted by its full key (target, weight, delay), which makes claim order irrelevant. */
    private static void sortRows(Spec spec, MemorySegment rowOffsets, Output out, int threads) {
        ParallelRange.run(threads, spec.rows, CHUNK, (from, to) -> {
            RowSorter sorter = new RowSorter(out.targets, out.weights, out.delays, spec.delayKind);
            for (long row = from; row < to; row++) {
                long s = rowOffsets.getAtIndex(ROW_OFFSET, row);
                long e = rowOffsets.getAtIndex(ROW_OFFSET, row + 1);
                long realEnd = s;
                while (realEnd < e && out.targets.getAtIndex(TARGET, realEnd) != PAD_TARGET) {
                    realEnd++;
                }
                sorter.sort(s, realEnd);
            }
        });
    }

    /** Phase 6: the header. */
    private static void header(Spec spec, MemorySegment header, long synapses, long entries) {
        CsrLayout.ROWS.set(header, 0L, (long) spec.rows);
        CsrLayout.COLUMNS.set(header, 0L, (long) spec.columns);
        CsrLayout.SYNAPSES.set(header, 0L, synapses);
        CsrLayout.ENTRIES.set(header, 0L, entries);
        CsrLayout.CONSTANT_WEIGHT.set(header, 0L, spec.constantWeight);
        CsrLayout.CONSTANT_DELAY.set(header, 0L, spec.constantDelay);
        CsrLayout.WEIGHT_KIND.set(header, 0L, spec.weightKind);
        CsrLayout.DELAY_KIND.set(header, 0L, spec.delayKind);
        CsrLayout.MAX_DELAY.set(header, 0L, spec.maxDelay);
    }

    /**
     * Scratch of 8 bytes per row, freed when the build ends: from the pool when we have one (so it is counted),
     * else from a shared arena of this call.
     */
    private static MemorySegment scratch(SegmentAllocator alloc, Arena scratch, int rows) {
        return scratchBytes(alloc, scratch, CsrLayout.rowOffsets(rows).byteSize());
    }

    /** As {@link #scratch(SegmentAllocator, Arena, int)}: {@code bytes} bytes, 64-byte aligned. */
    private static MemorySegment scratchBytes(SegmentAllocator alloc, Arena scratch, long bytes) {
        return alloc instanceof ArenaPool pool ? pool.allocate(bytes, ROW_ALIGNMENT_BYTES)
                : scratch.allocate(bytes, ROW_ALIGNMENT_BYTES);
    }

    private static void release(SegmentAllocator alloc, MemorySegment s) {
        if (alloc instanceof ArenaPool pool) {
            pool.free(s);
        }
    }

    /**
     * Fixed in-degree, {@link #writeColumns}: the synapses one stripe drew for consecutive columns, up to a capacity
     * (at most {@value #BATCH}), then written to their rows grouped by blocks of {@code 2^}{@value #BLOCK_SHIFT} rows.
     * The grouping is a stable counting sort by block, so each row receives its synapses in the order that writing
     * column by column gives (ascending column, then draw order): the same bytes.
     *
     * <p>Why: written column by column, consecutive synapses go to random rows, each at its own cursor somewhere in
     * the targets (a row per source: 2.5 GB of them for Brunel's E to E at 10^9 synapses), so nearly every write
     * missed the caches and the TLB, and a row's 64-byte line could be fetched again for each of its 16 entries.
     * Grouped, the writes of one block stay within about 1024 lines (64 KiB) and a few huge pages until the block is
     * done, and with 2^20 synapses per batch a row of Brunel's 80,000 sources receives about 13 of them (most of a
     * line) per batch. Brunel at 10^9 synapses, 1 thread: 27-31 s of CPU against 41-51 s, alternated (bench/RESULTS.md
     * section 45); batches of 2^18 gave 34-38 s. Memory: 16 bytes per synapse of the capacity (16 MiB at most; 32 MiB
     * with drawn weights and delays), off-heap from the build's allocator, whatever the network's size.
     *
     * <p>Ownership: {@link #close} frees the batch's memory (to a pool; an arena frees it with the build).
     * Thread-safety: one per stripe thread.
     */
    private static final class ColumnBatch implements AutoCloseable {
        private static final ValueLayout.OfLong ENTRY = ValueLayout.JAVA_LONG;
        private static final ValueLayout.OfFloat DRAWN_WEIGHT = ValueLayout.JAVA_FLOAT;
        private static final ValueLayout.OfInt DRAWN_DELAY = ValueLayout.JAVA_INT;

        private final int capacity;
        private final SegmentAllocator alloc;
        private final MemorySegment memory;
        /** (row << 32 | column) per synapse, in draw order; then grouped by row block. */
        private final MemorySegment drawn;
        private final MemorySegment grouped;
        /** Drawn weights and delays beside them, or null when constant. */
        private final MemorySegment weights;
        private final MemorySegment groupedWeights;
        private final MemorySegment delays;
        private final MemorySegment groupedDelays;
        /** Per block, its first position in {@link #grouped}, then its write position. */
        private final int[] blockStarts;
        private int size;

        /** @param capacity synapses the batch holds, in [1, {@value #BATCH}] */
        ColumnBatch(Spec spec, int capacity, SegmentAllocator alloc, Arena scratch) {
            boolean w = spec.weightKind == PER_SYNAPSE;
            boolean d = spec.delayKind != CONSTANT;
            long entries = capacity * ENTRY.byteSize();
            long weightBytes = w ? capacity * DRAWN_WEIGHT.byteSize() : 0;
            long delayBytes = d ? capacity * DRAWN_DELAY.byteSize() : 0;
            this.capacity = capacity;
            this.alloc = alloc;
            memory = scratchBytes(alloc, scratch, 2 * (entries + weightBytes + delayBytes));
            drawn = memory.asSlice(0, entries);
            grouped = memory.asSlice(entries, entries);
            weights = w ? memory.asSlice(2 * entries, weightBytes) : null;
            groupedWeights = w ? memory.asSlice(2 * entries + weightBytes, weightBytes) : null;
            delays = d ? memory.asSlice(2 * (entries + weightBytes), delayBytes) : null;
            groupedDelays = d ? memory.asSlice(2 * (entries + weightBytes) + delayBytes, delayBytes) : null;
            blockStarts = new int[(spec.rows >>> BLOCK_SHIFT) + 2];
        }

        /**
         * The {@code k} sources of column {@code col} just drawn into {@code g}, with their weights and delays; a full
         * batch is written first ({@link #write}), mid-column too: the grouping is stable, so a column split across
         * batches reaches its rows in the same order.
         */
        void add(Generator g, int col, int k, MemorySegment cursor, Output out) {
            int[] rows = g.scratch;
            for (int i = 0; i < k; i++) {
                if (size == capacity) {
                    write(cursor, out);
                }
                drawn.setAtIndex(ENTRY, size, (long) rows[i] << 32 | col);
                if (weights != null) {
                    weights.setAtIndex(DRAWN_WEIGHT, size, g.weight()); // the weight first: the column stream's order
                }
                if (delays != null) {
                    delays.setAtIndex(DRAWN_DELAY, size, g.delay());
                }
                size++;
            }
        }

        /** Writes the batch at the rows' cursors in {@code cursor} (advancing them) and empties it. */
        void write(MemorySegment cursor, Output out) {
            int[] starts = blockStarts;
            java.util.Arrays.fill(starts, 0);
            for (int i = 0; i < size; i++) {
                starts[(int) (drawn.getAtIndex(ENTRY, i) >>> (32 + BLOCK_SHIFT)) + 1]++;
            }
            for (int b = 1; b < starts.length; b++) {
                starts[b] += starts[b - 1];
            }
            for (int i = 0; i < size; i++) {
                long e = drawn.getAtIndex(ENTRY, i);
                int at = starts[(int) (e >>> (32 + BLOCK_SHIFT))]++;
                grouped.setAtIndex(ENTRY, at, e);
                if (weights != null) {
                    groupedWeights.setAtIndex(DRAWN_WEIGHT, at, weights.getAtIndex(DRAWN_WEIGHT, i));
                }
                if (delays != null) {
                    groupedDelays.setAtIndex(DRAWN_DELAY, at, delays.getAtIndex(DRAWN_DELAY, i));
                }
            }
            for (int i = 0; i < size; i++) {
                long e = grouped.getAtIndex(ENTRY, i);
                long row = e >>> 32;
                long pos = cursor.getAtIndex(ROW_OFFSET, row);
                cursor.setAtIndex(ROW_OFFSET, row, pos + 1);
                out.put(pos, (int) e, weights != null ? groupedWeights.getAtIndex(DRAWN_WEIGHT, i) : 0f,
                        delays != null ? groupedDelays.getAtIndex(DRAWN_DELAY, i) : 0);
            }
            size = 0;
        }

        @Override
        public void close() {
            release(alloc, memory);
        }
    }

    /** Where synapses are written. */
    private record Output(MemorySegment targets, MemorySegment weights, MemorySegment delays, int delayKind) {
        void put(long entry, int target, float weight, int delay) {
            targets.setAtIndex(TARGET, entry, target);
            if (weights != null) {
                weights.setAtIndex(WEIGHT, entry, weight);
            }
            if (delays != null) {
                if (delayKind == DELAY_U8) {
                    delays.set(DELAY_BYTE, entry, (byte) delay);
                } else {
                    delays.setAtIndex(DELAY_SHORT, entry, (short) delay);
                }
            }
        }
    }

    /** Immutable facts about the projection. */
    private static final class Spec {
        final Projection projection;
        final Connectivity connectivity;
        final SynapseList list;
        final int rows;
        final int columns;
        /** The kept targets: [keepFrom, keepTo) (all columns unless restricted). */
        final int keepFrom;
        final int keepTo;
        final boolean samePopulation;
        final long seed;
        final int weightKind;
        final int delayKind;
        final float constantWeight;
        final int constantDelay;
        final int maxDelay;

        Spec(Projection projection, int rows, int columns, boolean samePopulation, long seed, int keepFrom, int keepTo) {
            this.projection = projection;
            this.rows = rows;
            this.columns = columns;
            this.keepFrom = keepFrom;
            this.keepTo = keepTo;
            this.samePopulation = samePopulation && !projection.autapses();
            this.seed = seed;
            Connectivity c = projection.connectivity();
            this.connectivity = c;
            this.list = switch (c) {
                case Connectivity.Explicit e -> SynapseList.of(e);
                case Connectivity.Listed l -> l.synapses();
                default -> null;
            };
            if ((list != null && list.hasWeights()) || !(projection.weight() instanceof WeightRule.Constant)) {
                weightKind = PER_SYNAPSE;
                constantWeight = 0f;
            } else {
                weightKind = CONSTANT;
                constantWeight = ((WeightRule.Constant) projection.weight()).value();
            }
            maxDelay = projection.maxDelaySteps();
            boolean varying = (list != null && list.hasDelays())
                    || projection.delay().minSteps() != projection.delay().maxSteps();
            if (varying) {
                delayKind = CsrLayout.delayKindFor(maxDelay);
                constantDelay = 0;
            } else {
                delayKind = CONSTANT;
                constantDelay = projection.delay().maxSteps();
            }
        }

        /** @param rowCounts the row lengths of a fixed total (else null) */
        Generator generator(MemorySegment rowCounts) {
            return new Generator(this, rowCounts);
        }

        /** Whether only some targets are kept. */
        boolean restricted() {
            return keepFrom > 0 || keepTo < columns;
        }

        /** Whether synapses onto {@code target} are kept. */
        boolean keeps(int target) {
            return target >= keepFrom && target < keepTo;
        }

        /** Whether each synapse draws a weight or a delay (then a row rule draws its whole row to keep part of it). */
        boolean drawsPerSynapse() {
            return weightKind == PER_SYNAPSE || delayKind != CONSTANT;
        }

        /** Targets row {@code row} may connect to. */
        long allowedTargets(int row) {
            return columns - (samePopulation && row < columns ? 1 : 0);
        }

        float drawWeight(CounterRng r) {
            return switch (projection.weight()) {
                case WeightRule.Constant c -> c.value();
                case WeightRule.Uniform u -> (float) (u.low() + (u.high() - (double) u.low()) * r.nextDouble());
                case WeightRule.Normal n -> (float) (n.mean() + n.sd() * r.nextGaussian());
                case WeightRule.Drawn d -> (float) (d.scale() * Distributions.sample(d.distribution(), r));
            };
        }

        int drawDelay(CounterRng r) {
            return switch (projection.delay()) {
                case DelayRule.Constant c -> c.steps();
                case DelayRule.UniformSteps u -> u.minSteps() + r.nextInt(u.maxSteps() - u.minSteps() + 1);
                case DelayRule.Drawn d -> d.steps(Distributions.sample(d.distribution(), r));
            };
        }
    }

    /** Per-thread generation state: random streams and scratch; not thread-safe. */
    private static final class Generator {
        final Spec spec;
        final CounterRng conn;
        final CounterRng weightRng;
        final CounterRng delayRng;
        final int connPurpose;
        final int weightPurpose;
        final int delayPurpose;
        final double logQ;
        final MemorySegment rowCounts;
        int[] scratch = new int[16];
        int[] set = new int[32];

        Generator(Spec spec, MemorySegment rowCounts) {
            this.spec = spec;
            this.rowCounts = rowCounts;
            this.conn = new CounterRng(spec.seed);
            this.weightRng = new CounterRng(spec.seed);
            this.delayRng = new CounterRng(spec.seed);
            int index = spec.projection.index();
            this.connPurpose = RngPurpose.connectivity(index);
            this.weightPurpose = RngPurpose.weight(index);
            this.delayPurpose = RngPurpose.delay(index);
            this.logQ = spec.connectivity instanceof Connectivity.FixedProbability f && f.p() < 1
                    ? Math.log1p(-f.p()) : 0;
        }

        void startStream(int key) {
            if (spec.weightKind == PER_SYNAPSE) {
                weightRng.reset(weightPurpose, key, 0);
            }
            if (spec.delayKind != CONSTANT) {
                delayRng.reset(delayPurpose, key, 0);
            }
        }

        float weight() {
            return spec.weightKind == PER_SYNAPSE ? spec.drawWeight(weightRng) : spec.constantWeight;
        }

        int delay() {
            return spec.delayKind != CONSTANT ? spec.drawDelay(delayRng) : spec.constantDelay;
        }

        /**
         * Generates row {@code row}; writes it from entry {@code base} when {@code out} is non-null.
         *
         * @return the row's length
         */
        long row(int row, Output out, long base) {
            int skip = spec.samePopulation ? row : -1;
            if (out != null) {
                startStream(row);
            }
            return switch (spec.connectivity) {
                case Connectivity.FixedProbability f -> fixedProbabilityRow(f, row, skip, out, base);
                case Connectivity.FixedOutDegree f -> fixedOutDegreeRow(f, row, skip, out, base);
                case Connectivity.OneToOne o -> row == skip ? 0 : emit(out, base, row);
                case Connectivity.AllToAll a -> everyTarget(skip, out, base);
                case Connectivity.DistanceProbability d -> distanceRow(d, row, skip, out, base);
                case Connectivity.FixedTotal f -> fixedTotalRow(f, row, skip, out, base);
                default -> throw new IllegalStateException("not a row rule: " + spec.connectivity);
            };
        }

        /** Every target but {@code skip} up to the last kept one (all-to-all, or a probability of 1). */
        private long everyTarget(int skip, Output out, long base) {
            long c = 0;
            for (int j = firstVisited(out); j < spec.keepTo; j++) { // draws past the last kept target change nothing kept
                if (j != skip) {
                    c += emit(out, base + c, j);
                }
            }
            return c;
        }

        /** Targets at geometric gaps ({@link #logQ}), so that a sparse row costs its synapses, not its columns. */
        private long fixedProbabilityRow(Connectivity.FixedProbability f, int row, int skip, Output out, long base) {
            if (f.p() == 0 || spec.columns == 0) {
                return 0;
            }
            if (f.p() >= 1) {
                return everyTarget(skip, out, base);
            }
            long c = 0;
            conn.reset(connPurpose, row, 0);
            long j = conn.nextGeometric(logQ);
            while (j < spec.keepTo) {
                if (j != skip) {
                    c += emit(out, base + c, (int) j);
                }
                j += 1 + conn.nextGeometric(logQ);
            }
            return c;
        }

        /** {@code f.k()} targets drawn from the row's allowed ones ({@link #sample}). */
        private long fixedOutDegreeRow(Connectivity.FixedOutDegree f, int row, int skip, Output out, long base) {
            int domain = allowed(spec.columns, skip);
            if (f.k() > 0 && domain <= 0) {
                throw new IllegalArgumentException("projection " + spec.projection.index() + ": out-degree "
                        + f.k() + " but row " + row + " has no allowed target");
            }
            if (out == null && !spec.restricted()) {
                return f.k();
            }
            conn.reset(connPurpose, row, 0);
            return emitSampled(sample(domain, f.k(), f.multapses(), skip), out, base);
        }

        /** Each target with the probability of its distance from the source, one uniform draw per target. */
        private long distanceRow(Connectivity.DistanceProbability d, int row, int skip, Output out, long base) {
            conn.reset(connPurpose, row, 0);
            long c = 0;
            for (int j = 0; j < spec.keepTo; j++) {
                if (j != skip && conn.nextDouble() < d.probability().applyAsDouble(d.distance(row, j))) {
                    c += emit(out, base + c, j);
                }
            }
            return c;
        }

        /** The row's share of a fixed total ({@link #rowCounts}, drawn before), sampled as a fixed out-degree. */
        private long fixedTotalRow(Connectivity.FixedTotal f, int row, int skip, Output out, long base) {
            int k = (int) rowCounts.getAtIndex(ROW_OFFSET, row);
            if (k == 0 || (out == null && !spec.restricted())) {
                return k;
            }
            conn.reset(connPurpose, row, 0);
            return emitSampled(sample(allowed(spec.columns, skip), k, f.multapses(), skip), out, base);
        }

        /** The {@code k} targets {@link #sample} left in {@code scratch}, in draw order. */
        private long emitSampled(int k, Output out, long base) {
            long c = 0;
            for (int i = 0; i < k; i++) {
                c += emit(out, base + c, scratch[i]);
            }
            return c;
        }

        /** Where a row rule that draws nothing per target starts: the first kept target (else 0, every draw counts). */
        private int firstVisited(Output out) {
            return spec.drawsPerSynapse() && out != null ? 0 : spec.keepFrom;
        }

        /**
         * One synapse of a row onto {@code target}: when writing ({@code out} non-null) its weight and delay are drawn
         * whether it is kept or not (the row's streams must advance alike), and it is written at {@code entry} if kept.
         *
         * @return 1 if kept, else 0
         */
        private int emit(Output out, long entry, int target) {
            boolean kept = spec.keeps(target);
            if (out != null) {
                float w = weight();
                int d = delay();
                if (kept) {
                    out.put(entry, target, w, d);
                }
            }
            return kept ? 1 : 0;
        }

        /** Sources of column {@code col} (fixed in-degree) into {@code scratch}; returns the count. */
        int columnSources(int col) {
            Connectivity.FixedInDegree f = (Connectivity.FixedInDegree) spec.connectivity;
            int skip = spec.samePopulation ? col : -1;
            int domain = allowed(spec.rows, skip);
            if (f.k() > 0 && domain <= 0) {
                throw new IllegalArgumentException("projection " + spec.projection.index() + ": in-degree " + f.k()
                        + " but column " + col + " has no allowed source");
            }
            conn.reset(connPurpose, col, 0);
            return sample(domain, f.k(), f.multapses(), skip);
        }

        /** Of {@code n} candidates, how many a row or column may draw: all but {@code skip} (no autapse), if inside. */
        private static int allowed(int n, int skip) {
            return n - (skip >= 0 && skip < n ? 1 : 0);
        }

        /**
         * Draws {@code k} values in [0, domain) into {@code scratch}, mapped past {@code skip}; distinct
         * ones by Floyd's algorithm (Bentley & Floyd, CACM 30(9), 1987) when multapses are not allowed.
         */
        private int sample(int domain, int k, boolean multapses, int skip) {
            if (scratch.length < k) {
                scratch = new int[Integer.highestOneBit(Math.max(k, 1)) << 1];
            }
            if (multapses) {
                for (int i = 0; i < k; i++) {
                    scratch[i] = conn.nextInt(domain);
                }
            } else {
                int cap = Integer.highestOneBit(Math.max(2 * k, 2)) << 1;
                if (set.length < cap) {
                    set = new int[cap];
                }
                java.util.Arrays.fill(set, 0, cap, -1);
                int mask = cap - 1;
                for (int i = 0, j = domain - k; i < k; i++, j++) {
                    int t = conn.nextInt(j + 1);
                    int v = insert(mask, t) ? t : j;
                    if (v == j) {
                        insert(mask, j);
                    }
                    scratch[i] = v;
                }
            }
            if (skip >= 0) {
                for (int i = 0; i < k; i++) {
                    if (scratch[i] >= skip) {
                        scratch[i]++;
                    }
                }
            }
            return k;
        }

        /** Inserts into the open-addressing set; false if already present. */
        private boolean insert(int mask, int v) {
            int h = (v * 0x9E3779B9) >>> 7 & mask;
            while (set[h] != -1) {
                if (set[h] == v) {
                    return false;
                }
                h = (h + 1) & mask;
            }
            set[h] = v;
            return true;
        }
    }
}
