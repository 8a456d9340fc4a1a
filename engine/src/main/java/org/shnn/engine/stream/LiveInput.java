package org.shnn.engine.stream;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.shnn.engine.Check;
import org.shnn.engine.record.SpikeFileStream;
import org.shnn.engine.run.NamedSegment;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.StepContext;
import org.shnn.engine.run.StateDescriptor;
import org.shnn.engine.run.StepHook;
import org.shnn.memory.ring.RecordHandler;
import org.shnn.memory.ring.SpikeRecord;

/**
 * External spikes streamed into a running simulation: a {@link StepHook} that drains a {@link SpikeStream}
 * once per step and delivers each spike as input of weight {@code weight} on receptor {@code receptor} of
 * the neuron it names (a global id), through that neuron's delay ring, as a presynaptic spike through a
 * one-step-delay synapse would (nS for conductance models, pA for current models, mV for delta synapses).
 *
 * <p><b>Timing.</b> Range 0's hook call of step {@code s} (right after step {@code s}'s spikes were
 * delivered; the thread running range 0 then acts as the controller) drains the ring; every range delivers
 * what it drained in its hook call of step {@code s + 1}, into the input of step {@code A = s + 2}: the
 * earliest step a spike drained at step {@code s} can affect, since the other ranges see the drain only in
 * the next phase. A spike stamped for step {@code k} (its {@code SpikeRecord.timeStep}):
 * <ul>
 *   <li>{@code k = A}: takes effect at step {@code k} (on time);</li>
 *   <li>{@code k < A} (stamped in the past, or too late for its step): takes effect at step {@code A}, the
 *       next step it can, and counts as late ({@link #late()}, its record's spare word holds the steps late);</li>
 *   <li>{@code k > A}: kept (at most {@link #MAX_HELD} such spikes; beyond that they wait in the ring, which
 *       fills, and the policy applies) and delivered by the drain whose {@code A} is {@code k}: on time.</li>
 * </ul>
 * A drain takes at most as many spikes as its batch ({@link #MAX_INTAKE}, or the ring's capacity) and the held
 * spikes each have room for; more spikes than that for one step wait in the ring for the next drains and count as
 * late.
 * "Takes effect at step {@code k}" means the weight enters the neuron's input of step {@code k}: a delta
 * synapse neuron can fire at {@code k}, exponential synapses act from {@code k} on. After each drain the
 * stream's {@code consumerStep} holds {@code A}, so a producer stamping spikes at {@code consumerStep + 2} or
 * later is on time while the engine keeps its pace. A spike naming no valid neuron (outside
 * {@code [0, neuronCount)}, a generator, or a population without the receptor) is counted in
 * {@link #rejected()} and dropped. Spikes drained in the last step of a run take effect in the next run.
 *
 * <p><b>Determinism and replay.</b> Which spikes a live run receives depends on the producer's timing; given
 * the spikes drained, the run is bit-identical for any thread count (each range delivers only to its own
 * neurons, in drain order: the {@link StepHook} rules). With a record file, range 0 appends every delivered
 * spike (step = the step it took effect at, neuron, spare = steps late) in delivery order, in the
 * {@link SpikeFileStream} format; {@link SpikeReplay} of that file with the same receptor and weight
 * reproduces the run bit for bit.
 *
 * <p>Checkpoints: the spikes drained and held for later steps (those of the next step's batch too) are saved with the
 * simulation ({@link StateDescriptor#liveInputHeld}) and restored by the live input attached to the resumed
 * simulation before its first run in the same place (the k-th on that receptor), so they take effect at their steps
 * as without the checkpoint. Spikes
 * still in the ring are the stream's, not the checkpoint's.
 *
 * <p>Ownership: the stream stays its owner's (it must outlive the runs); {@link #close()} closes the record
 * file. Thread-safety: called by the workers as a {@link StepHook}; counters and {@link #close()} from the
 * controlling thread between runs.
 */
public final class LiveInput implements StepHook, AutoCloseable {

    /**
     * Most spikes one step's batch takes: 65,536 (6.5e8 spikes/s at dt = 0.1 ms), or the ring's capacity if smaller.
     * The rest waits in the ring. Why a bound: the two batches live on the heap, 32 bytes per spike of this bound;
     * sized by the capacity alone, a valid ring of 2^30 records (a file made by another host) would ask for 32 GiB of
     * heap.
     */
    public static final int MAX_INTAKE = 1 << 16;
    /**
     * Most spikes held for later steps: 2^20 (20 MiB of heap when full; taken as they come). Larger than a batch: a
     * producer may send a stimulus ahead of time (a second of 100,000 spikes), and while the held spikes are at their
     * bound nothing more is drained, so on-time spikes behind them in the ring would wait and arrive late.
     */
    public static final int MAX_HELD = 1 << 20;
    private static final long HELD_RECORD = StateDescriptor.LIVE_INPUT_HELD_RECORD;

