package org.shnn.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.SectionType;
import org.shnn.codec.ShnnFile;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.network.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * Run 1 s, save, open, run 1 s more: the spike raster (SHA-256 over all spikes, the saved ones replayed into
 * the recorder) is bit-identical to a straight 2 s run, for 1 and 2 threads (and 2 -> 1 across the
 * checkpoint for Brunel).
 */
class CheckpointTest {

    private static final long SEED = 20261125L;

    @TempDir
    Path dir;

    private static byte[] straight(Network n, long steps) {
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            s.runSteps(steps);
            assertTrue(s.spikeCount() > 1000, "network should be active: " + s.spikeCount() + " spikes");
            return s.rasterSha256();
        }
    }

    private byte[] resumed(Network n, long steps, int threadsBefore, int threadsAfter, boolean passNetwork)
            throws IOException {
        Path p = dir.resolve("ckpt-" + threadsBefore + "-" + threadsAfter + ".shnn");
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threadsBefore))) {
            s.runSteps(steps / 2);
            s.save(p);
        }
        SimulationConfig after = SimulationConfig.defaults().withThreads(threadsAfter);
        try (Simulation s = passNetwork ? Checkpoint.open(p, n, after) : Checkpoint.open(p, after)) {
            assertEquals(steps / 2, s.currentStep());
            s.runSteps(steps - steps / 2);
            return s.rasterSha256();
        }
    }

    @Test
    void cobaResumesBitIdenticallyForOneAndTwoThreads() throws IOException {
        Network n = BuiltinNetworks.coba(2000, SEED); // 2000 neurons keep the module's tests fast
        long steps = Math.round(2000.0 / n.dt()); // 2 s: 1 s, save, open, 1 s
        byte[] reference = straight(n, steps);
        String hex = HexFormat.of().formatHex(reference);
        assertArrayEquals(reference, resumed(n, steps, 1, 1, false), "1 -> 1 thread, seed " + SEED + ", " + hex);
        assertArrayEquals(reference, resumed(n, steps, 2, 2, true), "2 -> 2 threads, seed " + SEED);
    }

    @Test
    void brunelWithPoissonDriveResumesBitIdentically() throws IOException {
        Network n = BuiltinNetworks.brunel(1000, SEED, BrunelRegime.AI);
        byte[] reference = straight(n, 600);
        assertArrayEquals(reference, resumed(n, 600, 2, 1, false), "Brunel AI, seed " + SEED);
    }

    @Test
    void theFileIsAValidShnnFileWithTypedSectionsAndMetadata() throws IOException {
        Network n = BuiltinNetworks.cuba(500, SEED);
        Path p = dir.resolve("c.shnn");
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            s.runSteps(100);
            s.save(p);
        }
        try (ShnnFile f = ShnnFile.open(p, ShnnFile.Option.VERIFY)) {
            assertEquals(Checkpoint.KIND, f.metadata().get("kind").orElseThrow());
            assertEquals(100, f.metadata().getLong("step"));
            assertEquals(n.dt(), f.metadata().getDouble("network.dt"));
            assertEquals(2, f.sectionsOfType(SectionType.NEURON_STATE).size());
            assertEquals(2, f.sectionsOfType(SectionType.DELAY_RING).size());
            assertEquals(4, f.sectionsOfType(SectionType.CSR_TARGETS).size());
            assertEquals(1, f.sectionsOfType(SectionType.RNG_STATE).size());
            assertEquals(100L, f.section("clock").asLongArray().get(0));
            assertTrue(f.find(Checkpoint.SPIKES_SECTION).isPresent());
        }
        byte[] before = Files.readAllBytes(p);
        try (Simulation s = Simulation.open(p)) {
            assertEquals(100, s.currentStep());
            assertTrue(s.synapses(0).parts().get("targets").isMapped(), "CSR used in place from the mapping");
            assertTrue(s.populationState(0).segment().isMapped(), "state used in place (copy-on-write)");
            s.runSteps(50);
        }
        assertArrayEquals(before, Files.readAllBytes(p), "running on the copy-on-write state never changes the file");
        assertEquals(1, dir.toFile().list().length, "no temporary file left");
    }

    @Test
    void aDifferentNetworkIsRefusedNamingTheField() throws IOException {
        Network n = BuiltinNetworks.cuba(500, SEED);
        Path p = dir.resolve("c.shnn");
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            s.save(p);
        }
        CodecException e = assertThrows(CodecException.class,
                () -> Checkpoint.open(p, n.withSeed(SEED + 1), SimulationConfig.defaults()));
        assertEquals("network.seed", e.field());
        e = assertThrows(CodecException.class,
                () -> Checkpoint.open(p, BuiltinNetworks.cuba(600, SEED), SimulationConfig.defaults()));
        assertEquals("network.neurons", e.field());
        Path notCkpt = dir.resolve("x.shnn");
        try (var w = org.shnn.codec.ShnnWriter.create(notCkpt)) {
            w.commit();
        }
        assertEquals("kind", assertThrows(CodecException.class, () -> Simulation.open(notCkpt)).field());
        Files.write(notCkpt, new byte[] {1, 2, 3});
        assertEquals("magic", assertThrows(CodecException.class, () -> Simulation.open(notCkpt)).field());
        assertFalse(Files.exists(dir.resolve("missing.shnn")));
        assertThrows(IOException.class, () -> Simulation.open(dir.resolve("missing.shnn")));
    }
}
