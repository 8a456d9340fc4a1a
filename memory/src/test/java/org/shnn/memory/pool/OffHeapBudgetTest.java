package org.shnn.memory.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OffHeapBudgetTest {

    private static final long MIB = 1L << 20;

    @Test
    void parsesSizesWithBinarySuffixes() {
        assertEquals(123, OffHeapBudget.parseSize("123"));
        assertEquals(64L << 10, OffHeapBudget.parseSize("64k"));
        assertEquals(512L << 20, OffHeapBudget.parseSize("512M"));
        assertEquals(8L << 30, OffHeapBudget.parseSize(" 8g "));
        assertEquals(2L << 40, OffHeapBudget.parseSize("2T"));
        assertEquals(Long.MAX_VALUE, OffHeapBudget.parseSize(Long.toString(Long.MAX_VALUE)));
    }

    @Test
    void rejectsBadSizesNamingTheText() {
        for (String bad : new String[] {"", " ", "g", "abc", "8x", "-1", "1.5g", "8 g", "0x10", "+5"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> OffHeapBudget.parseSize(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("k, m, g or t"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OffHeapBudget.parseSize(null))
                .getMessage().contains("'null'"));
        for (String zero : new String[] {"0", "0g"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> OffHeapBudget.parseSize(zero))
                    .getMessage().contains("zero"));
        }
        for (String huge : new String[] {"99999999999999999999", "9000000000g", "8388608t"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> OffHeapBudget.parseSize(huge))
                    .getMessage().contains("overflows"), huge);
        }
    }

    @Test
    void limitPropertyValueIsParsedOrNamedInTheError() {
        assertEquals(OffHeapBudget.defaultLimit(), OffHeapBudget.limitFromProperty(null));
        assertEquals(8L << 30, OffHeapBudget.limitFromProperty("8g"));
        var e = assertThrows(IllegalArgumentException.class, () -> OffHeapBudget.limitFromProperty("eight"));
        assertTrue(e.getMessage().contains(OffHeapBudget.LIMIT_PROPERTY + "='eight'"), e.getMessage());
    }

    @Test
    void globalIsOneBudgetWithTheConfiguredLimit() {
        OffHeapBudget g = OffHeapBudget.global();
        assertSame(g, OffHeapBudget.global());
        assertEquals("global", g.name());
        assertEquals(OffHeapBudget.limitFromProperty(System.getProperty(OffHeapBudget.LIMIT_PROPERTY)), g.limit());
        assertTrue(g.toString().contains("global"));
    }

    @Test
    void badLimitsAndNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OffHeapBudget.create("x", 0));
        var e = assertThrows(IllegalArgumentException.class, () -> OffHeapBudget.create("x", -5));
        assertTrue(e.getMessage().contains("-5"));
        assertThrows(IllegalArgumentException.class, () -> OffHeapBudget.create(null, 10));
        OffHeapBudget b = OffHeapBudget.create("b", 10 * MIB);
        assertThrows(IllegalArgumentException.class, () -> b.setLimit(0));
        assertEquals(10 * MIB, b.limit());
    }

    @Test
    void childReservationsCountInTheGlobalBudgetAndMustFitUnderItsLimit() {
        OffHeapBudget global = OffHeapBudget.global();
        long originalLimit = global.limit();
        boolean originalGiven = global.limitGiven();
        long before = global.stats().reservedBytes();
        OffHeapBudget child = OffHeapBudget.create("child", OffHeapBudget.UNLIMITED);
        try (ArenaPool pool = ArenaPool.create("under-global", child)) {
            pool.allocate(64);
            assertEquals(ArenaPool.CHUNK_SIZE, child.stats().reservedBytes());
            assertEquals(before + ArenaPool.CHUNK_SIZE, global.stats().reservedBytes());
            global.setLimit(before + ArenaPool.CHUNK_SIZE + MIB);
            var e = assertThrows(OffHeapLimitException.class, () -> pool.allocate(2 * MIB));
            assertTrue(e.getMessage().contains("'global'"), e.getMessage());
            // the child's share of the refused request was rolled back
            assertEquals(ArenaPool.CHUNK_SIZE, child.stats().reservedBytes());
            assertEquals(ArenaPool.CHUNK_SIZE, child.stats().peakReservedBytes()); // the refusal left no peak
            assertEquals(before + ArenaPool.CHUNK_SIZE, global.stats().reservedBytes());
        } finally {
            global.restoreLimit(originalLimit, originalGiven);
        }
        assertEquals(0, child.stats().reservedBytes());
        assertEquals(0, child.stats().inUseBytes());
        assertEquals(before, global.stats().reservedBytes());
    }

    @Test
    void withoutAGivenLimitTheGlobalOneIsTheMachinesMemoryAndWorkBeyondItIsRefusedSayingSo() throws Exception {
        long memTotal = -1;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memTotal = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024; // "MemTotal:  23456 kB"
            }
        }
        long d = OffHeapBudget.defaultLimit();
        assertTrue(d > 0 && d <= memTotal - memTotal / 16, d + " vs MemTotal " + memTotal + " (a container's limit may be lower)");
        long heap = Runtime.getRuntime().maxMemory();
        assertTrue(d + heap <= memTotal - memTotal / 16 || d <= memTotal / 8,
                "the JVM heap at its maximum (" + heap + ") fits beside " + d + ", or the limit is the floor of an eighth");
        OffHeapBudget global = OffHeapBudget.global();
        long originalLimit = global.limit();
        boolean originalGiven = global.limitGiven();
        long before = global.stats().reservedBytes();
        try {
            global.restoreLimit(d, false); // as a JVM without -Dshnn.offheap.limit starts
            try (ArenaPool pool = ArenaPool.create("beyond-memory")) {
                var e = assertThrows(OffHeapLimitException.class, () -> pool.allocate(d + 1));
                assertTrue(e.getMessage().contains("the limit is this machine's physical memory less the JVM heap")
                        && e.getMessage().contains("-D" + OffHeapBudget.LIMIT_PROPERTY), e.getMessage());
                assertEquals(before, global.stats().reservedBytes(), "refused before anything was taken");
            }
            global.setLimit(d);
            assertTrue(global.limitGiven());
            try (ArenaPool pool = ArenaPool.create("beyond-given")) {
                var e = assertThrows(OffHeapLimitException.class, () -> pool.allocate(d + 1));
                assertTrue(e.getMessage().contains("raise it with -D"), e.getMessage());
            }
        } finally {
            global.restoreLimit(originalLimit, originalGiven);
        }
    }

    @Test
    void loweringTheLimitKeepsWhatIsReservedButRefusesMore() {
        OffHeapBudget b = OffHeapBudget.create("shrink", 64 * MIB);
        try (ArenaPool pool = ArenaPool.create("shrinking", b)) {
            var big = pool.allocate(8 * MIB);
            b.setLimit(MIB);
            assertEquals(8 * MIB, b.stats().reservedBytes());
            assertThrows(OffHeapLimitException.class, () -> pool.allocate(2 * MIB));
            pool.free(big);
            assertEquals(0, b.stats().reservedBytes());
            assertEquals(8 * MIB, b.stats().peakReservedBytes());
            assertEquals(8 * MIB, b.stats().peakBytes());
        }
    }
}
