package org.shnn.memory.pool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.shnn.memory.pages.Pages;

/**
 * A pool's chunks: maps each (or takes it from the pool's arena) after the budget granted it, cuts blocks from the
 * newest one by bumping an offset, and finds the chunk that holds an address.
 *
 * <pre>
 *   chunk (4 MiB, page aligned)
 *   +------+------+-------------+--------------------------------+------------------ - -
 *   | 64 B | pad  |    128 B    |  pad  | 4 KiB block (4096-aligned) | bump -&gt;
 *   +------+------+-------------+--------------------------------+------------------ - -
 * </pre>
 * Each block is aligned to {@code min(its size, 4096)}. The padding before a block and the unusable
 * tail of a full chunk are cut into naturally aligned power-of-two blocks and pushed on the free lists,
 * so no byte of a chunk is lost.
 *
 * <p>Thread-safety: {@link #carve} is serialized by this object's lock (it runs only when the free
 * lists are empty); {@link #find} and {@link #all} are lock-free (a sorted copy-on-write array).
 */
final class Chunks {

    private final ArenaPool pool;
    private final Arena arena;
    private final FreeLists free;
    /** Every chunk, sorted by base address; replaced (copy on write) under this object's lock. */
    private volatile Chunk[] sorted = new Chunk[0];
    private Chunk current; // guarded by this: the chunk being cut
    private long bump;     // guarded by this: first uncut byte of current

    /** Chunks of {@code pool}, taken from {@code arena}, with leftovers going to {@code free}. */
    Chunks(ArenaPool pool, Arena arena, FreeLists free) {
        this.pool = pool;
        this.arena = arena;
        this.free = free;
    }

    /**
     * A free block of {@code sizeClass}: one another thread pushed while this one waited for the lock,
     * or a new one cut from the current chunk (taking a new chunk if it is full).
     *
     * @throws OffHeapLimitException if a new chunk is needed and the budget refuses it
     */
    synchronized FreeLists.Node carve(int sizeClass) {
        FreeLists.Node node = free.pop(sizeClass);
        if (node != null) {
            return node;
        }
        long size = SizeClasses.size(sizeClass);
        long alignment = Math.min(size, ArenaPool.PAGE_SIZE);
        long start = (bump + alignment - 1) & -alignment;
        if (current == null || start + size > ArenaPool.CHUNK_SIZE) {
            if (current != null) {
                spill(current, bump, ArenaPool.CHUNK_SIZE);
                current = null;
            }
            current = newChunk(size);
            start = 0;
        } else {
            spill(current, bump, start);
        }
        bump = start + size;
        return new FreeLists.Node(current, (int) start, true); // beyond every block cut before: never written
    }

    /** Pushes [from, to) of {@code chunk} on the free lists as naturally aligned power-of-two blocks. */
    private void spill(Chunk chunk, long from, long to) {
        while (from < to) {
            long size = Math.min(Math.min(from == 0 ? ArenaPool.MAX_BLOCK_SIZE : Long.lowestOneBit(from),
                    Long.highestOneBit(to - from)), ArenaPool.MAX_BLOCK_SIZE);
            free.push(SizeClasses.of(size), chunk, (int) from);
            from += size;
        }
    }

    private Chunk newChunk(long forBlock) {
        pool.reserve(ArenaPool.CHUNK_SIZE, "pool '" + pool.name() + "': a new " + ArenaPool.CHUNK_SIZE
                + "-byte chunk for a " + forBlock + "-byte block");
        MemorySegment segment;
        try {
            // Mapped where Linux lets us (the kernel's zero pages, each faulted in when first written: a block cut
            // fresh is not zeroed again, ArenaPool.allocate), else from the arena: Arena.allocate zeroes all 1,024
            // pages at once, and a paced run's spike recorder, taking a 1 MiB block at its third chunk, stood 2.6 ms
            // at that step (bench/RESULTS.md section 72). Unmapped with the arena.
            segment = Pages.available() ? Pages.mapAnonymous(ArenaPool.CHUNK_SIZE, false, arena)
                    : arena.allocate(ArenaPool.CHUNK_SIZE, ArenaPool.PAGE_SIZE);
        } catch (RuntimeException | OutOfMemoryError e) {
            pool.release(ArenaPool.CHUNK_SIZE);
            throw e;
        }
        Chunk chunk = new Chunk(segment);
        Chunk[] old = sorted;
        int at = 0;
        while (at < old.length && old[at].base < chunk.base) {
            at++;
        }
        Chunk[] next = new Chunk[old.length + 1];
        System.arraycopy(old, 0, next, 0, at);
        next[at] = chunk;
        System.arraycopy(old, at, next, at + 1, old.length - at);
        sorted = next; // volatile write: publishes the chunk before any of its blocks is handed out
        bump = 0;
        return chunk;
    }

    /** The chunk holding {@code address}, or null (binary search). */
    Chunk find(long address) {
        Chunk[] cs = sorted; // volatile read: sees every chunk whose blocks were handed out before
        int lo = 0;
        int hi = cs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Chunk c = cs[mid];
            if (address < c.base) {
                hi = mid - 1;
            } else if (address - c.base >= ArenaPool.CHUNK_SIZE) {
                lo = mid + 1;
            } else {
                return c;
            }
        }
        return null;
    }

    /** Every chunk, lowest address first. */
    Chunk[] all() {
        return sorted; // volatile read
    }

    /** Forgets every chunk (at close, once the arena is closed). */
    synchronized void clear() {
        sorted = new Chunk[0]; // volatile write
        current = null;
    }
}
