package org.shnn.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark forks' argument file exists and holds the Vector API flag; the kernel check and list work. */
class EngineFlagsTest {

    @Test
    void argfileIsScriptsJvmArgsWithTheVectorModule() throws IOException {
        assertTrue(EngineFlags.ARGFILE.startsWith("@"), EngineFlags.ARGFILE);
        // Surefire runs in bench/; JMH runs from the repository root, where the path is relative to.
        Path file = Path.of("..").resolve(EngineFlags.ARGFILE.substring(1));
        assertTrue(Files.isRegularFile(file), file.toAbsolutePath() + " must exist");
        assertTrue(Files.readAllLines(file).contains("--add-modules=jdk.incubator.vector"), file + " lost the flag");
    }

    @Test
    void surefireRunsTheVectorKernels() {
        // Surefire's argLine is @scripts/jvm.args: the engine must have chosen its vector kernels.
        assertDoesNotThrow(() -> EngineFlags.requireVectorKernels("EngineFlagsTest"));
        assertDoesNotThrow(EngineFlags::compiledKernels); // the diagnostic command answers
    }

    @Test
    void kernelLinesKeepTheLanesMethodsOnly() {
        String codelist = String.join("\n",
                "812 4 0 org.shnn.engine.neuron.LifCobaLanes.advance(Lorg/shnn/engine/neuron/LifCobaModel;II)I"
                        + " [0x00007f3c1d2a1010, 0x00007f3c1d2a1180 - 0x00007f3c1d2a5f28]",
                "640 3 0 org.shnn.engine.neuron.LifCobaModel.step(Lorg/shnn/engine/neuron/PopulationState;II)V"
                        + " [0x00007f3c1d2a1010, 0x00007f3c1d2a1180 - 0x00007f3c1d2a5f28]",
                "77 4 0 org.shnn.engine.neuron.Lanes.exp(Ljdk/incubator/vector/DoubleVector;)"
                        + "Ljdk/incubator/vector/DoubleVector; [0x1, 0x2 - 0x3]",
                "12 1 0 java.lang.String.hashCode()I [0x1, 0x2 - 0x3]",
                "13 3 0 org.shnn.engine.run.StepWorker.runPhase(J)V [0x1, 0x2 - 0x3]");
        assertEquals(List.of("812 4 0 org.shnn.engine.neuron.LifCobaLanes.advance",
                "77 4 0 org.shnn.engine.neuron.Lanes.exp"), EngineFlags.kernelLines(codelist));
    }
}
