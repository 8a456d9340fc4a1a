package org.shnn.bench.propagation;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * CPU and wall time of the whole step loop, for comparing two builds of the engine (bench/RESULTS.md section 32):
 * {@code BuiltinNetworks.coba(N, 7)} on T threads, warmed up ({@link Simulation#warmUp()} and 200 steps), then
 * STEPS steps timed. Prints one line: process CPU seconds (every thread of the JVM, JIT and GC included), wall
 * seconds, spikes, and the first 16 hex digits of the raster's SHA-256 (the same for both builds, or the change
 * moved bits). Not JMH: the comparison is between two jars, each process run alternately with the other's.
 *
 * <p>Usage: {@code java @scripts/jvm.args -cp bench/target/benchmarks.jar org.shnn.bench.propagation.StepCpu
 * NEURONS THREADS STEPS}.
 */
public final class StepCpu {

    private StepCpu() {
    }

    /**
     * Runs the steps.
     *
     * @param args neurons, threads, timed steps
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: StepCpu NEURONS THREADS STEPS");
        }
        int neurons = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        long steps = Long.parseLong(args[2]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Simulation s = Simulation.create(BuiltinNetworks.coba(neurons, 7),
                SimulationConfig.defaults().withThreads(threads))) {
            s.warmUp();
            s.runSteps(200);
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            s.runSteps(steps);
            System.out.printf("cpu_s %.3f wall_s %.3f spikes %d sha %s%n", (os.getProcessCpuTime() - cpu0) * 1e-9,
                    (System.nanoTime() - wall0) * 1e-9, s.spikeCount(),
                    HexFormat.of().formatHex(s.rasterSha256()).substring(0, 16));
        }
    }
}
