package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.shnn.engine.input.InjectedCurrent;
import org.shnn.engine.input.PoissonRates;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.random.CounterRng;
import org.shnn.engine.random.PoissonInversion;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.record.SpikeSelection;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.engine.synapse.DelayRing;
import org.shnn.engine.synapse.DeliveryBatch;
import org.shnn.engine.synapse.ShortTermState;

/**
 * One neuron range's share of the step loop: the neurons with global ids [from, to) and the delay-ring
 * slices of those neurons. A run is a sequence of phases ({@link StepPhaser}), each covering an interval of
 * {@link SpikeExchange#interval()} steps; in phase i the range (A) delivers into its neurons the spikes
 * that all ranges emitted in interval i - 1, read from the {@link SpikeExchange} range by range and so in
 * ascending id order per step, then (B) advances its neurons through the steps of interval i, writing their
 * spikes to the exchange. Every ring cell is therefore written by one range, in an order (step, spike id,
 * projection, row position, then the step's Poisson input) that does not depend on the number of ranges or
 * on which thread runs a range: float sums and hence spike rasters are bit-identical for any thread count.
 *
 * <p>Why an interval may span several steps (NEST's min-delay scheme, Morrison et al. 2005): a spike of
 * step t reaches a ring no earlier than step t + minimum delay, so with an interval no longer than the
 * network's shortest delay, a range can advance all of its steps before seeing the spikes the other ranges
 * emit in it, and the threads meet once per interval instead of once per step. Step hooks run after each
 * step's delivery, in step order, so those that only read spikes and write their workers' synapses (STDP) see
 * the same sequence for any interval; a hook that delivers input caps the interval at its delay, and one that
 * runs against the wall clock at 1 step ({@link StepHook#maxStepsPerPhase()}).
 *
 * <p>Thread-safety: run by one thread at a time (whichever claimed it for the phase); successive phases are
 * ordered by the phaser, so its fields need no further care. Counters are read between runs.
 */
final class StepWorker {

    /** Poisson means below this are drawn by one-uniform inversion. */
    static final double SMALL_POISSON_MEAN = 10.0;
    /** Rows gathered before delivering them (see {@link DeliveryBatch}); {@link StepLoop#deliveryBatch} says. */
    static final int DELIVERY_BATCH = 32;

    final int id;
    final int from;
    final int to;
    private final StepLoop loop;
    private final SpikeExchange exchange;
    /** The spikes of every rank in a distributed run (read instead of {@link #exchange}'s ranges), or null. */
    private final RankExchange ranks;
    final long[] populationSpikes;
    /** Synapses this range received (sum over ranges = synaptic events). */
    long deliveredSynapses;
    private final int[] popFrom;
    private final int[] popTo;
    private final int[] projLo;
    private final int[] projHi;
    private final DeliveryBatch batch;
    /** Per projection, where this range starts in each row (see {@link DeliveryBatch#rowStarts}), or null. */
    private final MemorySegment[] rowStarts;
    /** The targets each {@link #rowStarts} table was filled from (a matrix replaced between runs keeps them). */
    private final MemorySegment[] rowStartsOf;
    private final CounterRng rng;
    /** The four Philox blocks of 16 neurons ({@link CounterRng#firstBlocks4}): Poisson inputs and generators. */
    private final int[] blockWords = new int[16];
    private final SpikeEmitter sink = new SpikeEmitter();
    private long firstStep;
    private long steps;
    private int interval;
    private StepHook[] hooks = new StepHook[0];
    private final HookContext context;

