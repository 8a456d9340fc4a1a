package org.shnn.memory.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArenaPoolTest {

    private static final long MIB = 1L << 20;

    private static void assertMessageHas(Throwable t, String... parts) {
        for (String p : parts) {
            assertTrue(t.getMessage().contains(p), () -> "message '" + t.getMessage() + "' lacks '" + p + "'");
        }
    }

    private static boolean allZero(MemorySegment s) {
        return s.asByteBuffer().mismatch(MemorySegment.ofArray(new byte[(int) s.byteSize()]).asByteBuffer()) == -1;
    }

    @Test
    void defaultAllocationIsExactSizeZeroedAndCacheLineAligned() {
        try (ArenaPool pool = ArenaPool.create("defaults")) {
            for (long size : new long[] {0, 1, 7, 64, 65, 100, 4095, 4096, 5000, 65536, MIB - 1, MIB}) {
                MemorySegment s = pool.allocate(size);
                assertEquals(size, s.byteSize());
                assertEquals(0, s.address() % 64, "size " + size);
                assertTrue(allZero(s), "size " + size);
                pool.free(s);
            }
        }
    }

    @Test
    void pageAlignedAndExplicitAlignmentsAreHonoured() {
        try (ArenaPool pool = ArenaPool.create("align")) {
            pool.allocate(64); // put the bump pointer off a page boundary first
            MemorySegment page = pool.allocatePageAligned(100);
            assertEquals(0, page.address() % 4096);
            for (long alignment : new long[] {1, 2, 8, 64, 128, 1024, 2048, 4096, 8192, 1L << 16}) {
                MemorySegment s = pool.allocate(96, alignment);
                assertEquals(0, s.address() % alignment, "alignment " + alignment);
                assertEquals(96, s.byteSize());
            }
            MemorySegment bigPage = pool.allocatePageAligned(3 * MIB);
            assertEquals(0, bigPage.address() % 4096);
        }
    }

    @Test
    void freedBlockIsReusedAndZeroedAgain() {
        try (ArenaPool pool = ArenaPool.create("reuse")) {
            MemorySegment a = pool.allocate(100);
            a.fill((byte) 0x5A);
            long address = a.address();
            pool.free(a);
            MemorySegment b = pool.allocate(120); // same 128-byte class
            assertEquals(address, b.address());
            assertTrue(allZero(b));
            pool.free(b);
            assertEquals(1, pool.stats().reservedBytes() / ArenaPool.CHUNK_SIZE);
        }
    }

    @Test
    void blocksOfAllClassesDoNotOverlap() {
        try (ArenaPool pool = ArenaPool.create("overlap")) {
            List<MemorySegment> live = new ArrayList<>();
            long[] sizes = {64, 4096, 64, 1 << 20, 128, 300, 1 << 19, 64, 70_000, 2048, 1 << 20, 1 << 20, 1 << 20, 64};
            for (int i = 0; i < sizes.length; i++) {
                MemorySegment s = pool.allocate(sizes[i]);
                s.fill((byte) (i + 1));
                live.add(s);
            }
            for (int i = 0; i < live.size(); i++) {
                MemorySegment s = live.get(i);
                byte[] want = new byte[(int) s.byteSize()];
                java.util.Arrays.fill(want, (byte) (i + 1));
                assertEquals(-1, s.mismatch(MemorySegment.ofArray(want)), "segment " + i + " was overwritten");
            }
            live.forEach(pool::free);
            assertEquals(0, pool.stats().inUseBytes());
        }
    }

    @Test
    void paddingAndChunkTailsAreReusedNotWasted() {
        try (ArenaPool pool = ArenaPool.create("spill")) {
            MemorySegment small = pool.allocate(64);          // chunk offset 0
            MemorySegment page = pool.allocate(4096);         // offset 4096; [64, 4096) goes to the free lists
            long base = small.address();
            assertEquals(base + 4096, page.address());
            assertEquals(base + 2048, pool.allocate(2048).address());
            assertEquals(base + 128, pool.allocate(100).address());
            assertEquals(base + 64, pool.allocate(64).address());
            List<MemorySegment> megs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                megs.add(pool.allocate(MIB)); // the fourth does not fit: the tail is spilled, a chunk taken
            }
            assertEquals(2 * ArenaPool.CHUNK_SIZE, pool.stats().reservedBytes());
            assertTrue(megs.get(3).address() - base >= ArenaPool.CHUNK_SIZE || megs.get(3).address() < base);
            MemorySegment fromTail = pool.allocate(MIB / 2); // the first chunk's spilled tail
            long offset = fromTail.address() - base;
            assertTrue(offset > 8192 + 3 * MIB && offset < ArenaPool.CHUNK_SIZE, "offset " + offset);
            assertEquals(2 * ArenaPool.CHUNK_SIZE, pool.stats().reservedBytes());
            assertEquals(10, pool.closeAndReport().liveSegments()); // 5 small, 4 x 1 MiB, 1 from the tail
        }
    }

    @Test
    void manyBlocksSpanSeveralChunks() {
        try (ArenaPool pool = ArenaPool.create("chunks")) {
            List<MemorySegment> live = new ArrayList<>();
            for (int i = 0; i < 200; i++) { // 200 x 64 KiB = 12.5 MiB -> 4 chunks
                live.add(pool.allocate(64 * 1024));
            }
            assertEquals(4 * ArenaPool.CHUNK_SIZE, pool.stats().reservedBytes());
            assertEquals(200, live.stream().mapToLong(MemorySegment::address).distinct().count());
            live.forEach(pool::free);
            pool.closeAndReport().assertClean();
        }
    }

    @Test
    void largeRequestsGetTheirOwnAllocationReturnedOnFree() {
        try (ArenaPool pool = ArenaPool.create("large")) {
            MemorySegment big = pool.allocate(3 * MIB + 5);
            assertEquals(3 * MIB + 5, big.byteSize());
            assertEquals(0, big.address() % 64);
            assertTrue(allZero(big));
            PoolStats s = pool.stats();
            assertEquals(3 * MIB + 5, s.reservedBytes());
            assertEquals(3 * MIB + 5, s.inUseBytes());
            assertEquals(1, s.liveSegments());
            pool.free(big);
            assertEquals(0, pool.stats().reservedBytes());
            assertThrows(IllegalStateException.class, () -> big.get(ValueLayout.JAVA_BYTE, 0)); // its arena is closed
            assertEquals(3 * MIB + 5, pool.stats().peakReservedBytes());
        }
    }

    @Test
    void statsCountBlocksAtClassSize() {
        try (ArenaPool pool = ArenaPool.create("stats")) {
            MemorySegment a = pool.allocate(100);
            MemorySegment b = pool.allocate(5000);
            PoolStats s = pool.stats();
            assertEquals(ArenaPool.CHUNK_SIZE, s.reservedBytes());
            assertEquals(128 + 8192, s.inUseBytes());
            assertEquals(2, s.liveSegments());
            pool.free(a);
            s = pool.stats();
            assertEquals(8192, s.inUseBytes());
            assertEquals(128 + 8192, s.peakBytes());
            assertEquals(1, s.liveSegments());
            pool.free(b);
            assertEquals(0, pool.stats().liveSegments());
            assertTrue(pool.toString().contains("stats"));
        }
    }

    @Test
    void countersStayExactAcrossThreadsAndOnVirtualThreads() throws InterruptedException {
        try (ArenaPool pool = ArenaPool.create("threads")) {
            MemorySegment[] fromOther = new MemorySegment[3];
            Thread t = Thread.ofPlatform().start(() -> {
                fromOther[0] = pool.allocate(64);
                fromOther[1] = pool.allocate(200_000); // a class no thread caches
                fromOther[2] = pool.allocate(2 * MIB);
            });
            t.join();
            assertEquals(64 + 256 * 1024 + 2 * MIB, pool.stats().inUseBytes());
            assertEquals(3, pool.stats().liveSegments());
            for (MemorySegment s : fromOther) {
                pool.free(s); // freed by another thread than the one that allocated
            }
            MemorySegment[] fromVirtual = new MemorySegment[1];
            Thread v = Thread.ofVirtual().start(() -> fromVirtual[0] = pool.allocate(100));
            v.join();
            assertEquals(128, pool.stats().inUseBytes());
            assertEquals(1, pool.stats().liveSegments());
            Thread.ofVirtual().start(() -> pool.free(fromVirtual[0])).join();
            PoolStats s = pool.stats();
            assertEquals(0, s.inUseBytes());
            assertEquals(0, s.liveSegments());
            assertEquals(64 + 256 * 1024 + 2 * MIB, s.peakBytes());
            pool.closeAndReport().assertClean();
        }
    }

    @Test
    void globalBudgetCountsEveryPool() {
        OffHeapBudget global = OffHeapBudget.global();
        long before = global.stats().reservedBytes();
        long liveBefore = global.stats().liveSegments();
        ArenaPool p1 = ArenaPool.create("g1");
        ArenaPool p2 = ArenaPool.create("g2", OffHeapBudget.create("child", 64 * MIB));
        p1.allocate(64);
        p2.allocate(2 * MIB);
        assertEquals(before + ArenaPool.CHUNK_SIZE + 2 * MIB, global.stats().reservedBytes());
        assertEquals(liveBefore + 2, global.stats().liveSegments());
        assertTrue(global.stats().peakReservedBytes() >= before + ArenaPool.CHUNK_SIZE + 2 * MIB);
        assertEquals(1, p1.closeAndReport().liveSegments());
        assertEquals(1, p2.closeAndReport().liveSegments());
        assertEquals(before, global.stats().reservedBytes());
        assertEquals(liveBefore, global.stats().liveSegments());
    }

    @Test
    void requestPastTheLimitThrowsAndTakesNothing() {
        OffHeapBudget budget = OffHeapBudget.create("small", 6 * MIB);
        try (ArenaPool pool = ArenaPool.create("limited", budget)) {
            MemorySegment a = pool.allocate(64); // one 4 MiB chunk
            OffHeapLimitException e = assertThrows(OffHeapLimitException.class, () -> pool.allocate(3 * MIB));
            assertMessageHas(e, "limited", "3145728", "6291456", "in use 64", "small");
            assertEquals(3 * MIB, e.requestedBytes());
            assertEquals(6 * MIB, e.limitBytes());
            assertEquals(64, e.inUseBytes());
            assertEquals(ArenaPool.CHUNK_SIZE, e.reservedBytes());
            assertEquals(ArenaPool.CHUNK_SIZE, pool.stats().reservedBytes());
            assertEquals(ArenaPool.CHUNK_SIZE, budget.stats().reservedBytes());
            budget.setLimit(8 * MIB);
            MemorySegment b = pool.allocate(3 * MIB);
            pool.free(a);
            pool.free(b);
        }
        assertEquals(0, budget.stats().reservedBytes());
    }

    @Test
    void freeOfForeignSegmentsIsRefusedWithAddressAndSize() {
        try (ArenaPool pool = ArenaPool.create("foreign"); ArenaPool other = ArenaPool.create("other");
             Arena arena = Arena.ofConfined()) {
            MemorySegment mine = pool.allocate(256);
            MemorySegment fromArena = arena.allocate(256, 64);
            var e = assertThrows(IllegalArgumentException.class, () -> pool.free(fromArena));
            assertMessageHas(e, "0x" + Long.toHexString(fromArena.address()), "256 bytes", "foreign");
            MemorySegment fromOther = other.allocate(256);
            assertThrows(IllegalArgumentException.class, () -> pool.free(fromOther));
            assertThrows(IllegalArgumentException.class, () -> pool.free(MemorySegment.ofArray(new byte[64])));
            assertThrows(IllegalArgumentException.class, () -> pool.free(null));
            var interior = assertThrows(IllegalArgumentException.class, () -> pool.free(mine.asSlice(64)));
            assertMessageHas(interior, "not the start of a block");
            var inside = assertThrows(IllegalArgumentException.class, () -> pool.free(mine.asSlice(1)));
            assertMessageHas(inside, "block boundary");
            var tooBig = assertThrows(IllegalArgumentException.class, () -> pool.free(mine.reinterpret(257)));
            assertMessageHas(tooBig, "holds only 256 bytes");
            MemorySegment large = pool.allocate(2 * MIB);
            assertThrows(IllegalArgumentException.class, () -> pool.free(large.asSlice(64)));
            assertEquals(2, pool.stats().liveSegments()); // nothing was freed by the refused calls
            pool.free(mine);
            pool.free(large);
            other.free(fromOther);
        }
    }

    @Test
    void doubleFreeIsRefusedWithAddressAndSize() {
        try (ArenaPool pool = ArenaPool.create("double")) {
            MemorySegment s = pool.allocate(512);
            pool.free(s);
            var e = assertThrows(IllegalArgumentException.class, () -> pool.free(s));
            assertMessageHas(e, "0x" + Long.toHexString(s.address()), "512 bytes", "already freed");
            MemorySegment large = pool.allocate(2 * MIB);
            pool.free(large);
            var l = assertThrows(IllegalArgumentException.class, () -> pool.free(large));
            assertMessageHas(l, "0x" + Long.toHexString(large.address()), (2 * MIB) + " bytes");
            assertEquals(0, pool.stats().liveSegments());
        }
    }

    @Test
    void badArgumentsNameTheValue() {
        try (ArenaPool pool = ArenaPool.create("args")) {
            assertMessageHas(assertThrows(IllegalArgumentException.class, () -> pool.allocate(-1)), "-1", ">= 0");
            assertMessageHas(assertThrows(IllegalArgumentException.class, () -> pool.allocatePageAligned(-8)), "-8");
            for (long alignment : new long[] {0, -64, 3, 96}) {
                assertMessageHas(assertThrows(IllegalArgumentException.class, () -> pool.allocate(64, alignment)),
                        "alignment " + alignment, "power of two");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ArenaPool.create(null));
        assertThrows(IllegalArgumentException.class, () -> ArenaPool.create("x", null));
    }

    @Test
    void useAfterCloseThrowsIllegalState() {
        ArenaPool pool = ArenaPool.create("closed");
        MemorySegment s = pool.allocate(64);
        MemorySegment large = pool.allocate(2 * MIB);
        pool.free(s);
        pool.free(large);
        pool.close();
        assertTrue(pool.isClosed());
        assertMessageHas(assertThrows(IllegalStateException.class, () -> pool.allocate(64)), "closed", "'closed'");
        assertThrows(IllegalStateException.class, () -> pool.allocatePageAligned(64));
        assertThrows(IllegalStateException.class, () -> pool.free(s));
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals(0, pool.stats().reservedBytes());
        pool.close(); // idempotent
        assertTrue(pool.closeAndReport().isClean());
    }

    @Test
    void closeReportsLeaksAndFreesThem() {
        ArenaPool pool = ArenaPool.create("leaky");
        MemorySegment a = pool.allocate(100);
        pool.allocate(1000);
        MemorySegment large = pool.allocate(2 * MIB);
        pool.free(pool.allocate(64));
        LeakReport report = pool.closeAndReport();
        assertFalse(report.isClean());
        assertEquals(3, report.liveSegments());
        assertEquals(128 + 1024 + 2 * MIB, report.liveBytes());
        assertEquals(3, report.examples().size());
        assertTrue(report.examples().contains("0x" + Long.toHexString(a.address()) + " (128 B)"), report::toString);
        assertTrue(report.examples().contains("0x" + Long.toHexString(large.address()) + " (" + 2 * MIB + " B)"));
        var e = assertThrows(IllegalStateException.class, report::assertClean);
        assertMessageHas(e, "leaky", "3 live segments", (128 + 1024 + 2 * MIB) + " bytes");
        assertEquals(report, pool.closeAndReport());
        assertThrows(IllegalStateException.class, () -> a.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> large.get(ValueLayout.JAVA_BYTE, 0));
        PoolStats after = pool.stats();
        assertEquals(0, after.reservedBytes());
        assertEquals(0, after.inUseBytes());
        assertEquals(0, after.liveSegments());
    }

    @Test
    void segmentAllocatorDefaultsWork() {
        try (ArenaPool pool = ArenaPool.create("allocator")) {
            MemorySegment ints = pool.allocateFrom(ValueLayout.JAVA_INT, 1, 2, 3);
            assertEquals(12, ints.byteSize());
            assertEquals(3, ints.getAtIndex(ValueLayout.JAVA_INT, 2));
            MemorySegment str = pool.allocateFrom("spike");
            assertEquals("spike", str.getString(0));
            assertNotEquals(ints.address(), str.address());
            pool.free(ints);
            pool.free(str);
            pool.closeAndReport().assertClean();
        }
    }
}
