package org.shnn.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.shnn.codec.AtomicFile;
import org.shnn.codec.Dtype;
import org.shnn.codec.npy.NpzWriter;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.RecorderSpec;

/**
 * Writes the sampled state variables of a network file's recorders ({@link NetworkSpec#recorders()}, sampled by
 * the state monitors {@link Assembler#withRecorders} adds) in PyNN units (mV, nA, uS), atomically:
 * <ul>
 * <li>{@code .npz}: per recorder {@code r} and variable {@code v} of population {@code p}, {@code r_p_v}
 * ({@code <f8}, shape (samples, neurons)), {@code r_p_v_times_ms} ({@code <f8}, shape (samples)) and
 * {@code r_p_v_neurons} ({@code <i4}, the neurons' indices within the population);</li>
 * <li>{@code .csv}: long form, {@code recorder,population,variable,neuron,time_ms,value}, sample by sample.</li>
 * </ul>
 * A sample of step {@code s} is the state at the end of that step, stamped {@code s * dt} ms (as the native
 * interface stamps it). Spikes are not written here ({@code --spikes-out}).
 *
 * <p>Thread-safety: the controlling thread, between runs; reads the simulation's monitors only.
 */
final class RecordingExport {

    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RecordingExport() {
    }

    /** One sampled variable of one recorder: its name parts, neurons, sample times and values [sample][neuron]. */
    record Trace(int recorder, String population, String variable, int[] neurons, double[] timesMs, double[][] values) {

        /** The base array name in the .npz. */
        String name() {
            return recorder + "_" + population + "_" + variable;
        }
    }

    /**
     * Whether {@code path} names a .npz (else a .csv).
     *
     * @throws UsageException if the extension is neither
     */
    static boolean isNpz(Path path) throws UsageException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return true;
        }
        if (name.endsWith(".csv")) {
            return false;
        }
        throw new UsageException("--record-out " + path + ": expected a file name ending in .npz or .csv");
    }

    /**
     * The traces of every sampled (non-spike) variable of every recorder of {@code spec}, in PyNN units.
     *
     * @param firstMonitor the index of the first state monitor the recorders added (those of the config before
     *     {@link Assembler#withRecorders})
     */
    static List<Trace> traces(NetworkSpec spec, Simulation sim, int firstMonitor) {
        List<Trace> out = new ArrayList<>();
        double dt = spec.dt();
        for (int r = 0; r < spec.recorders().size(); r++) {
            RecorderSpec rs = spec.recorders().get(r);
            if (rs.neurons().count(spec.population(rs.population()).size()) == 0) {
                continue;
            }
            for (String v : rs.variables()) {
                if (v.equals("spikes")) {
                    continue;
                }
                Assembler.Recorded where = Assembler.recorded(spec, r, v);
                StateMonitor m = sim.stateMonitor(firstMonitor + where.monitor());
                int[] neurons = m.spec().neurons().clone();
                long[] steps = m.steps();
                double[] times = new double[steps.length];
                for (int s = 0; s < steps.length; s++) {
                    times[s] = steps[s] * dt;
                }
                double[][] values = new double[steps.length][neurons.length];
                for (int k = 0; k < neurons.length; k++) {
                    double[] trace = m.values(k);
                    for (int s = 0; s < trace.length; s++) {
                        values[s][k] = trace[s] * where.toPyNN();
                    }
                }
                out.add(new Trace(r, rs.population(), v, neurons, times, values));
            }
        }
        return out;
    }

    /** Writes {@code traces} to {@code path} as .npz or .csv by its extension (atomically). */
    static void write(Path path, List<Trace> traces) throws IOException {
        boolean npz;
        try {
            npz = isNpz(path);
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (npz) {
            writeNpz(path, traces);
        } else {
            writeCsv(path, traces);
        }
    }

    private static void writeNpz(Path path, List<Trace> traces) throws IOException {
        try (Arena arena = Arena.ofConfined(); NpzWriter w = NpzWriter.create(path)) {
            for (Trace t : traces) {
                int n = t.neurons().length;
                int samples = t.timesMs().length;
                MemorySegment values = arena.allocate(Math.max(8L, 8L * samples * n), 64).asSlice(0, 8L * samples * n);
                for (int s = 0; s < samples; s++) {
                    for (int k = 0; k < n; k++) {
                        values.setAtIndex(F64, (long) s * n + k, t.values()[s][k]);
                    }
                }
                w.add(t.name(), Dtype.FLOAT64, new long[] {samples, n}, values);
                MemorySegment times = arena.allocate(Math.max(8L, 8L * samples), 64).asSlice(0, 8L * samples);
                MemorySegment.copy(t.timesMs(), 0, times, F64, 0, samples);
                MemorySegment ids = arena.allocate(Math.max(4L, 4L * n), 64).asSlice(0, 4L * n);
                MemorySegment.copy(t.neurons(), 0, ids, I32, 0, n);
                w.add(t.name() + "_times_ms", Dtype.FLOAT64, new long[] {samples}, times);
                w.add(t.name() + "_neurons", Dtype.INT32, new long[] {n}, ids);
            }
            w.commit();
        }
    }

    private static void writeCsv(Path path, List<Trace> traces) throws IOException {
        AtomicFile.write(path, os -> {
            StringBuilder sb = new StringBuilder(1 << 16);
            sb.append("recorder,population,variable,neuron,time_ms,value\n");
            for (Trace t : traces) {
                for (int s = 0; s < t.timesMs().length; s++) {
                    for (int k = 0; k < t.neurons().length; k++) {
                        sb.append(t.recorder()).append(',').append(t.population()).append(',').append(t.variable())
                                .append(',').append(t.neurons()[k]).append(',').append(t.timesMs()[s]).append(',')
                                .append(t.values()[s][k]).append('\n'); // Double.toString: shortest exact round trip
                        if (sb.length() > 60_000) {
                            os.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                            sb.setLength(0);
                        }
                    }
                }
            }
            os.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        });
    }
}
