package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.input.InjectedCurrent;
import org.shnn.engine.random.CounterRng;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.engine.synapse.DelayRing;
import org.shnn.engine.synapse.DeliveryBatch;

/**
 * One worker thread's share of the step loop: it owns the neurons with global ids [from, to) and
 * the delay-ring slices of those neurons. Per step: (A) advance its neurons, collecting their spikes
 * in ascending id order into this step's spike buffer; barrier; (B) read every worker's spike buffer
 * in worker order (so all spikes in ascending id order) and deliver each spike's synapses that target
 * its own range. Every ring cell is therefore written by one thread, in an order (spike id, then
 * projection, then row position) that does not depend on the number of workers: float sums and
 * hence spike rasters are bit-identical for any thread count.
 *
 * <p>Spike buffers are double-buffered by step parity, so one barrier per step suffices: a worker
 * can start step t+1 (writing the other buffer) while others still deliver step t, and it cannot
 * reach step t+2 before everyone passed the barrier of t+1, i.e. finished delivering step t.
 */
final class StepWorker implements Runnable {

    /** Poisson means below this are drawn by one-uniform inversion. */
    private static final double SMALL_POISSON_MEAN = 10.0;
    /** Rows gathered before delivering them (see {@link DeliveryBatch}). */
    private static final int DELIVERY_BATCH = 32;

    final int id;
    final int from;
    final int to;
    private final Simulation sim;
    final MemorySegment[] spikeBuffers = new MemorySegment[2];
    final int[] spikeCounts = new int[2];
    final long[] populationSpikes;
    /** Synapses this worker delivered into its range (sum over workers = synaptic events). */
    long deliveredSynapses;
    private final int[] popFrom;
    private final int[] popTo;
    private final int[] projLo;
    private final int[] projHi;
    private final DeliveryBatch batch;
    private final MemorySegment[][] inputs;
    private final CounterRng rng;
    private final SpikeEmitter sink = new SpikeEmitter();
    private long firstStep;
    private long steps;
    private StepHook[] hooks = new StepHook[0];
    private final HookContext context;

    StepWorker(Simulation sim, int id, int from, int to, MemorySegment bufferA, MemorySegment bufferB) {
        this.sim = sim;
        this.id = id;
        this.from = from;
        this.to = to;
        spikeBuffers[0] = bufferA;
        spikeBuffers[1] = bufferB;
        PopulationRuntime[] pops = sim.populations;
        popFrom = new int[pops.length];
        popTo = new int[pops.length];
        inputs = new MemorySegment[pops.length][];
        for (PopulationRuntime p : pops) {
            popFrom[p.index] = Math.max(from, p.firstId) - p.firstId;
            popTo[p.index] = Math.min(to, p.endId) - p.firstId;
            inputs[p.index] = new MemorySegment[p.ring == null ? 0 : p.ring.receptors()];
        }
        ProjectionRuntime[] projs = sim.projections;
        projLo = new int[projs.length];
        projHi = new int[projs.length];
        for (int j = 0; j < projs.length; j++) {
            PopulationRuntime t = projs[j].target();
            projLo[j] = popFrom[t.index];
            projHi[j] = popTo[t.index];
        }
        batch = new DeliveryBatch(projs.length, DELIVERY_BATCH);
        populationSpikes = new long[pops.length];
        rng = new CounterRng(sim.network.seed());
        context = new HookContext();
    }

    void prepare(long first, long n) {
        firstStep = first;
        steps = n;
        hooks = sim.hooks();
    }

    @Override
    public void run() {
        SpinBarrier barrier = sim.barrier;
        try {
            for (long s = 0; s < steps; s++) {
                long t = firstStep + s;
                int parity = (int) (t & 1);
                advance(t, parity);
                barrier.await();
                deliver(t, parity);
            }
        } catch (Throwable e) {
            sim.fail(e);
            barrier.breakBarrier();
        }
    }

