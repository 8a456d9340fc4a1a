package org.shnn.memory.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The pool's package-private parts on their own: size classes, chunk table, free lists, thread cache, chunk cutting. */
class PoolPartsTest {

    private static final long MIB = 1L << 20;

    @Test
    void sizeClassesRoundUpToPowersOfTwoFrom64Bytes() {
        assertEquals(15, SizeClasses.COUNT);
        assertEquals(0, SizeClasses.of(0));
        assertEquals(0, SizeClasses.of(1));
        assertEquals(0, SizeClasses.of(64));
        assertEquals(1, SizeClasses.of(65));
        assertEquals(6, SizeClasses.of(4096));
        assertEquals(7, SizeClasses.of(4097));
        assertEquals(14, SizeClasses.of(MIB));
        for (int c = 0; c < SizeClasses.COUNT; c++) {
            assertEquals(c, SizeClasses.of(SizeClasses.size(c)));
            if (c + 1 < SizeClasses.COUNT) {
                assertEquals(c + 1, SizeClasses.of(SizeClasses.size(c) + 1));
            }
        }
        assertEquals(32, SizeClasses.cacheCapacity(SizeClasses.of(64)));
        assertEquals(32, SizeClasses.cacheCapacity(SizeClasses.of(2048)));
        assertEquals(16, SizeClasses.cacheCapacity(SizeClasses.of(4096)));
        assertEquals(1, SizeClasses.cacheCapacity(SizeClasses.of(65536)));
        assertEquals(0, SizeClasses.cacheCapacity(SizeClasses.of(131072)));
    }

    @Test
    void chunkTableTracksLiveBlocksAndLetsOneFreeWin() {
        try (Arena arena = Arena.ofConfined()) {
            Chunk chunk = new Chunk(arena.allocate(ArenaPool.CHUNK_SIZE, 4096));
            assertEquals(-1, chunk.liveClass(0));
            chunk.markLive(128, 1);
            assertEquals(1, chunk.liveClass(128));
            assertEquals(-1, chunk.liveClass(192)); // inside the block, not its start
            assertFalse(chunk.markFree(128, 2));    // wrong class
            assertTrue(chunk.markFree(128, 1));
            assertFalse(chunk.markFree(128, 1));    // second free loses
            assertEquals(-1, chunk.liveClass(128));
            chunk.markLive((int) (ArenaPool.CHUNK_SIZE - 64), 0);
            assertEquals(0, chunk.liveClass(ArenaPool.CHUNK_SIZE - 64));
        }
    }

    @Test
    void freeListsAreLifoPerClass() {
        try (Arena arena = Arena.ofConfined()) {
            Chunk chunk = new Chunk(arena.allocate(ArenaPool.CHUNK_SIZE, 4096));
            FreeLists lists = new FreeLists();
            assertNull(lists.pop(0));
            lists.push(0, chunk, 0);
            lists.push(0, chunk, 64);
            lists.push(3, chunk, 512);
            assertEquals(64, lists.pop(0).offset);
            assertEquals(0, lists.pop(0).offset);
            assertNull(lists.pop(0));
            FreeLists.Node n = lists.pop(3);
            assertSame(chunk, n.chunk);
            assertEquals(512, n.offset);
        }
    }

