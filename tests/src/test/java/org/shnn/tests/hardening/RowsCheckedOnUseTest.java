package org.shnn.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.Verification;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * Issue 18 part 4 (cold open): a restored matrix with targets of at least {@link CsrMatrix#ROWS_CHECKED_ON_USE_BYTES}
 * has its rows checked before their first use instead of all on open, so opening does not read them all; a bad row
 * is still refused before it is used, naming the sections, the index and the value, and under
 * {@link Verification#DEFERRED} (the background thread checks every row) and {@link Verification#FULL} (before open
 * returns) with a {@link CodecException} naming the file. Each row's first target set to -1, checksums recomputed.
 */
class RowsCheckedOnUseTest {

    /** COBA of this size: projection 0 (excitatory to excitatory) has ~1.8 MB of targets, above the threshold. */
    private static final int NEURONS = 6_000;

    @TempDir
    Path dir;

    @Test
    void aBadRowOfALargeMatrixIsRefusedBeforeItIsUsed() throws IOException {
        Network n = BuiltinNetworks.coba(NEURONS, 5);
        Path good = dir.resolve("good.shnn");
        int[] spikes = new int[2];
        long uninterrupted;
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withRecordSpikes(false))) {
            s.runSteps(100);
            Checkpoint.save(s, good);
            long before = s.spikeCount();
            s.runSteps(50);
            uninterrupted = s.spikeCount() - before;
        }
        Path bad = dir.resolve("bad.shnn");
        try (Arena arena = Arena.ofConfined()) {
            FileImage img = FileImage.of(Files.readAllBytes(good), arena);
            MemorySegment targets = img.section("projection/0/targets");
            assertTrue(targets.byteSize() >= CsrMatrix.ROWS_CHECKED_ON_USE_BYTES, "large enough: " + targets.byteSize());
            MemorySegment offsets = img.section("projection/0/rowOffsets");
            for (long r = 0; r + 1 < offsets.byteSize() / Long.BYTES; r++) {
                long start = offsets.getAtIndex(ValueLayout.JAVA_LONG, r);
                if (start < offsets.getAtIndex(ValueLayout.JAVA_LONG, r + 1)) {
                    targets.setAtIndex(ValueLayout.JAVA_INT, start, -1);
                }
            }
            img.reseal();
            img.write(bad);
        }
        for (int threads = 1; threads <= 2; threads++) {
            SimulationConfig c = SimulationConfig.defaults().withThreads(threads);
            // The good file resumes and runs (its rows pass their checks on use).
            try (Simulation s = Checkpoint.open(good, n, c, Verification.DEFERRED)) {
                long before = s.spikeCount();
                s.runSteps(50);
                spikes[threads - 1] = (int) (s.spikeCount() - before);
            }
            // NONE: open does not read the rows; the first step that delivers one refuses it. Asking the kernel for
            // every row first (CsrMatrix.requestRow, as the step loop does) neither checks a row nor marks it checked.
            try (Simulation s = Checkpoint.open(bad, n, c, Verification.NONE)) {
                CsrMatrix matrix = s.synapses(0);
                for (int row = 0; row < matrix.rows(); row++) {
                    matrix.requestRow(row);
                }
                RuntimeException e = assertThrows(RuntimeException.class, () -> s.runSteps(50));
                String m = messages(e);
                assertTrue(m.contains("projection/0/*") && m.contains("targets[") && m.contains("found -1"), m);
            }
            // DEFERRED: the row, its block checksums passed, fails its check on use, naming the file.
            try (Simulation s = Checkpoint.open(bad, n, c, Verification.DEFERRED)) {
                RuntimeException e = assertThrows(RuntimeException.class, () -> s.runSteps(50));
                String m = messages(e);
                assertTrue(m.contains(bad.toString()) && m.contains("projection/0/*") && m.contains("found -1"), m);
            }
            // FULL: refused on open.
            CodecException e = assertThrows(CodecException.class, () -> Checkpoint.open(bad, n, c, Verification.FULL));
            assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("found -1"), e.getMessage());
        }
        assertEquals(uninterrupted, spikes[0], "the resumed run has the uninterrupted run's spikes");
        assertEquals(spikes[0], spikes[1], "same spikes for 1 and 2 threads");
        assertTrue(spikes[0] > 0, "the resumed network fires, so rows are delivered");
    }

    /** The messages of {@code t} and its causes and suppressed exceptions. */
    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            b.append(x).append('\n');
            for (Throwable s : x.getSuppressed()) {
                b.append("suppressed: ").append(s).append('\n');
            }
        }
        return b.toString();
    }
}