    /** Phase A: integrate own neurons, emit own generators. */
    private void advance(long t, int parity) {
        sink.buffer = spikeBuffers[parity];
        sink.count = 0;
        for (PopulationRuntime p : sim.populations) {
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
                    if (mean < SMALL_POISSON_MEAN) {
                        // One Philox block serves neurons 4j..4j+3 (keyed by (j, step)): one 32-bit
                        // uniform each, inverted; the same words whichever worker computes them.
                        double expMinus = p.poissonExpMinusMeans[q];
                        for (int i = a; i < b; i++) {
                            if (i == a || (i & 3) == 0) {
                                rng.reset(purpose, i >>> 2, t);
                            }
                            long k = CounterRng.poissonInversion(mean, expMinus, rng.blockWord(i & 3));
                            if (k != 0) {
                                ring.add(receptor, slot, i, w * k);
                            }
                        }
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
                MemorySegment[] in = inputs[p.index];
                for (int r = 0; r < in.length; r++) {
                    in[r] = ring.row(r, slot);
                }
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
            populationSpikes[p.index] += sink.count - before;
        }
        spikeCounts[parity] = sink.count; // plain: published to the other workers by the barrier
    }

    private void emitGenerator(PopulationRuntime p, int a, int b, long t) {
        if (p.generatorProbabilities != null) {
            // One Philox block per 4 neurons (keyed (i / 4, step)), one 32-bit uniform per neuron.
            for (int i = a; i < b; i++) {
                if (i == a || (i & 3) == 0) {
                    rng.reset(p.generatorPurpose, i >>> 2, t);
                }
                double u = ((rng.blockWord(i & 3) & 0xFFFF_FFFFL) + 0.5) * 0x1.0p-32;
                if (u < p.generatorProbabilities[i]) {
                    sink.spike(i);
                }
            }
        } else {
            long[] steps = p.spikeTimes.steps();
            int[] neurons = p.spikeTimes.neurons();
            for (int k = p.spikeTimes.lowerBound(t, a); k < steps.length && steps[k] == t && neurons[k] < b; k++) {
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

    /** Phase B: deliver all spikes of step t into own target range; worker 0 records them. */
    private void deliver(long t, int parity) {
        PopulationRuntime[] pops = sim.populations;
        ProjectionRuntime[] projs = sim.projections;
        DeliveryBatch b = batch;
        for (int j = 0; j < projs.length; j++) {
            if (projLo[j] >= projHi[j]) {
                continue;
            }
            CsrMatrix c = projs[j].csr(); // read per step: a projection's matrix may be replaced between runs
            DelayRing ring = projs[j].target().ring;
            int receptor = projs[j].spec().receptor();
            if (c.hasDelayArray()) {
                b.target(j, c, projLo[j], projHi[j], ring, receptor, ring.slotOf(t));
            } else {
                b.target(j, c, projLo[j], projHi[j], ring.row(receptor, ring.slotOf(t + c.constantDelay())));
            }
        }
        SpikeRecorder recorder = id == 0 ? sim.recorder : null;
        int popIndex = 0;
        long delivered = 0; // summed locally: the field shares a cache line with what other workers read
        for (StepWorker w : sim.workers) {
            MemorySegment buf = w.spikeBuffers[parity];
            int n = w.spikeCounts[parity]; // plain: written before the barrier by w
            for (int k = 0; k < n; k++) {
                int g = buf.getAtIndex(JAVA_INT, k);
                while (g >= pops[popIndex].endId) {
                    popIndex++;
                }
                PopulationRuntime src = pops[popIndex];
                int row = g - src.firstId;
                for (ProjectionRuntime pr : src.outgoing) {
                    int j = pr.spec().index();
                    if (projLo[j] < projHi[j]) {
                        delivered += b.add(j, row);
                    }
                }
                if (recorder != null) {
                    recorder.append(t, g);
                }
            }
        }
        delivered += b.flush();
        deliveredSynapses += delivered;
        if (hooks.length > 0) {
            context.begin(t, parity);
            for (StepHook h : hooks) {
                h.afterDelivery(context);
            }
        }
    }

    /** The view a hook gets of this worker's step: spikes across all workers' buffers, own range, delivery. */
    private final class HookContext implements StepContext {

        private long step;
        private int parity;
        private int total;
        private final int[] ends = new int[sim.workers.length];

        void begin(long t, int p) {
            step = t;
            parity = p;
            int sum = 0;
            for (int w = 0; w < ends.length; w++) {
                sum += sim.workers[w].spikeCounts[p]; // plain: published by the step barrier, as in deliver
                ends[w] = sum;
            }
            total = sum;
        }

        @Override
        public int worker() {
            return id;
        }

        @Override
        public int workers() {
            return ends.length;
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
            return sim.workers[w].spikeBuffers[parity].getAtIndex(JAVA_INT, k - base);
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
            PopulationRuntime p = sim.populations[java.util.Objects.checkIndex(population, sim.populations.length)];
            int g = p.firstId + local;
            if (local < 0 || local >= p.count || g < from || g >= to || p.ring == null || receptor < 0
                    || receptor >= p.ring.receptors() || arrivalStep - step < 1 || arrivalStep - step >= p.ring.slots()) {
                throw new IllegalArgumentException("hook delivery to population " + population + " neuron " + local
                        + " receptor " + receptor + " at step " + arrivalStep + " (now " + step + "): worker " + id
                        + " owns global ids [" + from + ", " + to + "); the delay must be in [1, "
                        + (p.ring == null ? 0 : p.ring.slots() - 1) + "] steps and the population must have a ring");
            }
            p.ring.add(receptor, p.ring.slotOf(arrivalStep), local, weight);
        }
    }
}
