package org.shnn.interop;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.shnn.codec.interop.SpikeExport;
import org.shnn.engine.checkpoint.ShardedCheckpoint;
import org.shnn.engine.checkpoint.Verification;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.RankComm;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * The Java targets of the upcall stubs, one static method per {@link ApiTable} entry (the C name in
 * lower camel case). Each validates its arguments at the edge and returns a {@link Status};
 * exceptions are turned into status codes by the wrapper {@link ApiTable#build} puts around each
 * method, so these methods may throw.
 *
 * <p>Native pointers arrive as zero-length segments and are resized ({@code reinterpret}) to the
 * extent the C contract gives them; a NULL pointer is rejected with {@link Status#E_ARGUMENT}.
 *
 * <p>Thread-safety: every method may be called from any native thread at once.
 */
final class NativeEntryPoints {

    /** Longest C string accepted (bytes, without the NUL): model names and paths. */
    static final int MAX_STRING_BYTES = 65_536;

    /** The open simulations by handle. */
    static final HandleTable<SimulationSession> SIMULATIONS = new HandleTable<>("simulation");

    private NativeEntryPoints() {
    }

    /** {@code last_error(buffer, capacity, length)}: copies this thread's message, see shnn.h. */
    static int lastError(MemorySegment buffer, long capacity, MemorySegment length) {
        byte[] text = LastError.get().getBytes(StandardCharsets.UTF_8);
        if (!length.equals(MemorySegment.NULL)) {
            out(length, JAVA_LONG.byteSize(), "length").set(JAVA_LONG, 0, text.length);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity + " < 0");
        }
        if (capacity > 0) {
            MemorySegment dst = out(buffer, capacity, "buffer");
            int n = (int) Math.min(text.length, capacity - 1);
            MemorySegment.copy(text, 0, dst, JAVA_BYTE, 0, n);
            dst.set(JAVA_BYTE, n, (byte) 0);
        }
        return Status.OK;
    }

    /** {@code echo(value, out)}: stores {@code value} in {@code *out}; a round trip for tests and timing. */
    static int echo(long value, MemorySegment out) {
        out(out, JAVA_LONG.byteSize(), "out").set(JAVA_LONG, 0, value);
        return Status.OK;
    }

    /** {@code sum_i32(values, count, out)}: {@code *out} = the sum of {@code count} int32 values. */
    static int sumI32(MemorySegment values, long count, MemorySegment out) {
        MemorySegment dst = out(out, JAVA_LONG.byteSize(), "out");
        MemorySegment src = in(values, count, JAVA_INT.byteSize(), "values");
        long sum = 0;
        for (long i = 0; i < count; i++) {
            sum += src.getAtIndex(JAVA_INT, i);
        }
        dst.set(JAVA_LONG, 0, sum);
        return Status.OK;
    }

    /**
     * {@code sim_create_builtin(model, neurons, seed, threads, handle)}: model {@code "coba"},
     * {@code "cuba"} or {@code "brunel:<regime>"} ({@link BrunelRegime}: sr, ai, si_fast, si_slow).
     */
    static int simCreateBuiltin(MemorySegment model, long neurons, long seed, int threads, MemorySegment handle) {
        MemorySegment out = out(handle, JAVA_LONG.byteSize(), "handle");
        String name = string(model, "model");
        if (neurons < 1 || neurons > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("neurons " + neurons + " out of range [1, " + Integer.MAX_VALUE + "]");
        }
        SimulationConfig config = SimulationConfig.defaults().withThreads(threads);
        Network network = switch (name.toLowerCase(Locale.ROOT)) {
            case "coba" -> BuiltinNetworks.coba((int) neurons, seed);
            case "cuba" -> BuiltinNetworks.cuba((int) neurons, seed);
            default -> {
                if (name.toLowerCase(Locale.ROOT).startsWith("brunel:")) {
                    yield BuiltinNetworks.brunel((int) neurons, seed, BrunelRegime.parse(name.substring(7)));
                }
                throw new IllegalArgumentException("unknown model \"" + name + "\" (known: coba, cuba, brunel:<regime>)");
            }
        };
        out.set(JAVA_LONG, 0, open(Simulation.create(network, config)));
        return Status.OK;
    }

    /** Registers {@code simulation} under a new handle; closes it if that fails. */
    private static long open(Simulation simulation) {
        try {
            return SIMULATIONS.add(h -> new SimulationSession(h, simulation));
        } catch (Throwable t) {
            simulation.close();
            throw t;
        }
    }

    /** {@code sim_destroy(handle)}: removes the handle, then frees the simulation. */
    static int simDestroy(long handle) {
        SIMULATIONS.remove(handle).close();
        return Status.OK;
    }

    /** {@code sim_run(handle, ms)}. */
    static int simRun(long handle, double ms) {
        SIMULATIONS.get(handle).run(ms);
        return Status.OK;
    }

    /** {@code sim_run_steps(handle, steps)}. */
    static int simRunSteps(long handle, long steps) {
        SIMULATIONS.get(handle).runSteps(steps);
        return Status.OK;
    }

    /** {@code sim_time(handle, step, ms)}: either pointer may be NULL. */
    static int simTime(long handle, MemorySegment step, MemorySegment ms) {
        SimulationSession s = SIMULATIONS.get(handle);
        long current = s.currentStep();
        if (!step.equals(MemorySegment.NULL)) {
            step.reinterpret(JAVA_LONG.byteSize()).set(JAVA_LONG, 0, current);
        }
        if (!ms.equals(MemorySegment.NULL)) {
            ms.reinterpret(JAVA_DOUBLE.byteSize()).set(JAVA_DOUBLE, 0, current * s.dt());
        }
        return Status.OK;
    }

    /** {@code sim_dt(handle, dt_ms)}. */
    static int simDt(long handle, MemorySegment dtMs) {
        MemorySegment out = out(dtMs, JAVA_DOUBLE.byteSize(), "dt_ms");
        out.set(JAVA_DOUBLE, 0, SIMULATIONS.get(handle).dt());
        return Status.OK;
    }

    /** {@code sim_neuron_count(handle, count)}. */
    static int simNeuronCount(long handle, MemorySegment count) {
        MemorySegment out = out(count, JAVA_LONG.byteSize(), "count");
        out.set(JAVA_LONG, 0, SIMULATIONS.get(handle).neuronCount());
        return Status.OK;
    }

    /** {@code sim_spike_count(handle, count)}: recorded spikes. */
    static int simSpikeCount(long handle, MemorySegment count) {
        MemorySegment out = out(count, JAVA_LONG.byteSize(), "count");
        out.set(JAVA_LONG, 0, SIMULATIONS.get(handle).spikeCount());
        return Status.OK;
    }

    /** {@code sim_population_spike_counts(handle, max, counts, populations)}: every spike fired, per population. */
    static int simPopulationSpikeCounts(long handle, long max, MemorySegment counts, MemorySegment populations) {
        MemorySegment n = out(populations, JAVA_LONG.byteSize(), "populations");
        SIMULATIONS.get(handle).populationSpikeCounts(max, counts, n);
        return Status.OK;
    }

    /** {@code sim_read_spikes(handle, offset, max, steps, neurons, got)}: one batch copy. */
    static int simReadSpikes(long handle, long offset, long max, MemorySegment steps, MemorySegment neurons,
            MemorySegment got) {
        MemorySegment gotOut = out(got, JAVA_LONG.byteSize(), "got");
        MemorySegment stepsOut = in(steps, max, JAVA_LONG.byteSize(), "steps");
        MemorySegment neuronsOut = in(neurons, max, JAVA_INT.byteSize(), "neurons");
        gotOut.set(JAVA_LONG, 0, SIMULATIONS.get(handle).readSpikes(offset, max, stepsOut, neuronsOut));
        return Status.OK;
    }

    /** {@code sim_raster_sha256(handle, out)}: 32 bytes. */
    static int simRasterSha256(long handle, MemorySegment out) {
        MemorySegment dst = out(out, 32, "out");
        MemorySegment.copy(SIMULATIONS.get(handle).rasterSha256(), 0, dst, JAVA_BYTE, 0, 32);
        return Status.OK;
    }

    /**
     * {@code sim_export_spikes(handle, path)}: the recorded spikes as CSV, {@code .npz} or {@code .npy}
     * by the path's extension (written atomically by the codec's {@link SpikeExport}).
     */
    static int simExportSpikes(long handle, MemorySegment path) throws IOException {
        String name = string(path, "path");
        SimulationSession s = SIMULATIONS.get(handle);
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".csv") && !lower.endsWith(".npz") && !lower.endsWith(".npy")) {
            throw new IllegalArgumentException("path \"" + name + "\" must end in .csv, .npz or .npy");
        }
        s.exportSpikes(Path.of(name));
        return Status.OK;
    }

    /**
     * {@code sim_state_column(handle, population, column, data, count, type)}: the address of a state
     * column in the simulation's own off-heap memory (zero copy), its element count and type code.
     */
    static int simStateColumn(long handle, MemorySegment population, MemorySegment column, MemorySegment data,
            MemorySegment count, MemorySegment type) {
        MemorySegment dataOut = out(data, ADDRESS.byteSize(), "data");
        MemorySegment countOut = out(count, JAVA_LONG.byteSize(), "count");
        MemorySegment typeOut = out(type, JAVA_INT.byteSize(), "type");
        SimulationSession.StateColumn c = SIMULATIONS.get(handle)
                .stateColumn(string(population, "population"), string(column, "column"));
        dataOut.set(ADDRESS, 0, c.segment());
        countOut.set(JAVA_LONG, 0, c.count());
        typeOut.set(JAVA_INT, 0, c.typeCode());
        return Status.OK;
    }

    /** {@code sim_save(handle, path)}: a checkpoint, written atomically by the engine's codec. */
    static int simSave(long handle, MemorySegment path) throws IOException {
        Path p = Path.of(string(path, "path"));
        SIMULATIONS.get(handle).save(p);
        return Status.OK;
    }

    /**
     * {@code sim_open(path, threads, flags, handle)}: resumes a checkpoint, or a sharded checkpoint's manifest in one
     * process (every shard repartitioned onto it, {@link ShardedCheckpoint}); {@code flags}
     * chooses the checksum verification (0 deferred, the default; 1 full at open; 2 none; shnn.h
     * {@code SHNN_OPEN_VERIFY_*}).
     */
    static int simOpen(MemorySegment path, int threads, int flags, MemorySegment handle) throws IOException {
        MemorySegment out = out(handle, JAVA_LONG.byteSize(), "handle");
        Path p = Path.of(string(path, "path"));
        Verification verification = switch (flags) {
            case 0 -> Verification.DEFERRED;
            case 1 -> Verification.FULL;
            case 2 -> Verification.NONE;
            default -> throw new IllegalArgumentException("flags " + flags + " must be SHNN_OPEN_VERIFY_DEFERRED (0), "
                    + "SHNN_OPEN_VERIFY_FULL (1) or SHNN_OPEN_VERIFY_NONE (2)");
        };
        SimulationConfig config = SimulationConfig.defaults().withThreads(threads);
        // a sharded checkpoint's manifest is repartitioned onto this one process (ShardedCheckpoint)
        out.set(JAVA_LONG, 0, open(ShardedCheckpoint.open(p, config, verification, RankComm.single())));
        return Status.OK;
    }

    /** {@code sim_inject(handle, population, receptor, neurons, weights, count)}: queues external input. */
    static int simInject(long handle, MemorySegment population, int receptor, MemorySegment neurons,
            MemorySegment weights, long count) {
        String name = string(population, "population");
        MemorySegment ids = in(neurons, count, JAVA_INT.byteSize(), "neurons");
        MemorySegment ws = in(weights, count, JAVA_FLOAT.byteSize(), "weights");
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("count " + count + " > " + (Integer.MAX_VALUE - 8));
        }
        int[] idArray = count == 0 ? new int[0] : ids.toArray(JAVA_INT);
        float[] wArray = count == 0 ? new float[0] : ws.toArray(JAVA_FLOAT);
        SIMULATIONS.get(handle).inject(name, receptor, idArray, wArray);
        return Status.OK;
    }

    // ---- network descriptions: see NetworkDrafts -----------------------------------------------------

    static int netCreate(MemorySegment name, double dtMs, long seed, MemorySegment net) {
        return NetworkDrafts.netCreate(name, dtMs, seed, net);
    }

    static int netFromJson(MemorySegment json, MemorySegment baseDir, MemorySegment net) {
        return NetworkDrafts.netFromJson(json, baseDir, net);
    }

    static int netAdd(long net, MemorySegment section, MemorySegment json) {
        return NetworkDrafts.netAdd(net, section, json);
    }

    static int netLend(long net, MemorySegment key, int type, MemorySegment data, long count) {
        return NetworkDrafts.netLend(net, key, type, data, count);
    }

    static int netPopulation(long net, MemorySegment label, long size, MemorySegment cellType, MemorySegment names,
            MemorySegment values, int count) {
        return NetworkDrafts.netPopulation(net, label, size, cellType, names, values, count);
    }

    static int netInitialize(long net, MemorySegment population, MemorySegment variable, MemorySegment distribution,
            MemorySegment args, int nargs) {
        return NetworkDrafts.netInitialize(net, population, variable, distribution, args, nargs);
    }

    static int netProjection(long net, MemorySegment label, MemorySegment pre, MemorySegment post, MemorySegment receptor,
            MemorySegment connector, MemorySegment names, MemorySegment values, int count, double weight, double delayMs) {
        return NetworkDrafts.netProjection(net, label, pre, post, receptor, connector, names, values, count, weight,
                delayMs);
    }

    static int netProjectionList(long net, MemorySegment label, MemorySegment pre, MemorySegment post,
            MemorySegment receptor, MemorySegment preIdx, MemorySegment postIdx, MemorySegment weights,
            MemorySegment delays, long count, double weight, double delayMs) {
        return NetworkDrafts.netProjectionList(net, label, pre, post, receptor, preIdx, postIdx, weights, delays, count,
                weight, delayMs);
    }

    static int netCurrentSource(long net, MemorySegment label, MemorySegment population, MemorySegment type,
            MemorySegment names, MemorySegment values, int count, MemorySegment neurons, long n) {
        return NetworkDrafts.netCurrentSource(net, label, population, type, names, values, count, neurons, n);
    }

    static int netRecord(long net, MemorySegment population, MemorySegment variables, MemorySegment neurons, long n,
            double intervalMs) {
        return NetworkDrafts.netRecord(net, population, variables, neurons, n, intervalMs);
    }

    static int netRecordWeights(long net, MemorySegment projection, MemorySegment synapses, long n, double intervalMs) {
        return NetworkDrafts.netRecordWeights(net, projection, synapses, n, intervalMs);
    }

    static int netHyperedge(long net, MemorySegment pre, MemorySegment post, MemorySegment receptor, MemorySegment type,
            MemorySegment sources, long nSources, MemorySegment targets, long nTargets, int minSpikes, double windowMs,
            double delayMs, double weight, MemorySegment weights) {
        return NetworkDrafts.netHyperedge(net, pre, post, receptor, type, sources, nSources, targets, nTargets, minSpikes,
                windowMs, delayMs, weight, weights);
    }

    static int netToJson(long net, MemorySegment buffer, long capacity, MemorySegment length) {
        return NetworkDrafts.netToJson(net, buffer, capacity, length);
    }

    static int netDestroy(long net) {
        return NetworkDrafts.netDestroy(net);
    }

    /** {@code sim_create(net, threads, handle)}: the simulation of a description (see {@link NetworkDrafts#build}). */
    static int simCreate(long net, int threads, MemorySegment handle) {
        MemorySegment o = out(handle, JAVA_LONG.byteSize(), "handle");
        KeptArrays kept = new KeptArrays(); // the arrays lent for the simulation's life: closed with the simulation
        Simulation simulation;
        try {
            simulation = NetworkDrafts.build(net, threads, kept);
        } catch (Throwable t) {
            kept.close();
            throw t;
        }
        try {
            o.set(JAVA_LONG, 0, SIMULATIONS.add(h -> new SimulationSession(h, simulation, kept)));
        } catch (Throwable t) {
            simulation.close();
            kept.close();
            throw t;
        }
        return Status.OK;
    }

    /** {@code sim_samples(...)}: a recorder's samples, see shnn.h. */
    static int simSamples(long handle, int recorder, MemorySegment variable, long maxSamples, MemorySegment times,
            MemorySegment values, MemorySegment samples, MemorySegment neurons) {
        MemorySegment ns = out(samples, JAVA_LONG.byteSize(), "samples");
        MemorySegment nn = out(neurons, JAVA_LONG.byteSize(), "neurons");
        SIMULATIONS.get(handle).samples(recorder, string(variable, "variable"), maxSamples, times, values, ns, nn);
        return Status.OK;
    }

    /** {@code sim_synapses(...)}: a projection's synapses, see shnn.h. */
    static int simSynapses(long handle, int projection, long max, MemorySegment pre, MemorySegment post,
            MemorySegment weights, MemorySegment delays, MemorySegment count) {
        MemorySegment n = out(count, JAVA_LONG.byteSize(), "count");
        SIMULATIONS.get(handle).synapses(projection, max, pre, post, weights, delays, n);
        return Status.OK;
    }

    /** {@code sim_current(...)}: the current an electrode injects, see shnn.h. */
    static int simCurrent(long handle, MemorySegment source, int neuron, long fromStep, long count,
            MemorySegment values) {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " < 0");
        }
        MemorySegment v = out(values, Math.multiplyExact(count, JAVA_DOUBLE.byteSize()), "values");
        SIMULATIONS.get(handle).current(string(source, "source"), neuron, fromStep, count, v);
        return Status.OK;
    }

    /** {@code sim_set_synapses(...)}: sets a projection's weights and delays, see shnn.h. */
    static int simSetSynapses(long handle, int projection, long count, MemorySegment pre, MemorySegment post,
            MemorySegment weights, MemorySegment delays) {
        SIMULATIONS.get(handle).setSynapses(projection, count, pre, post, weights, delays);
        return Status.OK;
    }

    /** {@code sim_dense(...)}: a projection's weights or delays as a dense array, see shnn.h. */
    static int simDense(long handle, int projection, int field, int multiple, MemorySegment rows,
            MemorySegment columns, MemorySegment values) {
        SIMULATIONS.get(handle).dense(projection, field, multiple, out(rows, JAVA_LONG.byteSize(), "rows"),
                out(columns, JAVA_LONG.byteSize(), "columns"), values);
        return Status.OK;
    }

    /** {@code sim_set_dense(...)}: sets a projection's weights or delays from a dense array, see shnn.h. */
    static int simSetDense(long handle, int projection, int field, long rows, long columns, MemorySegment values) {
        SIMULATIONS.get(handle).setDense(projection, field, rows, columns, values);
        return Status.OK;
    }

    /** {@code sim_set_parameters(...)}: sets a population's neuron parameters between runs, see shnn.h. */
    static int simSetParameters(long handle, MemorySegment population, MemorySegment names, MemorySegment values,
            int count) {
        MemorySegment ns = in(names, count, ADDRESS.byteSize(), "names");
        MemorySegment vs = in(values, count, JAVA_DOUBLE.byteSize(), "values");
        String[] n = new String[count];
        double[] v = new double[count];
        for (int k = 0; k < count; k++) {
            n[k] = string(ns.getAtIndex(ADDRESS, k), "names[" + k + "]");
            v[k] = vs.getAtIndex(JAVA_DOUBLE, k);
        }
        SIMULATIONS.get(handle).setParameters(string(population, "population"), n, v);
        return Status.OK;
    }

    /** {@code sim_get_parameter(...)}: one parameter of every neuron of a population, see shnn.h. */
    static int simGetParameter(long handle, MemorySegment population, MemorySegment name, long max, MemorySegment values,
            MemorySegment count) {
        MemorySegment c = out(count, JAVA_LONG.byteSize(), "count");
        SIMULATIONS.get(handle).getParameter(string(population, "population"), string(name, "name"), max, values, c);
        return Status.OK;
    }

    /** {@code sim_set_parameter_values(...)}: one parameter per neuron between runs, see shnn.h. */
    static int simSetParameterValues(long handle, MemorySegment population, MemorySegment name, MemorySegment values,
            long count) {
        MemorySegment vs = in(values, count, JAVA_DOUBLE.byteSize(), "values");
        double[] v = new double[Math.toIntExact(Math.min(count, Integer.MAX_VALUE))];
        for (int k = 0; k < v.length; k++) {
            v[k] = vs.getAtIndex(JAVA_DOUBLE, k);
        }
        SIMULATIONS.get(handle).setParameterValues(string(population, "population"), string(name, "name"), v);
        return Status.OK;
    }

    /** {@code sim_set_spike_times(...)}: replaces a SpikeSourceArray's spikes between runs, see shnn.h. */
    static int simSetSpikeTimes(long handle, MemorySegment population, MemorySegment neurons, MemorySegment timesMs,
            long count) {
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count " + count + " out of range [0, " + Integer.MAX_VALUE + "]");
        }
        MemorySegment ns = in(neurons, count, JAVA_INT.byteSize(), "neurons");
        MemorySegment ts = in(timesMs, count, JAVA_DOUBLE.byteSize(), "times_ms");
        int[] n = new int[(int) count];
        double[] t = new double[(int) count];
        for (int k = 0; k < n.length; k++) {
            n[k] = ns.getAtIndex(JAVA_INT, k);
            t[k] = ts.getAtIndex(JAVA_DOUBLE, k);
        }
        SIMULATIONS.get(handle).setSpikeTimes(string(population, "population"), n, t);
        return Status.OK;
    }

    /** {@code sim_set_current(...)}: changes a current source's parameters between runs, see shnn.h. */
    static int simSetCurrent(long handle, MemorySegment source, MemorySegment json) {
        SIMULATIONS.get(handle).setCurrent(string(source, "source"), string(json, "json"));
        return Status.OK;
    }

    /** {@code sim_reset(handle)}: back to t = 0 keeping the network, see shnn.h. */
    static int simReset(long handle) {
        SIMULATIONS.get(handle).reset();
        return Status.OK;
    }

    /** The NUL-terminated UTF-8 string at {@code pointer} (at most {@link #MAX_STRING_BYTES} bytes). */
    static String string(MemorySegment pointer, String name) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException(name + " is NULL");
        }
        MemorySegment s = pointer.reinterpret(MAX_STRING_BYTES + 1L);
        try {
            return s.getString(0, StandardCharsets.UTF_8);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a NUL-terminated string of at most "
                    + MAX_STRING_BYTES + " bytes", e);
        }
    }

    /** {@code pointer} resized to {@code bytes}; NULL is an argument error naming {@code name}. */
    static MemorySegment out(MemorySegment pointer, long bytes, String name) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException(name + " is NULL");
        }
        return pointer.reinterpret(bytes);
    }

    /**
     * {@code pointer} resized to {@code count} elements of {@code elementBytes}; {@code count} must be
     * >= 0, and the pointer may be NULL only when {@code count} is 0.
     */
    static MemorySegment in(MemorySegment pointer, long count, long elementBytes, String name) {
        if (count < 0 || count > Long.MAX_VALUE / elementBytes) {
            throw new IllegalArgumentException(name + ": count " + count + " out of range [0, "
                    + Long.MAX_VALUE / elementBytes + "]");
        }
        if (count == 0) {
            return MemorySegment.NULL;
        }
        return out(pointer, count * elementBytes, name);
    }
}