    StepWorker(StepLoop loop, SpikeExchange exchange, int id, int from, int to, SegmentAllocator memory) {
        this.loop = loop;
        this.exchange = exchange;
        this.ranks = loop.rankExchange;
        this.id = id;
        this.from = from;
        this.to = to;
        PopulationRuntime[] pops = loop.populations;
        popFrom = new int[pops.length];
        popTo = new int[pops.length];
        for (PopulationRuntime p : pops) {
            popFrom[p.index] = Math.max(from, p.firstId) - p.firstId;
            popTo[p.index] = Math.min(to, p.endId) - p.firstId;
        }
        ProjectionRuntime[] projs = loop.projections;
        projLo = new int[projs.length];
        projHi = new int[projs.length];
        rowStarts = new MemorySegment[projs.length];
        rowStartsOf = new MemorySegment[projs.length];
        for (int j = 0; j < projs.length; j++) {
            PopulationRuntime t = projs[j].target();
            projLo[j] = popFrom[t.index];
            projHi[j] = popTo[t.index];
            // a ceiling's ranges (loop.adaptive) all keep tables, the first and the one over all neurons too: then
            // every range runs one delivery path, and a run on the other choice of threads meets code that C2
            // compiled for it (bench/RESULTS.md section 46)
            if ((projLo[j] > 0 || loop.adaptive != null) && projLo[j] < projHi[j]) {
                rowStarts[j] = DeliveryBatch.rowStarts(projs[j].csr(), projLo[j], memory);
                rowStartsOf[j] = projs[j].csr().targets();
            }
        }
        batch = new DeliveryBatch(projs.length, loop.deliveryBatch);
        populationSpikes = new long[pops.length];
        rng = new CounterRng(loop.seed);
        context = new HookContext();
    }

    /** Before a run of {@code n} steps from step {@code first}, {@code stepsPerPhase} steps per phase, with {@code hooks}. */
    void prepare(long first, long n, int stepsPerPhase, StepHook[] hooks) {
        firstStep = first;
        steps = n;
        interval = stepsPerPhase;
        this.hooks = hooks;
    }

    /** Phases of a run of {@code n} steps at {@code stepsPerPhase}: one per interval, plus one that only delivers. */
    static long phases(long n, int stepsPerPhase) {
        return n == 0 ? 0 : (n + stepsPerPhase - 1) / stepsPerPhase + 1;
    }

    /** Phase {@code phase} of the run: deliver interval phase - 1, then advance interval phase. */
    void runPhase(long phase) {
        int parity = (int) (phase & 1);
        long end = firstStep + steps;
        if (phase > 0) {
            long t = firstStep + (phase - 1) * interval;
            int n = (int) Math.min(interval, end - t);
            for (int j = 0; j < n; j++) {
                deliver(t + j, parity ^ 1, j);
            }
        }
        long t = firstStep + phase * interval;
        if (t < end) {
            int n = (int) Math.min(interval, end - t);
            exchange.beginWrite(parity, id, sink);
            for (int j = 0; j < n; j++) {
                exchange.reserve(parity, id, sink);
                advance(t + j);
                exchange.endStep(parity, id, j, sink.count);
            }
        }
    }

    /** Integrates own neurons through step t, emits own generators' spikes of step t. */
    private void advance(long t) {
        for (PopulationRuntime p : loop.populations) {
            int a = popFrom[p.index];
            int b = popTo[p.index];
            if (a >= b) {
                continue;
            }
            int before = sink.count;
            sink.base = p.firstId;
            if (p.model == null) {
                emitGenerator(p, a, b, t);
            } else {
                DelayRing ring = p.ring;
                int slot = ring.slotOf(t);
                for (int q = 0; q < p.poissonInputs.length; q++) {
                    int receptor = p.poissonInputs[q].receptor();
                    float w = p.poissonInputs[q].weight();
                    double mean = p.poissonMeans[q];
                    int purpose = p.poissonPurposes[q];
                    PoissonInversion table = p.poissonTables[q];
                    if (table != null) {
                        drive(table, ring.row(receptor, slot), w, purpose, a, b, t);
                    } else {
                        for (int i = a; i < b; i++) {
                            long k = rng.reset(purpose, i, t).nextPoisson(mean);
                            if (k != 0) {
                                ring.add(receptor, slot, i, w * k);
                            }
                        }
                    }
                }
                if (p.external != null && (t == firstStep || currentsChange(p, t))) {
                    updateExternal(p, a, b, t);
                }
                MemorySegment[] in = ring.inputs(slot); // the ring's own array: no store on the step path
                p.model.step(p.state, a, b, in, p.external, sink);
                if (!p.model.consumesInput()) { // a consuming model zeroed its inputs in the step's own pass
                    for (int r = 0; r < in.length; r++) {
                        ring.clear(r, slot, a, b);
                    }
                }
                for (int m = 0; m < p.monitors.size(); m++) {
                    p.monitors.get(m).sample(t, p.state, a, b);
                }
            }
            if (ranks == null) { // distributed: counted on delivery, where every rank sees every spike
                populationSpikes[p.index] += sink.count - before;
            }
        }
    }

