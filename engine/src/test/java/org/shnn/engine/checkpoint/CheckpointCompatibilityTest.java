package org.shnn.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * A checkpoint written by an earlier release of the format still opens and continues as before.
 *
 * <p>The fixture {@code checkpoint/coba-200-seed7-step200-v1.shnn} (101 KiB) is checkpoint format version 1, written
 * by commit 9456c59 with {@code scripts/run --model coba --neurons 200 --duration 0.02 --seed 7 --save FILE}:
 * the built-in COBA network of 200 neurons, seed 7, saved after 200 steps (20 ms, 70 spikes). Resumed for 200
 * more steps it gave the raster below, the same as a straight 400-step run of that network.
 */
class CheckpointCompatibilityTest {

    private static final String FIXTURE = "/checkpoint/coba-200-seed7-step200-v1.shnn";
    /** Raster SHA-256 after resuming the fixture for 200 steps, as printed by commit 9456c59's {@code --resume}. */
    private static final String RESUMED_400_STEPS = "fec64dea018497a5bcde2249ba8d5f13ec2cbb1108131e71759385f6888a5466";

    @TempDir
    Path dir;

    private Path fixture() throws IOException {
        Path p = dir.resolve("v1.shnn");
        try (InputStream in = CheckpointCompatibilityTest.class.getResourceAsStream(FIXTURE)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void aVersion1FileOpensAndContinuesWithTheSameRasterForOneAndTwoThreads() throws IOException {
        Path p = fixture();
        String straight;
        try (Simulation s = Simulation.create(BuiltinNetworks.coba(200, 7), SimulationConfig.defaults())) {
            s.runSteps(400);
            straight = HexFormat.of().formatHex(s.rasterSha256());
        }
        assertEquals(RESUMED_400_STEPS, straight, "straight 400-step run of COBA 200, seed 7");
        for (int threads = 1; threads <= 2; threads++) {
            try (Simulation s = Checkpoint.open(p, SimulationConfig.defaults().withThreads(threads))) {
                assertEquals(200, s.currentStep());
                assertEquals("coba", s.network().name());
                assertEquals(7, s.network().seed());
                s.runSteps(200);
                assertEquals(RESUMED_400_STEPS, HexFormat.of().formatHex(s.rasterSha256()), threads + " thread(s)");
            }
        }
    }
}
