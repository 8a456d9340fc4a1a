package org.shnn.engine.stream;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The spikes a {@link LiveInput} drained for a later step than the one its drain feeds, until their step comes: a
 * binary min-heap on (step, drain order), so that a drain releases the due ones in O(log n) each and the others cost
 * nothing. (A list scanned at every drain cost O(held) per step: 65,536 far-future spikes, 65,536 comparisons a step,
 * about the cost of a whole 4,000-neuron COBA step.) Spikes of one step leave in the order they were added, so the
 * input's deliveries keep the drain order that replays reproduce.
 *
 * <p>Sizes: {@code capacity} spikes at most, 20 bytes each on the heap, allocated as they come (the arrays double from
 * {@value #INITIAL}). Thread-safety: none (range 0's hook only).
 */
final class HeldSpikes {

    /** Spikes the arrays hold before they first grow. */
    static final int INITIAL = 1024;

    private final int capacity;
    private long[] steps;
    private long[] order;
    private int[] neurons;
    private int size;
    /** Drain order of the next spike added. */
    private long added;

    /** A heap of at most {@code capacity} spikes. */
    HeldSpikes(int capacity) {
        this.capacity = capacity;
        int initial = Math.min(capacity, INITIAL);
        steps = new long[initial];
        order = new long[initial];
        neurons = new int[initial];
    }

    /** Spikes held. */
    int size() {
        return size;
    }

    /**
     * Holds a spike for {@code step}.
     *
     * @throws IllegalStateException if full (the caller sizes its drains to leave room)
     */
    void add(long step, int neuron) {
        if (size == steps.length) {
            if (size == capacity) {
                throw new IllegalStateException("held spikes full: " + size);
            }
            int grown = (int) Math.min(capacity, 2L * size);
            steps = Arrays.copyOf(steps, grown);
            order = Arrays.copyOf(order, grown);
            neurons = Arrays.copyOf(neurons, grown);
        }
        int i = size++;
        long seq = added++;
        while (i > 0) { // sift up
            int parent = (i - 1) >>> 1;
            if (!before(step, seq, steps[parent], order[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, step, seq, neuron);
    }

    /** Whether a spike is held for step {@code step} or earlier. */
    boolean due(long step) {
        return size > 0 && steps[0] <= step;
    }

    /** The step of the first spike ({@link #take()}'s). Call only if {@link #size()} > 0. */
    long firstStep() {
        return steps[0];
    }

    /** The neuron of the first spike (smallest step, then first added), removed. Call only if {@link #size()} > 0. */
    int take() {
        int neuron = neurons[0];
        int last = --size;
        long step = steps[last];
        long seq = order[last];
        int n = neurons[last];
        int i = 0;
        while (true) { // sift the last entry down from the root
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(steps[child + 1], order[child + 1], steps[child], order[child])) {
                child++;
            }
            if (!before(steps[child], order[child], step, seq)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (i < size) {
            set(i, step, seq, n);
        }
        return neuron;
    }

    /**
     * Positions of the held spikes in the order they will leave (step, then order added), for a checkpoint; the
     * step and neuron of position {@code p} are {@link #step(int)} and {@link #neuron(int)}.
     */
    int[] inOrder() {
        return IntStream.range(0, size).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> steps[i]).thenComparingLong(i -> order[i]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** The step of the spike at heap position {@code p} (see {@link #inOrder()}). */
    long step(int p) {
        return steps[p];
    }

    /** The neuron of the spike at heap position {@code p} (see {@link #inOrder()}). */
    int neuron(int p) {
        return neurons[p];
    }

    /** Forgets every held spike. */
    void clear() {
        size = 0;
    }

    private static boolean before(long stepA, long seqA, long stepB, long seqB) {
        return stepA < stepB || stepA == stepB && seqA < seqB;
    }

    private void move(int from, int to) {
        set(to, steps[from], order[from], neurons[from]);
    }

    private void set(int i, long step, long seq, int neuron) {
        steps[i] = step;
        order[i] = seq;
        neurons[i] = neuron;
    }
}
