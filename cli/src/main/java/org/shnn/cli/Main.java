package org.shnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.shnn.codec.AtomicFile;
import org.shnn.codec.FileFailure;
import org.shnn.codec.json.JsonException;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.ShardedCheckpoint;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;
import org.shnn.engine.neuron.Simd;
import org.shnn.engine.record.PopulationRates;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.run.RankComm;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SpecJson;
import org.shnn.memory.pool.OffHeapBudget;
import org.shnn.memory.pool.PoolStats;

/**
 * The {@code scripts/run} command: builds a built-in network or the one a network file describes
 * ({@link SpecJson}, assembled by {@link Assembler}), simulates it and prints its figures
 * (neurons, synapses, bytes per synapse, off-heap in use and peak, spikes, mean rate per population,
 * wall time, real-time factor, synaptic events per second); optionally writes the spikes as CSV, a
 * JSON summary with the raster SHA-256, an SVG plot, and a network file's recorded variables
 * ({@link RecordingExport}). Files are written atomically. Exit status:
 * 0 success, 2 bad command line or network file (one line on stderr naming the file and the place in it),
 * 1 runtime failure (one line on stderr).
 * Long runs report progress on stderr.
 */
public final class Main {

    private static final double PROGRESS_AFTER_S = 2.0;
    private static final double GIB = 1L << 30;

    private Main() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command with the given streams and returns the exit status (no {@code System.exit}).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CliOptions o;
        Network network = null;
        NetworkSpec spec = null;
        try {
            o = CliOptions.parse(args);
            if (o.help()) {
                out.print(CliOptions.USAGE);
                out.flush();
                return 0;
            }
            checkInputs(o);
            checkOutputs(o); // before building: a run of hours must not end in "cannot write"
            int cores = Runtime.getRuntime().availableProcessors();
            if (o.threads() > 2 * cores) {
                err.println("warning: --threads " + o.threads() + " is more than twice the " + cores + " cores: the workers"
                        + " wait on each other every step and the run is many times slower (results are the same)");
            }
            if (o.networkFile() != null) {
                spec = networkFile(o);
                o = new CliOptions(o.model(), o.regime(), o.neurons(), o.durationS(), o.threads(), o.exactThreads(), spec.seed(), spec.dt(),
                        o.spikesOut(), o.summaryJson(), o.plot(), o.save(), o.resume(), o.verify(), o.help(), o.networkFile(),
                        o.seedGiven(), o.recordOut(), o.streams(), o.live());
            } else {
                network = network(o);
            }
        } catch (UsageException e) {
            if (RankComm.launcherRank() == 0) { // every rank refuses the same command line: one says so
                err.println("error: " + e.getMessage());
            }
            return 2;
        }
        RankComm comm;
        try {
            comm = RankComm.join();
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        int status;
        try {
            status = simulate(o, network, spec, comm, out, err);
        } catch (SpecException | JsonException | UsageException e) {
            // a network or schedule file refused, located in the file; a schedule given for a run that carries one
            err.println("error: " + e.getMessage());
            status = 2;
        } catch (IOException e) {
            err.println("error: " + FileFailure.describe(e));
            status = 1;
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            status = 1;
        }
        if (status != 0 && comm.size() > 1) { // the other ranks may wait in a collective: end the job, never hang
            err.flush();
            comm.abort("shnn: " + comm.describe() + " failed (exit status " + status + ", error above); aborting every"
                    + " rank of the job", status);
        }
        comm.close();
        return status;
    }

    /** The input files' options, in the order of {@link #inputs}. */
    private static final String[] INPUT_NAMES = {"network file", "--resume", "--spikes-in", "--schedule"};

    /** The input files (null where not given). */
    private static Path[] inputs(CliOptions o) {
        return new Path[] {o.networkFile(), o.resume(), o.streams().spikesInFile(), o.live().schedule()};
    }

    /**
     * Checks each input file before anything is built: it exists, is not a directory and can be read. (A live input
     * ring, {@code --spikes-in ring:}, is created when missing: {@link #checkDistinct} and the stream check it.)
     *
     * @throws UsageException naming the option, the path and what is wrong
     */
    static void checkInputs(CliOptions o) throws UsageException {
        String[] names = INPUT_NAMES;
        Path[] paths = inputs(o);
        for (int i = 0; i < paths.length; i++) {
            Path p = paths[i];
            if (p == null) {
                continue;
            }
            String what = FileFailure.unreadable(p);
            if (what != null) {
                throw new UsageException(names[i] + " " + p + ": " + what);
            }
        }
    }

