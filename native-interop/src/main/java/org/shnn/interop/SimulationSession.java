package org.shnn.interop;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.shnn.codec.interop.SpikeExport;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.assembly.Parameters;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.input.InjectedCurrent;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.network.Population;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.engine.plasticity.WeightMonitor;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.Synapses;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.RecorderSpec;
import org.shnn.engine.spec.Value;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.layouts.state.SoaLayout;
import org.shnn.memory.ring.SpikeRecord;

/**
 * One simulation behind a native handle: serialises the calls made on that handle (a simulation is
 * driven by one thread at a time) and turns use after destruction into an
 * {@link InvalidHandleException} rather than a touch of freed memory.
 *
 * <p>Thread-safety: every method locks this session, so calls on one handle from several C threads
 * run one after the other; calls on different sessions share no lock. A call that looked the handle
 * up before {@link #close()} removed it waits for the lock and then fails cleanly.
 *
 * <p>Ownership: the session owns the {@link Simulation} and its off-heap memory; {@link #close()}
 * frees them.
 */
final class SimulationSession {

    private final long handle;
    private Simulation simulation; // guarded by this; null once closed
    private SpikeInjector injector; // guarded by this; registered at the first injection
    private final KeptArrays kept; // host arrays lent for the simulation's life (null: none); closed after it

    SimulationSession(long handle, Simulation simulation) {
        this(handle, simulation, null);
    }

    /**
     * A session that also owns {@code kept} (may be null): the host arrays its description holds for the
     * simulation's life, checked unchanged before they are read and closed right after the simulation.
     */
    SimulationSession(long handle, Simulation simulation, KeptArrays kept) {
        this.handle = handle;
        this.simulation = simulation;
        this.kept = kept;
    }

    /** The simulation, for a caller holding this session's lock; fails if closed. */
    private Simulation open() {
        if (simulation == null) {
            throw new InvalidHandleException("simulation", handle);
        }
        return simulation;
    }

