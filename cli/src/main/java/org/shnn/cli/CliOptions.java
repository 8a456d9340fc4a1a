package org.shnn.cli;

import java.nio.file.Path;
import java.util.List;
import org.shnn.engine.network.BrunelRegime;

/**
 * The parsed command line of {@link Main}.
 *
 * @param model coba, cuba or brunel
 * @param regime Brunel regime (ignored for the other models)
 * @param neurons network size, or -1 for the model's default
 * @param durationS biological time to simulate (s)
 * @param threads worker threads: at most this many, fewer when the network's phases are too small to split
 *     ({@code SimulationConfig.withThreadsUpTo}), unless {@code exactThreads}
 * @param exactThreads whether to run on exactly {@code threads} threads (--exact-threads)
 * @param seed seed of every random choice
 * @param dt time step (ms)
 * @param spikesOut CSV of spikes (neuron_id,time_ms) or null
 * @param summaryJson JSON summary or null
 * @param plot SVG raster plot or null
 * @param save checkpoint to write after the run, or null
 * @param resume checkpoint to continue from (the network comes from it), or null
 * @param verify whether to check every section checksum of the {@code resume} file before the first step
 *     (else the large ones are checked row by row as the steps use them: {@code Verification.DEFERRED})
 * @param help whether --help was given
 * @param networkFile a network file (JSON, {@code examples/networks/README.md}) to run instead of a built-in
 *     network, or null
 * @param seedGiven whether --seed was given (with a network file it replaces the file's seed)
 * @param recordOut with a network file, or with {@code resume} of a checkpoint that stores a description: where to
 *     write the description's recorders' samples (.npz or .csv, {@link RecordingExport}), or null
 * @param streams live spike streams in and out ({@link StreamOptions})
 * @param live real-time pacing and periodic checkpoints ({@link LiveOptions})
 */
