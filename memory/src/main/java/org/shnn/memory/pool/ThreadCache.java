package org.shnn.memory.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One platform thread's free blocks of one pool, a LIFO per size class (up to
 * {@link SizeClasses#cacheCapacity(int)} blocks), and the thread's share of the pool's in-use counters.
 *
 * <p>Thread-safety: only the owner thread touches the block arrays (no lock, no atomic). The counters
 * are written by the owner with opaque stores and read by {@code ArenaPool.stats()} on any thread with
 * opaque loads: never torn, and each reader sees every value at most a little late. {@link #clear()}
 * runs at pool close, when the owner no longer uses the pool.
 */
final class ThreadCache {

    private static final VarHandle IN_USE;
    private static final VarHandle LIVE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IN_USE = lookup.findVarHandle(ThreadCache.class, "inUse", long.class);
            LIVE = lookup.findVarHandle(ThreadCache.class, "live", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Chunk[][] chunks = new Chunk[SizeClasses.COUNT][];
    private final int[][] offsets = new int[SizeClasses.COUNT][];
    private final int[] count = new int[SizeClasses.COUNT];
    private int takenOffset;
    private long inUse;
    private long live;

    ThreadCache() {
        for (int c = 0; c < SizeClasses.COUNT; c++) {
            chunks[c] = new Chunk[SizeClasses.cacheCapacity(c)];
            offsets[c] = new int[SizeClasses.cacheCapacity(c)];
        }
    }

    /** True if no block of {@code sizeClass} is cached. */
    boolean isEmpty(int sizeClass) {
        return count[sizeClass] == 0;
    }

    /** Adds a free block; the caller has made room ({@link #isFull} false). */
    void put(int sizeClass, Chunk chunk, int offset) {
        int n = count[sizeClass];
        chunks[sizeClass][n] = chunk;
        offsets[sizeClass][n] = offset;
        count[sizeClass] = n + 1;
    }

    /** True if no more blocks of {@code sizeClass} fit. */
    boolean isFull(int sizeClass) {
        return count[sizeClass] == chunks[sizeClass].length;
    }

    /**
     * Removes the most recently cached block of {@code sizeClass} (the cache must not be empty) and
     * returns its chunk; its offset is then {@link #takenOffset()}.
     */
    Chunk take(int sizeClass) {
        int n = count[sizeClass] - 1;
        Chunk chunk = chunks[sizeClass][n];
        takenOffset = offsets[sizeClass][n];
        chunks[sizeClass][n] = null;
        count[sizeClass] = n;
        return chunk;
    }

    /** The offset of the block {@link #take} returned last. */
    int takenOffset() {
        return takenOffset;
    }

    /** Moves up to half the capacity (at least one) of {@code sizeClass} from {@code shared}; false if it had none. */
    boolean refillFrom(FreeLists shared, int sizeClass) {
        int want = Math.max(1, chunks[sizeClass].length / 2);
        for (int i = 0; i < want; i++) {
            FreeLists.Node node = shared.pop(sizeClass);
            if (node == null) {
                break;
            }
            put(sizeClass, node.chunk, node.offset);
        }
        return count[sizeClass] > 0;
    }

    /** Moves the older half of {@code sizeClass}'s blocks to {@code shared}. */
    void spillHalf(FreeLists shared, int sizeClass) {
        int n = count[sizeClass];
        int keep = n / 2;
        Chunk[] cs = chunks[sizeClass];
        int[] os = offsets[sizeClass];
        for (int i = 0; i < n - keep; i++) {
            shared.push(sizeClass, cs[i], os[i]);
        }
        System.arraycopy(cs, n - keep, cs, 0, keep);
        System.arraycopy(os, n - keep, os, 0, keep);
        Arrays.fill(cs, keep, n, null);
        count[sizeClass] = keep;
    }

    /** Forgets every cached block (at pool close). */
    void clear() {
        for (int c = 0; c < SizeClasses.COUNT; c++) {
            Arrays.fill(chunks[c], null);
            count[c] = 0;
        }
    }

    /** Counts a segment of {@code bytes} handed out ({@code segments} 1) or given back (-1). */
    void account(long bytes, int segments) {
        IN_USE.setOpaque(this, inUse + bytes); // opaque: stats() readers see a whole, recent value
        LIVE.setOpaque(this, live + segments);  // opaque: idem
    }

    /** This thread's net in-use bytes (negative if it freed more than it allocated). */
    long inUse() {
        return (long) IN_USE.getOpaque(this); // opaque: the owner's latest store, possibly a little late
    }

    /** This thread's net live segments. */
    long live() {
        return (long) LIVE.getOpaque(this); // opaque: idem
    }
}
