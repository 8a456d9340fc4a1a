package org.shnn.engine.synapse;

import static org.shnn.layouts.synapse.CsrLayout.CONSTANT;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_BYTE;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_SHORT;
import static org.shnn.layouts.synapse.CsrLayout.DELAY_U8;
import static org.shnn.layouts.synapse.CsrLayout.PER_SYNAPSE;
import static org.shnn.layouts.synapse.CsrLayout.ROW_OFFSET;
import static org.shnn.layouts.synapse.CsrLayout.TARGET;
import static org.shnn.layouts.synapse.CsrLayout.WEIGHT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shnn.layouts.synapse.CsrLayout;
import org.shnn.memory.pages.Pages;

/**
 * One projection's synapses in off-heap CSR form (layout: {@link CsrLayout}): a flyweight over a
 * header, row offsets, targets and, only when they vary, weights and delays. Rows are sorted by
 * target, start on 64-byte boundaries and end in {@link CsrLayout#PAD_TARGET} padding.
 *
 * <p>Ownership: the segments belong to the allocator (pool or arena) that {@link CsrBuilder} was
 * given, or to the caller of {@link #wrap}; the matrix is valid while they are. Thread-safety:
 * read-only after building, safe for concurrent readers; the weights and delays may be changed between runs
 * ({@link #setWeight}, {@link #setDelay}, on a matrix from {@link #withWeightArray} / {@link #withDelayArray}).
 */
public final class CsrMatrix {

    /** Name of the header part in {@link #parts()}. */
    public static final String HEADER = "header";
    /** Name of the row-offsets part in {@link #parts()}. */
    public static final String ROW_OFFSETS = "rowOffsets";
    /** Name of the targets part in {@link #parts()}. */
    public static final String TARGETS = "targets";
    /** Name of the per-synapse weights part in {@link #parts()}, present only when weights vary. */
    public static final String WEIGHTS = "weights";
    /** Name of the per-synapse delays part in {@link #parts()}, present only when delays vary. */
    public static final String DELAYS = "delays";
    /**
     * Restored targets of at least this many bytes (1 MiB) are wrapped with {@link #wrapCheckingRowsOnUse}, smaller
     * ones with {@link #wrap}; a checkpoint verifies the checksums of CSR sections of this size in the background.
     */
    public static final long ROWS_CHECKED_ON_USE_BYTES = 1L << 20;
    /**
     * A matrix checked on use whose targets have at least this share of their pages in the page cache when wrapped
     * does not ask storage for its rows ({@link #requestRow}): its reads hit the cache, and each request is a system
     * call per row and part. A resumed CUBA 40,000 paced at real time with its file cached fell up to 15-24 ms behind
     * over its first ~300 steps with the requests, 3-5 ms without (bench/RESULTS.md section 72).
     */
    public static final double CACHED_SHARE = 0.9;

    private final MemorySegment header;
    private final MemorySegment rowOffsets;
    private final MemorySegment targets;
    private final MemorySegment weights;
    private final MemorySegment delays;
    private final int rows;
    private final int columns;
    private final long synapses;
    private final long entries;
    private final float constantWeight;
    private final int constantDelay;
    private final int weightKind;
    private final int delayKind;
    private final int maxDelay;
    /**
     * Null when every row was validated up front ({@link #wrap}) or built here; else one flag per row, non-zero once
     * that row's targets and delays passed {@link #checkRow} ({@link #wrapCheckingRowsOnUse}). Shared with the
     * matrices derived from this one that keep its rows. Written by whichever thread uses a row first, without
     * ordering: a thread that sees a stale 0 checks the row again (the bytes checked never change), so a race
     * costs a repeated check, never an unchecked row.
     */
    private final byte[] rowChecked;
    /** Prefix of a lazily checked row's failure message ({@link #wrapCheckingRowsOnUse}); empty otherwise. */
    private final String where;
    /**
     * The saved bytes behind the rows, verified before a row's check on use and requested by whole blocks
     * ({@link #wrapCheckingRowsOnUse}); null for none.
     */
    private final SavedRows verify;
    /**
     * Whether {@link #requestRow} asks storage for rows: a matrix checked on use whose targets were not mostly in the
     * page cache when it was wrapped ({@link #wrapCheckingRowsOnUse}); false otherwise.
     */
    private final boolean requestsRows;
    /**
     * {@link #diagonal}: null while not known yet, {@link #NOT_DIAGONAL}, or the rows. Written plain by whichever thread
     * asks first (a reference: never seen half-written; the record's fields are final); every writer writes an equal
     * value (the rows it reads never change), so a stale null only repeats the pass.
     */
    private Diagonal diagonal;
    /** {@link #diagonal} of a matrix that is not: a value no row range has. */
    private static final Diagonal NOT_DIAGONAL = new Diagonal(-1, -1);

