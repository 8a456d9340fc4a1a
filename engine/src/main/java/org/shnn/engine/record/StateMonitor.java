package org.shnn.engine.record;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.shnn.engine.neuron.PopulationState;

/**
 * Records one state column of chosen neurons (a {@link StateMonitorSpec}) into off-heap doubles,
 * {@code [sample][neuron]}, in one chunk per run call (allocated before the run, sized for its
 * samples, so recording never allocates). Values are taken after the step's update, i.e. the state
 * at the end of the sampled step.
 *
 * <p>Thread-safety: during a run, each worker samples only the neurons of its own range (disjoint
 * cells); reading is for the controlling thread between runs. Ownership: chunks come from the
 * simulation's pool and live until it closes.
 */
public final class StateMonitor {

    private final StateMonitorSpec spec;
    private final int column;
    private final ValueLayout type;
    private final List<MemorySegment> chunks = new ArrayList<>();
    private final List<long[]> chunkSteps = new ArrayList<>();
    private MemorySegment current;
    private long currentFirst;
    private long samples;

    /**
     * @param spec what to record
     * @param state the population's state (to resolve the column and check the neuron indices)
     * @throws IllegalArgumentException if the column does not exist or is not double/float/int/long, or a
     *     neuron index is outside the population
     */
    public StateMonitor(StateMonitorSpec spec, PopulationState state) {
        this.spec = spec;
        this.column = state.layout().columnIndex(spec.column());
        this.type = state.layout().column(column).type();
        if (!(type.equals(JAVA_DOUBLE) || type.equals(JAVA_FLOAT) || type.equals(JAVA_INT) || type.equals(JAVA_LONG))) {
            throw new IllegalArgumentException("column " + spec.column() + " of type " + type + " cannot be monitored");
        }
        int last = spec.neurons()[spec.neurons().length - 1];
        if (last >= state.count()) {
            throw new IllegalArgumentException("state monitor neuron " + last + " is outside population '" + spec.population()
                    + "' of " + state.count() + " neurons");
        }
    }

    /** The spec. */
    public StateMonitorSpec spec() {
        return spec;
    }

    /**
     * Allocates room for the samples of steps [first, first + n). Controlling thread, before a run.
     */
    public void prepare(long first, long n, SegmentAllocator alloc) {
        long firstSample = firstSample(first);
        long count = samples(first, n);
        current = null;
        if (count > 0) {
            current = alloc.allocate(count * spec.neurons().length * Double.BYTES, 64);
            current.fill((byte) 0); // a distributed run sums the ranks' chunks: unsampled cells must be +0.0
            chunks.add(current);
            chunkSteps.add(new long[] {firstSample, count});
            currentFirst = firstSample;
            samples += count;
        }
    }

    /** Off-heap bytes {@link #prepare} takes for the samples of steps [first, first + n). */
    public long bytesFor(long first, long n) {
        return samples(first, n) * spec.neurons().length * Double.BYTES;
    }

    /** The first sampling step at or after {@code first}. */
    private long firstSample(long first) {
        long interval = spec.intervalSteps();
        return (first + interval - 1) / interval * interval;
    }

    /** Samples taken in steps [first, first + n). */
    private long samples(long first, long n) {
        long firstSample = firstSample(first);
        return firstSample >= first + n ? 0 : (first + n - 1 - firstSample) / spec.intervalSteps() + 1;
    }

    /** Samples neurons in [from, to) of {@code state} at step {@code step}, if it is a sampling step. Worker threads. */
    public void sample(long step, PopulationState state, int from, int to) {
        if (current == null || step % spec.intervalSteps() != 0 || step < currentFirst) {
            return;
        }
        int[] neurons = spec.neurons();
        int k = Arrays.binarySearch(neurons, from);
        if (k < 0) {
            k = -k - 1;
        }
        long row = (step - currentFirst) / spec.intervalSteps() * neurons.length;
        MemorySegment col = state.column(column);
        for (; k < neurons.length && neurons[k] < to; k++) {
            int i = neurons[k];
            double v;
            if (type.equals(JAVA_DOUBLE)) {
                v = col.getAtIndex(JAVA_DOUBLE, i);
            } else if (type.equals(JAVA_FLOAT)) {
                v = col.getAtIndex(JAVA_FLOAT, i);
            } else if (type.equals(JAVA_INT)) {
                v = col.getAtIndex(JAVA_INT, i);
            } else {
                v = col.getAtIndex(JAVA_LONG, i);
            }
            current.setAtIndex(JAVA_DOUBLE, row + k, v);
        }
    }

