package org.shnn.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.Section;
import org.shnn.codec.ShnnFile;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.Verification;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.layouts.synapse.CsrLayout;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.SpscRing;

/**
 * Checksums are verified by default (issue 17, item 5): a byte changed in a small section fails open; one
 * changed in a large CSR section is found before anything computed from it is released. Such a section has block
 * checksums (format 1.1), so each row's bytes are verified before the row's first use: a run that uses a damaged
 * row fails at that step, one that does not use it gives the results of the undamaged file, and a save waits for the
 * verification of every block and refuses to write the damage anew. {@link Verification#FULL} fails open;
 * {@link Verification#NONE} does not look.
 */
class VerificationTest {

    @TempDir
    Path dir;

    /** Largest CSR targets section of a COBA 8000 checkpoint: over {@link Checkpoint#DEFERRED_BYTES}. */
    private static String largeTargets(Path p) throws IOException {
        try (ShnnFile f = ShnnFile.open(p)) {
            Section t = f.sections().stream().filter(s -> s.name().endsWith("/targets"))
                    .filter(s -> s.length() >= Checkpoint.DEFERRED_BYTES).findFirst().orElseThrow();
            assertTrue(t.hasBlockChecksums(), "saved with block checksums: " + t);
            return t.name();
        }
    }

    /**
     * Moves one target of row {@code row} of the matrix whose targets are {@code targets} up by one where the row
     * stays sorted: structurally valid, checksums wrong.
     */
    private static void nudgeTarget(MemorySegment targets, MemorySegment rowOffsets, int row) {
        long from = rowOffsets.getAtIndex(ValueLayout.JAVA_LONG, row);
        long to = rowOffsets.getAtIndex(ValueLayout.JAVA_LONG, row + 1L);
        for (long k = from; k + 1 < to; k++) {
            int t = targets.getAtIndex(ValueLayout.JAVA_INT, k);
            int next = targets.getAtIndex(ValueLayout.JAVA_INT, k + 1);
            if (t != CsrLayout.PAD_TARGET && next != CsrLayout.PAD_TARGET && t + 1 < next) {
                targets.setAtIndex(ValueLayout.JAVA_INT, k, t + 1);
                return;
            }
        }
        throw new AssertionError("no target to nudge in row " + row);
    }

    /**
     * {@code saved} with one target of row {@code row} of section {@code large} (a {@code projection/<i>/targets})
     * nudged, written as {@code name} in the test's folder; checksums not recomputed, so only the verification of
     * that row's block can tell.
     */
    private Path nudged(Path saved, String large, int row, String name) throws IOException {
        Path p = dir.resolve(name);
        try (Arena arena = Arena.ofConfined()) {
            FileImage img = FileImage.of(Files.readAllBytes(saved), arena);
            nudgeTarget(img.section(large), img.section(large.replace("/targets", "/rowOffsets")), row);
            img.write(p);
        }
        return p;
    }

    /** The source population of the projection whose targets are {@code large} ({@code projection/<i>/targets}). */
    private static Population source(Network n, String large) {
        return n.populations().get(n.projections().get(Integer.parseInt(large.split("/")[1])).source());
    }

    /** The rows (source-local ids from {@code first}, below {@code rows}) of the neurons that spiked in steps {@code [from, to)}. */
    private static Set<Integer> spiked(Simulation s, long from, long to, int first, int rows) {
        Set<Integer> out = new TreeSet<>();
        for (long i = 0; i < s.spikes().count(); i++) {
            int local = s.spikes().neuron(i) - first;
            if (s.spikes().step(i) >= from && s.spikes().step(i) < to && local >= 0 && local < rows) {
                out.add(local);
            }
        }
        return out;
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
        int first = source(n, large).firstId();
        int rows = source(n, large).count();
        byte[] reference;
        Set<Integer> used;
        TreeSet<Integer> unused = new TreeSet<>();
        try (Simulation s = Checkpoint.open(saved)) {
            s.runSteps(10);
            reference = s.rasterSha256();
            used = spiked(s, 21, 29, first, rows); // rows delivered in the run's steps 20-29
            Set<Integer> near = spiked(s, 0, 30, first, rows);
            for (int r = 0; r < rows; r++) {
                if (!near.contains(r)) {
                    unused.add(r);
                }
            }
        }
        assertFalse(used.isEmpty(), "some source neuron fires in the run");
        assertFalse(unused.isEmpty(), "some source neuron is silent");
        Path usedDamage = nudged(saved, large, used.iterator().next(), "used.shnn");
        Path unusedDamage = nudged(saved, large, unused.last(), "unused.shnn");
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
        try (Simulation s = Checkpoint.open(usedDamage)) { // DEFERRED: open does not read the large section
            CodecException e = assertThrows(CodecException.class, () -> s.runSteps(10));
            assertEquals("block checksum", e.field(), e.getMessage());
            assertEquals(large, e.section());
            assertTrue(e.getMessage().contains(usedDamage.toString()), e.getMessage());
            assertThrows(IllegalStateException.class, s::rasterSha256, "results refused");
            assertThrows(IllegalStateException.class, () -> Checkpoint.save(s, out));
            assertFalse(Files.exists(out));
        }
        try (Simulation s = Checkpoint.open(unusedDamage)) { // the run does not use the damaged row
            boolean foundFirst = false;
            try {
                s.runSteps(10);
                assertArrayEquals(reference, s.rasterSha256(), "the results of the undamaged file");
            } catch (CodecException e) { // the background verification found it first: refused just as well
                assertEquals("block checksum", e.field(), e.getMessage());
                foundFirst = true;
            }
            // a save verifies every block first; after a run that the verification failed, the simulation refuses it
            // as it refuses everything, naming the damage as the cause
            Class<? extends RuntimeException> expected = foundFirst ? IllegalStateException.class : CodecException.class;
            RuntimeException refused = assertThrows(expected, () -> Checkpoint.save(s, out),
                    "a save verifies every block first");
            CodecException e = (CodecException) (foundFirst ? refused.getCause() : refused);
            assertEquals("block checksum", e.field(), e.getMessage());
            assertEquals(large, e.section());
            assertFalse(Files.exists(out));
        }
        try (Simulation s = Checkpoint.open(unusedDamage)) { // a save before any run waits for the verdict too
            CodecException e = assertThrows(CodecException.class, () -> Checkpoint.save(s, out));
            assertEquals(large, e.section());
            assertFalse(Files.exists(out));
        }
        CodecException full = assertThrows(CodecException.class,
                () -> Checkpoint.open(unusedDamage, null, SimulationConfig.defaults(), Verification.FULL));
        assertEquals(large, full.section());
        try (Simulation s = Checkpoint.open(usedDamage, null, SimulationConfig.defaults(), Verification.NONE)) {
            s.runSteps(10); // not verified: the run goes ahead on the changed synapse
            assertNotNull(s.rasterSha256());
        }
        try (Simulation s = Checkpoint.open(saved)) {
            s.runSteps(10);
            Checkpoint.save(s, out);
            assertTrue(Files.exists(out));
        }
    }