    /**
     * Wraps existing segments (e.g. restored from a checkpoint), validating the header against them and every
     * value the step loop uses to address memory or to decide where to stop: row offsets (start at 0,
     * non-decreasing, row-aligned, the last equal to {@code entries}), targets (within each row sorted, in
     * {@code [0, columns)} and then only {@link CsrLayout#PAD_TARGET} padding, {@code synapses} of them in all)
     * and per-synapse delays (in {@code [1, maxDelay]}). After this the step loop trusts the matrix.
     *
     * <p>Cost: one pass over the row offsets, targets and delays (weights are not read): see bench/RESULTS.md,
     * "Validation and verification on open".
     *
     * @param weights per-synapse weights or null when the header says CONSTANT
     * @param delays per-synapse delays or null when the header says CONSTANT
     * @throws IllegalArgumentException naming the part, the index and the expected and found values
     */
    public static CsrMatrix wrap(MemorySegment header, MemorySegment rowOffsets, MemorySegment targets,
            MemorySegment weights, MemorySegment delays) {
        CsrMatrix m = new CsrMatrix(header, rowOffsets, targets, weights, delays);
        m.validateRows();
        return m;
    }

    /**
     * As {@link #wrap}, but reading only the header and the row offsets now (8 bytes per row): each row's targets and
     * delays are validated, with the same checks and messages, by the first {@link #rowStart} or {@link #rowEnd} of
     * that row, i.e. before the row is used; the total of {@code synapses} is not checked (rows never used do not
     * matter to a run). For a matrix used in place from a large file whose pages may not be cached (issue 18, cold
     * open): {@link #wrap} reads all of the targets before the first step, which for 8 GiB on a cold disk takes
     * tens of seconds; the first step touches the rows of the neurons that fired only.
     *
     * @param where prefixed to the message of a row that fails its check (e.g. the file and section names)
     * @param verify run on each of a row's parts before its structure is checked (e.g. the file's block checksums of
     *     them, {@code Checkpoint}); null for none
     * @throws IllegalArgumentException as {@link #wrap}, for the header and row offsets
     */
    public static CsrMatrix wrapCheckingRowsOnUse(String where, MemorySegment header, MemorySegment rowOffsets,
            MemorySegment targets, MemorySegment weights, MemorySegment delays, PartCheck verify) {
        return wrapCheckingRowsOnUse(where, header, rowOffsets, targets, weights, delays, verify,
                !(Pages.residentShare(targets) >= CACHED_SHARE));
    }

    /**
     * As {@link #wrapCheckingRowsOnUse(String, MemorySegment, MemorySegment, MemorySegment, MemorySegment,
     * MemorySegment, PartCheck)}, with {@code requestRows} saying whether {@link #requestRow} asks storage for rows,
     * which that overload decides by the share of the targets in the page cache now.
     */
    public static CsrMatrix wrapCheckingRowsOnUse(String where, MemorySegment header, MemorySegment rowOffsets,
            MemorySegment targets, MemorySegment weights, MemorySegment delays, PartCheck verify, boolean requestRows) {
        CsrMatrix m = new CsrMatrix(header, rowOffsets, targets, weights, delays); // the header's checks give rows
        m.validateRowOffsets();
        return new CsrMatrix(header, rowOffsets, targets, weights, delays, new byte[m.rows], where,
                verify == null ? null : new SavedRows(verify, targets, m.weightKind == PER_SYNAPSE ? weights : null,
                        m.delayKind == CONSTANT ? null : delays, m.delayKind == DELAY_U8 ? DELAY_BYTE.byteSize()
                                : DELAY_SHORT.byteSize()), requestRows);
    }

    /**
     * A check of the bytes of one part of a matrix checked on use ({@link #wrapCheckingRowsOnUse}), e.g. their
     * checksums in the file they are mapped from: run before a row's first use, by the thread that uses it (so
     * concurrently, for different rows or the same one).
     */
    public interface PartCheck {
        /**
         * Checks bytes {@code [offset, offset + length)} of part {@code part} ({@link #TARGETS}, ...).
         *
         * @throws RuntimeException naming what failed
         */
        void check(String part, long offset, long length);

        /**
         * The size (a power of two, in bytes) of the blocks that {@link #check} reads whole, so that a row's bytes
         * are asked of storage by whole blocks ({@link #requestRow}); 1 where it reads just the range.
         */
        long blockBytes(String part);
    }

    /**
     * The parts of a matrix as it was wrapped ({@link #wrapCheckingRowsOnUse}), with their check: a matrix derived
     * from it with new weights or delays ({@link #withWeightArray}, {@link #withDelayArray}) copied them from these,
     * so it checks and requests these.
     *
     * @param weights null unless weights are per synapse
     * @param delays null unless delays are per synapse
     * @param delayBytes bytes per delay in {@code delays}
     */
    private record SavedRows(PartCheck check, MemorySegment targets, MemorySegment weights, MemorySegment delays,
            long delayBytes) {

        /** Checks entries {@code [from, to)} of every part. */
        void check(long from, long to) {
            long n = to - from;
            check.check(TARGETS, from * TARGET.byteSize(), n * TARGET.byteSize());
            if (weights != null) {
                check.check(WEIGHTS, from * WEIGHT.byteSize(), n * WEIGHT.byteSize());
            }
            if (delays != null) {
                check.check(DELAYS, from * delayBytes, n * delayBytes);
            }
        }

        /** Asks storage for entries {@code [from, to)} of every part, by the check's whole blocks. */
        void request(long from, long to) {
            long n = to - from;
            request(TARGETS, targets, from * TARGET.byteSize(), n * TARGET.byteSize());
            if (weights != null) {
                request(WEIGHTS, weights, from * WEIGHT.byteSize(), n * WEIGHT.byteSize());
            }
            if (delays != null) {
                request(DELAYS, delays, from * delayBytes, n * delayBytes);
            }
        }

        private void request(String name, MemorySegment part, long offset, long length) {
            long block = check.blockBytes(name);
            long start = offset & -block;
            long end = Math.min(part.byteSize(), (offset + length + block - 1) & -block);
            Pages.advise(part.asSlice(start, end - start), Pages.Advice.WILLNEED);
        }
    }

