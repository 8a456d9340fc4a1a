package org.shnn.bench.assembly;

import static org.shnn.bench.Stats.median;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;
import org.shnn.bench.EngineFlags;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * Issue 13's loop bullet measured so that load cannot tilt it: the COBA network read from a network file against the
 * same network built in code ({@link SpecCobaBenchmark}'s two contenders), alternated in one JVM, timed by the
 * stepping thread's CPU time. Time the thread spends descheduled is not counted, and both contenders share one JVM,
 * one heap and one load pattern, so their ratio holds on a busy machine where JMH's wall clock in two forks does
 * not (bench/RESULTS.md sections 9b and 33; the same method as {@code org.shnn.bench.propagation.CpuTime}).
 *
 * <p>Per network size: first both contenders run {@code STEPS} steps with spikes recorded and must give the same
 * raster SHA-256 (printed) and a non-zero spike count; then one pair without recording, not counted (the step path of
 * a run that does not record gets compiled); then {@code PAIRS} pairs, the code-built network first in even pairs and
 * the file-read one first in odd pairs. Each run builds its simulation (the file read by {@code SpecJson} and
 * assembled by {@code Assembler.create}, or {@code NetworkBuilder} calls), waits for the kernel warm-up
 * ({@link Simulation#warmUp()}), then times {@code runSteps(STEPS)} only: one worker thread, which is the calling
 * thread, so its CPU clock holds the whole loop. A run's spike count must equal its partner's. Printed per pair: the
 * CPU and wall milliseconds of each and the ratio code / file CPU (&gt; 1: the described network is faster); per size a
 * JSON line with the medians, ranges and the median of the per-pair ratios.
 *
 * <p>Before any timing it refuses a JVM whose engine would run its scalar loops ({@link EngineFlags}), and after the
 * raster check it prints the vector kernels the JIT has compiled.
 *
 * <p>Usage: {@code java @scripts/jvm.args -cp bench/target/benchmarks.jar org.shnn.bench.assembly.SpecCobaPairs
 * [NEURONS,... [PAIRS [STEPS]]]}, defaults {@code 4000,40000}, 7 and 2000 (200 ms at dt 0.1 ms); seed 1.
 * {@code scripts/bench --spec} runs it. Single-threaded; a command-line tool, not part of the JMH suite.
 */
public final class SpecCobaPairs {

    private SpecCobaPairs() {
    }

    /** One contender's timed run. */
    private record Run(double cpuMs, double wallMs, long spikes) {
    }

    /**
     * Runs the measurement; see the class comment.
     *
     * @param args network sizes (comma-separated), pairs, steps
     * @throws IOException if the network file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 3) {
            throw new IllegalArgumentException("usage: SpecCobaPairs [NEURONS,... [PAIRS [STEPS]]]");
        }
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "4000,40000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        long steps = args.length > 2 ? Long.parseLong(args[2]) : 2000;
        if (pairs < 1 || steps < 1) {
            throw new IllegalArgumentException("pairs " + pairs + " and steps " + steps + " must be >= 1");
        }
        for (int neurons : sizes) {
            measure(neurons, pairs, steps);
        }
    }

    private static void measure(int neurons, int pairs, long steps) throws IOException {
        SpecCobaBenchmark b = new SpecCobaBenchmark();
        b.neurons = neurons;
        b.threads = 1;
        b.writeFile(); // also checks 100 steps of both
        try {
            checkSameRaster(b, neurons, steps);
            Run[][] runs = runPairs(b, neurons, pairs, steps);
            report(neurons, steps, runs[0], runs[1]);
        } finally {
            b.deleteFile();
        }
    }

    /**
     * One pair not counted (the unrecorded step path gets compiled), then {@code pairs} pairs, the code-built network
     * first in even pairs; prints each pair. Returns the code-built runs and the file-read runs, pair by pair.
     */
    private static Run[][] runPairs(SpecCobaBenchmark b, int neurons, int pairs, long steps) {
        SimulationConfig timed = b.timed();
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Function<SimulationConfig, Simulation> code = b::handBuilt;
        Function<SimulationConfig, Simulation> file = b::fromFile;
        time(bean, code, timed, steps);
        time(bean, file, timed, steps);
        Run[] codeRuns = new Run[pairs];
        Run[] fileRuns = new Run[pairs];
        for (int p = 0; p < pairs; p++) {
            boolean codeFirst = p % 2 == 0;
            Run first = time(bean, codeFirst ? code : file, timed, steps);
            Run second = time(bean, codeFirst ? file : code, timed, steps);
            codeRuns[p] = codeFirst ? first : second;
            fileRuns[p] = codeFirst ? second : first;
            if (codeRuns[p].spikes() != fileRuns[p].spikes()) {
                throw new IllegalStateException("coba " + neurons + ", pair " + p + ": spike counts differ: code "
                        + codeRuns[p].spikes() + ", file " + fileRuns[p].spikes());
            }
            System.out.printf(Locale.ROOT, "coba %d pair %d (%s first): code %.1f ms CPU (%.1f wall), "
                    + "file %.1f ms CPU (%.1f wall), code/file %.3f%n", neurons, p, codeFirst ? "code" : "file",
                    codeRuns[p].cpuMs(), codeRuns[p].wallMs(), fileRuns[p].cpuMs(), fileRuns[p].wallMs(),
                    codeRuns[p].cpuMs() / fileRuns[p].cpuMs());
        }
        return new Run[][] {codeRuns, fileRuns};
    }

    /** Prints one JSON line: medians and ranges of both contenders' CPU times and of the per-pair ratios. */
    private static void report(int neurons, long steps, Run[] codeRuns, Run[] fileRuns) {
        double[] codeCpu = Arrays.stream(codeRuns).mapToDouble(Run::cpuMs).toArray();
        double[] fileCpu = Arrays.stream(fileRuns).mapToDouble(Run::cpuMs).toArray();
        double[] ratios = new double[codeCpu.length];
        for (int p = 0; p < ratios.length; p++) {
            ratios[p] = codeCpu[p] / fileCpu[p];
        }
        System.out.printf(Locale.ROOT, "{\"neurons\": %d, \"steps\": %d, \"threads\": 1, \"pairs\": %d, "
                + "\"spikes\": %d, \"code_cpu_ms_median\": %.1f, \"code_cpu_ms_min\": %.1f, "
                + "\"code_cpu_ms_max\": %.1f, \"file_cpu_ms_median\": %.1f, \"file_cpu_ms_min\": %.1f, "
                + "\"file_cpu_ms_max\": %.1f, \"code_over_file_median\": %.3f, \"code_over_file_min\": %.3f, "
                + "\"code_over_file_max\": %.3f, \"load\": \"%s\"}%n", neurons, steps, ratios.length,
                codeRuns[0].spikes(), median(codeCpu), min(codeCpu), max(codeCpu), median(fileCpu), min(fileCpu),
                max(fileCpu), median(ratios), min(ratios), max(ratios), loadAverage());
    }

    /** Runs both contenders {@code steps} steps with spikes recorded; throws unless their rasters are equal. */
    private static void checkSameRaster(SpecCobaBenchmark b, int neurons, long steps) {
        SimulationConfig recorded = SimulationConfig.defaults().withThreads(1);
        try (Simulation code = b.handBuilt(recorded); Simulation file = b.fromFile(recorded)) {
            code.runSteps(steps);
            file.runSteps(steps);
            byte[] sha = code.rasterSha256();
            if (!Arrays.equals(sha, file.rasterSha256()) || code.spikeCount() == 0) {
                throw new IllegalStateException("coba " + neurons + ", " + steps + " steps: the rasters differ (or are "
                        + "empty): code " + code.spikeCount() + " spikes, SHA-256 " + HexFormat.of().formatHex(sha)
                        + "; file " + file.spikeCount() + " spikes, SHA-256 "
                        + HexFormat.of().formatHex(file.rasterSha256()));
            }
            System.out.println("coba " + neurons + ": same raster from code and file, " + steps + " steps, "
                    + code.spikeCount() + " spikes, SHA-256 " + HexFormat.of().formatHex(sha));
        }
    }

    /** Builds a simulation (untimed), warms its kernels up (untimed), then times {@code steps} steps. */
    private static Run time(ThreadMXBean bean, Function<SimulationConfig, Simulation> build, SimulationConfig config,
            long steps) {
        try (Simulation sim = build.apply(config)) {
            sim.warmUp();
            long cpu0 = bean.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            sim.runSteps(steps);
            long wall = System.nanoTime() - wall0;
            long cpu = bean.getCurrentThreadCpuTime() - cpu0;
            return new Run(cpu * 1e-6, wall * 1e-6, sim.spikeCount());
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }


    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }
}