    /**
     * Checks each output path before anything is built: its directory exists and is writable, the path is not a
     * directory and, if it exists, is writable, and its file system has space left.
     *
     * @throws UsageException naming the option, the path and what is wrong
     */
    static void checkOutputs(CliOptions o) throws UsageException {
        String[] names = {"--spikes-out", "--summary-json", "--plot", "--save", "--record-out", "--input-record"};
        Path[] paths = {o.spikesOut(), o.summaryJson(), o.plot(), o.save(), o.recordOut(), o.streams().inputRecord()};
        for (int i = 0; i < paths.length; i++) {
            if (paths[i] == null) {
                continue;
            }
            Path p = paths[i].toAbsolutePath();
            Path dir = p.getParent();
            while (dir != null && !Files.exists(dir)) {
                dir = dir.getParent(); // missing directories are created when the file is written
            }
            String what = null;
            if (Files.isDirectory(p)) {
                what = "is a directory";
            } else if (dir == null || !Files.isDirectory(dir)) {
                what = dir + " is not a directory";
            } else if (!Files.isWritable(dir)) {
                what = "its directory " + dir + " is not writable";
            } else if (Files.exists(p) && !Files.isWritable(p)) {
                what = "it exists and is not writable";
            } else {
                try {
                    if (Files.getFileStore(dir).getUsableSpace() == 0) {
                        what = "no space left on " + Files.getFileStore(dir);
                    }
                } catch (IOException e) {
                    what = "its file system cannot be read: " + e.getMessage();
                }
            }
            if (what != null) {
                throw new UsageException(names[i] + " " + paths[i] + ": " + what);
            }
        }
        checkDistinct(o, names, paths);
        checkInputsKept(o, names, paths);
    }

    /**
     * Refuses an output that names an input file: the run would replace the user's network file, schedule or
     * replayed spikes with its output (a slip of tab completion, {@code --plot net.json}). One exception: {@code
     * --save} onto the {@code --resume} checkpoint goes on from where it stopped, the file replaced only once the new
     * one is complete.
     */
    private static void checkInputsKept(CliOptions o, String[] outNames, Path[] outPaths) throws UsageException {
        Path[] ins = inputs(o);
        for (int i = 0; i < outPaths.length; i++) {
            for (int j = 0; j < ins.length; j++) {
                boolean continued = outNames[i].equals("--save") && INPUT_NAMES[j].equals("--resume");
                if (outPaths[i] != null && ins[j] != null && !continued && sameFile(outPaths[i], ins[j])) {
                    throw new UsageException(outNames[i] + " " + outPaths[i] + " would replace the " + INPUT_NAMES[j]
                            + (INPUT_NAMES[j].startsWith("--") ? " file " : " ") + ins[j] + ": write it to another file");
                }
            }
        }
    }