    /** The structural checks of {@link #wrap} beyond the header: one pass over the rows. */
    private void validateRows() {
        validateRowOffsets();
        long real = 0;
        for (int row = 0; row < rows; row++) {
            real += checkRowEntries(row);
        }
        if (real != synapses) {
            throw new IllegalArgumentException("CSR header: synapses " + synapses + ", but the rows hold " + real);
        }
    }

    /** Row offsets: start at 0, non-decreasing, row-aligned, within the entries, the last equal to {@code entries}. */
    private void validateRowOffsets() {
        long first = rowOffsets.getAtIndex(ROW_OFFSET, 0);
        if (first != 0) {
            throw invalid("rowOffsets", 0, "0", first);
        }
        long s = first;
        for (int row = 0; row < rows; row++) {
            long e = rowOffsets.getAtIndex(ROW_OFFSET, row + 1L);
            if (e < s || e > entries || e % CsrLayout.ROW_ALIGNMENT_ENTRIES != 0) {
                throw invalid("rowOffsets", row + 1L, "a multiple of " + CsrLayout.ROW_ALIGNMENT_ENTRIES + " in ["
                        + s + ", " + entries + "] (non-decreasing, within the entries)", e);
            }
            s = e;
        }
        if (s != entries) {
            throw invalid("rowOffsets", rows, "entries = " + entries, s);
        }
    }