    private final SpikeStream stream;
    private final int receptor;
    private final float weight;
    private final InputTargets targets;
    /** {@link #MAX_INTAKE} or the ring's capacity, whichever is smaller. */
    private final int intake;
    private final SpikeFileStream record;
    private final InputBatch[] batches = new InputBatch[2];
    private final RecordHandler onRecord = this::onRecord;
    /** Spikes stamped for a later step than the current drain's (range 0's hook only). */
    private final HeldSpikes pending;
    private InputBatch filling;
    private long arrival;
    /** The simulation's step when this was attached (a restored simulation's: the checkpoint's step). */
    private final long attachedAt;
    /** Live inputs on the same receptor attached to the simulation before this one (its checkpoint section's index). */
    private final int index;
    private long delivered;
    private long late;
    private long rejected;
    private boolean closed;

    private LiveInput(Simulation sim, SpikeStream stream, int receptor, double weight, Path recordFile) {
        this.stream = stream;
        this.receptor = receptor;
        this.weight = (float) Check.finite("weight", weight, "");
        this.targets = new InputTargets(sim.network(), receptor);
        intake = Math.min(stream.capacity(), MAX_INTAKE);
        batches[0] = new InputBatch(intake);
        batches[1] = new InputBatch(intake);
        pending = new HeldSpikes(MAX_HELD);
        this.attachedAt = sim.currentStep();
        this.index = (int) sim.hooks(LiveInput.class).stream().filter(h -> h.receptor == receptor).count();
        if (index >= StateDescriptor.LIVE_INPUTS_PER_RECEPTOR) {
            throw new IllegalArgumentException("receptor " + receptor + " has " + index + " live inputs already; at most "
                    + StateDescriptor.LIVE_INPUTS_PER_RECEPTOR + " per receptor");
        }
        this.record = recordFile == null ? null : new SpikeFileStream(recordFile); // last: nothing after it can fail
    }

