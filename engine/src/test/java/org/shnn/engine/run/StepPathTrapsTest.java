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

/**
 * The compiled step path does not throw itself away on {@code array_check} uncommon traps. C2 compiles a store into an
 * array of an interface type ({@code MemorySegment[]}) with a check on the array's class that fails the first time
 * the compiled code runs (JDK 25: four traps, then the method holding the store is recompiled); a store like that in
 * the per-step code of {@link StepWorker} or the delivery batch made the step's largest methods recompile inside every
 * run (bench/RESULTS.md section 41). A child JVM runs a 2-thread CUBA network with deoptimisation logging on; the test
 * fails if any {@code org.shnn} method took such a trap.
 */
class StepPathTrapsTest {

    /** The child: a 2-thread CUBA 4000 run, long enough for C2 to compile the step path and run it. */
    public static void main(String[] args) {
        try (Simulation s = Simulation.create(BuiltinNetworks.cuba(4000, 7), SimulationConfig.defaults().withThreads(2))) {
            s.runSteps(20_000);
            System.out.println("spikes " + s.spikeCount());
        }
    }

    @TempDir
    Path dir;

    @Test
    void noArrayCheckTrapsOnTheStepPath() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xlog:deoptimization=debug:stdout", "-cp",
                System.getProperty("java.class.path"), StepPathTrapsTest.class.getName()));
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "the child run ended within 120 s; its output:\n" + out);
        assertEquals(0, p.exitValue(), "the child's exit code; its output:\n" + out);
        assertTrue(out.contains("\nspikes "), "the child ran its steps; its output:\n" + out);
        List<String> traps = out.lines().filter(l -> l.contains("array_check") && l.contains(" org.shnn.")).toList();
        assertEquals(List.of(), traps, "array_check traps in SHNN's methods (a store of an interface-typed value into an"
                + " array on a path C2 compiled)");
    }
}