    /** Checks {@code row} ({@link #wrapCheckingRowsOnUse}) and marks it checked. */
    private void checkRow(int row) {
        if (verify != null) { // bytes first: a damaged row is named by its checksum, not by what it breaks
            verify.check(rowOffsets.getAtIndex(ROW_OFFSET, row), rowOffsets.getAtIndex(ROW_OFFSET, row + 1L));
        }
        try {
            checkRowEntries(row);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        rowChecked[row] = 1;
    }

    /**
     * One row's targets (sorted, in {@code [0, columns)}, then only padding) and per-synapse delays (in
     * {@code [1, maxDelay]}), its offsets already validated; returns its synapses.
     *
     * <p>How: {@link CsrLayout#PAD_TARGET} is {@code Integer.MAX_VALUE}, above every column, so a valid row is one
     * non-decreasing run of ints from 0 up, whose entries before the trailing padding end below {@code columns}.
     * That is checked first by a loop without a data-dependent branch (the 8 GiB cold-open network, 2.15e9 targets,
     * is checked in the background of every resume: bench/RESULTS.md section 40); a row that fails it is checked
     * again by {@link #explainRow}, which finds the first bad entry and names it.
     */
    private long checkRowEntries(int row) {
        long s = rowOffsets.getAtIndex(ROW_OFFSET, row);
        long e = rowOffsets.getAtIndex(ROW_OFFSET, row + 1L);
        int previous = 0;
        boolean sorted = true;
        for (long k = s; k < e; k++) {
            int t = targets.getAtIndex(TARGET, k);
            sorted &= previous <= t;
            previous = t;
        }
        long end = e; // one past the last synapse: the padding, all PAD_TARGET when sorted, is what follows
        while (end > s && targets.getAtIndex(TARGET, end - 1) == CsrLayout.PAD_TARGET) {
            end--;
        }
        boolean valid = sorted && (end == s || targets.getAtIndex(TARGET, end - 1) < columns);
        if (valid && delayKind != CONSTANT) {
            for (long k = s; k < end; k++) {
                int d = delay(k);
                valid &= d >= 1 & d <= maxDelay;
            }
        }
        return valid ? end - s : explainRow(row, s, e);
    }

    /**
     * {@link #checkRowEntries} entry by entry, for a row that failed it: throws naming the first bad entry (the
     * two checks accept the same rows; {@code CsrRowCheckTest} compares them).
     */
    private long explainRow(int row, long s, long e) {
        long k = s;
        int previous = 0;
        for (; k < e; k++) {
            int t = targets.getAtIndex(TARGET, k);
            if (t == CsrLayout.PAD_TARGET) {
                break;
            }
            if (t < previous || t >= columns) {
                throw invalid("targets", k, "a column in [" + previous + ", " + columns + ") (row " + row
                        + " sorted by target)", t);
            }
            if (delayKind != CONSTANT) {
                int d = delay(k);
                if (d < 1 || d > maxDelay) {
                    throw invalid("delays", k, "a delay in [1, " + maxDelay + "] steps (row " + row + ")", d);
                }
            }
            previous = t;
        }
        for (; k < e; k++) {
            int t = targets.getAtIndex(TARGET, k);
            if (t != CsrLayout.PAD_TARGET) {
                throw invalid("targets", k, "the padding " + CsrLayout.PAD_TARGET + " after row " + row
                        + "'s synapses", t);
            }
        }
        throw new IllegalStateException("CSR row " + row + " failed the one-pass check but no entry of it is invalid");
    }

    private static IllegalArgumentException invalid(String part, long index, String expected, long found) {
        return new IllegalArgumentException("CSR " + part + "[" + index + "]: expected " + expected + ", found " + found);
    }

    CsrMatrix(MemorySegment header, MemorySegment rowOffsets, MemorySegment targets, MemorySegment weights,
            MemorySegment delays) {
        this(header, rowOffsets, targets, weights, delays, null, "", null, false);
    }

    private CsrMatrix(MemorySegment header, MemorySegment rowOffsets, MemorySegment targets, MemorySegment weights,
            MemorySegment delays, byte[] rowChecked, String where, SavedRows verify, boolean requestsRows) {
        if (header.byteSize() < CsrLayout.HEADER.byteSize()) {
            throw new IllegalArgumentException("CSR header segment of " + header.byteSize() + " bytes < "
                    + CsrLayout.HEADER.byteSize());
        }
        this.header = header;
        long r = (long) CsrLayout.ROWS.get(header, 0L);
        long c = (long) CsrLayout.COLUMNS.get(header, 0L);
        if (r < 0 || r > Integer.MAX_VALUE || c < 0 || c > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("CSR header: rows " + r + " and columns " + c + " must be in [0, 2^31)");
        }
        this.rows = (int) r;
        this.columns = (int) c;
        this.synapses = (long) CsrLayout.SYNAPSES.get(header, 0L);
        this.entries = (long) CsrLayout.ENTRIES.get(header, 0L);
        this.constantWeight = (float) CsrLayout.CONSTANT_WEIGHT.get(header, 0L);
        this.constantDelay = (int) CsrLayout.CONSTANT_DELAY.get(header, 0L);
        this.weightKind = (int) CsrLayout.WEIGHT_KIND.get(header, 0L);
        this.delayKind = (int) CsrLayout.DELAY_KIND.get(header, 0L);
        this.maxDelay = (int) CsrLayout.MAX_DELAY.get(header, 0L);
        if (entries < 0 || entries > targets.byteSize() / TARGET.byteSize() || synapses < 0 || synapses > entries) {
            throw new IllegalArgumentException("CSR header: entries " + entries + " must be in [0, "
                    + targets.byteSize() / TARGET.byteSize() + "] (the targets segment) and synapses " + synapses
                    + " in [0, entries]");
        }
        if (delayKind != CONSTANT && delayKind != DELAY_U8 && delayKind != CsrLayout.DELAY_I16) {
            throw new IllegalArgumentException("CSR header: delayKind " + delayKind + " must be " + CONSTANT + ", "
                    + DELAY_U8 + " or " + CsrLayout.DELAY_I16);
        }
        requireSize("row offsets", rowOffsets, (r + 1) * ROW_OFFSET.byteSize());
        requireSize("targets", targets, entries * TARGET.byteSize());
        if (weightKind == PER_SYNAPSE) {
            requireSize("weights", weights, entries * WEIGHT.byteSize());
        } else if (weightKind != CONSTANT || weights != null) {
            throw new IllegalArgumentException("CSR weightKind " + weightKind + " with " + (weights == null ? "no" : "a")
                    + " weights segment");
        }
        if (delayKind == CONSTANT) {
            if (delays != null || constantDelay < 1 || constantDelay > maxDelay) {
                throw new IllegalArgumentException("CSR constant delay " + constantDelay + " (must be in [1, maxDelay "
                        + maxDelay + "]) with " + (delays == null ? "no" : "a") + " delays segment");
            }
        } else {
            requireSize("delays", delays, CsrLayout.delays(entries, delayKind).byteSize());
        }
        if (synapses > entries || maxDelay < 1) {
            throw new IllegalArgumentException("CSR header: synapses " + synapses + " must be <= entries " + entries
                    + " and maxDelay " + maxDelay + " >= 1");
        }
        this.rowOffsets = rowOffsets;
        this.targets = targets;
        this.weights = weights;
        this.delays = delays;
        this.rowChecked = rowChecked;
        this.where = where;
        this.verify = verify;
        this.requestsRows = requestsRows && rowChecked != null;
    }

    private static void requireSize(String what, MemorySegment s, long bytes) {
        if (s == null || s.byteSize() < bytes) {
            throw new IllegalArgumentException("CSR " + what + " segment has " + (s == null ? "no" : s.byteSize() + "")
                    + " bytes, needs " + bytes);
        }
    }

    /** Source neurons (rows). */
    public int rows() {
        return rows;
    }

    /** Target neurons (columns). */
    public int columns() {
        return columns;
    }

    /** Synapses (without padding). */
    public long synapseCount() {
        return synapses;
    }

    /** Entries including row padding. */
    public long entryCount() {
        return entries;
    }

    /** Whether weights are stored per synapse. */
    public boolean hasWeightArray() {
        return weightKind == PER_SYNAPSE;
    }

    /** Whether delays are stored per synapse. */
    public boolean hasDelayArray() {
        return delayKind != CONSTANT;
    }

    /** The projection's weight when {@link #hasWeightArray()} is false. */
    public float constantWeight() {
        return constantWeight;
    }

    /** The projection's delay (steps) when {@link #hasDelayArray()} is false. */
    public int constantDelay() {
        return constantDelay;
    }

    /** Largest delay (steps). */
    public int maxDelay() {
        return maxDelay;
    }

    /** Entry index of row {@code row}'s first synapse. */
    public long rowStart(int row) {
        byte[] checked = rowChecked;
        if (checked != null && checked[row] == 0) {
            checkRow(row);
        }
        return rowOffsets.getAtIndex(ROW_OFFSET, row);
    }

    /** Entry index one past row {@code row}'s padding (= next row's start). */
    public long rowEnd(int row) {
        byte[] checked = rowChecked;
        if (checked != null && checked[row] == 0) {
            checkRow(row);
        }
        return rowOffsets.getAtIndex(ROW_OFFSET, row + 1L);
    }

    /** Whether {@link #requestRow} asks storage for rows (for tests). */
    boolean requestsRows() {
        return requestsRows;
    }

    /**
     * Asks the kernel to start reading row {@code row}'s entries (targets, and weights and delays when they vary)
     * from storage, without waiting, if this matrix checks its rows on use ({@link #wrapCheckingRowsOnUse}: mapped
     * from a checkpoint), its targets were not mostly cached when wrapped ({@link #CACHED_SHARE}) and the row has not
     * been used yet; otherwise does nothing.
     * Why: such a mapping is advised {@code MADV_RANDOM}, so a page fault reads its one page, and a row of 15,000
     * synapses is 15 page faults one after the other; the step loop calls this for every row of a step's spikes before
     * it delivers any, so that their reads are in flight together (bench/RESULTS.md sections 31 and 48).
     * A hint: nothing fails if the kernel ignores it.
     *
     * <p>Thread-safety: as {@link #rowStart}; it reads the row's offsets (checked on open) and no entry.
     */
    public void requestRow(int row) {
        byte[] checked = rowChecked;
        if (!requestsRows || checked[row] != 0) {
            return;
        }
        long s = rowOffsets.getAtIndex(ROW_OFFSET, row);
        long n = rowOffsets.getAtIndex(ROW_OFFSET, row + 1L) - s;
        if (n == 0) {
            return;
        }
        if (verify != null) { // its check reads whole blocks of the saved parts
            verify.request(s, s + n);
            return;
        }
        Pages.advise(targets.asSlice(s * TARGET.byteSize(), n * TARGET.byteSize()), Pages.Advice.WILLNEED);
        if (weightKind == PER_SYNAPSE) {
            Pages.advise(weights.asSlice(s * WEIGHT.byteSize(), n * WEIGHT.byteSize()), Pages.Advice.WILLNEED);
        }
        if (delayKind != CONSTANT) {
            long b = delayKind == DELAY_U8 ? DELAY_BYTE.byteSize() : DELAY_SHORT.byteSize();
            Pages.advise(delays.asSlice(s * b, n * b), Pages.Advice.WILLNEED);
        }
    }

    /**
     * The rows {@code [from, to)} of a one-to-one matrix: each of them one synapse onto the target of its own index,
     * every other row empty. PyNN's {@code OneToOneConnector} makes one with all rows; a rank's share of a distributed
     * one just its own targets' rows; one onto its own population without self connections none ({@code from == to}).
     * {@link DeliveryBatch} then delivers row {@code r} to cell {@code r} without reading the row.
     *
     * @param from first row with its synapse
     * @param to one past the last
     */
    public record Diagonal(int from, int to) {
    }

    /**
     * This matrix's {@link Diagonal} rows, or null if it is not one-to-one, or checks its rows on use (reading every
     * row to find out is what it avoids). Found by one pass over the row offsets and each row's first two targets the
     * first time it is asked. Thread-safety: any thread; a race between two first askers repeats the pass.
     */
    public Diagonal diagonal() {
        Diagonal d = diagonal;
        if (d == null) {
            d = rowChecked == null ? findDiagonal() : NOT_DIAGONAL;
            diagonal = d; // plain: see the field
        }
        return d == NOT_DIAGONAL ? null : d;
    }

    private Diagonal findDiagonal() {
        int from = -1;
        int to = -1;
        for (int r = 0; r < rows; r++) {
            long a = rowOffsets.getAtIndex(ROW_OFFSET, r);
            long b = rowOffsets.getAtIndex(ROW_OFFSET, r + 1L);
            if (b == a || targets.getAtIndex(TARGET, a) == CsrLayout.PAD_TARGET) {
                if (from >= 0 && to < 0) {
                    to = r; // the rows with their synapse end here; no later row may have one
                }
                continue;
            }
            if (targets.getAtIndex(TARGET, a) != r || (b > a + 1 && targets.getAtIndex(TARGET, a + 1) != CsrLayout.PAD_TARGET)
                    || to >= 0) {
                return NOT_DIAGONAL;
            }
            if (from < 0) {
                from = r;
            }
        }
        return from < 0 ? new Diagonal(0, 0) : new Diagonal(from, to < 0 ? rows : to);
    }

    /**
     * Whether this matrix checks its rows on first use ({@link #wrapCheckingRowsOnUse}: mapped from a checkpoint whose
     * pages may not be cached), so that {@link #requestRow} may start reads. Thread-safety: immutable.
     */
    public boolean checksRowsOnUse() {
        return rowChecked != null;
    }

    /**
     * The row offsets segment ({@link CsrLayout#ROW_OFFSET} per row, plus one) when every row has been checked (built
     * here or by {@link #wrap}), so that a reader may take bounds from it without {@link #rowStart}'s check on use;
     * null for a matrix from {@link #wrapCheckingRowsOnUse}. For {@link DeliveryBatch}'s bounds pass.
     */
    MemorySegment checkedRowOffsets() {
        return rowChecked == null ? rowOffsets : null;
    }

    /** Synapses in row {@code row} (without padding). */
    public int rowLength(int row) {
        long s = rowStart(row);
        long e = rowEnd(row);
        return (int) (lowerBound(s, e, CsrLayout.PAD_TARGET) - s);
    }

    /** Target of entry {@code e}. */
    public int target(long e) {
        return targets.getAtIndex(TARGET, e);
    }

    /** Weight of entry {@code e}. */
    public float weight(long e) {
        return weightKind == PER_SYNAPSE ? weights.getAtIndex(WEIGHT, e) : constantWeight;
    }

    /** Delay (steps) of entry {@code e}. */
    public int delay(long e) {
        return switch (delayKind) {
            case CONSTANT -> constantDelay;
            case DELAY_U8 -> Byte.toUnsignedInt(delays.get(DELAY_BYTE, e));
            default -> delays.getAtIndex(DELAY_SHORT, e);
        };
    }

    /**
     * First entry in [from, to) whose target is >= {@code target} (binary search over a sorted row). Branch-free in
     * its comparison: a warm-up copy whose ranges each start at a population's first neuron only ever searches for
     * target 0 and sees one side of it, and C2, compiling the step's delivery from that profile, left the other side
     * out; the first run whose range split a population then threw the delivery's code away (bench/RESULTS.md
     * section 64).
     */
    public long lowerBound(long from, long to, int target) {
        long lo = from;
        long hi = to;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            long below = ((long) targets.getAtIndex(TARGET, mid) - target) >>> 63; // 1 if mid's target < target
            lo += below * (mid + 1 - lo);
            hi -= (1 - below) * (hi - mid);
        }
        return lo;
    }

