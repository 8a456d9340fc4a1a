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
import org.shnn.engine.plasticity.WeightMonitor;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.RecorderSpec;

/**
 * Writes the sampled state variables and weights of a network file's recorders ({@link NetworkSpec#recorders()},
 * sampled by the state monitors {@link Assembler#withRecorders} adds and the weight monitors
 * {@link Assembler#weightMonitor} finds) in PyNN units (mV, nA, uS), atomically:
 * <ul>
 * <li>{@code .npz}: per recorder {@code r} and variable {@code v} of population {@code p}, {@code r_p_v}
 * ({@code <f8}, shape (samples, neurons)), {@code r_p_v_times_ms} ({@code <f8}, shape (samples)) and
 * {@code r_p_v_neurons} ({@code <i4}, the neurons' indices within the population); per weight recorder {@code r}
 * of projection {@code j}, {@code r_j_weight} ({@code <f8}, shape (samples, synapses); uS, nA or mV as the
 * projection's weights), {@code r_j_weight_times_ms}, {@code r_j_weight_synapses} ({@code <i4}, the synapses'
 * positions in the projection's list order), {@code r_j_weight_pre} and {@code r_j_weight_post} ({@code <i4},
 * their source and target neurons within the populations);</li>
 * <li>{@code .csv}: long form, {@code recorder,population,variable,neuron,time_ms,value}, sample by sample; the
 * rows of a weight recorder hold the projection's label as population, {@code weight} as variable and the
 * synapse's position as neuron.</li>
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

    /**
     * One sampled variable of one recorder: its name parts, neurons (or synapse positions), sample times and values
     * [sample][neuron]; a weight recorder's synapses' source and target neurons ({@code pre}, {@code post}; null
     * for a population recorder).
     */
    record Trace(int recorder, String population, String variable, int[] neurons, double[] timesMs, double[][] values,
            int[] pre, int[] post) {

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
     * Whether {@code spec} has a recorder that {@link #traces} writes: of a weight, or of a state variable (spikes go to
     * {@code --spikes-out}, not here).
     */
    static boolean samplesAny(NetworkSpec spec) {
        return spec.recorders().stream()
                .anyMatch(r -> r.ofProjection() || r.variables().stream().anyMatch(v -> !v.equals("spikes")));
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
            if (rs.ofProjection()) {
                out.add(weights(spec, sim, r));
                continue;
            }
            if (rs.selection().count(spec.population(rs.population()).size()) == 0) {
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
                out.add(new Trace(r, rs.population(), v, neurons, times, values, null, null));
            }
        }
        return out;
    }

    /** The samples of weight recorder {@code r}, in the projection's PyNN unit. */
    private static Trace weights(NetworkSpec spec, Simulation sim, int r) {
        WeightMonitor m = Assembler.weightMonitor(spec, sim, r);
        double toPyNN = 1.0 / Assembler.weightScale(spec, m.projection());
        long[] steps = m.steps();
        double[] times = new double[steps.length];
        for (int s = 0; s < steps.length; s++) {
            times[s] = steps[s] * spec.dt();
        }
        double[][] values = m.values();
        for (double[] sample : values) {
            for (int k = 0; k < sample.length; k++) {
                sample[k] *= toPyNN;
            }
        }
        return new Trace(r, spec.recorders().get(r).projection(), RecorderSpec.WEIGHT, m.synapses(), times, values,
                m.pre(), m.post());
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
                MemorySegment ids = ints(arena, t.neurons());
                w.add(t.name() + "_times_ms", Dtype.FLOAT64, new long[] {samples}, times);
                if (t.pre() == null) {
                    w.add(t.name() + "_neurons", Dtype.INT32, new long[] {n}, ids);
                } else {
                    w.add(t.name() + "_synapses", Dtype.INT32, new long[] {n}, ids);
                    w.add(t.name() + "_pre", Dtype.INT32, new long[] {n}, ints(arena, t.pre()));
                    w.add(t.name() + "_post", Dtype.INT32, new long[] {n}, ints(arena, t.post()));
                }
            }
            w.commit();
        }
    }

    /** {@code a} as little-endian int32s in {@code arena}. */
    private static MemorySegment ints(Arena arena, int[] a) {
        MemorySegment out = arena.allocate(Math.max(4L, 4L * a.length), 64).asSlice(0, 4L * a.length);
        MemorySegment.copy(a, 0, out, I32, 0, a.length);
        return out;
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
