package org.shnn.memory.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagesTest {

    @Test
    void anonymousMappingIsZeroedWritableAndUnmappedWithItsArena() {
        assumeTrue(Pages.available(), "Linux with native access");
        for (boolean huge : new boolean[] {false, true}) {
            long bytes = 3 * Pages.HUGE_PAGE_SIZE + 12_345;
            MemorySegment s;
            try (Arena arena = Arena.ofShared()) {
                s = Pages.mapAnonymous(bytes, huge, arena);
                assertEquals(bytes, s.byteSize());
                assertEquals(0, s.address() % Pages.PAGE_SIZE, "page aligned");
                for (long i = 0; i < bytes; i += 4093) {
                    assertEquals(0, s.get(ValueLayout.JAVA_BYTE, i), "zero at " + i);
                }
                s.set(ValueLayout.JAVA_LONG_UNALIGNED, bytes - 8, -1L);
                assertEquals(-1L, s.get(ValueLayout.JAVA_LONG_UNALIGNED, bytes - 8));
                assertTrue(Pages.advise(s, Pages.Advice.RANDOM));
            }
            MemorySegment closed = s;
            assertThrows(IllegalStateException.class, () -> closed.get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    void aYieldingThreadRunsAtNice19InTheIdleIoClassAndTheOthersDoNot() throws Exception {
        assumeTrue(Pages.available(), "Linux with native access");
        String before = threadStat(); // this thread's, to compare after the other one yielded
        String[] seen = new String[2]; // the yielding thread's stat line and its ionice line
        Throwable[] failed = new Throwable[1];
        Thread t = Thread.ofPlatform().name("yielding").start(() -> {
            try {
                assertTrue(Pages.yieldCallingThread(), "the kernel accepted nice 19 and the idle I/O class");
                seen[0] = threadStat();
                String tid = seen[0].substring(0, seen[0].indexOf(' '));
                Process p = new ProcessBuilder("ionice", "-p", tid).redirectErrorStream(true).start();
                seen[1] = new String(p.getInputStream().readAllBytes()).trim();
                assertEquals(0, p.waitFor(), seen[1]);
            } catch (Throwable e) {
                failed[0] = e;
            }
        });
        t.join(10_000);
        assertFalse(t.isAlive(), "the yielding thread ended");
        if (failed[0] instanceof IOException e) { // no ionice: the nice value was still checked below
            assumeTrue(false, "ionice not installed: " + e);
        } else if (failed[0] != null) {
            throw new AssertionError(failed[0]);
        }
        assertEquals("19", statField(seen[0], 19), "nice of the yielding thread: " + seen[0]);
        assertEquals("idle", seen[1], "ionice -p of the yielding thread");
        assertEquals(statField(before, 19), statField(threadStat(), 19), "this thread's nice is unchanged");
    }

    /** {@code /proc/thread-self/stat} of the calling thread. */
    private static String threadStat() throws IOException {
        return Files.readString(Path.of("/proc/thread-self/stat")).trim();
    }

    /** Field {@code n} (1-based, proc(5)) of a stat line; fields 3 on follow the command name's closing ')'. */
    private static String statField(String stat, int n) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[n - 3];
    }

    @Test
    void adviceOnAMappedFileWidensToPagesAndKeepsTheData(@TempDir Path dir) throws IOException {
        assumeTrue(Pages.available(), "Linux with native access");
        Path f = dir.resolve("data");
        byte[] data = new byte[3 * 4096 + 100];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Files.write(f, data);
        try (Arena arena = Arena.ofShared(); FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            MemorySegment m = ch.map(FileChannel.MapMode.READ_ONLY, 0, data.length, arena);
            MemorySegment mid = m.asSlice(1000, 5000); // not page aligned at either end
            for (Pages.Advice a : new Pages.Advice[] {Pages.Advice.RANDOM, Pages.Advice.WILLNEED,
                    Pages.Advice.SEQUENTIAL, Pages.Advice.NORMAL}) {
                assertTrue(Pages.advise(mid, a), a.name());
            }
            assertEquals((byte) (4999 * 31), m.get(ValueLayout.JAVA_BYTE, 4999));
        }
        assertFalse(Pages.advise(MemorySegment.ofArray(new byte[8]), Pages.Advice.RANDOM), "heap segment: no advice");
    }
}