    /** The targets segment (read-only use). */
    public MemorySegment targets() {
        return targets;
    }

    /** The per-synapse weights segment, or null. */
    public MemorySegment weights() {
        return weights;
    }

    /** The per-synapse delays segment, or null. */
    public MemorySegment delays() {
        return delays;
    }

    /** Delay kind code of {@link CsrLayout}. */
    public int delayKind() {
        return delayKind;
    }

    /** Bytes of all parts (header, row offsets, targets, weights, delays). */
    public long byteSize() {
        return header.byteSize() + rowOffsets.byteSize() + targets.byteSize() + (weights == null ? 0 : weights.byteSize())
                + (delays == null ? 0 : delays.byteSize());
    }

    /**
     * This matrix with writable per-synapse weights: itself if its weights are stored per synapse in writable
     * memory; else a matrix sharing the row offsets, targets and delays, with a new header and a weights array
     * in {@code alloc} (a copy of the read-only array, or the constant weight repeated; padding entries 0).
     */
    public CsrMatrix withWeightArray(SegmentAllocator alloc) {
        if (weightKind == PER_SYNAPSE && !weights.isReadOnly()) {
            return this;
        }
        MemorySegment w = alloc.allocate(CsrLayout.weights(entries).byteSize(), CsrLayout.ROW_ALIGNMENT_BYTES);
        if (weightKind == PER_SYNAPSE) {
            w.copyFrom(weights.asSlice(0, w.byteSize()));
        } else {
            w.fill((byte) 0);
            for (int row = 0; row < rows; row++) {
                for (long e = rowStart(row), end = e + rowLength(row); e < end; e++) {
                    w.setAtIndex(WEIGHT, e, constantWeight);
                }
            }
        }
        MemorySegment h = copyHeader(alloc);
        CsrLayout.WEIGHT_KIND.set(h, 0L, PER_SYNAPSE);
        return new CsrMatrix(h, rowOffsets, targets, w, delays, rowChecked, where, verify, requestsRows);
    }

