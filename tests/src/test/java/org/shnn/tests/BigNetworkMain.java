package org.shnn.tests;

import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * Builds a CUBA network of {@code args[0]} neurons (in-degree 80, so 80 N synapses) with
 * {@code args[1]} threads, runs {@code args[2]} steps and prints {@code synapses=..., spikes=...,
 * heapUsedMax=...}: run by {@link BigNetworkTest} in a JVM with -Xmx256m, to show that the synapses
 * (hundreds of MB) live off-heap and generation needs no heap proportional to them.
 */
public final class BigNetworkMain {

    private BigNetworkMain() {
    }

    /** See the class comment. */
    public static void main(String[] args) {
        int neurons = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        long steps = Long.parseLong(args[2]);
        Network n = BuiltinNetworks.cuba(neurons, 2026);
        long t0 = System.nanoTime();
        try (Simulation sim = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
            long t1 = System.nanoTime();
            sim.runSteps(steps);
            long t2 = System.nanoTime();
            Runtime rt = Runtime.getRuntime();
            System.out.printf("synapses=%d bytesPerSynapse=%.3f offheapPeak=%d spikes=%d steps=%d buildS=%.1f runS=%.2f heapUsed=%d heapMax=%d%n",
                    sim.synapseCount(), sim.synapseBytes() / (double) sim.synapseCount(), sim.offHeapStats().peakBytes(),
                    sim.spikeCount(), sim.currentStep(), (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, rt.totalMemory() - rt.freeMemory(),
                    rt.maxMemory());
        }
    }
}