    /**
     * A Poisson input of small mean into neurons [a, b) of a ring row at step t: each neuron's uniform
     * ({@link #word}) inverted. A neuron that draws 0 keeps its cell's bits, as
     * with no addition, by a select rather than a branch on the draw (which mispredicts about once in five draws at
     * PD14's means).
     */
    private void drive(PoissonInversion table, MemorySegment row, float w, int purpose, int a, int b, long t) {
        for (int i = a; i < b; i++) {
            int k = table.draw(word(purpose, a, i, t));
            float old = row.getAtIndex(JAVA_FLOAT, i);
            int keep = -k >> 31; // -1 where k > 0: the sum's bits, else the old ones
            row.setAtIndex(JAVA_FLOAT, i, Float.intBitsToFloat((Float.floatToRawIntBits(old + w * k) & keep)
                    | (Float.floatToRawIntBits(old) & ~keep)));
        }
    }

    /**
     * Neuron {@code i}'s 32-bit uniform of step {@code t} for {@code purpose}, in a loop over neurons from {@code a}
     * upwards: word {@code i mod 4} of the Philox block keyed by {@code (i / 4, t)}, the same whichever worker computes
     * it. The blocks of 16 neurons are computed together ({@link CounterRng#firstBlocks4}) at the loop's first neuron
     * and at each multiple of 16.
     */
    private int word(int purpose, int a, int i, long t) {
        if (i == a || (i & 15) == 0) {
            rng.reset(purpose, (i & ~15) >>> 2, t).firstBlocks4(blockWords);
        }
        return blockWords[i & 15];
    }

    private void emitGenerator(PopulationRuntime p, int a, int b, long t) {
        PoissonRates rates = p.poissonRates;
        if (rates != null) {
            if (t == firstStep || rates.changesAt(t)) {
                rates.update(t, a, b); // own range only
            }
            for (int i = a; i < b; i++) {
                double u = ((word(p.generatorPurpose, a, i, t) & 0xFFFF_FFFFL) + 0.5) * 0x1.0p-32;
                if (u < rates.probability(i)) {
                    sink.spike(i);
                }
            }
        } else {
            SpikeTimesGenerator times = p.spikeTimes;
            long[] steps = times.steps();
            int[] neurons = times.neurons();
            for (int k = times.lowerBound(t, a); k < steps.length && steps[k] == t && neurons[k] < b; k++) {
                sink.spike(neurons[k]);
            }
        }
    }

    private static boolean currentsChange(PopulationRuntime p, long t) {
        for (InjectedCurrent c : p.currents) {
            if (c.changesAt(t)) {
                return true;
            }
        }
        return false;
    }

    /** Re-sums the currents of own neurons [a, b) at step t, in source order (so for any thread count). */
    private void updateExternal(PopulationRuntime p, int a, int b, long t) {
        MemorySegment ext = p.external;
        for (int i = a; i < b; i++) {
            ext.setAtIndex(JAVA_DOUBLE, i, 0.0);
        }
        for (InjectedCurrent c : p.currents) {
            c.addInto(ext, t, a, b, rng);
        }
    }

