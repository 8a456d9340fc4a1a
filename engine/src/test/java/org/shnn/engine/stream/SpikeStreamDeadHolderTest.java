package org.shnn.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.layouts.stream.SpikeStreamLayout;
import org.shnn.memory.ring.BusySpinIdleStrategy;
import org.shnn.memory.ring.SpikeRecord;

/**
 * A process that dies holding the consumer lock of a drop-oldest mapped stream does not wedge it: a second JVM
 * ({@link #main}) takes the lock as a dropping producer would and is killed (SIGKILL) while holding it; a producer
 * on the full ring and the consumer then go on within bounded time, every record accounted for. A live holder
 * makes the drain fail with a message naming the stream and the process, after the lock timeout, never hang.
 */
class SpikeStreamDeadHolderTest {

    @TempDir
    Path dir;

    /** The lock holder: maps the stream file, takes the lock (word = its pid), says "locked", waits to be killed. */
    public static void main(String[] args) throws Exception {
        try (Arena arena = Arena.ofShared(); FileChannel ch = FileChannel.open(Path.of(args[0]),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment s = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size(), arena);
            long pid = ProcessHandle.current().pid();
            if (!SpikeStreamLayout.CONSUMER_LOCK_VH.compareAndSet(s, 0L, 0L, pid)) { // CAS: as SpikeStream.tryLock
                System.out.println("busy");
                return;
            }
            System.out.println("locked " + pid);
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    private static Process holdLock(Path ring) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SpikeStreamDeadHolderTest.class.getName());
        cmd.add(ring.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("locked " + p.pid(), line, "the holder process's report");
        return p;
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed holder was reaped");
    }

    @Test
    void aProducerAndTheConsumerTakeOverFromAKilledHolder() throws Exception {
        Path ring = dir.resolve("in.ring");
        try (MappedSpikeStream m = MappedSpikeStream.create(ring, true, 8, StreamPolicy.DROP_OLDEST)) {
            SpikeStream s = m.stream();
            for (int i = 0; i < 8; i++) {
                s.put(i, 100 + i, BusySpinIdleStrategy.INSTANCE);
            }
            kill(holdLock(ring));
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> s.put(8, 108, BusySpinIdleStrategy.INSTANCE),
                    "a put on the full ring under a dead holder's lock");
            assertEquals(1, s.dropped());
            assertEquals(1, s.lockTakeOvers());

            kill(holdLock(ring));
            List<long[]> got = new ArrayList<>();
            int n = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> s.drain((seg, off) -> got.add(new long[] {
                SpikeRecord.timeStep(seg, off), SpikeRecord.neuronId(seg, off)}), 100), "a drain under a dead holder's lock");
            assertEquals(8, n);
            for (int i = 0; i < 8; i++) {
                assertEquals(i + 1, got.get(i)[0], "record " + i + " (the oldest, step 0, was dropped)");
                assertEquals(101 + i, got.get(i)[1]);
            }
            assertEquals(2, s.lockTakeOvers());
        }
    }

    @Test
    void aLiveHolderMakesTheDrainFailNamingIt() throws Exception {
        Path ring = dir.resolve("live.ring");
        try (MappedSpikeStream m = MappedSpikeStream.create(ring, false, 4, StreamPolicy.DROP_OLDEST)) {
            SpikeStream s = m.stream();
            s.lockTimeoutNanos(300_000_000L);
            Process holder = holdLock(ring);
            try {
                IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(IllegalStateException.class, () -> s.drain((seg, off) -> { }, 10)));
                assertTrue(e.getMessage().contains(ring.toString()) && e.getMessage().contains("process "
                        + holder.pid()) && e.getMessage().contains("alive"), e.getMessage());
            } finally {
                kill(holder);
            }
            assertEquals(0, assertTimeoutPreemptively(Duration.ofSeconds(10), () -> s.drain((seg, off) -> { }, 10)),
                    "once the holder is gone the stream works again");
        }
    }
}