    /**
     * This matrix with writable per-synapse delays of up to {@code maxDelay} steps: itself if its delays are
     * stored per synapse in writable memory of the kind {@code maxDelay} needs and its header allows
     * {@code maxDelay}; else a matrix sharing the row offsets, targets and weights, with a new header (max delay
     * {@code maxDelay}) and a delays array in {@code alloc} holding the current delays.
     *
     * @throws IllegalArgumentException if {@code maxDelay} is below this matrix's largest delay or above 32767
     */
    public CsrMatrix withDelayArray(int maxDelay, SegmentAllocator alloc) {
        int kind = CsrLayout.delayKindFor(maxDelay);
        if (maxDelay < this.maxDelay) {
            throw new IllegalArgumentException("CSR max delay " + maxDelay + " steps is below the matrix's " + this.maxDelay);
        }
        if (delayKind == kind && maxDelay == this.maxDelay && !delays.isReadOnly()) {
            return this;
        }
        MemorySegment d = delayKind == kind && !delays.isReadOnly() ? delays
                : alloc.allocate(CsrLayout.delays(entries, kind).byteSize(), CsrLayout.ROW_ALIGNMENT_BYTES);
        MemorySegment h = copyHeader(alloc);
        CsrLayout.DELAY_KIND.set(h, 0L, kind);
        CsrLayout.MAX_DELAY.set(h, 0L, maxDelay);
        CsrMatrix m = new CsrMatrix(h, rowOffsets, targets, weights, d, rowChecked, where, verify, requestsRows);
        if (d != delays) {
            d.fill((byte) 0);
            for (int row = 0; row < rows; row++) {
                for (long e = rowStart(row), end = e + rowLength(row); e < end; e++) {
                    m.setDelay(e, delay(e));
                }
            }
        }
        return m;
    }

