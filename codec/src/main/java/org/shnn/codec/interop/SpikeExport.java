package org.shnn.codec.interop;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.shnn.codec.AtomicFile;
import org.shnn.codec.Dtype;
import org.shnn.codec.npy.NpyFile;
import org.shnn.codec.npy.NpzWriter;
import org.shnn.memory.ring.SpikeRecord;

/**
 * Writes recorded spikes, given as {@link SpikeRecord}s (16 bytes each: time step, neuron id; 8-byte aligned,
 * native order, as the recorder and the rings hold them), for Python and spreadsheets. Times are
 * {@code timeStep * dt} in ms. Every file is written atomically (temporary file, force, rename).
 *
 * <p>Thread-safety: stateless; the records must not change during a call.
 */
public final class SpikeExport {

    private static final ValueLayout.OfInt I32 = (ValueLayout.OfInt) Dtype.INT32.layout();
    private static final ValueLayout.OfDouble F64 = (ValueLayout.OfDouble) Dtype.FLOAT64.layout();

    private SpikeExport() {
    }

    private static void check(MemorySegment records, long count, double dtMs) {
        if (count < 0 || count > records.byteSize() / SpikeRecord.SIZE) {
            throw new IllegalArgumentException("spike count " + count + " not in [0, " + records.byteSize()
                    / SpikeRecord.SIZE + "] (records segment of " + records.byteSize() + " bytes)");
        }
        if (!(dtMs > 0 && dtMs < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("dt " + dtMs + " ms must be finite and > 0");
        }
    }

    /**
     * CSV with the header {@code neuron_id,time_ms} and one line per spike, times in plain decimal (the
     * shortest text that reads back as the same double).
     *
     * @throws IllegalArgumentException if {@code count} exceeds the records or {@code dtMs} is not positive
     * @throws IOException on a write error (the target keeps its previous content)
     */
    public static void writeCsv(Path path, MemorySegment records, long count, double dtMs) throws IOException {
        check(records, count, dtMs);
        AtomicFile.write(path, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16); // not closed
            w.write("neuron_id,time_ms\n");
            for (long i = 0; i < count; i++) {
                long at = i * SpikeRecord.SIZE;
                w.write(Integer.toString(SpikeRecord.neuronId(records, at)));
                w.write(',');
                w.write(BigDecimal.valueOf(SpikeRecord.timeStep(records, at) * dtMs).toPlainString());
                w.write('\n');
            }
            w.flush();
        });
    }

    /**
     * An {@code .npz} with {@code neuron_id} ({@code <i4}) and {@code time_ms} ({@code <f8}), as Brian2's
     * {@code SpikeMonitor} gives {@code i} and {@code t}.
     *
     * @throws IllegalArgumentException as {@link #writeCsv}
     * @throws IOException on a write error (the target keeps its previous content)
     */
    public static void writeNpz(Path path, MemorySegment records, long count, double dtMs) throws IOException {
        check(records, count, dtMs);
        try (Arena arena = Arena.ofConfined(); NpzWriter w = NpzWriter.create(path)) {
            MemorySegment ids = arena.allocate(Math.max(1, 4 * count), 64).asSlice(0, 4 * count);
            MemorySegment times = arena.allocate(Math.max(1, 8 * count), 64).asSlice(0, 8 * count);
            for (long i = 0; i < count; i++) {
                ids.setAtIndex(I32, i, SpikeRecord.neuronId(records, i * SpikeRecord.SIZE));
                times.setAtIndex(F64, i, SpikeRecord.timeStep(records, i * SpikeRecord.SIZE) * dtMs);
            }
            w.add("neuron_id", Dtype.INT32, new long[] {count}, ids);
            w.add("time_ms", Dtype.FLOAT64, new long[] {count}, times);
            w.commit();
        }
    }

    /**
     * An {@code .npy} of shape {@code (count, 2)}, {@code <f8}: column 0 the neuron id, column 1 the time in ms
     * (ids are exact below 2^53).
     *
     * @throws IllegalArgumentException as {@link #writeCsv}
     * @throws IOException on a write error (the target keeps its previous content)
     */
    public static void writeNpy(Path path, MemorySegment records, long count, double dtMs) throws IOException {
        check(records, count, dtMs);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment table = arena.allocate(Math.max(1, 16 * count), 64).asSlice(0, 16 * count);
            for (long i = 0; i < count; i++) {
                table.setAtIndex(F64, 2 * i, SpikeRecord.neuronId(records, i * SpikeRecord.SIZE));
                table.setAtIndex(F64, 2 * i + 1, SpikeRecord.timeStep(records, i * SpikeRecord.SIZE) * dtMs);
            }
            NpyFile.write(path, Dtype.FLOAT64, new long[] {count, 2}, table);
        }
    }
}
