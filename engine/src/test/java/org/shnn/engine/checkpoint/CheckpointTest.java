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
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.StateDescriptor;

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
            Checkpoint.save(s, p);
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
            Checkpoint.save(s, p);
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
            assertTrue(f.find(StateDescriptor.SPIKES).isPresent());
        }
        byte[] before = Files.readAllBytes(p);
        try (Simulation s = Checkpoint.open(p)) {
            assertEquals(100, s.currentStep());
            assertTrue(s.synapses(0).parts().get("targets").isMapped(), "CSR used in place from the mapping");
            assertFalse(s.populationState(0).segment().isMapped(), "state copied: no page a run writes is the file's");
            s.runSteps(50);
        }
        assertArrayEquals(before, Files.readAllBytes(p), "running never changes the file");
        assertEquals(1, dir.toFile().list().length, "no temporary file left");
    }

    /** How the file behind an open simulation is changed by another process. */
    private enum Change {
        TRUNCATE_TO_PAGE, TRUNCATE_TO_ZERO, CP_OTHER_IN_PLACE, CP_SAME_SIZE_IN_PLACE, DELETE, RENAME_OVER
    }

    private static void apply(Change c, Path p, byte[] replacement) throws IOException {
        java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(p);
        switch (c) {
            case TRUNCATE_TO_PAGE, TRUNCATE_TO_ZERO -> {
                try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.truncate(c == Change.TRUNCATE_TO_PAGE ? 4096 : 0);
                }
            }
            case CP_OTHER_IN_PLACE, CP_SAME_SIZE_IN_PLACE -> { // cp(1): the same inode, O_TRUNC, new bytes
                try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(replacement));
                }
            }
            case DELETE -> Files.delete(p);
            case RENAME_OVER -> {
                Path tmp = p.resolveSibling(p.getFileName() + ".new");
                Files.write(tmp, replacement);
                Files.move(tmp, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
        if (c != Change.DELETE && c != Change.RENAME_OVER) {
            // a file system with coarse timestamps could give the rewrite the same mtime: make it differ
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(before.toMillis() + 5000));
        }
    }

    @Test
    void aFileChangedUnderAnOpenSimulationGivesExceptionsOnlyAndNoCheckpoint() throws IOException {
        Network n = BuiltinNetworks.coba(1000, SEED);
        Path saved = dir.resolve("saved.shnn");
        byte[] expected;
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            s.runSteps(100);
            Checkpoint.save(s, saved);
            s.runSteps(100);
            expected = s.rasterSha256();
        }
        Path small = dir.resolve("small.shnn");
        try (Simulation s = Simulation.create(BuiltinNetworks.cuba(500, SEED), SimulationConfig.defaults())) {
            Checkpoint.save(s, small);
        }
        byte[] other = Files.readAllBytes(small);
        byte[] edited = Files.readAllBytes(saved);
        edited[edited.length / 2] ^= 0x55; // same size, one byte of the CSR arrays changed
        for (Change c : Change.values()) {
            byte[] replacement = c == Change.CP_SAME_SIZE_IN_PLACE ? edited : other;
            Path p = dir.resolve("ck-" + c + ".shnn");
            Path out = dir.resolve("out-" + c + ".shnn");
            Files.copy(saved, p);
            try (Simulation s = Checkpoint.open(p, n, SimulationConfig.defaults().withThreads(2))) {
                apply(c, p, replacement);
                if (c == Change.DELETE || c == Change.RENAME_OVER) {
                    s.runSteps(100); // the mapping keeps the file we opened: the run is the straight one
                    assertArrayEquals(expected, s.rasterSha256(), c.toString());
                    Checkpoint.save(s, out);
                    assertTrue(Files.exists(out), c.toString());
                    continue;
                }
                CodecException e = assertThrows(CodecException.class, () -> Checkpoint.save(s, out), c.toString());
                assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
                assertFalse(Files.exists(out), c + ": no checkpoint written");
                for (org.junit.jupiter.api.function.Executable x : java.util.List.<org.junit.jupiter.api.function.Executable>of(
                        () -> s.runSteps(10), () -> Checkpoint.save(s, out), s::rasterSha256, () -> s.populationState(0))) {
                    IllegalStateException poisoned = assertThrows(IllegalStateException.class, x, c.toString());
                    assertTrue(poisoned.getMessage().contains("sections changed"), poisoned.getMessage());
                }
            }
            Path q = dir.resolve("run-" + c + ".shnn");
            Files.copy(saved, q);
            try (Simulation t = Checkpoint.open(q, n, SimulationConfig.defaults())) {
                apply(c, q, replacement);
                if (c == Change.DELETE || c == Change.RENAME_OVER) {
                    t.runSteps(100);
                    assertArrayEquals(expected, t.rasterSha256(), c.toString());
                } else {
                    assertThrows(CodecException.class, () -> t.runSteps(10), "run after " + c);
                    assertThrows(IllegalStateException.class, t::spikes, "reads after " + c);
                }
            }
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp")), "no temporary file left");
        }
    }

    @Test
    void aDifferentNetworkIsRefusedNamingTheField() throws IOException {
        Network n = BuiltinNetworks.cuba(500, SEED);
        Path p = dir.resolve("c.shnn");
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            Checkpoint.save(s, p);
        }
        CodecException e = assertThrows(CodecException.class,
                () -> Checkpoint.open(p, n.withSeed(SEED + 1), SimulationConfig.defaults()));
        assertEquals("network.seed", e.field());
        e = assertThrows(CodecException.class,
                () -> Checkpoint.open(p, BuiltinNetworks.cuba(600, SEED), SimulationConfig.defaults()));
        assertEquals("size", e.field(), "the stored description is compared first: " + e.getMessage());
        Path notCkpt = dir.resolve("x.shnn");
        try (var w = org.shnn.codec.ShnnWriter.create(notCkpt)) {
            w.commit();
        }
        assertEquals("kind", assertThrows(CodecException.class, () -> Checkpoint.open(notCkpt)).field());
        Files.write(notCkpt, new byte[] {1, 2, 3});
        assertEquals("magic", assertThrows(CodecException.class, () -> Checkpoint.open(notCkpt)).field());
        assertFalse(Files.exists(dir.resolve("missing.shnn")));
        assertThrows(IOException.class, () -> Checkpoint.open(dir.resolve("missing.shnn")));
    }
}
