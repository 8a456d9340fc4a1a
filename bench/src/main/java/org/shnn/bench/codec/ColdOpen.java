package org.shnn.bench.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.Verification;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * Resuming a large saved network whose pages may not be cached (issue 18, part 4; bench/RESULTS.md section 19):
 * {@link Checkpoint#open(Path, SimulationConfig)} of {@code FILE}, then its first step, then {@code STEPS} more,
 * each phase timed (wall, and CPU of the stepping thread) with the bytes read from storage in it by the process and
 * by the stepping thread alone ({@code read_bytes} of {@code /proc/self/io} and {@code /proc/thread-self/io}: page
 * faults of the mapping and the kernel's read-ahead for them; the process's figure includes the checkpoint's
 * background thread, which reads the matrix into the page cache). With one thread the calling thread steps. Whether the file is
 * cached is the caller's business: {@code scripts/bench --cold-open FILE} drops it from the page cache first
 * ({@code drop_caches} as root, else {@code dd iflag=nocache}), runs this, then runs it again warm.
 *
 * <p>Prints one JSON line. Usage: {@code java @scripts/jvm.args -cp bench/target/benchmarks.jar
 * org.shnn.bench.codec.ColdOpen FILE THREADS STEPS LABEL VERIFICATION} ({@link Verification}: {@code NONE} gives
 * the time to the first step's results; under {@code DEFERRED} the first run returns once the background thread
 * has read and checked the whole matrix).
 */
public final class ColdOpen {

    private ColdOpen() {
    }

    /**
     * Opens, steps and reports.
     *
     * @param args the checkpoint, worker threads, steps after the first, a label for the JSON line, the verification
     * @throws IOException if the file cannot be opened
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ColdOpen FILE THREADS STEPS LABEL NONE|DEFERRED|FULL");
        }
        Verification verification = Verification.valueOf(args[4]);
        Path file = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] p = new long[4];
        long[] r = new long[4];
        long[] c = new long[4];
        long[] t = new long[4];
        sample(0, p, r, c, t, cpu);
        try (Simulation sim = Checkpoint.open(file, null, SimulationConfig.defaults().withThreads(threads),
                verification)) {
            sample(1, p, r, c, t, cpu);
            sim.runSteps(1);
            sample(2, p, r, c, t, cpu);
            sim.runSteps(steps);
            sample(3, p, r, c, t, cpu);
            StringBuilder out = new StringBuilder();
            out.append(String.format("{\"label\": \"%s\", \"verification\": \"%s\", \"file_bytes\": %d, \"threads\": %d,"
                    + " \"steps\": %d, \"spikes\": %d", args[3], verification, Files.size(file), threads, steps,
                    sim.spikeCount()));
            String[] phase = {"open", "first_step", "steps"};
            for (int i = 0; i < 3; i++) {
                out.append(String.format(", \"%s_s\": %.3f, \"%s_cpu_s\": %.3f, \"%s_read_mb\": %.1f,"
                        + " \"%s_thread_read_mb\": %.1f", phase[i], (t[i + 1] - t[i]) * 1e-9, phase[i],
                        (c[i + 1] - c[i]) * 1e-9, phase[i], (p[i + 1] - p[i]) / 1e6, phase[i], (r[i + 1] - r[i]) / 1e6));
            }
            System.out.println(out.append('}'));
        }
    }

    /** Wall, this thread's CPU, the process's and this thread's bytes read from storage, at point {@code i}. */
    private static void sample(int i, long[] process, long[] thread, long[] cpu, long[] wall,
            java.lang.management.ThreadMXBean bean) throws IOException {
        wall[i] = System.nanoTime();
        cpu[i] = bean.getCurrentThreadCpuTime();
        process[i] = readBytes("/proc/self/io");
        thread[i] = readBytes("/proc/thread-self/io");
    }

    /** Bytes the process or thread of {@code io} has caused to be read from storage so far; -1 without {@code /proc}. */
    private static long readBytes(String io) throws IOException {
        for (String line : Files.readAllLines(Path.of(io))) {
            if (line.startsWith("read_bytes:")) {
                return Long.parseLong(line.substring("read_bytes:".length()).trim());
            }
        }
        return -1;
    }
}