    /**
     * This matrix keeping only the synapses onto targets in {@code [from, to)}: itself if it holds no other, else a
     * copy in {@code alloc} with every row filtered (same order, weights and delays; rows re-padded), the same rows
     * and columns. A rank of a distributed run keeps the synapses onto its own neurons this way when it resumes
     * from a one-process checkpoint (which holds them all); {@link CsrBuilder#build(org.shnn.engine.network.Projection,
     * int, int, boolean, long, SegmentAllocator, int, int, int)} builds the same matrix directly.
     */
    public CsrMatrix keepingTargets(int from, int to, SegmentAllocator alloc) {
        if (from <= 0 && to >= columns) { // every target is in [0, columns): without reading the rows (cold open)
            return this;
        }
        CsrMatrix[] self = {this};
        int[][] range = {{from, to}};
        long[] counts = keptCounts(self, range);
        return counts[0] == synapses ? this : joined(self, range, counts, alloc);
    }

    /**
     * The synapses onto targets {@code ranges[k] = [from, to)} of each saved matrix {@code parts.get(k)} (its
     * {@link #parts()}), joined row by row in the order of {@code k}: a rank resuming a checkpoint saved on another
     * rank count gathers the synapses onto its neurons from the shards that hold them. The ranges must ascend
     * without overlap, so every row of the result is sorted; it is the matrix that
     * {@link CsrBuilder#build(org.shnn.engine.network.Projection, int, int, boolean, long, SegmentAllocator, int, int,
     * int)} builds for the union of the ranges when each part holds its range's synapses in build order.
     *
     * <p>Reads of a part (a section mapped from a file): its header and row offsets are checked as {@link #wrap}
     * checks them; of its targets, weights and delays only the kept runs and a binary search per row are read, so
     * a rank touches only what it keeps. The result's rows are then checked as {@link #wrap} checks them.
     *
     * @param alloc owns the result's segments
     * @throws IllegalArgumentException naming the part and what does not fit: a damaged header or row offset, a
     *     header that differs from the first part's (rows, columns, weight and delay kinds, constants, max delay),
     *     ranges out of order, or a result whose rows are not valid
     */
    public static CsrMatrix gather(List<Map<String, MemorySegment>> parts, int[][] ranges, SegmentAllocator alloc) {
        if (parts.isEmpty() || parts.size() != ranges.length) {
            throw new IllegalArgumentException("CSR gather: " + parts.size() + " parts for " + ranges.length
                    + " ranges; expected one range per part, at least one");
        }
        CsrMatrix[] m = new CsrMatrix[parts.size()];
        for (int k = 0; k < m.length; k++) {
            Map<String, MemorySegment> p = parts.get(k);
            try {
                m[k] = new CsrMatrix(p.get(HEADER), p.get(ROW_OFFSETS), p.get(TARGETS), p.get(WEIGHTS), p.get(DELAYS));
                m[k].validateRowOffsets();
                m[k].checkSameHeader(m[0]);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("CSR part " + k + " of " + m.length + ": " + e.getMessage(), e);
            }
            int previous = k == 0 ? 0 : ranges[k - 1][1];
            if (ranges[k][0] < previous || ranges[k][1] < ranges[k][0] || ranges[k][1] > m[0].columns) {
                throw new IllegalArgumentException("CSR part " + k + ": targets [" + ranges[k][0] + ", " + ranges[k][1]
                        + ") must lie in [" + previous + ", " + m[0].columns + "] (after the previous part's)");
            }
        }
        CsrMatrix out = joined(m, ranges, keptCounts(m, ranges), alloc);
        out.validateRows();
        return out;
    }

    /** Refuses a part whose header differs from {@code first}'s in anything but its synapse and entry counts. */
    private void checkSameHeader(CsrMatrix first) {
        String[] fields = {"rows", "columns", "weightKind", "delayKind", "constantWeight", "constantDelay", "maxDelay"};
        long[] mine = {rows, columns, weightKind, delayKind, Float.floatToRawIntBits(constantWeight), constantDelay,
            maxDelay};
        long[] theirs = {first.rows, first.columns, first.weightKind, first.delayKind,
            Float.floatToRawIntBits(first.constantWeight), first.constantDelay, first.maxDelay};
        for (int i = 0; i < fields.length; i++) {
            if (mine[i] != theirs[i]) {
                throw new IllegalArgumentException("CSR header " + fields[i] + ": expected " + theirs[i]
                        + " (the first part's), found " + mine[i]);
            }
        }
    }