public record CliOptions(String model, BrunelRegime regime, int neurons, double durationS, int threads, boolean exactThreads, long seed,
        double dt,
        Path spikesOut, Path summaryJson, Path plot, Path save, Path resume, boolean verify, boolean help, Path networkFile,
        boolean seedGiven, Path recordOut, StreamOptions streams, LiveOptions live) {

    /** The help text. */
    public static final String USAGE = """
            Usage: scripts/run [options] [NETWORK.json]
            Builds a spiking network off-heap, simulates it and prints its figures: a built-in
            network, or the one a network file describes (examples/networks/README.md; the file
            sets the network and its dt; --seed replaces its seed).
            With no options: the Vogels-Abbott COBA network (4000 neurons) for 1 s.

              --model coba|cuba|brunel  network (default coba): Vogels-Abbott COBA or CUBA
                                        (Brette et al. 2007), or Brunel (2000) model A
              --regime sr|ai|si-fast|si-slow
                                        Brunel regime (default ai)
              --neurons N               network size (default 4000, in-degree 80 kept;
                                        brunel 12500, C_E = 0.1 N_E)
              --duration SECONDS        biological time (default 1)
              --threads T               at most T worker threads (default 1): fewer when the
                                        network's phases hold too little work to split, and one
                                        for the chunks where that measured faster (a busy machine;
                                        the summary says both); results are identical for any T
              --exact-threads           run on exactly T threads
              --seed K                  seed of connectivity, initial state and inputs (default 1)
              --dt MS                   time step in ms (default 0.1)
              --spikes-out FILE.csv     write spikes as neuron_id,time_ms
              --summary-json FILE       write the printed figures and the raster SHA-256 as JSON
              --plot FILE.svg           write a raster plot with the population rate below it
              --record-out FILE.npz|FILE.csv
                                        with a network file (or --resume of a run of one): write its
                                        recorders' sampled variables and weights over the whole run
                                        in PyNN units (mV, nA, uS); .npz: per recorder R, population P,
                                        variable V the arrays R_P_V (samples x neurons), R_P_V_times_ms
                                        and R_P_V_neurons (indices in P); .csv: long form
                                        recorder,population,variable,neuron,time_ms,value
              --save FILE.shnn          after the run, save a checkpoint (state, synapses, spikes)
              --resume FILE.shnn        continue a saved run for --duration more seconds: the network
                                        comes from the file (no --model/--regime/--neurons/--seed/--dt);
                                        spikes and raster SHA-256 cover the whole history
              --verify                  with --resume: check every section's CRC32C before the first
                                        step (by default sections of 1 MiB or more are checked row
                                        by row as the steps use them, and whole in the background);
                                        a damaged byte fails the run, naming its section
            """ + StreamOptions.USAGE + LiveOptions.USAGE + """
              --help                    print this help and exit
            Bad options exit with status 2; runtime failures with status 1.
            Environment of scripts/run: SHNN_SIMD=on runs the neuron updates as Vector API kernels
            (the JVM gets --add-modules=jdk.incubator.vector), off as scalar loops (same results);
            unset or auto: scalar for a built-in network of at most 5e7 neuron-steps (neurons x
            steps; the default job is 4e7), whose whole job then takes less time, vector otherwise
            (network files, --resume, live and stream options, larger networks, --ranks).
            SHNN_AOT=0 runs without the JVM's AOT cache (cli/target/shnn.aot, shnn-scalar.aot).
            """;

    private static final java.util.Set<String> KNOWN = java.util.Set.of("--model", "--regime", "--neurons", "--duration",
            "--threads", "--seed", "--dt", "--spikes-out", "--summary-json", "--plot", "--save", "--resume",
            "--record-out");

    /**
     * Parses {@code args}.
     *
     * @throws UsageException with one line naming the bad option or value
     */
    public static CliOptions parse(String[] args) throws UsageException {
        String model = "coba";
        BrunelRegime regime = BrunelRegime.AI;
        int neurons = -1;
        double duration = 1.0;
        int threads = 1;
        long seed = 1;
        double dt = 0.1;
        Path spikes = null;
        Path summary = null;
        Path plot = null;
        Path save = null;
        Path resume = null;
        Path networkFile = null;
        Path recordOut = null;
        boolean help = false;
        boolean verify = false;
        boolean exactThreads = false;
        StreamOptions streams = StreamOptions.none();
        LiveOptions live = LiveOptions.none();
        java.util.List<String> networkOptions = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                help = true;
                continue;
            }
            if (name.equals("--verify") && value == null) {
                verify = true;
                continue;
            }
            if (name.equals("--exact-threads") && value == null) {
                exactThreads = true;
                continue;
            }
            if (name.equals("--realtime-strict") && value == null) {
                live = live.withStrict();
                continue;
            }
            if (name.equals("--realtime")) { // the factor is optional: taken when the next argument is a number
                boolean next = value == null && i + 1 < args.length && LiveOptions.isNumber(args[i + 1]);
                live = live.withRealtime(value != null ? LiveOptions.factor(value) : next ? LiveOptions.factor(args[++i]) : 1.0);
                continue;
            }
            if (!name.startsWith("--")) {
                if (networkFile != null) {
                    throw new UsageException("unexpected argument '" + a + "' after the network file " + networkFile
                            + " (options start with --; see --help)");
                }
                networkFile = path("the network file", a);
                continue;
            }
            if (!KNOWN.contains(name) && !StreamOptions.OPTIONS.contains(name) && !LiveOptions.OPTIONS.contains(name)) {
                throw new UsageException("unknown option " + name + " (see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + name + " needs a value (see --help)");
                }
                value = args[++i];
            }
            if (name.equals("--model") || name.equals("--regime") || name.equals("--neurons") || name.equals("--seed")
                    || name.equals("--dt")) {
                networkOptions.add(name);
            }
            switch (name) {
                case "--model" -> {
                    model = value.toLowerCase(java.util.Locale.ROOT);
                    if (!model.equals("coba") && !model.equals("cuba") && !model.equals("brunel")) {
                        throw new UsageException("--model '" + value + "' is not one of coba, cuba, brunel");
                    }
                }
                case "--regime" -> {
                    try {
                        regime = BrunelRegime.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--regime: " + e.getMessage());
                    }
                }
                case "--neurons" -> neurons = (int) parseLong(name, value, 5, Integer.MAX_VALUE - 1);
                case "--duration" -> duration = parseDouble(name, value, 0, 1e7);
                case "--threads" -> threads = (int) parseLong(name, value, 1, 1024);
                case "--seed" -> seed = parseLong(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--dt" -> dt = parseDouble(name, value, 1e-3, 10);
                case "--spikes-out" -> {
                    if (value.startsWith(StreamOptions.RING)) {
                        streams = streams.withOutRing(value);
                    } else {
                        spikes = path(name, value);
                    }
                }
                case "--summary-json" -> summary = path(name, value);
                case "--plot" -> plot = path(name, value);
                case "--save" -> save = path(name, value);
                case "--resume" -> resume = path(name, value);
                case "--record-out" -> {
                    recordOut = path(name, value);
                    RecordingExport.isNpz(recordOut);
                }
                default -> {
                    if (LiveOptions.OPTIONS.contains(name)) {
                        live = live.with(name, value);
                    } else {
                        streams = streams.with(name, value);
                    }
                }
            }
        }
        streams.check();
        live.check(save != null);
        if (networkFile != null) {
            List<String> fixed = networkOptions.stream().filter(n -> !n.equals("--seed")).toList();
            if (!fixed.isEmpty() || resume != null) {
                throw new UsageException("the network file " + networkFile + " describes the network; drop "
                        + String.join(", ", resume != null ? List.of("--resume") : fixed));
            }
        }
        if (resume != null && !networkOptions.isEmpty()) {
            throw new UsageException("--resume takes the network from the checkpoint; drop " + String.join(", ",
                    networkOptions));
        }
        if (resume == null && networkFile == null && duration * 1000 / dt > org.shnn.engine.run.Simulation.MAX_STEPS) {
            throw new UsageException("--duration " + duration + " s at --dt " + dt + " ms is more than the "
                    + org.shnn.engine.run.Simulation.MAX_STEPS + " steps a simulation may run (Simulation.MAX_STEPS)");
        }
        if (recordOut != null && networkFile == null && resume == null) {
            throw new UsageException("--record-out writes the recorders of a network file; give NETWORK.json, or"
                    + " --resume a checkpoint saved from one");
        }
        if (verify && resume == null) {
            throw new UsageException("--verify checks a checkpoint; it needs --resume FILE.shnn");
        }
        return new CliOptions(model, regime, neurons, duration, threads, exactThreads, seed, dt, spikes, summary, plot, save, resume,
                verify, help, networkFile, networkOptions.contains("--seed"), recordOut, streams, live);
    }

    /** Parses {@code value} of option {@code name} as an integer in [min, max], naming both when it is not. */
    static long parseLong(String name, String value, long min, long max) throws UsageException {
        long v;
        try {
            v = Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " '" + value + "' is not an integer");
        }
        if (v < min || v > max) {
            throw new UsageException(name + " " + v + " must be in [" + min + ", " + max + "]");
        }
        return v;
    }

    /** Parses {@code value} of option {@code name} as a number in [min, max] (so finite), naming both when it is not. */
    static double parseDouble(String name, String value, double min, double max) throws UsageException {
        double v = number(name, value);
        if (!(v >= min && v <= max)) {
            throw new UsageException(name + " " + value + " must be in [" + min + ", " + max + "]");
        }
        return v;
    }

    /** Parses {@code value} of option {@code name} as a number (NaN and infinities included: the caller checks the range). */
    static double number(String name, String value) throws UsageException {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " '" + value + "' is not a number");
        }
    }

    /** Parses {@code value} of option {@code name} as a path, naming both when it is blank or invalid. */
    static Path path(String name, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(name + " needs a file name");
        }
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException(name + " '" + value + "' is not a valid path: " + e.getReason());
        }
    }
}
