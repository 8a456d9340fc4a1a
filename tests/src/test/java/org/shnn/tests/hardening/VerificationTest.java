package org.shnn.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.ShnnFile;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.Verification;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.layouts.synapse.CsrLayout;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.SpscRing;

/**
 * Checksums are verified by default (issue 17, item 5): a byte changed in a small section fails open; one
 * changed in a large CSR section verified in the background fails the first run, before its results are
 * released or a checkpoint written, and before its first step if its spikes leave the process as it steps
 * (spike stream, spike file); {@link Verification#FULL} fails open; {@link Verification#NONE} does not look.
 */
class VerificationTest {

    @TempDir
    Path dir;

    /** Largest CSR targets section of a COBA 8000 checkpoint: over {@link Checkpoint#DEFERRED_BYTES}. */
    private static String largeTargets(Path p) throws IOException {
        try (ShnnFile f = ShnnFile.open(p)) {
            return f.sections().stream().filter(s -> s.name().endsWith("/targets"))
                    .filter(s -> s.length() >= Checkpoint.DEFERRED_BYTES).findFirst().orElseThrow().name();
        }
    }

    /** Moves one target up by one where the row stays sorted: structurally valid, checksum wrong. */
    private static void nudgeTarget(MemorySegment targets) {
        long n = targets.byteSize() / 4;
        for (long k = 1; k + 1 < n; k++) {
            int t = targets.getAtIndex(ValueLayout.JAVA_INT, k);
            int next = targets.getAtIndex(ValueLayout.JAVA_INT, k + 1);
            if (t != CsrLayout.PAD_TARGET && next != CsrLayout.PAD_TARGET && t + 1 < next) {
                targets.setAtIndex(ValueLayout.JAVA_INT, k, t + 1);
                return;
            }
        }
        throw new AssertionError("no target to nudge");
    }

    /**
     * {@code saved} with one target of section {@code large} nudged, written as {@code name} in the test's folder;
     * checksums not recomputed, so only the verification of that section can tell.
     */
    private Path nudged(Path saved, String large, String name) throws IOException {
        Path p = dir.resolve(name);
        try (Arena arena = Arena.ofConfined()) {
            FileImage img = FileImage.of(Files.readAllBytes(saved), arena);
            nudgeTarget(img.section(large));
            img.write(p);
        }
        return p;
    }

    /** {@code n} run for 20 steps and saved to {@code saved.shnn} in the test's folder. */
    private Path savedAfter20Steps(Network n) throws IOException {
        Path saved = dir.resolve("saved.shnn");
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            s.runSteps(20);
            Checkpoint.save(s, saved);
        }
        return saved;
    }

    @Test
    void damagedBytesAreFoundBeforeResultsOrCheckpointsAreReleased() throws IOException {
        Network n = BuiltinNetworks.coba(8000, 3);
        Path saved = savedAfter20Steps(n);
        String large = largeTargets(saved);
        Path bigDamage = nudged(saved, large, "big.shnn");
        Path smallDamage = dir.resolve("small.shnn");
        try (Arena arena = Arena.ofConfined()) {
            FileImage img = FileImage.of(Files.readAllBytes(saved), arena);
            MemorySegment v = img.section("population/exc/state");
            v.set(ValueLayout.JAVA_BYTE, 0, (byte) (v.get(ValueLayout.JAVA_BYTE, 0) ^ 1));
            img.write(smallDamage);
        }
        CodecException small = assertThrows(CodecException.class, () -> Checkpoint.open(smallDamage));
        assertEquals("checksum", small.field());
        assertEquals("population/exc/state", small.section());

        Path out = dir.resolve("out.shnn");
        try (Simulation s = Checkpoint.open(bigDamage)) { // DEFERRED: open does not wait for the large section
            CodecException e = assertThrows(CodecException.class, () -> s.runSteps(10));
            assertEquals("checksum", e.field());
            assertEquals(large, e.section());
            assertTrue(e.getMessage().contains(bigDamage.toString()), e.getMessage());
            assertThrows(IllegalStateException.class, s::rasterSha256, "results refused");
            assertThrows(IllegalStateException.class, () -> Checkpoint.save(s, out));
            assertFalse(Files.exists(out));
        }
        try (Simulation s = Checkpoint.open(bigDamage)) { // a save before any run waits for the verdict too
            CodecException e = assertThrows(CodecException.class, () -> Checkpoint.save(s, out));
            assertEquals(large, e.section());
            assertFalse(Files.exists(out));
        }
        CodecException full = assertThrows(CodecException.class,
                () -> Checkpoint.open(bigDamage, null, SimulationConfig.defaults(), Verification.FULL));
        assertEquals(large, full.section());
        try (Simulation s = Checkpoint.open(bigDamage, null, SimulationConfig.defaults(), Verification.NONE)) {
            s.runSteps(10); // not verified: the run goes ahead on the changed synapse
            assertNotNull(s.rasterSha256());
        }
        try (Simulation s = Checkpoint.open(saved)) {
            s.runSteps(10);
            Checkpoint.save(s, out);
            assertTrue(Files.exists(out));
        }
    }

    @Test
    void aRunThatStreamsSpikesOutWaitsForTheVerdictBeforeItsFirstStep() throws IOException {
        // large enough (~250 MB of synapses) that the background verification is still running when the run starts
        // (with 8,000 neurons it had failed before, and the run refused at its start, with or without the wait)
        Network n = BuiltinNetworks.coba(40000, 3);
        Path saved = savedAfter20Steps(n);
        String large = largeTargets(saved);
        Path damaged = nudged(saved, large, "damaged.shnn");
        int capacity = 1 << 16; // more than the 200 steps' spikes: the run never waits for a consumer
        try (Arena arena = Arena.ofShared()) {
            for (Path p : new Path[] {saved, damaged}) {
                SpscRing ring = SpscRing.create(arena.allocate(SpscRing.requiredBytes(capacity, SpikeRecord.SIZE), 64),
                        capacity, SpikeRecord.SIZE);
                Path spikeFile = dir.resolve("spikes-" + p.getFileName() + ".bin");
                SimulationConfig streamed = SimulationConfig.defaults().withSpikeStream(ring, null)
                        .withSpikeFile(spikeFile);
                try (Simulation s = Checkpoint.open(p, null, streamed, Verification.DEFERRED)) {
                    if (p == saved) {
                        s.runSteps(200);
                        assertTrue(ring.size() > 0, "the good file's run streams its spikes: " + ring.size());
                    } else {
                        CodecException e = assertThrows(CodecException.class, () -> s.runSteps(200));
                        assertEquals("checksum", e.field());
                        assertEquals(large, e.section());
                        assertEquals(0, ring.size(), "no spike of the damaged file's run left through the stream");
                    }
                }
                assertEquals(p == saved, Files.size(spikeFile) > 0, "spike file of " + p.getFileName()
                        + " (the damaged run's must stay empty, also after close)");
            }
        }
    }
}