    @Test
    void freeListsHandEachBlockToExactlyOneOfTwoRacingThreads() {
        Chunk chunk = new Chunk(MemorySegment.ofAddress(1L << 20)); // the lists never touch block memory
        FreeLists lists = new FreeLists();
        int blocks = 100_000;
        Set<Integer> popped = ConcurrentHashMap.newKeySet();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Thread[] ts = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int id = t;
                ts[t] = Thread.ofPlatform().start(() -> {
                    for (int i = id; i < blocks; i += 2) {
                        lists.push(0, chunk, i);
                        FreeLists.Node node = lists.pop(0); // pop one back: churns the head from both threads
                        assertNotNull(node);
                        lists.push(0, node.chunk, node.offset);
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
        });
        for (FreeLists.Node n; (n = lists.pop(0)) != null; ) {
            assertTrue(popped.add(n.offset), "offset " + n.offset + " popped twice");
        }
        assertEquals(blocks, popped.size());
    }

    @Test
    void threadCacheIsLifoSpillsHalfAndRefillsHalf() {
        try (Arena arena = Arena.ofConfined()) {
            Chunk chunk = new Chunk(arena.allocate(ArenaPool.CHUNK_SIZE, 4096));
            FreeLists shared = new FreeLists();
            ThreadCache cache = new ThreadCache();
            int c = SizeClasses.of(4096); // capacity 16
            assertTrue(cache.isEmpty(c));
            for (int i = 0; i < 16; i++) {
                cache.put(c, chunk, i * 4096);
            }
            assertTrue(cache.isFull(c));
            cache.spillHalf(shared, c); // the 8 oldest (offsets 0..7 pages) go to the shared list
            assertFalse(cache.isFull(c));
            assertSame(chunk, cache.take(c));
            assertEquals(15 * 4096, cache.takenOffset());
            Set<Integer> spilled = new HashSet<>();
            for (FreeLists.Node n; (n = shared.pop(c)) != null; ) {
                spilled.add(n.offset / 4096);
            }
            assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), spilled);
            for (int i = 0; i < 20; i++) {
                shared.push(c, chunk, i * 4096);
            }
            ThreadCache fresh = new ThreadCache();
            assertTrue(fresh.refillFrom(shared, c));
            int taken = 0;
            while (!fresh.isEmpty(c)) {
                fresh.take(c);
                taken++;
            }
            assertEquals(8, taken); // half the capacity
            ThreadCache empty = new ThreadCache();
            assertFalse(empty.refillFrom(new FreeLists(), c));
            cache.clear();
            assertTrue(cache.isEmpty(c));
        }
    }

    @Test
    void threadCacheCountersAreNetPerThread() {
        ThreadCache cache = new ThreadCache();
        cache.account(128, 1);
        cache.account(4096, 1);
        cache.account(-128, -1);
        assertEquals(4096, cache.inUse());
        assertEquals(1, cache.live());
        cache.account(-8192, -2); // frees of blocks other threads allocated
        assertEquals(-4096, cache.inUse());
        assertEquals(-1, cache.live());
    }

    @Test
    void chunksCutAlignedBlocksSpillPaddingAndFindAddresses() {
        try (ArenaPool accounting = ArenaPool.create("chunks-test"); Arena arena = Arena.ofShared()) {
            FreeLists free = new FreeLists();
            Chunks chunks = new Chunks(accounting, arena, free);
            assertNull(chunks.find(12345));
            FreeLists.Node a = chunks.carve(0);
            FreeLists.Node b = chunks.carve(SizeClasses.of(4096));
            assertSame(a.chunk, b.chunk);
            assertEquals(0, a.offset);
            assertEquals(4096, b.offset);
            assertEquals(0, b.chunk.base % 4096);
            assertEquals(2048, free.pop(SizeClasses.of(2048)).offset); // padding [64, 4096) was spilled
            assertEquals(64, free.pop(0).offset);
            assertSame(a.chunk, chunks.find(a.chunk.base + ArenaPool.CHUNK_SIZE - 1));
            assertNull(chunks.find(a.chunk.base + ArenaPool.CHUNK_SIZE));
            assertNull(chunks.find(a.chunk.base - 1));
            for (int i = 0; i < 4; i++) {
                chunks.carve(SizeClasses.of(MIB));
            }
            assertEquals(2, chunks.all().length);
            assertTrue(chunks.all()[0].base < chunks.all()[1].base);
            assertEquals(2 * ArenaPool.CHUNK_SIZE, accounting.stats().reservedBytes());
            chunks.clear();
            assertEquals(0, chunks.all().length);
        }
    }

    @Test
    void chunksRefusedByTheBudgetTakeNothing() {
        OffHeapBudget budget = OffHeapBudget.create("tiny", MIB);
        try (ArenaPool accounting = ArenaPool.create("refused", budget); Arena arena = Arena.ofShared()) {
            Chunks chunks = new Chunks(accounting, arena, new FreeLists());
            var e = assertThrows(OffHeapLimitException.class, () -> chunks.carve(0));
            assertTrue(e.getMessage().contains("chunk for a 64-byte block"), e.getMessage());
            assertEquals(0, chunks.all().length);
            assertEquals(0, budget.stats().reservedBytes());
        }
    }
}