    /**
     * Each file the run writes (and each ring it maps) is named once: two outputs on one path would leave only the
     * last one written, and an input ring that is also the output ring would feed the run its own spikes.
     */
    private static void checkDistinct(CliOptions o, String[] outNames, Path[] outPaths) throws UsageException {
        List<String> names = new ArrayList<>(Arrays.asList(outNames));
        List<Path> paths = new ArrayList<>(Arrays.asList(outPaths));
        names.add("--spikes-in ring:");
        paths.add(o.streams().spikesInRing());
        names.add("--spikes-out ring:");
        paths.add(o.streams().spikesOutRing());
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i) != null && paths.get(j) != null && sameFile(paths.get(i), paths.get(j))) {
                    throw new UsageException(names.get(i) + (names.get(i).endsWith(":") ? "" : " ") + paths.get(i)
                            + " and " + names.get(j) + (names.get(j).endsWith(":") ? "" : " ") + paths.get(j)
                            + " name the same file: each needs its own");
                }
            }
        }
    }

    /** Whether two paths name one file: the same absolute path, or (both existing) one file through links. */
    private static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // unreadable: the write itself will name the problem
        }
    }

    private static Network network(CliOptions o) throws UsageException {
        try {
            return switch (o.model()) {
                case "coba" -> BuiltinNetworks.coba(o.neurons() > 0 ? o.neurons() : BuiltinNetworks.VA_NEURONS, o.seed(), o.dt());
                case "cuba" -> BuiltinNetworks.cuba(o.neurons() > 0 ? o.neurons() : BuiltinNetworks.VA_NEURONS, o.seed(), o.dt());
                default -> BuiltinNetworks.brunel(o.neurons() > 0 ? o.neurons() : BuiltinNetworks.BRUNEL_NEURONS, o.seed(),
                        o.regime(), o.dt());
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The description in the network file, validated, with --seed applied.
     *
     * @throws UsageException naming the file and the place in it
     */
    private static NetworkSpec networkFile(CliOptions o) throws UsageException {
        NetworkSpec spec;
        try {
            spec = SpecJson.read(o.networkFile());
        } catch (SpecException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("network file " + o.networkFile() + ": " + FileFailure.reason(o.networkFile(), e));
        }
        if (o.durationS() * 1000 / spec.dt() > Simulation.MAX_STEPS) {
            throw new UsageException("--duration " + o.durationS() + " s at the file's dt " + spec.dt() + " ms is more than the "
                    + Simulation.MAX_STEPS + " steps a simulation may run (Simulation.MAX_STEPS)");
        }
        if (o.recordOut() != null && !RecordingExport.samplesAny(spec)) { // before the run, not an empty file after it
            throw new UsageException("--record-out " + o.recordOut() + ": network '" + spec.name() + "' of "
                    + o.networkFile() + " records no state variable or weight (it has " + spec.recorders().size()
                    + " recorders, of spikes only or none; --spikes-out writes spikes)");
        }
        return o.seedGiven() ? spec.withSeed(o.seed()) : spec;
    }

    /** The simulation: resumed, assembled from the file's description, or of a built-in network. */
    private static Simulation start(CliOptions o, Network network, NetworkSpec spec, SimulationConfig config,
            RankComm comm) throws IOException {
        if (o.resume() != null) {
            // a checkpoint file, or a sharded checkpoint's manifest (on any rank count, one process included)
            return ShardedCheckpoint.open(o.resume(), config, o.verify(), comm);
        }
        if (spec == null) {
            return Simulation.create(network, config, comm);
        }
        try {
            return Assembler.create(spec, config, comm);
        } catch (SpecException e) {
            throw SpecJson.locate(o.networkFile().toString(), spec, e);
        }
    }

    private static int simulate(CliOptions o, Network network, NetworkSpec spec, RankComm comm, PrintStream out,
            PrintStream err) throws IOException, UsageException {
        long buildStart = System.nanoTime();
        SimulationConfig config = o.exactThreads() ? SimulationConfig.defaults().withThreads(o.threads())
                : SimulationConfig.defaults().withThreadsUpTo(o.threads());
        boolean lead = comm.rank() == 0; // rank 0 prints and writes: every rank holds every spike (RankComm)
        if (comm.size() > 1 && o.streams().any()) {
            throw new IllegalArgumentException("--spikes-in and ring streams are not supported on " + comm.size()
                    + " ranks (" + comm.describe() + "): live streams belong to one process");
        }
        if (comm.size() > 1 && o.live().any()) {
            throw new IllegalArgumentException("--realtime, --checkpoint-every and --schedule are not supported on " + comm.size()
                    + " ranks (" + comm.describe() + "): the live runner paces, schedules and checkpoints a single"
                    + " process's clock; run it in one process");
        }
        try (Simulation sim = start(o, network, spec, config, comm);
                CliStreams streams = CliStreams.attach(o.streams(), sim);
                CliLive live = comm.size() > 1 ? null : CliLive.attach(o.live(), sim, o.save(), o.resume(), lead,
                        err)) {
            double buildS = (System.nanoTime() - buildStart) * 1e-9;
            network = sim.network();
            if (o.resume() != null) {
                if (o.recordOut() != null) {
                    spec = recordedSpec(o.resume(), network);
                }
                o = new CliOptions(o.model(), o.regime(), o.neurons(), o.durationS(), o.threads(), o.exactThreads(), network.seed(),
                        network.dt(), o.spikesOut(), o.summaryJson(), o.plot(), o.save(), o.resume(), o.verify(), o.help(),
                        null, false, o.recordOut(), o.streams(), o.live());
                if (lead) {
                    err.printf(Locale.ROOT, "resumed %s at %.1f ms (step %d) from %s in %.3f s%n", network.name(),
                            sim.timeMs(), sim.currentStep(), o.resume(), buildS);
                }
            }
            // the wait for the JIT warm-up started alongside the build, kept out of the wall time; the step path is warmed
            // too only for a run paced to the wall clock (Simulation.warmUp(boolean))
            long steps = Math.round(o.durationS() * 1000.0 / o.dt());
            checkRecordingFits(sim, o, steps);
            double warmUpS = sim.warmUp(o.live().realtime() > 0);
            long runStart = System.nanoTime();
            long done = live != null ? live.run(steps, o.dt()) : runRanks(sim, o, steps, lead, err);
            double wallS = (System.nanoTime() - runStart) * 1e-9;
            IOException saveFailure = null;
            if (o.save() != null && comm.size() > 1) {
                createDirectories(o.save());
                ShardedCheckpoint.save(sim, o.save()); // a shard per rank and a manifest; a failure aborts the job
            } else if (o.save() != null) {
                try { // a failed save keeps the run's other results: figures and outputs are still written
                    createDirectories(o.save());
                    Checkpoint.save(sim, o.save());
                } catch (IOException e) {
                    saveFailure = e;
                    err.println("error: --save " + FileFailure.describe(e) + " (the previous file, if any, is unchanged;"
                            + " the other outputs are written)");
                }
            }
            RankTotals totals = RankTotals.of(sim); // collective: before the other ranks leave
            if (!lead) {
                return 0;
            }
            Figures f = figures(o, network, sim, done, buildS, warmUpS, wallS, streams, live, totals);
            out.print(f.text());
            out.flush();
            SpikeRecorder spikes = sim.spikes();
            if (o.spikesOut() != null) {
                writeCsv(o, spikes);
            }
            if (o.summaryJson() != null) {
                writeFile(o.summaryJson(), os -> os.write(f.json().getBytes(StandardCharsets.UTF_8)));
            }
            if (o.recordOut() != null) {
                writeRecordings(o.recordOut(), spec, sim, config.stateMonitors().size());
            }
            if (o.plot() != null) {
                String title = network.name() + ": " + network.neuronCount() + " neurons, " + f.durationMs() + " ms, seed "
                        + network.seed();
                int[] recorded = new int[network.populations().size()];
                Arrays.setAll(recorded, sim::recordedNeurons);
                String svg = SvgPlot.render(title, spikes, network.populations(), recorded, sim.currentStep(), o.dt()); // whole history
                writeFile(o.plot(), os -> os.write(svg.getBytes(StandardCharsets.UTF_8)));
            }
            if (saveFailure != null || live != null && live.writeFailed()) {
                return 1;
            }
            if (live != null && live.fellBehindStrict()) {
                err.println("error: the run fell behind real time (--realtime-strict); outputs hold the steps run");
                return 1;
            }
            return live != null && live.interrupted() ? 130 : 0;
        }
    }

    /**
     * The description a resumed run's {@code --record-out} writes the recorders of: the one the checkpoint stores
     * (its recorders were attached again when it was opened, with their samples before the save).
     *
     * @throws UsageException naming the checkpoint if it stores no description (a network built in code, or layout
     *     version 1) or one without a recorder of a state variable or of weights (a built-in network): nothing to write
     */
    private static NetworkSpec recordedSpec(Path resume, Network network) throws UsageException {
        NetworkSpec spec = network.spec();
        if (spec == null) {
            throw new UsageException("--record-out with --resume " + resume + ": the checkpoint stores no network"
                    + " description (network '" + network.name() + "' was built in code, or saved by an older version),"
                    + " so it has no recorders to write");
        }
        if (!RecordingExport.samplesAny(spec)) {
            throw new UsageException("--record-out with --resume " + resume + ": network '" + network.name() + "' of the"
                    + " checkpoint records no state variable or weight (its description has " + spec.recorders().size()
                    + " recorders, of spikes only or none; --spikes-out writes spikes)");
        }
        return spec;
    }

    /**
     * Refuses a run whose state recorders would take more off-heap memory than the limit leaves. They allocate their
     * samples per chunk of the run, so such a run failed part way through, or, with the limit raised past the
     * machine's memory, was killed by the kernel (v of 3,200 neurons every step for 100 s: 25.6 GB).
     *
     * @throws UsageException naming the bytes needed, the bytes left and the limit
     */
    private static void checkRecordingFits(Simulation sim, CliOptions o, long steps) throws UsageException {
        long need = sim.recordingBytes(steps);
        OffHeapBudget budget = OffHeapBudget.global();
        long left = budget.limit() - budget.stats().reservedBytes();
        if (need > left) {
            throw new UsageException(String.format(Locale.ROOT, "the network's state recorders need %d bytes (%.1f GiB)"
                    + " off-heap for the samples of --duration %s s, more than the %d bytes (%.1f GiB) left under the"
                    + " off-heap limit (%s): record fewer neurons or variables, sample less often (sampling_interval),"
                    + " or run shorter", need, need / GIB, o.durationS(), left, left / GIB, budget.limitGiven()
                            ? "-D" + OffHeapBudget.LIMIT_PROPERTY : "by default the machine's memory less the JVM heap; -D"
                            + OffHeapBudget.LIMIT_PROPERTY + "=SIZE sets it"));
        }
    }

    /**
     * A run over MPI ranks: fixed chunks of 100 ms of simulated time (every rank must step the same intervals), a
     * progress line a second on stderr after 2 s.
     */
    private static long runRanks(Simulation sim, CliOptions o, long steps, boolean lead, PrintStream err) {
        long runStart = System.nanoTime();
        long chunk = Math.max(1, Math.round(100.0 / o.dt()));
        long lastReport = runStart;
        for (long done = 0; done < steps; ) {
            long n = Math.min(chunk, steps - done);
            sim.runSteps(n);
            done += n;
            long now = System.nanoTime();
            double elapsed = (now - runStart) * 1e-9;
            if (lead && elapsed > PROGRESS_AFTER_S && (now - lastReport) * 1e-9 >= 1.0 && done < steps) {
                double simMs = done * o.dt();
                double rtf = elapsed / (simMs * 1e-3);
                err.printf(Locale.ROOT, "progress: %.1f / %.1f ms simulated (%.0f%%), real-time factor %.2f, ETA %.1f s%n",
                        simMs, steps * o.dt(), 100.0 * done / steps, rtf, (steps - done) * o.dt() * 1e-3 * rtf);
                lastReport = now;
            }
        }
        return steps;
    }

    /** The printed text and the JSON of the same figures. */
    private record Figures(String text, String json, String durationMs) {
    }

    private static Figures figures(CliOptions o, Network network, Simulation sim, long steps, double buildS, double warmUpS,
            double wallS, CliStreams streams, CliLive live, RankTotals totals) {
        long synapses = totals.synapses();
        double bytesPerSynapse = synapses == 0 ? 0 : totals.synapseBytes() / (double) synapses;
        PoolStats mem = sim.offHeapStats();
        long spikes = sim.spikeCount();
        long[] perPop = sim.populationSpikeCounts();
        double simS = steps * o.dt() * 1e-3;
        double rtf = simS > 0 ? wallS / simS : 0;
        long events = sim.synapticEvents();
        double eventsPerS = wallS > 0 ? events / wallS : 0;
        String sha = HexFormat.of().formatHex(sim.rasterSha256());
        int ranks = sim.ranks().size();
        String durationMs = fmt(steps * o.dt(), 1);
        StringBuilder t = new StringBuilder();
        t.append("model            ").append(network.name()).append(" (seed ").append(network.seed()).append(", dt ")
                .append(o.dt()).append(" ms, ").append(threadsLine(sim, o))
                .append(ranks == 1 ? ")" : " on each of " + ranks + " ranks: " + sim.ranks().describe() + ")").append('\n');
        t.append("kernels          ").append(Simd.enabled()
                ? "vector (the Vector API of jdk.incubator.vector)\n"
                : "scalar (same results as the vector ones; scripts/run starts small built-in jobs without"
                        + " jdk.incubator.vector: SHNN_SIMD=on forces the vector kernels)\n");
        t.append("neurons          ").append(network.neuronCount()).append('\n');
        t.append("synapses         ").append(synapses).append(ranks == 1 ? "" : " (rank 0 holds " + sim.synapseCount()
                + ": each rank keeps the synapses onto its own neurons)").append('\n');
        t.append("bytes/synapse    ").append(fmt(bytesPerSynapse, 2)).append(" (CSR with row pointers and padding: ")
                .append(totals.synapseBytes()).append(" bytes").append(ranks == 1 ? "" : " on all ranks, "
                        + sim.synapseBytes() + " on rank 0").append(")\n");
        t.append("off-heap         in use ").append(mib(mem.inUseBytes())).append(", peak ").append(mib(mem.peakBytes()))
                .append(ranks == 1 ? "" : " on rank 0; all " + ranks + " ranks: in use " + mib(totals.offHeapInUse())
                        + ", the largest rank's peak " + mib(totals.offHeapPeakMax())).append('\n');
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        t.append("heap             in use ").append(mib(heapUsed)).append(" of max ").append(mib(rt.maxMemory()))
                .append(" (the JVM heap: nothing large lives there)\n");
        t.append("simulated        ").append(durationMs).append(" ms (").append(steps).append(" steps)\n");
        t.append("spikes           ").append(spikes).append('\n');
        long recordedNeurons = 0;
        for (int i = 0; i < network.populations().size(); i++) {
            recordedNeurons += sim.recordedNeurons(i);
        }
        if (recordedNeurons < network.neuronCount()) {
            t.append("recorded spikes  ").append(sim.spikes().count()).append(" (of the ").append(recordedNeurons)
                    .append(" neurons the network's recorders of spikes select; the raster and --spikes-out hold those)\n");
        }
        StringBuilder rates = new StringBuilder();
        List<Population> pops = network.populations();
        for (int i = 0; i < pops.size(); i++) {
            double r = PopulationRates.mean(perPop[i], pops.get(i).count(), steps, o.dt());
            t.append("rate ").append(String.format(Locale.ROOT, "%-12s", pops.get(i).name())).append(fmt(r, 2)).append(" Hz\n");
            rates.append(i == 0 ? "" : ", ").append('"').append(pops.get(i).name()).append("\": ").append(num(r));
        }
        t.append("build time       ").append(fmt(buildS, 3)).append(" s\n");
        t.append("jit warm-up      ").append(fmt(warmUpS, 3))
                .append(" s (the wait after the build until C2 has compiled the kernels on a small scratch copy, warmed up"
                        + " alongside the build)\n");
        t.append("wall time        ").append(fmt(wallS, 3)).append(" s\n");
        t.append("real-time factor ").append(fmt(rtf, 3)).append(" (wall / simulated; < 1 is faster than real time)\n");
        t.append("synaptic events  ").append(events).append(" (").append(String.format(Locale.ROOT, "%.3g", eventsPerS))
                .append(" /s)\n");
        t.append(streams.text());
        t.append(live == null ? "" : live.text());
        t.append("raster SHA-256   ").append(sha).append('\n');
        // last, so that it covers the figures above too (the raster digest reads every recorded spike)
        double wholeS = ManagementFactory.getRuntimeMXBean().getUptime() * 1e-3;
        t.append("whole job        ").append(fmt(wholeS, 3))
                .append(" s (since the JVM started: its start, the build, the warm-up, the run and these figures)\n");
        String streamJson = streams.json();
        String json = "{\n"
                + "  \"model\": \"" + network.name() + "\",\n"
                + "  \"seed\": " + network.seed() + ",\n"
                + "  \"dt_ms\": " + num(o.dt()) + ",\n"
                + "  \"kernels\": \"" + (Simd.enabled() ? "vector" : "scalar") + "\",\n"
                + "  \"threads\": " + sim.threads() + ",\n"
                + "  \"threads_requested\": " + o.threads() + ",\n"
                + "  \"steps_on_one_thread\": " + sim.stepsOnOneThread() + ",\n"
                + "  \"ranks\": " + ranks + ",\n"
                + "  \"rank0_bytes_sent\": " + sim.rankBytesSent() + ",\n"
                + "  \"rank0_exchange_s\": " + num(sim.rankExchangeSeconds()) + ",\n"
                + "  \"neurons\": " + network.neuronCount() + ",\n"
                + "  \"synapses\": " + synapses + ",\n"
                + "  \"synapse_bytes\": " + totals.synapseBytes() + ",\n"
                + "  \"rank0_synapses\": " + sim.synapseCount() + ",\n"
                + "  \"rank0_synapse_bytes\": " + sim.synapseBytes() + ",\n"
                + "  \"offheap_in_use_bytes_all_ranks\": " + totals.offHeapInUse() + ",\n"
                + "  \"offheap_peak_bytes_largest_rank\": " + totals.offHeapPeakMax() + ",\n"
                + "  \"bytes_per_synapse\": " + num(bytesPerSynapse) + ",\n"
                + "  \"offheap_in_use_bytes\": " + mem.inUseBytes() + ",\n"
                + "  \"offheap_peak_bytes\": " + mem.peakBytes() + ",\n"
                + "  \"heap_used_bytes\": " + heapUsed + ",\n"
                + "  \"duration_ms\": " + num(steps * o.dt()) + ",\n"
                + "  \"steps\": " + steps + ",\n"
                + "  \"spikes\": " + spikes + ",\n"
                + "  \"recorded_spikes\": " + sim.spikes().count() + ",\n"
                + "  \"mean_rate_hz\": {" + rates + "},\n"
                + "  \"build_s\": " + num(buildS) + ",\n"
                + "  \"warmup_s\": " + num(warmUpS) + ",\n"
                + "  \"wall_s\": " + num(wallS) + ",\n"
                + "  \"real_time_factor\": " + num(rtf) + ",\n"
                + "  \"synaptic_events\": " + events + ",\n"
                + "  \"synaptic_events_per_s\": " + num(eventsPerS) + ",\n"
                + (streamJson.isEmpty() ? "" : streamJson + ",\n")
                + (live == null ? "" : live.json())
                + "  \"raster_sha256\": \"" + sha + "\",\n"
                + "  \"whole_job_s\": " + num(wholeS) + "\n"
                + "}\n";
        return new Figures(t.toString(), json, durationMs);
    }

    private static void writeCsv(CliOptions o, SpikeRecorder spikes) throws IOException {
        int decimals = Math.max(0, new BigDecimal(Double.toString(o.dt())).stripTrailingZeros().scale());
        long unit = 1;
        for (int i = 0; i < decimals; i++) {
            unit *= 10;
        }
        long scale = unit;
        double dt = o.dt();
        int dec = decimals;
        writeFile(o.spikesOut(), os -> {
            StringBuilder sb = new StringBuilder(1 << 16);
            sb.append("neuron_id,time_ms\n");
            IOException[] failure = new IOException[1];
            spikes.forEach((step, neuron) -> {
                if (failure[0] != null) {
                    return;
                }
                long scaled = Math.round(step * dt * scale);
                sb.append(neuron).append(',').append(scaled / scale);
                if (dec > 0) {
                    String frac = Long.toString(scaled % scale);
                    sb.append('.');
                    for (int k = frac.length(); k < dec; k++) {
                        sb.append('0');
                    }
                    sb.append(frac);
                }
                sb.append('\n');
                if (sb.length() > 60_000) {
                    try {
                        os.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                    sb.setLength(0);
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            os.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        });
    }

    /** Writes the network file's recorders' samples ({@link RecordingExport}), creating the directory if missing. */
    private static void writeRecordings(Path target, NetworkSpec spec, Simulation sim, int firstMonitor)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        RecordingExport.write(target, RecordingExport.traces(spec, sim, firstMonitor));
    }

    /** Writes an output file atomically ({@link AtomicFile}), creating its directory if missing. */
    private static void writeFile(Path target, AtomicFile.Content content) throws IOException {
        createDirectories(target);
        AtomicFile.write(target, content);
    }

    /** Creates the missing directories of output {@code target}, as {@link #checkOutputs} promised. */
    private static void createDirectories(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
    }

    private static String mib(long bytes) {
        return fmt(bytes / 1048576.0, 1) + " MiB";
    }

    /** "2 threads", or "1 thread of 2 requested: ..." when --threads was a ceiling the network was too small for. */
    private static String threadsLine(Simulation sim, CliOptions o) {
        int t = sim.threads();
        String used = t + (t == 1 ? " thread" : " threads");
        if (sim.stepsOnOneThread() > 0) {
            used += ", " + sim.stepsOnOneThread() + " of " + sim.currentStep() + " steps on one: measured faster at this"
                    + " load or measuring it";
        }
        if (t == o.threads()) {
            return used;
        }
        return used + " of " + o.threads() + " requested: under " + Simulation.MIN_WORK_PER_THREAD
                + " neuron-steps per phase and thread; --exact-threads overrides";
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
