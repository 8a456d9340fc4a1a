package org.shnn.bench.codec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.Verification;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * Resuming a large saved network whose pages may not be cached (issue 18, part 4; bench/RESULTS.md sections 22b and
 * 31): {@link Checkpoint#open(Path, SimulationConfig)} of {@code FILE}, then six phases, each timed (wall, and CPU
 * of the stepping thread) with the bytes read from storage in it by the process and by the stepping thread alone
 * ({@code read_bytes} of {@code /proc/self/io} and {@code /proc/thread-self/io}: page faults of the mapping and the
 * kernel's read-ahead for them; the process's figure includes the checkpoint's background thread, which reads the
 * matrix into the page cache) and the stepping thread's major page faults (field 12 of
 * {@code /proc/thread-self/stat}: faults that waited for storage):
 * <ol>
 * <li>{@code open}: {@link Checkpoint#open}, which starts the JIT warm-up on its own thread
 *     ({@link Simulation#startWarmUp});
 * <li>{@code warm_up}: {@link Simulation#warmUp(boolean) Simulation.warmUp(false)}, the wait for that warm-up (on a
 *     scratch copy) to compile the kernels, which the first run would otherwise do before its first step (kept apart
 *     so that the first step's figures are its own); a batch run's warm-up, as {@code scripts/run --resume} waits
 *     for (the step path then compiles in the first steps; before bench/RESULTS.md section 41 this waited for the
 *     step-path phase too);
 * <li>{@code first_step}: one step;
 * <li>{@code steps}: {@code STEPS} more, while the background read may still run;
 * <li>{@code read_wait}: waiting for the background thread ("shnn-verify") to end, i.e. for the whole matrix to be
 *     in the page cache (and, under {@code DEFERRED}, verified: for a file without block checksums it has ended
 *     before the first step returned);
 * <li>{@code cached_steps}: {@code STEPS} more, every page now cached: the "no slower than with the file
 *     cached once they have been read" compares this phase of a cold run with the same phase of a warm one (same
 *     steps, same spikes).
 * </ol>
 * With one thread the calling thread steps. Whether the file is cached is the caller's business:
 * {@code scripts/bench --cold-open FILE} drops it from the page cache first ({@code dd iflag=nocache}:
 * {@code posix_fadvise DONTNEED}), runs this, then runs it again warm.
 *
 * <p>{@code open_to_first_step_s} is issue 18 part 4's figure: wall time from {@code open}'s return to the end of
 * the first step ({@code warm_up} plus {@code first_step}). Under {@code DEFERRED} it is also the time to the first
 * step's results: for a file with block checksums (format 1.1) the rows the step uses are verified before it uses
 * them; for an older file the first step returns only once the whole matrix is verified.
 *
 * <p>Prints one JSON line. Usage: {@code java @scripts/jvm.args -cp bench/target/benchmarks.jar
 * org.shnn.bench.codec.ColdOpen FILE THREADS STEPS LABEL VERIFICATION} ({@link Verification}: {@code NONE} gives
 * the time to the first step's results; under {@code DEFERRED} the first run of a file without block checksums
 * returns once the background thread has read and checked the whole matrix).
 */
public final class ColdOpen {

    private static final String[] PHASES = {"open", "warm_up", "first_step", "steps", "read_wait", "cached_steps"};

    private ColdOpen() {
    }

    /**
     * Opens, steps and reports.
     *
     * @param args the checkpoint, worker threads, steps after the first, a label for the JSON line, the verification
     * @throws IOException if the file cannot be opened
     * @throws InterruptedException if interrupted while waiting for the background read
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ColdOpen FILE THREADS STEPS LABEL NONE|DEFERRED|FULL");
        }
        Verification verification = Verification.valueOf(args[4]);
        Path file = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        Sample[] at = new Sample[PHASES.length + 1];
        long[] spikes = new long[PHASES.length + 1];
        at[0] = Sample.now();
        try (Simulation sim = Checkpoint.open(file, null, SimulationConfig.defaults().withThreads(threads),
                verification)) {
            int i = 1;
            at[i] = Sample.now();
            spikes[i++] = sim.spikeCount();
            sim.warmUp(false);
            at[i] = Sample.now();
            spikes[i++] = sim.spikeCount();
            sim.runSteps(1);
            at[i] = Sample.now();
            spikes[i++] = sim.spikeCount();
            sim.runSteps(steps);
            at[i] = Sample.now();
            spikes[i++] = sim.spikeCount();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("shnn-verify")) {
                    t.join();
                }
            }
            at[i] = Sample.now();
            spikes[i++] = sim.spikeCount();
            sim.runSteps(steps);
            at[i] = Sample.now();
            spikes[i] = sim.spikeCount();
            StringBuilder out = new StringBuilder(String.format("{\"label\": \"%s\", \"verification\": \"%s\","
                    + " \"file_bytes\": %d, \"threads\": %d, \"steps\": %d", args[3], verification, Files.size(file),
                    threads, steps));
            out.append(String.format(", \"open_to_first_step_s\": %.3f", (at[3].wall - at[1].wall) * 1e-9));
            for (int k = 0; k < PHASES.length; k++) {
                Sample a = at[k];
                Sample b = at[k + 1];
                String p = PHASES[k];
                out.append(String.format(", \"%s_s\": %.3f, \"%s_cpu_s\": %.3f, \"%s_read_mb\": %.1f,"
                        + " \"%s_thread_read_mb\": %.1f, \"%s_thread_major_faults\": %d, \"%s_spikes\": %d",
                        p, (b.wall - a.wall) * 1e-9, p, (b.cpu - a.cpu) * 1e-9, p, (b.processRead - a.processRead) / 1e6,
                        p, (b.threadRead - a.threadRead) / 1e6, p, b.majorFaults - a.majorFaults,
                        p, spikes[k + 1] - spikes[k]));
            }
            System.out.println(out.append('}'));
        }
    }

    /**
     * Wall time, the calling thread's CPU time, the bytes the process and the calling thread have caused to be read
     * from storage, and the calling thread's major page faults, at one point.
     */
    private record Sample(long wall, long cpu, long processRead, long threadRead, long majorFaults) {
        private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

        static Sample now() throws IOException {
            return new Sample(System.nanoTime(), CPU.getCurrentThreadCpuTime(), readBytes("/proc/self/io"),
                    readBytes("/proc/thread-self/io"), threadMajorFaults());
        }

        /** Bytes the process or thread of {@code io} has caused to be read from storage so far. */
        private static long readBytes(String io) throws IOException {
            for (String line : Files.readAllLines(Path.of(io))) {
                if (line.startsWith("read_bytes:")) {
                    return Long.parseLong(line.substring("read_bytes:".length()).trim());
                }
            }
            throw new IOException(io + ": no read_bytes line");
        }

        /** Field 12 (majflt) of {@code /proc/thread-self/stat}, counted after the command name's closing ')'. */
        private static long threadMajorFaults() throws IOException {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12 - 3]);
        }
    }
}
