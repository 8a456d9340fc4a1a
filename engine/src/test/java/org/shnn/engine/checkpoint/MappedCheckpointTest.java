package org.shnn.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.Section;
import org.shnn.codec.ShnnFile;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.SectionOwner;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.memory.pages.Pages;

/**
 * The background read of a mapped checkpoint. The read-ahead alone ({@link Verification#NONE}) starts after a delay, so that it does not compete with the open's
 * warm-up and first step: after the delay it reads every section to its end (each area's random-read advice is
 * lifted only after its last chunk), and closing the checkpoint during the delay ends it at once.
 */
class MappedCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void theReadAheadStartsAfterItsDelayReadsEverySectionAndCloseEndsTheDelay() throws IOException,
            InterruptedException {
        assumeTrue(Pages.available() && Files.isReadable(Path.of("/proc/self/smaps")), "Linux with madvise");
        Path file = dir.resolve("delay.shnn");
        try (Simulation s = Simulation.create(BuiltinNetworks.coba(6_000, 5),
                SimulationConfig.defaults().withRecordSpikes(false))) {
            Checkpoint.save(s, file);
        }
        String path = file.toRealPath().toString();
        for (long delayNanos : new long[] {0, 1_000_000_000}) {
            ShnnFile f = ShnnFile.open(file);
            long start = System.nanoTime();
            try (MappedCheckpoint owner = new MappedCheckpoint(f, segments(f), List.of(), List.of(), Map.of(), delayNanos)) {
                assertTrue(flagged(vmFlags(path)) || delayNanos == 0, "not read during the delay");
                awaitNoReader();
                assertTrue(System.nanoTime() - start >= delayNanos, "the read waited " + delayNanos + " ns");
                owner.checkIntact(SectionOwner.Wait.ALL); // the read-ahead alone: no failure, nothing to wait for
                List<String> flags = vmFlags(path);
                assertFalse(flags.isEmpty(), "the file is mapped");
                assertFalse(flagged(flags), "delay " + delayNanos + " ns: an area still advised random-read, so not "
                        + "read to its end: " + flags);
            }
        }
        // closed during a long delay: returns at once, no reader left
        ShnnFile g = ShnnFile.open(file);
        MappedCheckpoint owner = new MappedCheckpoint(g, segments(g), List.of(), List.of(), Map.of(), 600_000_000_000L);
        Thread closer = Thread.ofPlatform().daemon().start(owner::close);
        closer.join(5_000);
        assertFalse(closer.isAlive(), "close ended the delay within 5 s");
        assertTrue(readers().isEmpty(), "no reader left: " + readers());
    }

    /**
     * Sections used in place of fewer than {@link MappedCheckpoint#EAGER_BYTES} in all are read and verified at once;
     * larger ones after {@link MappedCheckpoint#START_DELAY_NANOS}. Only the sizes count (the segments are not read).
     */
    @Test
    void smallSectionsAreReadAtOnceLargeOnesAfterTheDelay() {
        long eager = MappedCheckpoint.EAGER_BYTES;
        MemorySegment sized = MemorySegment.NULL.reinterpret(eager);
        assertEquals(0, MappedCheckpoint.startDelayNanos(List.of()));
        assertEquals(0, MappedCheckpoint.startDelayNanos(List.of(sized.asSlice(0, eager / 2), sized.asSlice(0, eager / 2 - 1))));
        assertEquals(MappedCheckpoint.START_DELAY_NANOS,
                MappedCheckpoint.startDelayNanos(List.of(sized.asSlice(0, eager / 2), sized.asSlice(0, eager / 2))));
        assertEquals(MappedCheckpoint.START_DELAY_NANOS, MappedCheckpoint.startDelayNanos(List.of(sized)));
    }

    /**
     * The mapped matrix is advised {@code MADV_RANDOM} on open (a fault reads its page, not the disk's read-ahead
     * window) and read into the page cache in the background; once that read is done, the advice is back to normal
     * read-ahead (kernel flag {@code rr} of the mapping's areas in {@code /proc/self/smaps}), so that pages evicted
     * later are read back in the kernel's large requests. Linux only.
     */
    @Test
    void theBackgroundReadRestoresNormalReadAhead() throws IOException, InterruptedException {
        assumeTrue(Pages.available() && Files.isReadable(Path.of("/proc/self/smaps")), "Linux with madvise");
        Network n = BuiltinNetworks.coba(6_000, 5);
        Path file = dir.resolve("advice.shnn");
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withRecordSpikes(false))) {
            s.runSteps(10);
            Checkpoint.save(s, file);
        }
        try (Simulation s = Checkpoint.open(file, n, SimulationConfig.defaults(), Verification.NONE)) {
            awaitNoReader();
            List<String> flags = vmFlags(file.toRealPath().toString());
            assertFalse(flags.isEmpty(), "the checkpoint is mapped");
            assertFalse(flagged(flags), "random-read advice left on an area: " + flags);
            s.runSteps(10);
        }
    }

    /**
     * A matrix whose saved parts have block checksums (format 1.1) is verified row by row on use: a row check reads
     * only its blocks, and a block that differs fails it, naming the block; a run's results then wait for nothing
     * ({@link SectionOwner.Wait#RESULTS} returns while the thread is still in its start delay of 600 s), a save
     * waits for the verification of every block ({@link SectionOwner.Wait#ALL} ends the delay) and fails on the
     * damaged one. Without the row check handed out, a run's results wait for the whole verification as well.
     */
    @Test
    void blockCheckedRowsMakeResultsWaitForNothingAndSavesForEveryBlock() throws IOException {
        Path file = dir.resolve("blocks.shnn");
        try (Simulation s = Simulation.create(BuiltinNetworks.coba(6_000, 5),
                SimulationConfig.defaults().withRecordSpikes(false))) {
            Checkpoint.save(s, file);
        }
        long damagedAt;
        String name;
        try (ShnnFile f = ShnnFile.open(file)) {
            Section t = f.sections().stream().filter(x -> x.name().equals("projection/0/targets")).findFirst()
                    .orElseThrow();
            assertTrue(t.length() >= Checkpoint.DEFERRED_BYTES, "a large matrix: " + t);
            assertEquals(Checkpoint.BLOCK_BYTES, t.blockSize(), "saved with block checksums");
            assertTrue(f.sections().stream().filter(x -> x.length() < Checkpoint.DEFERRED_BYTES)
                    .noneMatch(Section::hasBlockChecksums), "only the large parts have them");
            damagedAt = t.length() - 5; // in the last block
            name = t.name();
            byte[] bytes = Files.readAllBytes(file);
            bytes[(int) (t.offset() + damagedAt)] ^= 0x10;
            Files.write(file, bytes);
        }
        long blockStart = damagedAt / Checkpoint.BLOCK_BYTES * Checkpoint.BLOCK_BYTES;
        for (boolean handOut : new boolean[] {true, false}) {
            ShnnFile f = ShnnFile.open(file);
            Section t = f.section(name);
            try (MappedCheckpoint owner = new MappedCheckpoint(f, List.of(t.segment()), List.of(), List.of(),
                    Map.of(0, Map.of(CsrMatrix.TARGETS, t)), 600_000_000_000L)) {
                assertNull(owner.rowCheck(1), "projection 1 is not checked on use");
                if (handOut) {
                    CsrMatrix.PartCheck check = owner.rowCheck(0);
                    check.check(CsrMatrix.TARGETS, 0, blockStart); // every block but the last
                    CodecException row = assertThrows(CodecException.class,
                            () -> check.check(CsrMatrix.TARGETS, damagedAt, 1));
                    assertEquals("block checksum", row.field());
                    assertEquals(name, row.section());
                    assertEquals(t.offset() + blockStart, row.offset());
                    assertTimeoutPreemptively(Duration.ofSeconds(30),
                            () -> owner.checkIntact(SectionOwner.Wait.RESULTS), "results wait for nothing");
                }
                SectionOwner.Wait wait = handOut ? SectionOwner.Wait.ALL : SectionOwner.Wait.RESULTS;
                CodecException all = assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> assertThrows(CodecException.class, () -> owner.checkIntact(wait)), wait + " waited");
                assertEquals("block checksum", all.field());
                assertEquals(t.offset() + blockStart, all.offset());
            }
        }
    }

    /** The sections of {@code f} of a page or more, as a checkpoint's large CSR sections are. */
    private static List<MemorySegment> segments(ShnnFile f) {
        return f.sections().stream().map(Section::segment).filter(s -> s.byteSize() >= Pages.PAGE_SIZE).toList();
    }

    /** Whether an area's flags hold {@code rr} (random-read advice). */
    private static boolean flagged(List<String> flags) {
        return flags.stream().anyMatch(area -> (" " + area + " ").contains(" rr "));
    }

    /**
     * Waits (at most 60 s) until no thread named "shnn-verify" is seen in two looks 50 ms apart, the one handed over
     * to included: {@link Thread#getAllStackTraces} leaves out a thread that has just started and has no frame yet.
     */
    private static void awaitNoReader() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int quiet = 0; quiet < 2; ) {
            List<Thread> alive = readers();
            assertTrue(System.nanoTime() < deadline, "readers still running after 60 s: " + alive);
            for (Thread t : alive) {
                t.join(1_000);
            }
            quiet = alive.isEmpty() ? quiet + 1 : 0;
            Thread.sleep(50);
        }
    }

    /** The live threads named "shnn-verify" that {@link Thread#getAllStackTraces} lists. */
    private static List<Thread> readers() {
        List<Thread> alive = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("shnn-verify") && t.isAlive()) {
                alive.add(t);
            }
        }
        return alive;
    }

    /** The {@code VmFlags} of every area of this process that maps {@code path} ({@code /proc/self/smaps}). */
    private static List<String> vmFlags(String path) throws IOException {
        List<String> flags = new ArrayList<>();
        boolean mine = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) { // an area's first line: range, ..., path
                mine = line.endsWith(" " + path);
            } else if (mine && line.startsWith("VmFlags:")) {
                flags.add(line.substring("VmFlags:".length()).trim());
            }
        }
        return flags;
    }
}
