package org.shnn.engine.neuron;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Objects;
import org.shnn.engine.Check;
import org.shnn.layouts.state.SoaLayout;

/**
 * What every built-in {@link NeuronModel} shares: its state layout, its parameter record, the fixed time step,
 * the receptor count and input unit, and allocating a population at rest. Subclasses precompute their
 * propagators in the constructor and implement {@link #step} and {@link #setRest}.
 *
 * <p>Thread-safety: immutable once constructed, like every model.
 *
 * @param <P> the parameter record
 */
abstract class NeuronModelBase<P> implements NeuronModel {

    /** Neurons per vector kernel call at most: 64 blocks of 64 ({@link #spikeMasks}). */
    static final int SPIKE_MASK_NEURONS = 64 * 64;
    /** Per thread, the spike bits of its last vector kernel call ({@link #spikeMasks}). */
    private static final ThreadLocal<long[]> SPIKE_MASKS =
            ThreadLocal.withInitial(() -> new long[SPIKE_MASK_NEURONS / 64]);

    /** The parameters (validated by the record). */
    protected final P params;
    /** Time step, ms, finite and positive. */
    protected final double dt;
    private final SoaLayout layout;
    private final int receptors;
    private final String inputUnit;

    /**
     * @throws IllegalArgumentException if {@code dt} is not finite and positive
     * @throws NullPointerException if {@code params} is null
     */
    NeuronModelBase(SoaLayout layout, P params, double dt, int receptors, String inputUnit) {
        this.layout = layout;
        this.params = Objects.requireNonNull(params, "params");
        this.dt = Check.dt(dt);
        this.receptors = receptors;
        this.inputUnit = inputUnit;
    }

    /** The parameters. */
    public final P params() {
        return params;
    }

    /** From the params when they have {@link SynapticTimeConstants}, else 0 (voltage jumps). */
    @Override
    public double tauSyn(int r) {
        java.util.Objects.checkIndex(r, receptorCount());
        return params instanceof SynapticTimeConstants t ? (r == 0 ? t.tauSynExc() : t.tauSynInh()) : 0.0;
    }

    @Override
    public final String name() {
        return layout.name();
    }

    @Override
    public final SoaLayout stateLayout() {
        return layout;
    }

    @Override
    public final int receptorCount() {
        return receptors;
    }

    @Override
    public final double dt() {
        return dt;
    }

    @Override
    public final String inputUnit() {
        return inputUnit;
    }

    /** Allocates {@code count} neurons (zeroed by {@link PopulationState#allocate}) and puts each at rest. */
    @Override
    public final PopulationState allocateState(SegmentAllocator alloc, int count) {
        PopulationState s = PopulationState.allocate(layout, alloc, count);
        for (int i = 0; i < count; i++) {
            setRest(s, i);
        }
        return s;
    }

    /**
     * Reports the spikes of one block of at most 64 neurons: bit {@code k} of {@code fired} set means neuron
     * {@code base + k} fired; calls {@code sink.spike} in ascending order.
     *
     * <p>Why blocks: the LIF step loops collect a block's spikes in a bit mask and call the sink only after the
     * block, so their inner loop contains no call. A (rarely taken) call inside the loop made C2 keep the segment
     * state in memory around it and cost 1.7x the whole update (13.5 vs 7.9 ns per COBA neuron-step).
     */
    static void emit(SpikeSink sink, int base, long fired) {
        while (fired != 0) {
            sink.spike(base + Long.numberOfTrailingZeros(fired));
            fired &= fired - 1;
        }
    }

    /**
     * The calling thread's scratch for a vector kernel's spike bits: one {@code long} per block of 64 neurons of a
     * chunk of {@link #SPIKE_MASK_NEURONS} (not zeroed). Per thread because a model is shared by the threads that step
     * its population; a fixed size, so a step allocates nothing and the heap does not grow with the population.
     */
    static long[] spikeMasks() {
        return SPIKE_MASKS.get();
    }

    /** Puts neuron {@code i} of freshly zeroed state at rest (its non-zero columns only). */
    abstract void setRest(PopulationState s, int i);

    /**
     * Validates the arguments of {@link NeuronModel#step} once per call (the loop then trusts them); builds a
     * message only on failure, so a valid call does not allocate.
     */
    final void checkStep(PopulationState s, int from, int to, MemorySegment[] input, MemorySegment external,
                         SpikeSink sink) {
        Objects.requireNonNull(s, "state");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(sink, "sink");
        if (!s.layout().equals(layout)) {
            throw new IllegalArgumentException("state has layout '" + s.layout().name() + "', model " + name()
                    + " needs '" + layout.name() + "'");
        }
        Objects.checkFromToIndex(from, to, s.count());
        if (input.length != receptors) {
            throw new IllegalArgumentException("input has " + input.length + " receptor segments, model "
                    + name() + " has " + receptors + " receptors");
        }
        for (int r = 0; r < input.length; r++) {
            if (input[r] == null) {
                throw new NullPointerException("input[" + r + "]");
            }
            if (input[r].byteSize() < 4L * to) {
                throw new IllegalArgumentException("input[" + r + "] has " + input[r].byteSize() + " bytes, need "
                        + 4L * to + " (one float per neuron up to index " + to + ")");
            }
        }
        if (external != null && external.byteSize() < 8L * to) {
            throw new IllegalArgumentException("external has " + external.byteSize() + " bytes, need " + 8L * to
                    + " (one double per neuron up to index " + to + ")");
        }
    }
}
