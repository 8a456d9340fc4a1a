package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.memory.pool.ArenaPool;

/**
 * The spikes that the neuron ranges of a run hand to each other: in phase {@code i} of a run
 * ({@link StepPhaser}) each range writes the spikes its neurons emit in the steps of interval {@code i},
 * and in phase {@code i + 1} every range reads all ranges' spikes of interval {@code i}, range by range,
 * which for each step is ascending global id order (ranges are consecutive id intervals).
 *
 * <pre>
 *  per parity p (= phase &amp; 1) and range r, two off-heap segments, each written by one range's claimant:
 *   ends[p][r]   | end of step 0 | end of step 1 | ... | end of step interval-1 |   (int, exclusive; 128-byte multiple)
 *   spikes[p][r] | id | id | ... |  step 0's ids, then step 1's, ...               (int global ids, ascending per step)
 * </pre>
 *
 * <p>Double-buffered by phase parity: phase {@code i} writes parity {@code i & 1} while the ranges read
 * parity {@code (i - 1) & 1}, written in phase {@code i - 1}; parity {@code i & 1} was last read in phase
 * {@code i - 1}, which completed before phase {@code i} opened. Every access here is plain: a range's writes
 * in phase {@code i} are published to the readers of phase {@code i + 1} by the phaser (the writer's release
 * when it completes its chunk, the reader's acquire when it sees the phase open), and nothing is read while
 * it may be written.
 *
 * <p>A range's spike segment holds {@code range size × min(interval, 2)} ids to begin with and doubles, inside
 * the run, when a step could overflow it ({@link #reserve}): a step emits at most one spike per neuron, and
 * more than one per neuron and step on average over an interval is rare, so the common case needs no
 * growth and the memory does not scale with the interval.
 *
 * <p>Ownership: segments come from the simulation's pool, which frees them (a grown segment's predecessor
 * goes back to the pool at once). Thread-safety: as above; {@link #configure} only between runs, from the
 * controlling thread.
 */
final class SpikeExchange {

    /** Fields that different threads write sit this many bytes apart (STYLE rule 9). */
    private static final long SEPARATION = 128;

    private final ArenaPool memory;
    private final int[] sizes;
    private final MemorySegment[][] spikes;
    private final MemorySegment[][] ends;
    private int interval;

    /**
     * @param memory where the buffers come from (the simulation's pool)
     * @param boundaries range {@code r} is global ids {@code [boundaries[r], boundaries[r + 1])}
     */
    SpikeExchange(ArenaPool memory, int[] boundaries) {
        this.memory = memory;
        int ranges = boundaries.length - 1;
        sizes = new int[ranges];
        for (int r = 0; r < ranges; r++) {
            sizes[r] = boundaries[r + 1] - boundaries[r];
        }
        spikes = new MemorySegment[2][ranges];
        ends = new MemorySegment[2][ranges];
        configure(1);
    }

    /** Steps per phase from the next run on; (re)allocates buffers that are too small. Between runs only. */
    void configure(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("spike exchange interval " + steps + " steps must be >= 1");
        }
        for (int p = 0; p < 2; p++) {
            for (int r = 0; r < sizes.length; r++) {
                long endBytes = roundUp((long) steps * Integer.BYTES);
                if (ends[p][r] == null || ends[p][r].byteSize() < endBytes) {
                    free(ends[p][r]);
                    ends[p][r] = memory.allocate(endBytes, SEPARATION);
                }
                long spikeBytes = roundUp((long) Math.max(1, sizes[r]) * Math.min(steps, 2) * Integer.BYTES);
                if (spikes[p][r] == null || spikes[p][r].byteSize() < spikeBytes) {
                    free(spikes[p][r]);
                    spikes[p][r] = memory.allocate(spikeBytes, SEPARATION);
                }
            }
        }
        interval = steps;
    }

    /** Steps per phase (see {@link #configure}). */
    int interval() {
        return interval;
    }

    /** Number of ranges. */
    int ranges() {
        return sizes.length;
    }

    /** Points {@code emitter} at the start of range {@code r}'s spikes of parity {@code p}: the range begins writing an interval. */
    void beginWrite(int p, int r, SpikeEmitter emitter) {
        emitter.buffer = spikes[p][r]; // plain: see the class comment
        emitter.count = 0;
    }

    /**
     * Makes room for one more step of range {@code r} (at most one spike per neuron) before the emitter writes it,
     * doubling the segment if needed (the ids written so far are kept).
     */
    void reserve(int p, int r, SpikeEmitter emitter) {
        MemorySegment s = emitter.buffer;
        long needed = ((long) emitter.count + sizes[r]) * Integer.BYTES;
        if (needed > s.byteSize()) {
            MemorySegment grown = memory.allocate(roundUp(Math.max(needed, 2 * s.byteSize())), SEPARATION);
            MemorySegment.copy(s, 0, grown, 0, (long) emitter.count * Integer.BYTES);
            memory.free(s); // last read in the previous phase of this parity's reader, which completed
            spikes[p][r] = grown; // plain: published with the spikes by the phaser
            emitter.buffer = grown;
        }
    }

    /** Records that range {@code r}'s spikes of step {@code j} of the interval end (exclusive) at {@code count}. */
    void endStep(int p, int r, int j, int count) {
        ends[p][r].setAtIndex(JAVA_INT, j, count); // plain: see the class comment
    }

    /** Index of range {@code r}'s first spike of step {@code j} in {@link #spikes(int, int)}. */
    int start(int p, int r, int j) {
        return j == 0 ? 0 : ends[p][r].getAtIndex(JAVA_INT, j - 1); // plain: published by the phaser
    }

    /** One past range {@code r}'s last spike of step {@code j}. */
    int end(int p, int r, int j) {
        return ends[p][r].getAtIndex(JAVA_INT, j); // plain: published by the phaser
    }

    /** Range {@code r}'s spike ids of parity {@code p} (one {@code int} each, native order); valid for this phase only. */
    MemorySegment spikes(int p, int r) {
        return spikes[p][r]; // plain: published by the phaser
    }

    private void free(MemorySegment s) {
        if (s != null) {
            memory.free(s);
        }
    }

    private static long roundUp(long bytes) {
        return (Math.max(bytes, 1) + SEPARATION - 1) & -SEPARATION;
    }
}
