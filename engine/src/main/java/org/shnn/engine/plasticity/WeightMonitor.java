package org.shnn.engine.plasticity;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.shnn.engine.network.Projection;
import org.shnn.engine.run.NamedSegment;
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
 * them, so the samples are identical for any thread count. Samples are part of the hook's state
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
        long[] rowStart = new long[c.rows() + 1];
        for (int row = 0; row < c.rows(); row++) {
            rowStart[row + 1] = rowStart[row] + c.rowLength(row);
        }
        long[] entries = new long[synapses.length];
        int[] targets = new int[synapses.length];
        int[] pre = new int[synapses.length];
        int[] post = new int[synapses.length];
        int targetFirst = sim.network().populations().get(spec.target()).firstId();
        for (int k = 0; k < synapses.length; k++) {
            int s = synapses[k];
            if (s < 0 || s >= rowStart[c.rows()]) {
                throw new IllegalArgumentException("weight monitor of projection " + projection + ": synapses[" + k
                        + "] = " + s + "; expected a position in [0, " + rowStart[c.rows()] + ")");
            }
            int lo = 0;
            int hi = c.rows() - 1;
            while (lo < hi) { // the first row whose end is past s
                int mid = (lo + hi) >>> 1;
                if (rowStart[mid + 1] > s) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            int row = lo;
            entries[k] = c.rowStart(row) + (s - rowStart[row]);
            pre[k] = row;
            post[k] = c.target(entries[k]);
            targets[k] = targetFirst + post[k];
        }
        WeightMonitor m = new WeightMonitor(sim, projection, interval, synapses.clone(), entries, targets, pre, post,
                sim.config().threads());
        sim.addHook(m);
        return m;
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
