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
import org.shnn.codec.FileFailure;
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
 * synapse's, takes effect at step 1) and are counted in {@link #skipped()}. Replaying the record file of a
 * {@link LiveInput} with its receptor and weight gives the live run's raster bit for bit, for any thread count.
 *
 * <p>Ownership: the file is memory-mapped (read-only) and checked record by record when attached, and stays mapped
 * until {@link #close()}, which its owner calls after the last run: a replay costs no heap per record, so a file
 * larger than the heap replays (until bench/RESULTS.md section 47 it was copied to the heap, 20 bytes per record).
 * The file must not change while attached: a neuron id changed to one that takes no input fails the run that reads
 * it, naming the record; other changes are not detected. Thread-safety: a
 * {@link StepHook}: each worker keeps its own cursor (padded against false sharing); the counters are range 0's
 * and read between runs; {@link #close()} from the controlling thread between runs.
 */
public final class SpikeReplay implements StepHook, AutoCloseable {

    private static final ValueLayout.OfLong STEP = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt NEURON = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Longs between two workers' cursors (128 bytes). */
    private static final int STRIDE = 16;

    private final Path file;
    private final int receptor;
    private final float weight;
    private final InputTargets targets;
    private final Arena arena;
    /** The file's records, mapped; {@link MemorySegment#NULL} for an empty file. */
    private final MemorySegment records;
    private final long count;
    private final long[] cursors;
    private final long skipped;
    private long delivered;

    private SpikeReplay(Simulation sim, Path file, int receptor, double weight) {
        this.file = file;
        this.receptor = receptor;
        this.weight = (float) Check.finite("weight", weight, "");
        this.targets = new InputTargets(sim.network(), receptor);
        Arena shared = Arena.ofShared(); // the workers read the mapping
        try (FileChannel ch = FileChannel.open(FileFailure.requireMappable(file), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size % SpikeFileStream.RECORD_BYTES != 0) {
                long last = size / SpikeFileStream.RECORD_BYTES * SpikeFileStream.RECORD_BYTES;
                throw new IllegalArgumentException("spike file " + file + ": at byte offset " + last + ", record "
                        + (last / SpikeFileStream.RECORD_BYTES) + ": expected " + SpikeFileStream.RECORD_BYTES
                        + " bytes, found " + (size - last) + " (truncated file of " + size + " bytes)");
            }
            records = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, shared);
            count = size / SpikeFileStream.RECORD_BYTES;
            long previous = 0;
            for (long i = 0; i < count; i++) {
                long at = i * SpikeFileStream.RECORD_BYTES;
                long step = records.get(STEP, at);
                if (step < previous) {
                    throw new IllegalArgumentException("spike file " + file + ": at byte offset " + at + ", record " + i
                            + ", field step: expected >= " + previous + (i > 0 ? " (steps never decrease)" : "")
                            + ", found " + step);
                }
                int neuron = records.get(NEURON, at + Long.BYTES);
                if (targets.population(neuron) < 0) {
                    throw badNeuron(i, neuron);
                }
                previous = step;
            }
        } catch (IOException e) {
            shared.close();
            throw new UncheckedIOException("cannot read spike file " + file + ": " + FileFailure.reason(file, e), e);
        } catch (RuntimeException | Error e) {
            shared.close();
            throw e;
        }
        arena = shared;
        cursors = new long[(sim.config().threads() + 1) * STRIDE];
        skipped = firstAfter(sim.currentStep()); // records of steps already simulated
        for (int w = 0; w < sim.config().threads(); w++) {
            cursors[(w + 1) * STRIDE] = skipped; // plain: the run's thread starts publish it
        }
    }

    private IllegalArgumentException badNeuron(long record, int neuron) {
        long offset = record * SpikeFileStream.RECORD_BYTES + Long.BYTES;
        return new IllegalArgumentException("spike file " + file + ": at byte offset " + offset + ", record " + record
                + ", field neuron: expected " + targets.reject(neuron) + " (receptor " + receptor + "), found " + neuron);
    }

    /**
     * Maps and checks {@code file} and registers the replay with {@code sim}. Records stamped at or before the
     * simulation's current step are skipped ({@link #skipped()}).
     *
     * @param weight weight of each spike, in the receptor's unit, finite
     * @throws IllegalArgumentException for a truncated file, a decreasing step or a neuron that cannot take
     *     input on {@code receptor}, naming the file, byte offset, field, expected and found value
     * @throws UncheckedIOException if the file cannot be read, naming it
     */
    public static SpikeReplay attach(Simulation sim, Path file, int receptor, double weight) {
        SpikeReplay replay = new SpikeReplay(sim, file, receptor, weight);
        try {
            sim.addHook(replay);
        } catch (RuntimeException e) {
            replay.close();
            throw e;
        }
        return replay;
    }

    private long step(long record) {
        return records.get(STEP, record * SpikeFileStream.RECORD_BYTES);
    }

    private long firstAfter(long step) {
        long lo = 0;
        long hi = count;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (step(mid) <= step) {
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
        long i = cursors[at]; // plain: this worker's own slot (StepHook: a worker's calls are ordered)
        long arrival = context.step() + 1;
        int from = context.from();
        int to = context.to();
        boolean first = context.worker() == 0;
        long start = i;
        for (; i < count && step(i) <= arrival; i++) { // == arrival: runs skip no step
            int g = records.get(NEURON, i * SpikeFileStream.RECORD_BYTES + Long.BYTES);
            boolean own = g >= from && g < to;
            if (own || first) { // range 0 checks every record again: ids outside the network belong to no range
                int p = targets.population(g);
                if (p < 0) { // checked when attached: the file has changed since
                    throw new IllegalStateException(badNeuron(i, g).getMessage() + " (the file changed after it was"
                            + " attached)");
                }
                if (own) {
                    context.deliver(p, receptor, arrival, targets.local(g, p), weight);
                }
            }
        }
        cursors[at] = i;
        if (first) {
            delivered += i - start;
        }
    }

    /** Records delivered so far. */
    public long delivered() {
        return delivered;
    }

    /** Records skipped because their step was at or before the simulation's step when attached. */
    public long skipped() {
        return skipped;
    }

    /** Records in the file that are still to be delivered (by range 0's count). */
    public long remaining() {
        return count - cursors[STRIDE];
    }

    /** Unmaps the file; call after the last run (a run of the simulation would then fail). Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