    /** Advances by {@code ms} (>= 0, finite) milliseconds. */
    synchronized void run(double ms) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            throw new IllegalArgumentException("ms " + ms + " must be finite and >= 0");
        }
        Simulation sim = open();
        long before = sim.currentStep();
        sim.run(ms);
        ranFrom(sim, before);
    }

    /** Advances by {@code steps} (>= 0) steps. */
    synchronized void runSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps " + steps + " must be >= 0");
        }
        Simulation sim = open();
        long before = sim.currentStep();
        sim.runSteps(steps);
        ranFrom(sim, before);
    }

    /** After a run that started at step {@code before}: queued injections were delivered if it stepped. */
    private void ranFrom(Simulation sim, long before) {
        if (injector != null && sim.currentStep() > before) {
            injector.delivered();
        }
    }

    /**
     * Queues external input for the next run (see {@link SpikeInjector}): {@code weights[i]} onto
     * {@code receptor} of local neuron {@code neurons[i]} of {@code population}.
     *
     * @throws IllegalArgumentException for an unknown population, a bad receptor, neuron or weight
     */
    synchronized void inject(String population, int receptor, int[] neurons, float[] weights) {
        Simulation sim = open();
        Population p = sim.network().population(population);
        if (injector == null) {
            injector = SpikeInjector.attachTo(sim);
        }
        injector.add(p, receptor, neurons, weights, sim.currentStep());
    }

    synchronized long currentStep() {
        return open().currentStep();
    }

    synchronized double timeMs() {
        return open().timeMs();
    }

    synchronized long neuronCount() {
        return open().neuronCount();
    }

    /** The time step (ms). */
    synchronized double dt() {
        return open().network().dt();
    }

    /** Recorded spikes (the extent {@link #readSpikes} reads). */
    synchronized long spikeCount() {
        return open().spikes().count();
    }

    /**
     * Spikes fired since step 0 per population, every one whatever the recorders keep (a resumed run includes the
     * saved ones): {@code populations} receives the population count, {@code counts} the first {@code min(max, count)}
     * (int64 each, in the network's population order).
     *
     * @throws IllegalArgumentException if max is negative
     */
    synchronized void populationSpikeCounts(long max, MemorySegment counts, MemorySegment populations) {
        if (max < 0) {
            throw new IllegalArgumentException("max " + max + " < 0");
        }
        long[] c = open().populationSpikeCounts();
        copyOut(c, c.length, JAVA_LONG, max, counts, "counts", populations);
    }

    /**
     * The C API's "count, then at most max values" reply: {@code length} into {@code count}, and the first
     * {@code min(length, max)} elements of {@code array} (a Java array of {@code layout}'s carrier) into {@code out}.
     */
    private static void copyOut(Object array, int length, ValueLayout layout, long max, MemorySegment out, String name,
            MemorySegment count) {
        count.set(JAVA_LONG, 0, length);
        int copy = (int) Math.min(length, max);
        if (copy > 0) {
            MemorySegment.copy(array, 0, NativeEntryPoints.out(out, copy * layout.byteSize(), name), layout, 0, copy);
        }
    }

    /**
     * Copies recorded spikes {@code [offset, offset + max)} (fewer at the end) into {@code steps}
     * (int64 each) and {@code neurons} (int32 each), which hold at least {@code max} elements.
     *
     * @return the number copied
     * @throws IndexOutOfBoundsException if offset is outside [0, count] or max is negative
     */
    synchronized long readSpikes(long offset, long max, MemorySegment steps, MemorySegment neurons) {
        SpikeRecorder r = open().spikes();
        long count = r.count();
        if (offset < 0 || offset > count) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside [0, " + count + "]");
        }
        if (max < 0) {
            throw new IndexOutOfBoundsException("max " + max + " < 0");
        }
        long n = Math.min(max, count - offset);
        for (long i = 0; i < n; i++) {
            steps.setAtIndex(JAVA_LONG, i, r.step(offset + i));
            neurons.setAtIndex(JAVA_INT, i, r.neuron(offset + i));
        }
        return n;
    }

    synchronized byte[] rasterSha256() {
        return open().rasterSha256();
    }

    /**
     * Writes the recorded spikes to {@code path} as CSV, {@code .npz} or {@code .npy} (by extension),
     * through a temporary off-heap copy freed before returning.
     */
    synchronized void exportSpikes(Path path) throws IOException {
        Simulation sim = open();
        SpikeRecorder r = sim.spikes();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment records = arena.allocate(Math.max(1, r.count()) * SpikeRecord.SIZE, 8);
            r.copyTo(records, 0);
            String lower = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
            double dt = sim.network().dt();
            if (lower.endsWith(".npz")) {
                SpikeExport.writeNpz(path, records, r.count(), dt);
            } else if (lower.endsWith(".npy")) {
                SpikeExport.writeNpy(path, records, r.count(), dt);
            } else {
                SpikeExport.writeCsv(path, records, r.count(), dt);
            }
        }
    }

    /** A state column: its memory (owned by the simulation), element count and {@link ColumnType} code. */
    record StateColumn(MemorySegment segment, long count, int typeCode) {
    }

    /**
     * Column {@code column} of population {@code population}'s state: a view of the simulation's
     * memory (no copy), valid until {@link #close()}; the engine writes it during runs only.
     *
     * @throws IllegalArgumentException if there is no such population or column, or it is a generator
     */
    synchronized StateColumn stateColumn(String population, String column) {
        Simulation sim = open();
        Population p = sim.network().population(population);
        PopulationState state = sim.populationState(p.index());
        if (state == null) {
            throw new IllegalArgumentException("population '" + population + "' is a spike generator and has no state");
        }
        SoaLayout layout = state.layout();
        if (!layout.hasColumn(column)) {
            List<String> names = layout.columns().stream().map(SoaLayout.Column::name).toList();
            throw new IllegalArgumentException("population '" + population + "' (" + layout.name() + ") has no column '"
                    + column + "'; columns: " + String.join(", ", names));
        }
        SoaLayout.Column c = layout.column(layout.columnIndex(column));
        return new StateColumn(state.column(column), state.count(), ColumnType.of(c.type()));
    }

    /**
     * The samples of {@code variable} of recorder {@code recorder} of the network's description (see
     * {@code shnn_sim_samples}): counts into {@code samples} and {@code neurons}; if {@code times} / {@code values}
     * are not NULL, up to {@code maxSamples} times (ms) and sample rows in the variable's PyNN unit.
     */
    synchronized void samples(int recorder, String variable, long maxSamples, MemorySegment times, MemorySegment values,
            MemorySegment samples, MemorySegment neurons) {
        Simulation sim = open();
        NetworkSpec spec = sim.network().spec();
        if (spec == null) {
            throw new IllegalArgumentException("recorder " + recorder + ": this simulation's network was not built from a "
                    + "description, so it has no recorders");
        }
        if (recorder >= 0 && recorder < spec.recorders().size() && spec.recorders().get(recorder).ofProjection()) {
            weightSamples(sim, spec, recorder, variable, maxSamples, times, values, samples, neurons);
            return;
        }
        Assembler.Recorded where = Assembler.recorded(spec, recorder, variable);
        int first = sim.config().stateMonitors().size() - Assembler.recorderMonitors(spec);
        StateMonitor m = sim.stateMonitor(first + where.monitor());
        long n = m.sampleCount();
        int k = m.spec().neurons().length;
        samples.set(JAVA_LONG, 0, n);
        neurons.set(JAVA_LONG, 0, k);
        if (maxSamples < 0) {
            throw new IllegalArgumentException("max_samples " + maxSamples + " < 0");
        }
        long copy = Math.min(n, maxSamples);
        if (copy == 0) {
            return;
        }
        if (!times.equals(MemorySegment.NULL)) {
            MemorySegment t = NativeEntryPoints.out(times, copy * JAVA_DOUBLE.byteSize(), "times");
            long[] steps = m.steps();
            for (int s = 0; s < copy; s++) {
                t.setAtIndex(JAVA_DOUBLE, s, steps[s] * sim.network().dt());
            }
        }
        if (!values.equals(MemorySegment.NULL)) {
            MemorySegment v = NativeEntryPoints.out(values, Math.multiplyExact(copy, (long) k) * JAVA_DOUBLE.byteSize(),
                    "values");
            for (int j = 0; j < k; j++) {
                double[] trace = m.values(j);
                for (int s = 0; s < copy; s++) {
                    v.setAtIndex(JAVA_DOUBLE, (long) s * k + j, trace[s] * where.toPyNN());
                }
            }
        }
    }

    /**
     * {@link #samples} of a weight recorder: {@code variable} must be {@code weight}; the synapse count goes into
     * {@code neurons} and the weights, in the projection's PyNN unit, into {@code values[s * synapses + k]}.
     */
    private static void weightSamples(Simulation sim, NetworkSpec spec, int recorder, String variable, long maxSamples,
            MemorySegment times, MemorySegment values, MemorySegment samples, MemorySegment neurons) {
        RecorderSpec r = spec.recorders().get(recorder);
        if (!variable.equals(RecorderSpec.WEIGHT)) {
            throw new IllegalArgumentException("recorder " + recorder + " (" + r.element() + ") samples 'weight'; found '"
                    + variable + "'");
        }
        WeightMonitor m = Assembler.weightMonitor(spec, sim, recorder);
        long[] steps = m.steps();
        int k = m.synapses().length;
        samples.set(JAVA_LONG, 0, steps.length);
        neurons.set(JAVA_LONG, 0, k);
        if (maxSamples < 0) {
            throw new IllegalArgumentException("max_samples " + maxSamples + " < 0");
        }
        int copy = (int) Math.min(steps.length, maxSamples);
        if (copy == 0) {
            return;
        }
        if (!times.equals(MemorySegment.NULL)) {
            MemorySegment t = NativeEntryPoints.out(times, copy * JAVA_DOUBLE.byteSize(), "times");
            for (int s = 0; s < copy; s++) {
                t.setAtIndex(JAVA_DOUBLE, s, steps[s] * spec.dt());
            }
        }
        if (!values.equals(MemorySegment.NULL)) {
            MemorySegment v = NativeEntryPoints.out(values, Math.multiplyExact(copy, (long) k) * JAVA_DOUBLE.byteSize(),
                    "values");
            double toPyNN = 1.0 / Assembler.weightScale(spec, m.projection());
            double[][] w = m.values();
            for (int s = 0; s < copy; s++) {
                for (int j = 0; j < k; j++) {
                    v.setAtIndex(JAVA_DOUBLE, (long) s * k + j, w[s][j] * toPyNN);
                }
            }
        }
    }

    /**
     * The current (nA) that the description's current source {@code source} injects into neuron {@code neuron} of
     * its population during steps {@code [fromStep, fromStep + count)}, one value per step, into {@code values}
     * (see {@code shnn_sim_current}); 0 for a neuron it does not target. The current is a pure function of the
     * seed, the source and the step ({@link org.shnn.engine.input.InjectedCurrent#trace}), the one the run
     * injects, so it may be asked for any step, run or not.
     */
    synchronized void current(String source, int neuron, long fromStep, long count, MemorySegment values) {
        Simulation sim = open();
        NetworkSpec spec = sim.network().spec();
        if (spec == null) {
            throw new IllegalArgumentException("current source '" + source + "': this simulation's network was not "
                    + "built from a description");
        }
        int index = Assembler.currentIndex(spec, sim.network(), source);
        InjectedCurrent current = sim.injectedCurrent(index);
        Population p = sim.network().populations().get(current.population());
        if (neuron < 0 || neuron >= p.count()) {
            throw new IllegalArgumentException("current source '" + source + "': neuron " + neuron
                    + " out of range [0, " + p.count() + ") of population '" + p.name() + "'");
        }
        if (fromStep < 0) {
            throw new IllegalArgumentException("current source '" + source + "': from_step " + fromStep + " < 0");
        }
        double[] trace = current.trace(neuron, fromStep, fromStep + count);
        for (int k = 0; k < trace.length; k++) {
            values.setAtIndex(JAVA_DOUBLE, k, trace[k] / CurrentWaveform.PA_PER_NA);
        }
    }

    /**
     * The synapses of projection {@code projection} of the network's description (see
     * {@code shnn_sim_synapses}): their number into {@code count}; up to {@code max} of them, row by row (source
     * neuron) in the engine's order, into the non-NULL arrays: source and target indices within their
     * populations, weights in PyNN's unit (uS, nA or mV, as now, after any plasticity) and delays in ms.
     */
    synchronized void synapses(int projection, long max, MemorySegment pre, MemorySegment post, MemorySegment weights,
            MemorySegment delays, MemorySegment count) {
        Simulation sim = open();
        NetworkSpec spec = sim.network().spec();
        if (spec == null) {
            throw new IllegalArgumentException("projection " + projection + ": this simulation's network was not built "
                    + "from a description");
        }
        int n = spec.projections().size();
        if (projection < 0 || projection >= n) {
            throw new IllegalArgumentException("projection " + projection + " out of range [0, " + n + ")");
        }
        if (max < 0) {
            throw new IllegalArgumentException("max " + max + " < 0");
        }
        CsrMatrix c = sim.synapses(projection);
        long total = c.synapseCount();
        count.set(JAVA_LONG, 0, total);
        long copy = Math.min(total, max);
        if (copy == 0) {
            return;
        }
        MemorySegment ps = pre.equals(MemorySegment.NULL) ? null : NativeEntryPoints.out(pre, copy * 4, "pre");
        MemorySegment qs = post.equals(MemorySegment.NULL) ? null : NativeEntryPoints.out(post, copy * 4, "post");
        MemorySegment ws = weights.equals(MemorySegment.NULL) ? null
                : NativeEntryPoints.out(weights, copy * 8, "weights");
        MemorySegment ds = delays.equals(MemorySegment.NULL) ? null : NativeEntryPoints.out(delays, copy * 8, "delays");
        double toPyNN = 1.0 / Assembler.weightScale(spec, projection);
        double dt = sim.network().dt();
        long k = 0;
        for (int row = 0; row < c.rows() && k < copy; row++) {
            long end = c.rowStart(row) + c.rowLength(row);
            for (long e = c.rowStart(row); e < end && k < copy; e++, k++) {
                if (ps != null) {
                    ps.setAtIndex(JAVA_INT, k, row);
                }
                if (qs != null) {
                    qs.setAtIndex(JAVA_INT, k, c.target(e));
                }
                if (ws != null) {
                    ws.setAtIndex(JAVA_DOUBLE, k, c.weight(e) * toPyNN);
                }
                if (ds != null) {
                    ds.setAtIndex(JAVA_DOUBLE, k, c.delay(e) * dt);
                }
            }
        }
    }

    /**
     * Sets weights (PyNN's unit, as {@link #synapses} reports them) and delays (ms, rounded to whole steps as the
     * description rounds them) of projection {@code projection} (see {@code shnn_sim_set_synapses}): with
     * {@code pre} and {@code post} NULL, one value per synapse in {@link #synapses}' order ({@code count} = the
     * synapse count); else for the listed (pre, post) pairs, every synapse of a pair taking its value. A NULL
     * {@code weights} or {@code delays} leaves that attribute unchanged.
     */
    synchronized void setSynapses(int projection, long count, MemorySegment pre, MemorySegment post,
            MemorySegment weights, MemorySegment delays) {
        Simulation sim = open();
        double scale = weightScale(sim, projection);
        Assembler.WeightCheck weightCheck = Assembler.weightCheck(sim.network().spec(), projection,
                "shnn_sim_set_synapses of " + sim.network().spec().projections().get(projection).element());
        int n = Math.toIntExact(Math.min(count, Integer.MAX_VALUE));
        if (count < 0 || count != n) {
            throw new IllegalArgumentException("count " + count + " must be in [0, 2^31)");
        }
        boolean listed = !pre.equals(MemorySegment.NULL) || !post.equals(MemorySegment.NULL);
        float[] w = weights.equals(MemorySegment.NULL) ? null : new float[n];
        int[] d = delays.equals(MemorySegment.NULL) ? null : new int[n];
        MemorySegment ws = w == null ? null : NativeEntryPoints.in(weights, n, 8, "weights");
        MemorySegment ds = d == null ? null : NativeEntryPoints.in(delays, n, 8, "delays");
        for (int k = 0; k < n; k++) {
            if (w != null) {
                double x = ws.getAtIndex(JAVA_DOUBLE, k);
                weightCheck.check("weights[" + k + "]", x); // the description's rules
                w[k] = (float) (x * scale);
            }
            if (d != null) {
                d[k] = steps(sim, ds.getAtIndex(JAVA_DOUBLE, k), "delays[" + k + "]");
            }
        }
        if (listed) {
            MemorySegment ps = NativeEntryPoints.in(pre, n, 4, "pre");
            MemorySegment qs = NativeEntryPoints.in(post, n, 4, "post");
            int[] a = new int[n];
            int[] b = new int[n];
            for (int k = 0; k < n; k++) {
                a[k] = ps.getAtIndex(JAVA_INT, k);
                b[k] = qs.getAtIndex(JAVA_INT, k);
            }
            Synapses.set(sim, projection, a, b, w, d);
            return;
        }
        if (d != null) {
            Synapses.setDelays(sim, projection, d);
        }
        if (w != null) {
            Synapses.setWeights(sim, projection, w);
        }
    }

    /**
     * One attribute of projection {@code projection} as a dense array (see {@code shnn_sim_dense}): the source and
     * target population sizes into {@code rows} and {@code columns}; if {@code values} is not NULL, the array
     * row-major into it (NaN where there is no synapse, several synapses of a pair combined by {@code multiple}):
     * weights in PyNN's unit ({@code field} 0) or delays in ms (1).
     */
    synchronized void dense(int projection, int field, int multiple, MemorySegment rows, MemorySegment columns,
            MemorySegment values) {
        Simulation sim = open();
        double factor = field == 0 ? 1.0 / weightScale(sim, projection) : sim.network().dt();
        Synapses.Field f = field(field);
        Synapses.Multiple m = multiple(multiple);
        CsrMatrix c = sim.synapses(projection);
        rows.set(JAVA_LONG, 0, c.rows());
        columns.set(JAVA_LONG, 0, c.columns());
        if (values.equals(MemorySegment.NULL)) {
            return;
        }
        double[][] a = Synapses.dense(sim, projection, f, m);
        MemorySegment v = NativeEntryPoints.out(values, (long) c.rows() * c.columns() * 8, "values");
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                v.setAtIndex(JAVA_DOUBLE, (long) i * c.columns() + j, a[i][j] * factor);
            }
        }
    }

    /**
     * Sets one attribute of projection {@code projection} from a dense row-major array in the units of
     * {@link #dense}: each synapse takes the value at its (pre, post); values where there is no synapse are
     * ignored. See {@code shnn_sim_set_dense}.
     */
    synchronized void setDense(int projection, int field, long rows, long columns, MemorySegment values) {
        Simulation sim = open();
        CsrMatrix c = sim.synapses(checkProjection(sim, projection));
        checkShape(projection, c.rows(), c.columns(), rows, columns);
        double factor = field == 0 ? weightScale(sim, projection) : 1.0 / sim.network().dt();
        Synapses.Field f = field(field);
        Assembler.WeightCheck weightCheck = f == Synapses.Field.WEIGHT ? Assembler.weightCheck(sim.network().spec(),
                projection, "shnn_sim_set_dense of " + sim.network().spec().projections().get(projection).element())
                : null; // weights: a description's
        MemorySegment v = NativeEntryPoints.in(values, Math.multiplyExact(rows, columns), 8, "values");
        double[][] a = new double[c.rows()][c.columns()];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double given = v.getAtIndex(JAVA_DOUBLE, (long) i * columns + j);
                if (f == Synapses.Field.WEIGHT && !Double.isNaN(given)) { // NaN: no synapse (or refused below)
                    weightCheck.check("values[" + i + "][" + j + "]", given);
                }
                double x = given * factor;
                a[i][j] = f == Synapses.Field.DELAY ? Math.rint(x) : x;
            }
        }
        if (f == Synapses.Field.WEIGHT) {
            Synapses.setWeights(sim, projection, a);
        } else {
            Synapses.setDelays(sim, projection, a);
        }
    }

    /**
     * Sets neuron parameters of population {@code population} between runs (PyNN names and units, one value for all
     * its neurons), see {@code shnn_sim_set_parameters} and the engine's {@code Parameters.set}.
     */
    synchronized void setParameters(String population, String[] names, double[] values) {
        Map<String, Value> m = new LinkedHashMap<>();
        for (int k = 0; k < names.length; k++) {
            m.put(names[k], new Value.Constant(values[k]));
        }
        Simulation sim = open();
        checkKept(); // the population's other parameters are rebuilt from the description
        Parameters.set(sim, population, m);
    }

    /**
     * Parameter {@code name} of every neuron of population {@code population} in PyNN's unit (see
     * {@code shnn_sim_get_parameter} and the engine's {@code Parameters.values}): the population size into
     * {@code count}, the first {@code min(size, max)} values into {@code values}.
     */
    synchronized void getParameter(String population, String name, long max, MemorySegment values, MemorySegment count) {
        if (max < 0) {
            throw new IllegalArgumentException("max " + max + " < 0");
        }
        Simulation sim = open();
        checkKept();
        double[] v = Parameters.values(sim, population, name);
        copyOut(v, v.length, JAVA_DOUBLE, max, values, "values", count);
    }

    /**
     * Sets parameter {@code name} of population {@code population} to one value per neuron ({@code values}, PyNN's
     * unit; copied into the description), see {@code shnn_sim_set_parameter_values} and {@code Parameters.set}.
     */
    synchronized void setParameterValues(String population, String name, double[] values) {
        Simulation sim = open();
        checkKept();
        Parameters.set(sim, population, Map.of(name, new Value.Array(new ArrayRef.Inline(values))));
    }

    /**
     * Changes the description's current source {@code source} from the current step on: {@code json} is a JSON object
     * of its parameters (PyNN names and units), the ones it leaves out keep their last values; see
     * {@code shnn_sim_set_current} and the engine's {@code Parameters.setCurrent}.
     */
    synchronized void setCurrent(String source, String json) {
        Simulation sim = open();
        Parameters.setCurrent(sim, source, NetworkDraft.parseObject(json, "shnn_sim_set_current json"),
                "shnn_sim_set_current json");
    }

    /**
     * Replaces the spikes of {@code SpikeSourceArray} population {@code population}: neuron {@code neurons[k]} (an
     * index in the population) fires at {@code timesMs[k]} (rounded to the nearest step), from the next run on; see
     * {@code shnn_sim_set_spike_times} and {@link Simulation#setSpikeTimes}.
     */
    synchronized void setSpikeTimes(String population, int[] neurons, double[] timesMs) {
        Simulation sim = open();
        Population p = sim.network().population(population);
        for (int k = 0; k < neurons.length; k++) {
            if (neurons[k] < 0 || neurons[k] >= p.count()) {
                throw new IllegalArgumentException("population '" + population + "': neurons[" + k + "] = " + neurons[k]
                        + " out of range [0, " + p.count() + ")");
            }
        }
        sim.setSpikeTimes(p.index(), SpikeTimesGenerator.ofMillis(timesMs, neurons, sim.network().dt()));
    }

    /** Back to t = 0 keeping the network ({@link Simulation#reset()}); queued injections are dropped. */
    synchronized void reset() {
        open().reset();
        if (injector != null) {
            injector.delivered();
        }
    }

    private static int checkProjection(Simulation sim, int projection) {
        int n = sim.network().projections().size();
        if (projection < 0 || projection >= n) {
            throw new IllegalArgumentException("projection " + projection + " out of range [0, " + n + ")");
        }
        return projection;
    }

    private static double weightScale(Simulation sim, int projection) {
        NetworkSpec spec = sim.network().spec();
        if (spec == null) {
            throw new IllegalArgumentException("projection " + projection + ": this simulation's network was not built "
                    + "from a description");
        }
        return Assembler.weightScale(spec, checkProjection(sim, projection));
    }

    private static int steps(Simulation sim, double ms, String what) {
        double s = Math.rint(ms / sim.network().dt());
        if (!(Math.abs(s) < Integer.MAX_VALUE)) { // NaN, infinite, or a finite delay of more steps than an int holds
            throw new IllegalArgumentException(what + " = " + ms + " ms" + (Double.isFinite(ms) ? " (" + s + " steps of dt = "
                    + sim.network().dt() + " ms); expected a delay within the delay rings' depth (the description's"
                    + " longest delay)" : "; expected a finite delay"));
        }
        return (int) s;
    }

    private static void checkShape(int projection, int rows, int columns, long gotRows, long gotColumns) {
        if (gotRows != rows || gotColumns != columns) {
            throw new IllegalArgumentException("projection " + projection + ": a dense array of " + gotRows + " x "
                    + gotColumns + "; expected " + rows + " x " + columns + " (source x target population)");
        }
    }

    private static Synapses.Field field(int field) {
        return switch (field) {
            case 0 -> Synapses.Field.WEIGHT;
            case 1 -> Synapses.Field.DELAY;
            default -> throw new IllegalArgumentException("field " + field + "; expected 0 (weight) or 1 (delay)");
        };
    }

    private static Synapses.Multiple multiple(int multiple) {
        Synapses.Multiple[] all = Synapses.Multiple.values();
        if (multiple < 0 || multiple >= all.length) {
            throw new IllegalArgumentException("multiple " + multiple + "; expected 0 (sum), 1 (min), 2 (max), "
                    + "3 (first) or 4 (last)");
        }
        return all[multiple];
    }

    /** Writes a checkpoint of the simulation to {@code path} (atomically; see the engine's Checkpoint). */
    synchronized void save(Path path) throws IOException {
        Simulation sim = open();
        checkKept();
        Checkpoint.save(sim, path);
    }

    /** The arrays the description holds in place are as they were built (see {@link KeptArrays}). */
    private void checkKept() {
        if (kept != null) {
            kept.checkUnchanged();
        }
    }

    /** Frees the simulation; later calls fail with {@link InvalidHandleException}. Idempotent. */
    synchronized void close() {
        if (simulation != null) {
            Simulation s = simulation;
            simulation = null;
            try {
                s.close();
            } finally {
                if (kept != null) {
                    kept.close();
                }
            }
        }
    }
}
