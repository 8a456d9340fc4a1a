package org.shnn.engine.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.shnn.engine.Check;
import org.shnn.engine.record.SpikeFileStream;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.StepContext;
import org.shnn.engine.run.StepHook;

/**
 * Input spikes read from a spike file ({@link SpikeFileStream} format: 16-byte little-endian records of step
 * int64, global neuron id int32, spare int32, in non-decreasing step order) and delivered as {@link LiveInput}
 * delivers them: a record of step {@code k} takes effect at step {@code k} (delivered by the hook call of step
 * {@code k - 1} into the neuron's input of step {@code k}), with weight {@code weight} on receptor
 * {@code receptor}; records of one step in file order. Records stamped at or before the simulation's step
 * when the replay is attached can no longer take effect (step 0 never can: the earliest input, like a
 * synapse's, takes effect at step 1) and are counted in {@link #skipped()}. Replaying the record file of a {@link LiveInput} with its receptor and weight gives the live run's
 * raster bit for bit, for any thread count.
 *
 * <p>Ownership: the records are copied to the heap when attached; the file is not kept open.
 * Thread-safety: a {@link StepHook}: each worker keeps its own cursor (padded against false sharing); the
 * counters are range 0's and read between runs.
 */
public final class SpikeReplay implements StepHook {

    private static final ValueLayout.OfLong STEP = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt NEURON = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Longs between two workers' cursors (128 bytes). */
    private static final int STRIDE = 16;

    private final int receptor;
    private final float weight;
    private final long[] steps;
    private final int[] populations;
    private final int[] locals;
    private final int[] globals;
    private final long[] cursors;
    private final int skipped;
    private long delivered;

    private SpikeReplay(Simulation sim, Path file, int receptor, double weight) {
        this.receptor = receptor;
        this.weight = (float) Check.finite("weight", weight, "");
        InputTargets targets = new InputTargets(sim.network(), receptor);
        try (Arena arena = Arena.ofConfined();
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size % SpikeFileStream.RECORD_BYTES != 0) {
                long last = size / SpikeFileStream.RECORD_BYTES * SpikeFileStream.RECORD_BYTES;
                throw new IllegalArgumentException("spike file " + file + ": at byte offset " + last + ", record "
                        + (last / SpikeFileStream.RECORD_BYTES) + ": expected " + SpikeFileStream.RECORD_BYTES
                        + " bytes, found " + (size - last) + " (truncated file of " + size + " bytes)");
            }
            long n = size / SpikeFileStream.RECORD_BYTES;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("spike file " + file + ": " + n + " records; at most "
                        + (Integer.MAX_VALUE - 8) + " can be replayed");
            }
            MemorySegment m = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            int count = (int) n;
            steps = new long[count];
            populations = new int[count];
            locals = new int[count];
            globals = new int[count];
            for (int i = 0; i < count; i++) {
                long at = (long) i * SpikeFileStream.RECORD_BYTES;
                long step = m.get(STEP, at);
                int neuron = m.get(NEURON, at + Long.BYTES);
                if (step < 0 || (i > 0 && step < steps[i - 1])) {
                    throw new IllegalArgumentException("spike file " + file + ": at byte offset " + at + ", record " + i
                            + ", field step: expected >= " + (i > 0 ? steps[i - 1] + " (steps never decrease)" : "0")
                            + ", found " + step);
                }
                int p = targets.population(neuron);
                if (p < 0) {
                    throw new IllegalArgumentException("spike file " + file + ": at byte offset " + (at + Long.BYTES)
                            + ", record " + i + ", field neuron: expected " + targets.reject(neuron) + " (receptor "
                            + receptor + "), found " + neuron);
                }
                steps[i] = step;
                populations[i] = p;
                locals[i] = targets.local(neuron, p);
                globals[i] = neuron;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spike file " + file + ": " + e.getMessage(), e);
        }
        cursors = new long[(sim.config().threads() + 1) * STRIDE];
        skipped = firstAfter(sim.currentStep()); // records of steps already simulated
        for (int w = 0; w < sim.config().threads(); w++) {
            cursors[(w + 1) * STRIDE] = skipped; // plain: the run's thread starts publish it
        }
    }

    /**
     * Reads {@code file} and registers the replay with {@code sim}. Records stamped at or before the
     * simulation's current step are skipped ({@link #skipped()}).
     *
     * @param weight weight of each spike, in the receptor's unit, finite
     * @throws IllegalArgumentException for a truncated file, a decreasing step or a neuron that cannot take
     *     input on {@code receptor}, naming the file, byte offset, field, expected and found value
     * @throws UncheckedIOException if the file cannot be read, naming it
     */
    public static SpikeReplay attach(Simulation sim, Path file, int receptor, double weight) {
        SpikeReplay replay = new SpikeReplay(sim, file, receptor, weight);
        sim.addHook(replay);
        return replay;
    }

    private int firstAfter(long step) {
        int lo = 0;
        int hi = steps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (steps[mid] <= step) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public void afterDelivery(StepContext context) {
        int at = (context.worker() + 1) * STRIDE;
        int i = (int) cursors[at]; // plain: this worker's own slot (StepHook: a worker's calls are ordered)
        long arrival = context.step() + 1;
        int from = context.from();
        int to = context.to();
        int start = i;
        for (; i < steps.length && steps[i] <= arrival; i++) { // == arrival: runs skip no step
            int g = globals[i];
            if (g >= from && g < to) {
                context.deliver(populations[i], receptor, arrival, locals[i], weight);
            }
        }
        cursors[at] = i;
        if (context.worker() == 0) {
            delivered += i - start;
        }
    }

    /** Records delivered so far. */
    public long delivered() {
        return delivered;
    }

    /** Records skipped because their step was at or before the simulation's step when attached. */
    public int skipped() {
        return skipped;
    }

    /** Records in the file that are still to be delivered (by range 0's count). */
    public int remaining() {
        return steps.length - (int) cursors[STRIDE];
    }
}