    /**
     * The samples of the run prepared last ({@code [sample][neuron]} doubles, in this monitor's memory), or null if it
     * has none. A distributed run gathers them after the run: each rank sampled only its own neurons and left the
     * others' cells +0.0, so the element-wise sum of the ranks' chunks as 64-bit integers (exactly one non-zero
     * addend per cell) is every neuron's value, bit for bit. Controlling thread, between runs.
     */
    public MemorySegment lastRunSamples() {
        return current;
    }

    /**
     * Copies the values of every sample so far into {@code out}, {@code [sample][neuron]} doubles in sample order
     * ({@link #sampleCount()} x {@code spec().neurons().length} of them): what a checkpoint saves. Controlling
     * thread, between runs.
     *
     * @throws IndexOutOfBoundsException if {@code out} is smaller
     */
    public void copyValuesTo(MemorySegment out) {
        long at = 0;
        int n = spec.neurons().length;
        for (int c = 0; c < chunks.size(); c++) {
            long bytes = chunkSteps.get(c)[1] * n * Double.BYTES;
            MemorySegment.copy(chunks.get(c), 0, out, at, bytes);
            at += bytes;
        }
    }

    /**
     * Puts the samples of an earlier run back (a restored simulation's history), before this monitor's first
     * sample: {@code steps} in increasing order, multiples of the interval, and their values as
     * {@link #copyValuesTo} wrote them. The values are copied into memory from {@code alloc}. Controlling thread,
     * before the first run.
     *
     * @throws IllegalArgumentException naming the sample whose step is out of order or off the interval, if the
     *     values do not match the steps in size, or if samples were recorded already
     */
    public void restore(long[] steps, MemorySegment values, SegmentAllocator alloc) {
        int n = spec.neurons().length;
        if (samples != 0) {
            throw new IllegalArgumentException("state monitor " + spec + " has recorded " + samples
                    + " samples already; restore it before the first run");
        }
        if (values.byteSize() != (long) steps.length * n * Double.BYTES) {
            throw new IllegalArgumentException("state monitor " + spec + ": " + steps.length + " samples of " + n
                    + " neurons need " + (long) steps.length * n * Double.BYTES + " bytes of values but found "
                    + values.byteSize());
        }
        long interval = spec.intervalSteps();
        for (int k = 0; k < steps.length; k++) {
            if (steps[k] < 0 || steps[k] % interval != 0 || (k > 0 && steps[k] <= steps[k - 1])) {
                throw new IllegalArgumentException("state monitor " + spec + ": sample " + k + " at step " + steps[k]
                        + " expected an increasing multiple of " + interval + " steps"
                        + (k > 0 ? " after step " + steps[k - 1] : ""));
            }
        }
        if (steps.length == 0) {
            return;
        }
        MemorySegment copy = alloc.allocate(values.byteSize(), 64);
        copy.copyFrom(values);
        for (int k = 0; k < steps.length;) { // one chunk per run of samples one interval apart
            int end = k + 1;
            while (end < steps.length && steps[end] == steps[end - 1] + interval) {
                end++;
            }
            chunks.add(copy.asSlice((long) k * n * Double.BYTES, (long) (end - k) * n * Double.BYTES));
            chunkSteps.add(new long[] {steps[k], end - k});
            k = end;
        }
        samples = steps.length;
    }

    /**
     * Forgets every sample (for a simulation reset to step 0); their memory stays with the allocator that gave it
     * (restored samples are slices of one block, so they are not freed one by one). Controlling thread, between runs.
     */
    public void clear() {
        chunks.clear();
        chunkSteps.clear();
        current = null;
        currentFirst = 0;
        samples = 0;
    }

    /** Samples recorded so far. */
    public long sampleCount() {
        return samples;
    }

    /** The step of every sample, in order. */
    public long[] steps() {
        long[] out = new long[(int) samples];
        int at = 0;
        for (long[] c : chunkSteps) {
            for (long j = 0; j < c[1]; j++) {
                out[at++] = c[0] + j * spec.intervalSteps();
            }
        }
        return out;
    }

    /**
     * The recorded values of the {@code k}-th monitored neuron ({@code spec().neurons()[k]}), in the
     * column's unit, one per sample.
     *
     * @throws IndexOutOfBoundsException if k is outside the monitored neurons
     */
    public double[] values(int k) {
        int n = spec.neurons().length;
        if (k < 0 || k >= n) {
            throw new IndexOutOfBoundsException("monitored neuron " + k + " outside [0, " + n + ")");
        }
        double[] out = new double[(int) samples];
        int at = 0;
        for (int c = 0; c < chunks.size(); c++) {
            long count = chunkSteps.get(c)[1];
            for (long j = 0; j < count; j++) {
                out[at++] = chunks.get(c).getAtIndex(JAVA_DOUBLE, j * n + k);
            }
        }
        return out;
    }
}