    /** Delivers all spikes of step t (step j of the interval in parity p) into own range; range 0 records them. */
    private void deliver(long t, int p, int j) {
        PopulationRuntime[] pops = loop.populations;
        ProjectionRuntime[] projs = loop.projections;
        DeliveryBatch b = batch;
        boolean requestAhead = false;
        for (int k = 0; k < projs.length; k++) {
            if (projLo[k] >= projHi[k]) {
                continue;
            }
            CsrMatrix c = projs[k].csr(); // read per step: a projection's matrix may be replaced between runs
            DelayRing ring = projs[k].target().ring;
            int receptor = projs[k].spec().receptor();
            MemorySegment starts = rowStarts[k];
            if (starts != null && rowStartsOf[k] != c.targets()) { // other targets: the offsets are stale
                DeliveryBatch.resetRowStarts(starts, projLo[k]);
                rowStartsOf[k] = c.targets();
            }
            requestAhead |= c.checksRowsOnUse();
            if (c.hasDelayArray()) {
                b.target(k, c, projLo[k], projHi[k], ring, receptor, ring.slotOf(t), starts);
            } else {
                b.target(k, c, projLo[k], projHi[k], ring.row(receptor, ring.slotOf(t + c.constantDelay())), starts);
            }
        }
        if (requestAhead) {
            requestRows(p, j);
        }
        SpikeRecorder recorder = id == 0 ? loop.recorder : null;
        SpikeSelection recorded = loop.recorded;
        boolean count = id == 0 && ranks != null; // distributed: range 0 counts every rank's spikes
        int popIndex = 0;
        long delivered = 0; // summed locally: the field shares a cache line with what other threads read
        // One process: the ranges' spikes in range order; distributed: every rank's block in rank order. Both are
        // ascending global id order per step (see RankExchange).
        for (int r = 0, sources = sources(); r < sources; r++) {
            MemorySegment buf = spikes(p, r);
            for (int k = spikesStart(p, r, j), end = spikesEnd(p, r, j); k < end; k++) {
                int g = buf.getAtIndex(JAVA_INT, k);
                while (g >= pops[popIndex].endId) {
                    popIndex++;
                }
                if (count) {
                    populationSpikes[popIndex]++;
                }
                PopulationRuntime src = pops[popIndex];
                int row = g - src.firstId;
                for (ProjectionRuntime pr : src.outgoing) {
                    int q = pr.spec().index();
                    if (projLo[q] < projHi[q]) {
                        ShortTermState stp = pr.shortTerm(); // this worker's copy: same spikes, same order, same state
                        delivered += stp == null ? b.add(q, row) : b.add(q, row, stp.release(id, row, t));
                    }
                }
                if (recorder != null && (recorded == null || recorded.contains(popIndex, row))) {
                    recorder.append(t, g);
                }
            }
        }
        delivered += b.flush();
        deliveredSynapses += delivered;
        if (hooks.length > 0) {
            context.begin(t, p, j);
            for (StepHook h : hooks) {
                h.afterDelivery(context);
            }
        }
    }

    /**
     * Where a step's spikes come from: the ranges of this process ({@link SpikeExchange}), or in a distributed run
     * every rank's block ({@link RankExchange}); in both, source order is ascending global id order.
     */
    private int sources() {
        return ranks == null ? exchange.ranges() : ranks.ranks();
    }

    /** The buffer holding source {@code r}'s spikes of the step at parity {@code p}. */
    private MemorySegment spikes(int p, int r) {
        return ranks == null ? exchange.spikes(p, r) : ranks.received();
    }

    /** Index in {@link #spikes} of source {@code r}'s first spike of step {@code j} of parity {@code p}'s interval. */
    private int spikesStart(int p, int r, int j) {
        return ranks == null ? exchange.start(p, r, j) : ranks.start(r, j);
    }

    /** One past source {@code r}'s last spike of step {@code j} of parity {@code p}'s interval. */
    private int spikesEnd(int p, int r, int j) {
        return ranks == null ? exchange.end(p, r, j) : ranks.end(r, j);
    }

