package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.checkpoint.Checkpoint;

/**
 * The compiled step path does not throw itself away on {@code array_check} uncommon traps. C2 compiles a store into an
 * array of an interface type ({@code MemorySegment[]}) with a check on the array's class that fails the first time
 * the compiled code runs (JDK 25: four traps, then the method holding the store is recompiled); a store like that in
 * the per-step code of {@link StepWorker} or the delivery batch made the step's largest methods recompile inside every
 * run (bench/RESULTS.md section 41). A child JVM runs a 2-thread CUBA network with deoptimisation logging on; the test
 * fails if any {@code org.shnn} method took such a trap.
 */
class StepPathTrapsTest {

    /** Printed by the child between the warm-up and the run of {@code large}. */
    private static final String RUN_STARTS = "run of the large network starts";

    /**
     * The child: a 2-thread CUBA 4000 run, long enough for C2 to compile the step path and run it; with argument
     * {@code large}, the warm-up a paced run makes (kernels and step path, on a scratch copy whose ranges are at most
     * a few thousand neurons), then a 1-thread run of CUBA 12,000 (one range of 12,000) for 200 steps; with
     * {@code split}, the same warm-up, then a 2-thread run of CUBA 12,000 (ranges of 6,000: the second starts inside
     * the excitatory population) for 500 steps; with {@code save FILE}, CUBA 12,000 saved to FILE; with
     * {@code resumed FILE}, FILE opened (its larger matrices checked row by row on first use, the smaller one checked
     * whole, all mapped), the same warm-up, then 500 steps.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2) { // "save FILE": a fresh CUBA 12,000 saved; "resumed FILE": opened, warmed up, run
            if (args[0].equals("save")) {
                try (Simulation s = Simulation.create(BuiltinNetworks.cuba(12_000, 7), SimulationConfig.defaults())) {
                    Checkpoint.save(s, Path.of(args[1]));
                }
                System.out.println("spikes 0");
                return;
            }
            try (Simulation s = Checkpoint.open(Path.of(args[1]))) {
                s.warmUp(true);
                System.out.println(RUN_STARTS);
                s.runSteps(500);
                System.out.println("spikes " + s.spikeCount());
            }
            return;
        }
        if (args.length > 0) { // "large" or "split"
            boolean split = args[0].equals("split");
            SimulationConfig config = split ? SimulationConfig.defaults().withThreads(2) : SimulationConfig.defaults();
            try (Simulation s = Simulation.create(BuiltinNetworks.cuba(12_000, 7), config)) {
                s.warmUp(true);
                System.out.println(RUN_STARTS);
                s.runSteps(split ? 500 : 200);
                System.out.println("spikes " + s.spikeCount());
            }
            return;
        }
        try (Simulation s = Simulation.create(BuiltinNetworks.cuba(4000, 7), SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(20_000);
            System.out.println("spikes " + s.spikeCount());
        }
    }

    @TempDir
    Path dir;

    @Test
    void noArrayCheckTrapsOnTheStepPath() throws IOException, InterruptedException {
        String out = child();
        List<String> traps = out.lines().filter(l -> l.contains("array_check") && l.contains(" org.shnn.")).toList();
        assertEquals(List.of(), traps, "array_check traps in SHNN's methods (a store of an interface-typed value into an"
                + " array on a path C2 compiled)");
    }

    /**
     * A range larger than the warm-up's ranges takes no trap in the neuron models' step: the chunk loop of
     * {@code LifCubaModel.step} (and of the other LIF models) cut its range into chunks of
     * {@code SPIKE_MASK_NEURONS} (4096) with a conditional whose "more than a chunk left" side the warm-up's scratch
     * copy never took, so the first step of a larger range hit an {@code unstable_if} trap and ran the step
     * uncompiled until C2 compiled it again: about 0.1 s, the whole lag of a paced CUBA 40,000 run's start
     * (bench/RESULTS.md section 45). Fails on a child log that shows a trap in a neuron model's {@code step} after
     * the warm-up.
     */
    @Test
    void aRangeLargerThanTheWarmUpsTakesNoTrapInTheModelStep() throws IOException, InterruptedException {
        List<String> traps = afterWarmUp(l -> l.contains("deoptimization") && l.contains("org.shnn.engine.neuron.")
                && l.contains("Model.step("), "large");
        assertEquals(List.of(), traps, "traps in a neuron model's step after the warm-up");
    }

    /**
     * A run on two threads whose second range starts inside a population takes no trap in the delivery: the warm-up's
     * copy (256 neurons per population) split its two populations between its two threads exactly at the second, so
     * no range of the copy ever started inside one, and C2 left the delivery into such a range (the table of row
     * starts, its search) out of the code it compiled; the network's first run on two threads then threw away the
     * code of {@code StepWorker.deliver} and of the delivery batch ({@code unstable_if}) and stepped uncompiled until
     * C2 compiled them again (bench/RESULTS.md section 67). Fails on a child log that shows such a trap after the
     * warm-up.
     */
    @Test
    void aRangeThatStartsInsideAPopulationTakesNoTrapInTheDelivery() throws IOException, InterruptedException {
        List<String> traps = afterWarmUp(l -> l.contains("unstable_if")
                && (l.contains("org.shnn.engine.synapse.DeliveryBatch.") || l.contains("org.shnn.engine.run.StepWorker.")
                        || l.contains("org.shnn.engine.run.StepPhaser.")), "split");
        assertEquals(List.of(), traps, "traps in the delivery after the warm-up");
    }

    /**
     * A network resumed from a file takes no trap in the delivery: its matrices are mapped (another segment class than
     * the warm-up copy's native ones), the larger checked row by row on first use (the row bounds through the check,
     * the rows asked of storage ahead), and the warm-up's copy ran none of that, so the resumed network's first step
     * threw away C2's code of {@code StepWorker.deliver} and of the delivery batch ({@code unstable_if},
     * {@code class_check}) and a paced run fell 86-158 ms behind (bench/RESULTS.md section 71). Fails on a child log
     * that shows such a trap after the warm-up.
     */
    @Test
    void aResumedNetworkTakesNoTrapInTheDelivery() throws IOException, InterruptedException {
        String file = dir.resolve("cuba12k.shnn").toString();
        child("save", file);
        List<String> traps = afterWarmUp(l -> (l.contains("unstable_if") || l.contains("class_check"))
                && (l.contains("org.shnn.engine.synapse.") || l.contains("org.shnn.engine.run.StepWorker.")), "resumed", file);
        assertEquals(List.of(), traps, "traps in the delivery of a resumed network after the warm-up");
    }

    /** The lines of a child run with {@code args} after its warm-up ({@link #RUN_STARTS}) that {@code trap} accepts. */
    private List<String> afterWarmUp(java.util.function.Predicate<String> trap, String... args)
            throws IOException, InterruptedException {
        String out = child(args);
        int start = out.indexOf(RUN_STARTS);
        assertTrue(start >= 0, "the child warmed up; its output:\n" + out);
        return out.substring(start).lines().filter(trap).toList();
    }

    /** Runs {@link #main} in a child JVM with deoptimisation logging, with {@code args}; returns its output. */
    private String child(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xlog:deoptimization=debug:stdout", "-cp",
                System.getProperty("java.class.path"), StepPathTrapsTest.class.getName()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("child-" + String.join("-", args).replaceAll("[^A-Za-z0-9.-]", "_") + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "the child run ended within 120 s; its output:\n" + out);
        assertEquals(0, p.exitValue(), "the child's exit code; its output:\n" + out);
        assertTrue(out.contains("\nspikes "), "the child ran its steps; its output:\n" + out);
        return out;
    }
}
