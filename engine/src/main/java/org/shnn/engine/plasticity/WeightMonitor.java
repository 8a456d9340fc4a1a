package org.shnn.engine.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.shnn.engine.network.Projection;
import org.shnn.engine.run.NamedSegment;
import org.shnn.engine.run.RankComm;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.StateDescriptor;
import org.shnn.engine.run.StepContext;
import org.shnn.engine.run.StepHook;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * Records the weights of chosen synapses of one projection every {@code interval} steps (the weights of a plastic
 * projection as its rule changes them): a step hook that, at each step {@code t} with {@code t % interval == 0},
 * reads the weights after the step's plasticity (register it after the projection's rule, as
 * {@link #attach} does when called after the rule's attach). Synapses are chosen by their position in the
 * projection's list order ({@code org.shnn.engine.run.Synapses#table}); weights are in the engine's unit.
 *
 * <p>Determinism: each worker samples only the synapses whose target it owns, after its own plasticity hook wrote
 * them, so the samples are identical for any thread count. On the ranks of a distributed run each rank samples the
 * chosen synapses it holds (those onto its neurons) and leaves the others' cells +0.0; after each run
 * ({@link #gatherRanks}) the ranks sum their samples as 64-bit words (one non-zero addend per cell, as
 * {@code StateMonitor} samples are gathered), so every rank holds, reports and saves what one process would, bit for
 * bit, for any rank count. Samples are part of the hook's state
 * ({@link #stateSections}: {@code recorder/weights/projection/<i>/steps} and {@code .../values}), so a checkpoint
 * keeps them and {@link Simulation#reset()} forgets them (the state as attached).
 *
 * <p>Allocation: a worker allocates its table of synapses at its first sample and grows its sample arrays by
 * doubling (amortised; a sample is a few array stores). Thread-safety: per-worker arrays during runs; reads
 * ({@link #steps}, {@link #values}) from the controlling thread between runs.
 */
public final class WeightMonitor implements StepHook {

    private final Simulation sim;
    private final int projection;
    private final int interval;
    /** Per chosen synapse: its position in list order, its CSR entry, its target's global id, its source's and
     * target's indices within their populations. */
    private final int[] positions;
    private final long[] entries;
    private final int[] targets;
    private final int[] pre;
    private final int[] post;
    /** Samples restored or taken before the ranges' arrays (merged in chosen order). */
    private long[] historySteps = new long[0];
    private double[] historyValues = new double[0];
    /** Per worker range: the chosen synapses it owns (indices into entries), its sample steps and values. */
    private final int[][] owned;
    private final long[][] steps;
    private final double[][] values;
    private final int[] samples;

    private WeightMonitor(Simulation sim, int projection, int interval, int[] positions, long[] entries, int[] targets,
            int[] pre, int[] post, int ranges) {
        this.sim = sim;
        this.projection = projection;
        this.interval = interval;
        this.positions = positions;
        this.entries = entries;
        this.targets = targets;
        this.pre = pre;
        this.post = post;
        this.owned = new int[ranges][];
        this.steps = new long[ranges][];
        this.values = new double[ranges][];
        this.samples = new int[ranges];
    }

    /**
     * Records synapses {@code synapses} (positions in list order) of projection {@code projection} every
     * {@code interval} steps, and registers the hook (after any plasticity hook of the projection already attached).
     * On a rank of a distributed run it is collective (every rank attaches the same monitors in the same order):
     * positions are the whole projection's, and the ranks agree which of them each holds (see {@link #placeOnRanks}).
     *
     * @throws IllegalArgumentException if the projection, a position or the interval is out of range
     */
    public static WeightMonitor attach(Simulation sim, int projection, int[] synapses, int interval) {
        Objects.requireNonNull(sim, "sim");
        List<Projection> projections = sim.network().projections();
        Projection spec = projections.get(Objects.checkIndex(projection, projections.size()));
        if (interval < 1) {
            throw new IllegalArgumentException("weight monitor of projection " + projection + ": interval " + interval
                    + " steps must be >= 1");
        }
        CsrMatrix c = sim.synapses(projection);
        RankComm comm = sim.ranks();
        long[] rowStart = wholeRowStarts(c, comm);
        long[] entries = new long[synapses.length];
        int[] pre = new int[synapses.length];
        long[] atInRow = new long[synapses.length];
        for (int k = 0; k < synapses.length; k++) {
            int s = synapses[k];
            if (s < 0 || s >= rowStart[c.rows()]) {
                throw new IllegalArgumentException("weight monitor of projection " + projection + ": synapses[" + k
                        + "] = " + s + "; expected a position in [0, " + rowStart[c.rows()] + ")");
            }
            int row = rowOf(rowStart, s);
            pre[k] = row;
            atInRow[k] = s - rowStart[row];
            entries[k] = c.rowStart(row) + atInRow[k];
        }
        int[] post = new int[synapses.length];
        if (comm.size() > 1) {
            placeOnRanks(c, comm, pre, atInRow, entries, post);
        } else {
            for (int k = 0; k < synapses.length; k++) {
                post[k] = c.target(entries[k]);
            }
        }
        int targetFirst = sim.network().populations().get(spec.target()).firstId();
        int[] targets = new int[synapses.length];
        for (int k = 0; k < synapses.length; k++) {
            targets[k] = entries[k] < 0 ? -1 : targetFirst + post[k]; // -1: another rank's, no worker's range holds it
        }
        WeightMonitor m = new WeightMonitor(sim, projection, interval, synapses.clone(), entries, targets, pre, post,
                sim.config().threads());
        sim.addHook(m);
        return m;
    }

    /**
     * The synapses of projection {@code projection} of the whole network, the range of the positions {@link #attach}
     * takes: on the ranks of a distributed run, each holding the synapses onto its own neurons, the sum over ranks
     * (collective).
     */
    public static long synapseCount(Simulation sim, int projection) {
        CsrMatrix c = sim.synapses(projection);
        RankComm comm = sim.ranks();
        if (comm.size() == 1) {
            return c.synapseCount();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sum = arena.allocate(JAVA_LONG);
            sum.set(JAVA_LONG, 0, c.synapseCount());
            comm.allreduceSum(sum, 1);
            return sum.get(JAVA_LONG, 0);
        }
    }

    /** The first row whose end is past position {@code s} (binary search over {@code rowStart}). */
    private static int rowOf(long[] rowStart, long s) {
        int lo = 0;
        int hi = rowStart.length - 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (rowStart[mid + 1] > s) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Where each row of the whole projection starts in list order ({@code rows + 1} values): from {@code c}'s row
     * lengths in one process; on ranks, each holding the synapses onto its own neurons, from the sum of every rank's
     * row lengths (one {@link RankComm#allreduceSum} of {@code rows} longs; collective).
     */
    private static long[] wholeRowStarts(CsrMatrix c, RankComm comm) {
        long[] start = new long[c.rows() + 1];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lengths = arena.allocate(JAVA_LONG, Math.max(1, c.rows()));
            for (int row = 0; row < c.rows(); row++) {
                lengths.setAtIndex(JAVA_LONG, row, c.rowLength(row));
            }
            if (comm.size() > 1 && c.rows() > 0) {
                comm.allreduceSum(lengths, c.rows());
            }
            for (int row = 0; row < c.rows(); row++) {
                start[row + 1] = start[row] + lengths.getAtIndex(JAVA_LONG, row);
            }
        }
        return start;
    }

    /**
     * On a rank of a distributed run, which chosen synapses this rank holds. Rows are sorted by target
     * ({@link CsrMatrix}) and ranks own ascending blocks of targets, so a row of the whole projection is the rank
     * parts of that row one after the other in rank order: chosen synapse {@code k} at {@code atInRow[k]} of row
     * {@code rows[k]} is this rank's if it falls within this rank's part, which starts after the lower ranks' parts
     * of the row (gathered: an {@link RankComm#allreduceSum} of every rank's length of each chosen row). Sets
     * {@code entries[k]} to its CSR entry here or -1, and {@code post[k]} to its target (within the population) on
     * every rank (a second sum: the holder's target, 0 from the others). Collective.
     */
    private static void placeOnRanks(CsrMatrix c, RankComm comm, int[] rows, long[] atInRow, long[] entries, int[] post) {
        int n = rows.length;
        int ranks = comm.size();
        if (n == 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parts = arena.allocate(JAVA_LONG, (long) n * ranks); // [k][rank]: rank's length of row k
            MemorySegment targets = arena.allocate(JAVA_LONG, n);
            for (int k = 0; k < n; k++) {
                parts.setAtIndex(JAVA_LONG, (long) k * ranks + comm.rank(), c.rowLength(rows[k]));
            }
            comm.allreduceSum(parts, Math.multiplyExact(n, ranks));
            for (int k = 0; k < n; k++) {
                long before = 0;
                for (int q = 0; q < comm.rank(); q++) {
                    before += parts.getAtIndex(JAVA_LONG, (long) k * ranks + q);
                }
                long at = atInRow[k] - before;
                entries[k] = at >= 0 && at < c.rowLength(rows[k]) ? c.rowStart(rows[k]) + at : -1;
                targets.setAtIndex(JAVA_LONG, k, entries[k] < 0 ? 0 : c.target(entries[k]));
            }
            comm.allreduceSum(targets, n);
            for (int k = 0; k < n; k++) {
                post[k] = (int) targets.getAtIndex(JAVA_LONG, k);
            }
        }
    }

    @Override
    public void afterDelivery(StepContext ctx) {
        long t = ctx.step();
        if (t % interval != 0) {
            return;
        }
        int r = ctx.worker();
        if (owned[r] == null) {
            owned[r] = ownedBy(ctx.from(), ctx.to());
            steps[r] = new long[16];
            values[r] = new double[16 * owned[r].length];
        }
        int[] mine = owned[r];
        int n = samples[r];
        if (n == steps[r].length) {
            steps[r] = Arrays.copyOf(steps[r], 2 * n);
            values[r] = Arrays.copyOf(values[r], 2 * n * mine.length);
        }
        steps[r][n] = t;
        CsrMatrix c = sim.synapses(projection); // read per sample: a set between runs may replace the matrix
        for (int k = 0; k < mine.length; k++) {
            values[r][n * mine.length + k] = c.weight(entries[mine[k]]);
        }
        samples[r] = n + 1;
    }

    /**
     * Any: it reads the weights of its worker's incoming synapses, which only that worker's deliveries and hooks
     * touch, in the same order for any phase ({@link StepHook}).
     */
    @Override
    public int maxStepsPerPhase() {
        return Integer.MAX_VALUE;
    }

    /** Yes: each rank samples the chosen synapses onto its own neurons ({@link #placeOnRanks}), then {@link #gatherRanks}. */
    @Override
    public boolean runsOnRanks() {
        return true;
    }

    /**
     * Nothing: the samples are every rank's alike (gathered after each run), so the first shard's
     * {@link #restoreState} restored them whole.
     */
    @Override
    public void restoreNeurons(Function<String, MemorySegment> sections, int from, int to) {
        // every shard holds the same samples: nothing per neuron to take from a further shard
    }

    /**
     * Sums the ranks' samples of the run as 64-bit words (each chosen synapse has one holder; the others' cells are
     * +0.0, all bits 0) and keeps the result as history, so every rank holds every synapse's samples. Collective;
     * controlling thread, after a run (plain reads of the workers' arrays: published by the end of the run, which
     * joined the workers).
     */
    @Override
    public void gatherRanks(RankComm comm) {
        long[] st = steps();
        double[][] v = values();
        int h = historySteps.length;
        int n = entries.length;
        double[] flat = Arrays.copyOf(historyValues, v.length * n);
        long words = (long) (v.length - h) * n;
        if (words > 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment sums = arena.allocate(JAVA_LONG, words);
                for (int s = h; s < v.length; s++) {
                    MemorySegment.copy(v[s], 0, sums, JAVA_DOUBLE, (long) (s - h) * n * Double.BYTES, n);
                }
                for (long at = 0; at < words; at += Integer.MAX_VALUE / 2) {
                    int chunk = (int) Math.min(Integer.MAX_VALUE / 2, words - at);
                    comm.allreduceSum(sums.asSlice(at * Long.BYTES, (long) chunk * Long.BYTES), chunk);
                }
                MemorySegment.copy(sums, JAVA_DOUBLE, 0, flat, h * n, (int) words);
            }
        }
        historySteps = st;
        historyValues = flat;
        Arrays.fill(samples, 0);
    }

    private int[] ownedBy(int from, int to) {
        return java.util.stream.IntStream.range(0, targets.length).filter(k -> targets[k] >= from && targets[k] < to)
                .toArray();
    }

    /** The index of the recorded projection. */
    public int projection() {
        return projection;
    }

    /** The sampling interval, steps. */
    public int interval() {
        return interval;
    }

    /** The recorded synapses: their positions in the projection's list order (a copy). */
    public int[] synapses() {
        return positions.clone();
    }

    /** The source neuron of each recorded synapse, its index within the source population (a copy). */
    public int[] pre() {
        return pre.clone();
    }

    /** The target neuron of each recorded synapse, its index within the target population (a copy). */
    public int[] post() {
        return post.clone();
    }

    /** The steps of every sample so far, in order. */
    public long[] steps() {
        int n = newSamples();
        long[] out = Arrays.copyOf(historySteps, historySteps.length + n);
        for (int r = 0; r < owned.length; r++) {
            if (owned[r] != null) {
                System.arraycopy(steps[r], 0, out, historySteps.length, n);
                break;
            }
        }
        return out;
    }

    /** The samples so far: {@code [sample][chosen synapse]}, weights in the engine's unit. */
    public double[][] values() {
        int h = historySteps.length;
        int n = newSamples();
        double[][] out = new double[h + n][entries.length];
        for (int s = 0; s < h; s++) {
            System.arraycopy(historyValues, s * entries.length, out[s], 0, entries.length);
        }
        for (int r = 0; r < owned.length; r++) {
            int[] mine = owned[r];
            for (int s = 0; mine != null && s < n; s++) {
                for (int k = 0; k < mine.length; k++) {
                    out[h + s][mine[k]] = values[r][s * mine.length + k];
                }
            }
        }
        return out;
    }

    /** Samples taken since the history (every range that ran took the same ones). */
    private int newSamples() {
        int n = 0;
        for (int r = 0; r < owned.length; r++) {
            n = Math.max(n, owned[r] == null ? 0 : samples[r]);
        }
        return n;
    }

    /** The samples as two sections: steps (longs) and values ({@code [sample][synapse]} doubles). */
    @Override
    public List<NamedSegment> stateSections() {
        long[] st = steps();
        double[][] v = values();
        double[] flat = new double[Math.max(1, v.length * entries.length)];
        for (int s = 0; s < v.length; s++) {
            System.arraycopy(v[s], 0, flat, s * entries.length, entries.length);
        }
        return List.of(new NamedSegment(StateDescriptor.weightSamples(projection, "steps"),
                        MemorySegment.ofArray(st.length == 0 ? new long[0] : st)),
                new NamedSegment(StateDescriptor.weightSamples(projection, "values"),
                        MemorySegment.ofArray(flat).asSlice(0, (long) v.length * entries.length * Double.BYTES)));
    }

    /** Takes the saved samples as its history (and forgets the ranges' samples); nothing if none were saved. */
    @Override
    public void restoreState(Function<String, MemorySegment> sections) {
        MemorySegment st = sections.apply(StateDescriptor.weightSamples(projection, "steps"));
        MemorySegment v = sections.apply(StateDescriptor.weightSamples(projection, "values"));
        if (st == null || v == null) {
            return;
        }
        int n = (int) (st.byteSize() / Long.BYTES);
        if (v.byteSize() != (long) n * entries.length * Double.BYTES) {
            throw new IllegalArgumentException("section " + StateDescriptor.weightSamples(projection, "values") + " has "
                    + v.byteSize() + " bytes; expected " + n + " samples of " + entries.length + " synapses ("
                    + (long) n * entries.length * Double.BYTES + ")");
        }
        historySteps = st.toArray(JAVA_LONG_UNALIGNED);
        historyValues = v.toArray(JAVA_DOUBLE_UNALIGNED);
        Arrays.fill(samples, 0);
    }
}
