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

    /**
     * {@link Pages#residentShare}: an anonymous mapping's pages are resident once touched, not before (the kernel
     * maps them on the first fault); a slice counts its whole pages; a large range is sampled in evenly spaced runs;
     * a heap segment is not known.
     */
    @Test
    void residentShareCountsTouchedPages() {
        assumeTrue(Pages.available(), "Linux with native access");
        try (Arena arena = Arena.ofShared()) {
            long pages = 64;
            MemorySegment s = Pages.mapAnonymous(pages * Pages.PAGE_SIZE, false, arena);
            assertEquals(0.0, Pages.residentShare(s), "untouched");
            for (long p = 0; p < pages / 4; p++) {
                s.set(ValueLayout.JAVA_BYTE, p * Pages.PAGE_SIZE + 7, (byte) 1);
            }
            assertEquals(0.25, Pages.residentShare(s), "the first quarter touched");
            assertEquals(1.0, Pages.residentShare(s.asSlice(100, 5 * Pages.PAGE_SIZE)), "a slice in the touched pages");
            assertEquals(0.5, Pages.residentShare(s.asSlice(15 * Pages.PAGE_SIZE + 10, Pages.PAGE_SIZE)),
                    "a slice over the last touched page and the next: two pages, one resident");
        }
        try (Arena arena = Arena.ofShared()) { // sampled: 64 evenly spaced runs of 64 pages
            long pages = 4 * Pages.SAMPLED_PAGES;
            MemorySegment s = Pages.mapAnonymous(pages * Pages.PAGE_SIZE, false, arena);
            assertEquals(0.0, Pages.residentShare(s), "untouched");
            for (long p = 0; p < pages / 2; p++) {
                s.set(ValueLayout.JAVA_BYTE, p * Pages.PAGE_SIZE, (byte) 1);
            }
            assertEquals(0.5, Pages.residentShare(s), "the first half touched: the first 32 runs");
        }
        assertTrue(Double.isNaN(Pages.residentShare(MemorySegment.ofArray(new byte[4096]))), "heap");
        assertTrue(Double.isNaN(Pages.residentShare(MemorySegment.NULL)), "empty");
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
