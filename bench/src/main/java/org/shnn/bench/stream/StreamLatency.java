package org.shnn.bench.stream;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Locale;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.neuron.LifDeltaModel;
import org.shnn.engine.neuron.LifDeltaParams;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.stream.LiveInput;
import org.shnn.engine.stream.LiveOutput;
import org.shnn.engine.stream.SpikeStream;
import org.shnn.engine.stream.StreamPolicy;
import org.shnn.memory.ring.BusySpinIdleStrategy;
import org.shnn.memory.ring.SpikeRecord;

/**
 * External spike in to output spike out latency of a live run (issue 15; {@code scripts/bench --stream-latency}):
 * a producer thread puts one spike at a time into a {@link LiveInput}'s MPSC stream, stamped for the earliest
 * on-time step ({@code consumerStep + 1}: the next drain serves it), to a delta-synapse neuron that fires in the step the input takes effect;
 * a consumer thread spins on the {@link LiveOutput}'s SPSC stream until that neuron's spike appears. Latency =
 * the wall time from before the put to the drain that returns the spike; the next spike goes in after that
 * (one in flight: latency, not queueing). The engine runs unpaced (as fast as it steps), so the figure is the
 * stream path plus the 2-3 steps the timing rule puts between a drain and the output (see {@link LiveInput}).
 * In-process streams; a mapped-file stream is the same memory protocol (the other process maps the same pages).
 *
 * <p>Usage: {@code StreamLatency [spikes=20000] [neurons=1000] [threads=1]}; prints one JSON line.
 */
public final class StreamLatency {

    private StreamLatency() {
    }

    /** Runs the measurement; see the class comment. */
    public static void main(String[] args) throws Exception {
        int spikes = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int neurons = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        double dt = 0.1;
        NetworkBuilder b = new NetworkBuilder("latency", dt, 1);
        b.population("in", new LifDeltaModel(LifDeltaParams.defaults().withTRef(0.0), dt), neurons);
        Network n = b.build();
        long[] latency = new long[spikes];
        try (Arena arena = Arena.ofShared();
                Simulation sim = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
            SpikeStream in = SpikeStream.allocate(arena, true, 1024, StreamPolicy.BLOCK);
            SpikeStream out = SpikeStream.allocate(arena, false, 1 << 16, StreamPolicy.DROP_OLDEST);
            LiveInput.attach(sim, in, 0, 20.0, null);
            LiveOutput.attach(sim, out, BusySpinIdleStrategy.INSTANCE);
            sim.warmUp();
            Thread driver = Thread.ofPlatform().start(() -> measure(in, out, latency, neurons));
            while (driver.isAlive()) {
                sim.runSteps(10_000);
            }
            driver.join();
            long[] sorted = latency.clone();
            Arrays.sort(sorted);
            int warm = spikes / 10; // the first tenth warms the JIT up; reported separately below
            long[] steady = Arrays.copyOfRange(latency, warm, spikes);
            Arrays.sort(steady);
            System.out.printf(Locale.ROOT, "{\"spikes\": %d, \"warm_up_spikes\": %d, \"neurons\": %d, \"threads\": %d,"
                    + " \"steps\": %d, \"median_us\": %.1f, \"p99_us\": %.1f, \"p999_us\": %.1f, \"max_us\": %.1f,"
                    + " \"median_us_all\": %.1f}%n", spikes - warm, warm, neurons, threads, sim.currentStep(),
                    pct(steady, 0.5), pct(steady, 0.99), pct(steady, 0.999), steady[steady.length - 1] / 1e3,
                    pct(sorted, 0.5));
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e3;
    }

    private static void measure(SpikeStream in, SpikeStream out, long[] latency, int neurons) {
        int[] found = {-1};
        try {
            for (int i = 0; i < latency.length; i++) {
                int neuron = i % neurons;
                long t0 = System.nanoTime();
                long c = Math.max(in.consumerStep() + 1, 2); // the next drain serves consumerStep + 1
                in.put(c, neuron, BusySpinIdleStrategy.INSTANCE);
                found[0] = -1;
                while (found[0] != neuron) {
                    out.drain((s, o) -> {
                        if (SpikeRecord.neuronId(s, o) == neuron) {
                            found[0] = neuron;
                        }
                    }, 1 << 16);
                    Thread.onSpinWait();
                }
                latency[i] = System.nanoTime() - t0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