    /**
     * A run that streams its spikes out as it steps (spike stream, spike file) sends out nothing computed from a
     * damaged byte: on a damaged row, it fails at the step that would use the row, and what it streamed before is
     * what the undamaged file's run streamed first.
     */
    @Test
    void aRunThatStreamsSpikesOutSendsNothingComputedFromADamagedRow() throws IOException {
        Network n = BuiltinNetworks.coba(40000, 3);
        Path saved = savedAfter20Steps(n);
        String large = largeTargets(saved);
        int first = source(n, large).firstId();
        int rows = source(n, large).count();
        int capacity = 1 << 16; // more than the 200 steps' spikes: the run never waits for a consumer
        byte[] good = null;
        byte[] goodFile = null;
        Path damaged = null;
        try (Arena arena = Arena.ofShared()) {
            for (int pass = 0; pass < 2; pass++) {
                Path p = pass == 0 ? saved : damaged;
                SpscRing ring = SpscRing.create(arena.allocate(SpscRing.requiredBytes(capacity, SpikeRecord.SIZE), 64),
                        capacity, SpikeRecord.SIZE);
                Path spikeFile = dir.resolve("spikes-" + p.getFileName() + ".bin");
                SimulationConfig streamed = SimulationConfig.defaults().withSpikeStream(ring, null)
                        .withSpikeFile(spikeFile);
                try (Simulation s = Checkpoint.open(p, null, streamed, Verification.DEFERRED)) {
                    if (pass == 0) {
                        s.runSteps(200);
                        assertTrue(ring.size() > 0, "the good file's run streams its spikes: " + ring.size());
                        // a row first used late in the run, so that the damaged run streams spikes before it fails
                        Set<Integer> early = spiked(s, 0, 120, first, rows);
                        int late = spiked(s, 120, 180, first, rows).stream().filter(r -> !early.contains(r))
                                .findFirst().orElseThrow(() -> new AssertionError("no row first used in steps 120-179"));
                        damaged = nudged(saved, large, late, "damaged.shnn");
                    } else {
                        CodecException e = assertThrows(CodecException.class, () -> s.runSteps(200));
                        assertEquals("block checksum", e.field(), e.getMessage());
                        assertEquals(large, e.section());
                    }
                    byte[] out = drained(ring);
                    if (pass == 0) {
                        good = out;
                    } else {
                        assertTrue(out.length < good.length && Arrays.equals(out, 0, out.length, good, 0, out.length),
                                "the damaged run streamed " + out.length / SpikeRecord.SIZE + " records, the first of the "
                                        + good.length / SpikeRecord.SIZE + " of the good run");
                    }
                }
                byte[] file = Files.readAllBytes(spikeFile);
                if (pass == 0) {
                    goodFile = file;
                    assertTrue(file.length > 0, "the good run's spike file");
                } else {
                    assertTrue(file.length < goodFile.length && Arrays.equals(file, 0, file.length, goodFile, 0,
                            file.length), "the damaged run's spike file is the start of the good one's (also after close)");
                }
            }
        }
    }

    /** Every record in {@code ring}, in order. */
    private static byte[] drained(SpscRing ring) {
        int size = ring.size();
        MemorySegment all = MemorySegment.ofArray(new byte[size * SpikeRecord.SIZE]);
        int n = ring.drain(all, 0, size);
        assertEquals(all.byteSize(), (long) n * SpikeRecord.SIZE);
        return all.toArray(ValueLayout.JAVA_BYTE);
    }
}
