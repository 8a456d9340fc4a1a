package org.shnn.bench.assembly;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Projection;
import org.shnn.engine.synapse.CsrBuilder;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.memory.pool.ArenaPool;

/**
 * CPU time of building a fixed in-degree network (issue 18, part 3; bench/RESULTS.md section 14): the four
 * projections of {@code BuiltinNetworks.brunel(N)} (C_E = 0.1 N_E, C_I = C_E / 4, so about {@code 0.1 N^2}
 * synapses) built by {@link CsrBuilder#build} into an {@link ArenaPool}, as the engine builds them; with
 * {@code --coba}, the four fixed-probability projections of {@code BuiltinNetworks.coba(N)} (p = 0.02, about
 * {@code 0.02 N^2} synapses: the row rules' path, RESULTS 32). Not JMH: a
 * build is seconds to minutes and its cost includes the page faults of fresh memory, which a warmed-up
 * repetition in the same pool would hide; each repetition frees everything before the next.
 *
 * <p>Prints one JSON line per build: process CPU seconds ({@code OperatingSystemMXBean}, all threads of the JVM,
 * JIT and GC included), wall seconds, synapses, CPU seconds per 10^9 synapses, synapses per second per core (the
 * CPU figure), the peak heap in use, and with {@code --digest} the SHA-256 of every CSR part of every projection
 * (taken after the timing; the matrices must be the same bytes for any thread count).
 *
 * <p>Usage: {@code java @scripts/jvm.args -cp bench/target/benchmarks.jar org.shnn.bench.assembly.BuildCpu
 * NEURONS THREADS REPS [--digest] [--coba]}; {@code scripts/bench --build-cpu} runs it (Brunel).
 */
public final class BuildCpu {

    private BuildCpu() {
    }

    /**
     * Runs the builds.
     *
     * @param args neurons, threads, repetitions, optionally {@code --digest} and {@code --coba}
     * @throws Exception if a digest cannot be computed
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: BuildCpu NEURONS THREADS REPS [--digest] [--coba]");
        }
        int neurons = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        java.util.List<String> flags = java.util.Arrays.asList(args).subList(3, args.length);
        boolean digest = flags.contains("--digest");
        Network net = flags.contains("--coba") ? BuiltinNetworks.coba(neurons, 1)
                : BuiltinNetworks.brunel(neurons, 1, BrunelRegime.SR);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int rep = 1; rep <= reps; rep++) {
            try (ArenaPool pool = ArenaPool.create("build-cpu")) {
                long cpu0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                long synapses = 0;
                CsrMatrix[] built = new CsrMatrix[net.projections().size()];
                for (Projection pr : net.projections()) {
                    built[pr.index()] = CsrBuilder.build(pr, net.populations().get(pr.source()).count(),
                            net.populations().get(pr.target()).count(), pr.source() == pr.target(), net.seed(), pool,
                            threads);
                    synapses += built[pr.index()].synapseCount();
                }
                double cpu = (os.getProcessCpuTime() - cpu0) * 1e-9;
                double wall = (System.nanoTime() - wall0) * 1e-9;
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                System.out.printf("{\"neurons\": %d, \"threads\": %d, \"rep\": %d, \"synapses\": %d, \"cpu_s\": %.3f,"
                        + " \"wall_s\": %.3f, \"cpu_s_per_1e9\": %.2f, \"synapses_per_s_per_core\": %.3e,"
                        + " \"heap_used_mb\": %.1f%s}%n", neurons, threads, rep, synapses, cpu, wall, cpu * 1e9 / synapses,
                        synapses / cpu, heap.getUsed() / 1048576.0,
                        digest ? ", \"sha256\": \"" + digest(built) + "\"" : "");
            }
        }
    }

    private static String digest(CsrMatrix[] built) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (CsrMatrix m : built) {
            for (Map.Entry<String, MemorySegment> e : new TreeMap<>(m.parts()).entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                MemorySegment s = e.getValue();
                for (long at = 0; at < s.byteSize(); at += 1 << 30) { // a ByteBuffer holds at most 2 GiB
                    md.update(s.asSlice(at, Math.min(1 << 30, s.byteSize() - at)).asByteBuffer());
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