    /**
     * Asks storage for the rows of every spike of the step that matrices checking their rows on use (a resumed,
     * mapped checkpoint) have not used yet ({@link CsrMatrix#requestRow}; a row already used costs one byte read), so
     * that the reads of the whole step are in flight together, not a delivery batch's at a time: the first step
     * after a cold open reads 853 rows (bench/RESULTS.md section 48). Same spikes and projections as the delivery
     * loop of {@link #deliver}, which this walks ahead of.
     */
    private void requestRows(int p, int j) {
        PopulationRuntime[] pops = loop.populations;
        int popIndex = 0;
        for (int r = 0, sources = sources(); r < sources; r++) {
            MemorySegment buf = spikes(p, r);
            for (int k = spikesStart(p, r, j), end = spikesEnd(p, r, j); k < end; k++) {
                int g = buf.getAtIndex(JAVA_INT, k);
                while (g >= pops[popIndex].endId) {
                    popIndex++;
                }
                for (ProjectionRuntime pr : pops[popIndex].outgoing) {
                    int q = pr.spec().index();
                    if (projLo[q] < projHi[q]) {
                        pr.csr().requestRow(g - pops[popIndex].firstId);
                    }
                }
            }
        }
    }

    /**
     * The view a hook gets of this range's step: the step's spikes of all ranges (of every rank in a distributed run,
     * read from the {@link RankExchange}'s blocks in rank order), own range, delivery.
     */
    private final class HookContext implements StepContext {

        private long step;
        private int parity;
        private int stepInInterval;
        private int total;
        /** Per source (a range, or a rank in a distributed run): one past its last spike, counted over all sources. */
        private final int[] ends = new int[sources()];

        void begin(long t, int p, int j) {
            step = t;
            parity = p;
            stepInInterval = j;
            int sum = 0;
            for (int r = 0; r < ends.length; r++) {
                sum += spikesEnd(p, r, j) - spikesStart(p, r, j);
                ends[r] = sum;
            }
            total = sum;
        }

        @Override
        public int worker() {
            return id;
        }

        @Override
        public int workers() {
            return exchange.ranges();
        }

        @Override
        public long step() {
            return step;
        }

        @Override
        public int spikeCount() {
            return total;
        }

        @Override
        public int spike(int k) {
            java.util.Objects.checkIndex(k, total);
            int w = 0;
            while (k >= ends[w]) {
                w++;
            }
            int base = w == 0 ? 0 : ends[w - 1];
            if (ranks != null) {
                return ranks.received().getAtIndex(JAVA_INT, ranks.start(w, stepInInterval) + k - base);
            }
            return exchange.spikes(parity, w).getAtIndex(JAVA_INT, exchange.start(parity, w, stepInInterval) + k - base);
        }

        @Override
        public int from() {
            return from;
        }

        @Override
        public int to() {
            return to;
        }

        @Override
        public void deliver(int population, int receptor, long arrivalStep, int local, float weight) {
            PopulationRuntime p = loop.populations[java.util.Objects.checkIndex(population, loop.populations.length)];
            int g = p.firstId + local;
            if (local < 0 || local >= p.count || g < from || g >= to || p.ring == null || receptor < 0
                    || receptor >= p.ring.receptors() || arrivalStep - step < 1 || arrivalStep - step >= p.ring.slots()) {
                throw new IllegalArgumentException("hook delivery to population " + population + " neuron " + local
                        + " receptor " + receptor + " at step " + arrivalStep + " (now " + step + "): worker " + id
                        + " owns global ids [" + from + ", " + to + "); the delay must be in [1, "
                        + (p.ring == null ? 0 : p.ring.slots() - 1) + "] steps and the population must have a ring");
            }
            long advanced = step - stepInInterval + interval; // the first step this worker has not advanced yet
            if (arrivalStep < advanced) {
                throw new IllegalArgumentException("hook delivery at step " + arrivalStep + " (now " + step + ") to population "
                        + population + " neuron " + local + ": worker " + id + " has advanced to step " + (advanced - 1)
                        + " (phases of " + interval + " steps); a hook that delivers with a delay of d steps must return at"
                        + " most d from StepHook.maxStepsPerPhase()");
            }
            p.ring.add(receptor, p.ring.slotOf(arrivalStep), local, weight);
        }
    }
}