    /**
     * Creates a live input and registers it with {@code sim} ({@link Simulation#addHook}).
     *
     * @param stream the stream external producers write (spike records stamped with the step they are meant
     *     for and a global neuron id); this hook is its only consumer
     * @param receptor receptor index the spikes arrive on (0 excitatory in the built-in models)
     * @param weight weight of each spike, in the receptor's unit, finite
     * @param recordFile a file that receives every delivered spike (for {@link SpikeReplay}), or null
     * @throws IllegalArgumentException if the weight is not finite or no population has the receptor
     */
    public static LiveInput attach(Simulation sim, SpikeStream stream, int receptor, double weight, Path recordFile) {
        LiveInput in = new LiveInput(sim, stream, receptor, weight, recordFile);
        try {
            sim.addHook(in);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
        return in;
    }

    @Override
    public void afterDelivery(StepContext context) {
        long s = context.step();
        InputBatch batch = batches[(int) (s & 1)];
        boolean due = batch.step == s;
        if (due) {
            batch.deliver(context, receptor, weight);
        }
        if (context.worker() != 0) {
            return;
        }
        if (due) {
            account(batch, s + 1);
        }
        drain(s);
    }

    /** Range 0: counts and records the batch just delivered at step {@code arrivalStep}. */
    private void account(InputBatch batch, long arrivalStep) {
        delivered += batch.size;
        for (int i = 0; i < batch.size; i++) {
            if (batch.lateSteps[i] > 0) {
                late++;
            }
            if (record != null) {
                record.write(arrivalStep, batch.globals[i], batch.lateSteps[i]);
            }
        }
    }

    /** Range 0, hook of step {@code s}: fills the other batch, delivered at step {@code s + 1} into step {@code s + 2}. */
    private void drain(long s) {
        InputBatch next = batches[(int) ((s + 1) & 1)];
        next.reset(s + 1);
        arrival = s + 2;
        filling = next;
        // those of one step in drain order, as many as the batch takes (more held for one step than a batch holds
        // leave at the next drains, late)
        while (next.size < intake && pending.due(arrival)) {
            int lateSteps = (int) Math.min(arrival - pending.firstStep(), Integer.MAX_VALUE);
            int g = pending.take();
            int p = targets.population(g);
            next.add(p, targets.local(g, p), g, lateSteps);
        }
        // Each drained spike goes to the batch or is held: at most what either still has room for (the released
        // spikes already take part of the batch).
        stream.drain(onRecord, Math.min(intake - next.size, MAX_HELD - pending.size()));
        stream.setConsumerStep(arrival);
    }

    private void onRecord(MemorySegment segment, long offset) {
        long k = SpikeRecord.timeStep(segment, offset);
        int neuron = SpikeRecord.neuronId(segment, offset);
        int p = targets.population(neuron);
        if (p < 0) {
            rejected++;
        } else if (k > arrival) {
            pending.add(k, neuron);
        } else {
            filling.add(p, targets.local(neuron, p), neuron, (int) Math.min(arrival - k, Integer.MAX_VALUE));
        }
    }

    /** The held spikes (see the class comment, "Checkpoints"), or none. */
    @Override
    public List<NamedSegment> stateSections() {
        int batch = filling == null ? 0 : filling.size;
        if (batch + pending.size() == 0) {
            return List.of();
        }
        MemorySegment held = Arena.ofAuto().allocate((long) (batch + pending.size()) * HELD_RECORD);
        long at = 0;
        for (int i = 0; i < batch; i++, at += HELD_RECORD) {
            writeHeld(held, at, filling.step + 1, filling.globals[i], filling.lateSteps[i]);
        }
        // Held spikes due already (more for one step than its batch took) arrive at the next drain's step, late by the
        // steps since their own: restoreState holds them for their own step again, so they leave first and count late.
        long nextArrival = filling == null ? Long.MIN_VALUE : filling.step + 2;
        for (int i : pending.inOrder()) { // restored in this order, they leave in it
            long k = pending.step(i);
            long a = Math.max(k, nextArrival);
            writeHeld(held, at, a, pending.neuron(i), (int) Math.min(a - k, Integer.MAX_VALUE));
            at += HELD_RECORD;
        }
        return List.of(new NamedSegment(StateDescriptor.liveInputHeld(receptor, index), held));
    }

    private static void writeHeld(MemorySegment held, long at, long arrivalStep, int neuron, int lateSteps) {
        held.set(ValueLayout.JAVA_LONG_UNALIGNED, at, arrivalStep);
        held.set(ValueLayout.JAVA_INT_UNALIGNED, at + Long.BYTES, neuron);
        held.set(ValueLayout.JAVA_INT_UNALIGNED, at + Long.BYTES + Integer.BYTES, lateSteps);
    }

    /**
     * Takes back the held spikes a checkpoint saved: those arriving at the step after the checkpoint's into the
     * batch its first step delivers, the later ones into the held list.
     *
     * @throws IllegalArgumentException if the section is malformed, names no valid target, holds a spike for a
     *     step already simulated, or holds more than this input's bounds ({@link #MAX_INTAKE}, the ring's capacity)
     */
    @Override
    public void restoreState(Function<String, MemorySegment> sections) {
        String name = StateDescriptor.liveInputHeld(receptor, index);
        MemorySegment held = sections.apply(name);
        pending.clear();
        filling = null;
        if (held == null) {
            return;
        }
        if (held.byteSize() % HELD_RECORD != 0) {
            throw new IllegalArgumentException("section " + name + ": " + held.byteSize() + " bytes, expected a"
                    + " multiple of " + HELD_RECORD + " (records of arrival step, neuron, steps late)");
        }
        long e = attachedAt;
        InputBatch next = batches[(int) (e & 1)];
        next.reset(e);
        arrival = e + 1;
        filling = next;
        for (long at = 0; at < held.byteSize(); at += HELD_RECORD) {
            long a = held.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
            int g = held.get(ValueLayout.JAVA_INT_UNALIGNED, at + Long.BYTES);
            int late = held.get(ValueLayout.JAVA_INT_UNALIGNED, at + Long.BYTES + Integer.BYTES);
            int p = targets.population(g);
            String where = "section " + name + ", record " + at / HELD_RECORD + ": ";
            if (p < 0 || late < 0) {
                throw new IllegalArgumentException(where + "expected a neuron that takes input on receptor " + receptor
                        + " and steps late >= 0, found neuron " + g + ", steps late " + late);
            }
            if (a <= e) {
                throw new IllegalArgumentException(where + "arrival step " + a + ", expected after the checkpoint's step "
                        + e + " (a checkpoint of another step?)");
            }
            boolean now = a == e + 1;
            if (now ? next.size == intake : pending.size() == MAX_HELD) {
                throw new IllegalArgumentException(where + "more held spikes than this input holds (" + (now ? intake
                        + " for the next step: " + MAX_INTAKE + " or the ring's capacity" : MAX_HELD + " for later steps")
                        + ")");
            }
            if (now) {
                next.add(p, targets.local(g, p), g, late);
            } else {
                pending.add(a - late, g); // its own step: a spike saved late leaves first, counted late
            }
        }
    }

    /** Spikes delivered so far (taken effect or entered a neuron's input). */
    public long delivered() {
        return delivered;
    }

    /** Delivered spikes that took effect after the step they were stamped for. */
    public long late() {
        return late;
    }

    /** Spikes dropped because they named no valid target neuron. */
    public long rejected() {
        return rejected;
    }

    /** Spikes drained and held for a later step (or for the next run's first steps). */
    public int held() {
        return pending.size() + (filling == null ? 0 : filling.size);
    }

    /**
     * Spikes in the ring not drained yet, a snapshot (claimed by producers, committed or not: a count that stays
     * above 0 at the end of a run with producers gone means one of them died between its claim and its commit, and
     * the ring is stalled there; see {@code MpscRing}). Any thread.
     */
    public int inRing() {
        return stream.size();
    }

    /** Spikes the stream's producers discarded under the drop-oldest policy. */
    public long dropped() {
        return stream.dropped();
    }

    /** The stream this input drains. */
    public SpikeStream stream() {
        return stream;
    }

    /** Flushes and closes the record file, if any. Idempotent. */
    @Override
    public void close() {
        if (record != null && !closed) {
            closed = true;
            record.close();
        }
    }
}
