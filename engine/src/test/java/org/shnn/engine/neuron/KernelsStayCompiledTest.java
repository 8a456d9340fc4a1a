package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * Issue 18 item 6: every model's step stays compiled without allocation in one JVM that has stepped all the
 * other models before it, through the simulation's own call sites (one {@code NeuronModel.step} call site in the
 * step worker sees every model class). Uncompiled, or compiled by C2 with the Vector API's vectors boxed, a step
 * allocates on the heap (COBA's kernel ~1.4 KiB per neuron and step); compiled and intrinsified, a window of
 * steps allocates only the run's bookkeeping, which does not grow with the steps.
 *
 * <p>Two passes over the models: the first gets each compiled, the second runs each again after all the
 * others, when the shared call sites' profiles hold every model class (what the whole engine suite did to the
 * COBA kernel before one JVM per test class hid it). The engine's Surefire runs the whole suite in one JVM and this
 * class last ({@code @Order}, engine/pom.xml), so it checks the kernels after every other test; {@code scripts/bench
 * --kernels-unboxed N} runs the whole engine suite N times in a row that way.
 *
 * <p>The bound is below one object per step, so it also catches allocations escape analysis used to remove: in
 * one JVM after the suite, C2 left the two slices {@code DelayRing.clear} made per step on the heap (80 bytes per
 * step for the models that do not consume their input), which a bound of 64 KiB per window had let through in a
 * fresh JVM and caught only after the suite.
 */
@Order(Integer.MAX_VALUE)
class KernelsStayCompiledTest {

    /** Neurons per network: not a multiple of the lane count, so the scalar remainder runs too. */
    private static final int NEURONS = 500;
    /** Steps per measured window. */
    private static final int WINDOW = 1_000;
    /** Windows a model may take to get compiled (deoptimisation and recompilation included). */
    private static final int MAX_WINDOWS = 30;
    /**
     * A window of {@value #WINDOW} compiled steps allocates less: the run's own bookkeeping (about 1 KiB per
     * {@code runSteps} call), less than one object (16 bytes) per step; a boxed COBA kernel allocates ~700 MB in
     * such a window. Spikes are not recorded: the recorder's chunk bookkeeping grows with the spike count, and it
     * is not the kernel.
     */
    private static final long COMPILED_WINDOW_BYTES = 8 * 1024;

    @Test
    void everyModelStepsWithoutAllocatingAfterTheOthers() {
        List<NeuronModel> models = NeuronModelContractTest.models().toList();
        List<String> failures = new ArrayList<>();
        for (int pass = 1; pass <= 2; pass++) {
            for (NeuronModel model : models) {
                long bytes = compiledWindowBytes(model);
                if (bytes >= COMPILED_WINDOW_BYTES) {
                    failures.add("pass " + pass + ", " + model.name() + ": the last of " + MAX_WINDOWS + " windows of "
                            + WINDOW + " steps allocated " + bytes + " bytes (expected < " + COMPILED_WINDOW_BYTES + ")");
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Steps a small recurrent network of {@code model} until a window allocates little; returns the last window's bytes. */
    private static long compiledWindowBytes(NeuronModel model) {
        var heap = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Simulation sim = Simulation.create(network(model), SimulationConfig.defaults().withRecordSpikes(false))) {
            // One worker: the kernels run on this thread, so its own allocation is the step's. The whole JVM's total
            // also counted threads that earlier test classes left running: in the one JVM of the engine suite that
            // was 80-95 KB per window at load 20, however long the window took, for every model but the fastest.
            assertEquals(1, sim.threads(), "one worker: the calling thread steps the kernels");
            sim.warmUp();
            long bytes = Long.MAX_VALUE;
            for (int w = 0; w < MAX_WINDOWS && bytes >= COMPILED_WINDOW_BYTES; w++) {
                long before = heap.getCurrentThreadAllocatedBytes();
                sim.runSteps(WINDOW);
                bytes = heap.getCurrentThreadAllocatedBytes() - before;
            }
            assertTrue(sim.spikeCount() > 0, model.name() + ": the network fires, so spike paths run too");
            return bytes;
        }
    }

    /** {@value #NEURONS} neurons of {@code model}, sparse recurrent synapses on both receptors and Poisson drive. */
    private static Network network(NeuronModel model) {
        double exc = switch (model.inputUnit()) {
            case "nS" -> 12;
            case "mV" -> 6;
            default -> 900;
        };
        NetworkBuilder b = new NetworkBuilder(model.name(), model.dt(), 11);
        Population p = b.population("p", model, NEURONS);
        b.connect(p, p, 0, new Connectivity.FixedProbability(0.02), WeightRule.constant(exc / 10), DelayRule.constant(1));
        if (model.receptorCount() > 1) {
            b.connect(p, p, 1, new Connectivity.FixedProbability(0.02), WeightRule.constant(model.inputUnit().equals("nS")
                    ? exc / 5 : -exc / 5), DelayRule.constant(1));
        }
        b.poissonInput(p, 0, 50, 40, exc);
        return b.build();
    }
}