    /** {synapses, entries with each row's padding} onto targets {@code ranges[k]} of each {@code parts[k]}. */
    private static long[] keptCounts(CsrMatrix[] parts, int[][] ranges) {
        long kept = 0;
        long keptEntries = 0;
        for (int row = 0; row < parts[0].rows; row++) {
            long k = 0;
            for (int p = 0; p < parts.length; p++) {
                long s = parts[p].rowStart(row);
                long e = s + parts[p].rowLength(row);
                k += parts[p].lowerBound(s, e, ranges[p][1]) - parts[p].lowerBound(s, e, ranges[p][0]);
            }
            kept += k;
            keptEntries += CsrLayout.paddedLength(k);
        }
        return new long[] {kept, keptEntries};
    }

    /**
     * A copy in {@code alloc} of the synapses onto targets {@code ranges[k]} of each {@code parts[k]}, row by row in
     * the order of k (same order, weights and delays within a part; rows re-padded); the header is the first part's
     * with the new counts ({@link #keptCounts}). The parts share their header but for the counts (checked by the caller).
     */
    private static CsrMatrix joined(CsrMatrix[] parts, int[][] ranges, long[] counts, SegmentAllocator alloc) {
        CsrMatrix first = parts[0];
        int rows = first.rows;
        long kept = counts[0];
        long keptEntries = counts[1];
        MemorySegment h = first.copyHeader(alloc);
        CsrLayout.SYNAPSES.set(h, 0L, kept);
        CsrLayout.ENTRIES.set(h, 0L, keptEntries);
        MemorySegment ro = alloc.allocate(CsrLayout.rowOffsets(rows).byteSize(), CsrLayout.ROW_ALIGNMENT_BYTES);
        MemorySegment t = alloc.allocate(CsrLayout.targets(keptEntries).byteSize(), CsrLayout.ROW_ALIGNMENT_BYTES);
        MemorySegment w = first.weightKind != PER_SYNAPSE ? null
                : alloc.allocate(CsrLayout.weights(keptEntries).byteSize(), CsrLayout.ROW_ALIGNMENT_BYTES);
        MemorySegment d = first.delayKind == CONSTANT ? null
                : alloc.allocate(CsrLayout.delays(keptEntries, first.delayKind).byteSize(), CsrLayout.ROW_ALIGNMENT_BYTES);
        long delayBytes = d == null ? 0 : CsrLayout.delays(1, first.delayKind).byteSize();
        if (w != null) {
            w.fill((byte) 0);
        }
        if (d != null) {
            d.fill((byte) 0);
        }
        long at = 0;
        for (int row = 0; row < rows; row++) {
            ro.setAtIndex(ROW_OFFSET, row, at);
            long rowAt = at;
            for (int p = 0; p < parts.length; p++) {
                CsrMatrix m = parts[p];
                long s = m.rowStart(row);
                long e = s + m.rowLength(row);
                long a = m.lowerBound(s, e, ranges[p][0]);
                long k = m.lowerBound(s, e, ranges[p][1]) - a;
                MemorySegment.copy(m.targets, a * TARGET.byteSize(), t, at * TARGET.byteSize(), k * TARGET.byteSize());
                if (w != null) {
                    MemorySegment.copy(m.weights, a * WEIGHT.byteSize(), w, at * WEIGHT.byteSize(), k * WEIGHT.byteSize());
                }
                if (d != null) {
                    MemorySegment.copy(m.delays, a * delayBytes, d, at * delayBytes, k * delayBytes);
                }
                at += k;
            }
            long end = rowAt + CsrLayout.paddedLength(at - rowAt);
            for (long i = at; i < end; i++) {
                t.setAtIndex(TARGET, i, CsrLayout.PAD_TARGET);
            }
            at = end;
        }
        ro.setAtIndex(ROW_OFFSET, rows, at);
        return new CsrMatrix(h, ro, t, w, d);
    }

    private MemorySegment copyHeader(SegmentAllocator alloc) {
        MemorySegment h = alloc.allocate(CsrLayout.HEADER.byteSize(), CsrLayout.ROW_ALIGNMENT_BYTES);
        h.copyFrom(header.asSlice(0, h.byteSize()));
        return h;
    }

    /**
     * Sets the weight of entry {@code e} (a synapse, not padding) of a matrix with writable per-synapse weights.
     * Between runs, or by the worker that owns the synapse's target during a run.
     */
    public void setWeight(long e, float w) {
        weights.setAtIndex(WEIGHT, e, w);
    }

    /**
     * Sets the delay (steps, in [1, {@link #maxDelay()}], which the caller checked) of entry {@code e} of a matrix
     * with writable per-synapse delays. Between runs.
     */
    public void setDelay(long e, int d) {
        if (delayKind == DELAY_U8) {
            delays.set(DELAY_BYTE, e, (byte) d);
        } else {
            delays.setAtIndex(DELAY_SHORT, e, (short) d);
        }
    }

    /**
     * The parts by name, in order: {@code header}, {@code rowOffsets}, {@code targets}, and
     * {@code weights}, {@code delays} only when stored. {@link #wrap} takes them back.
     */
    public Map<String, MemorySegment> parts() {
        Map<String, MemorySegment> out = new LinkedHashMap<>();
        out.put(HEADER, header);
        out.put(ROW_OFFSETS, rowOffsets);
        out.put(TARGETS, targets);
        if (weights != null) {
            out.put(WEIGHTS, weights);
        }
        if (delays != null) {
            out.put(DELAYS, delays);
        }
        return out;
    }
}
