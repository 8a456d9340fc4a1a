package org.shnn.memory.pool;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@value ArenaPool#CHUNK_SIZE}-byte piece of a pool's arena, cut into blocks, and its block table:
 * one byte per 64-byte unit, {@code 1 + size class} where a live (handed-out) block starts, else 0.
 * The table is on the heap (64 KiB per chunk) so that no pool metadata sits in memory callers write.
 *
 * <p>Thread-safety: table entries are read and written with the orderings noted at each method; a
 * block's entry is written by one thread at a time except in {@link #markFree}, where racing frees
 * are resolved by compare-and-set.
 */
final class Chunk {

    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(byte[].class);

    /** The chunk's memory; blocks are slices of it and share the pool arena's lifetime. */
    final MemorySegment segment;
    /** Address of the first byte. */
    final long base;
    private final byte[] state = new byte[(int) (ArenaPool.CHUNK_SIZE >>> SizeClasses.MIN_SHIFT)];

    Chunk(MemorySegment segment) {
        this.segment = segment;
        this.base = segment.address();
    }

    /** Marks the block of {@code sizeClass} at {@code offset} live (handed out). */
    void markLive(int offset, int sizeClass) {
        // release: the entry is set before the block can reach another thread (which needs its own
        // synchronization with the allocating thread to get the segment); markFree's CAS then sees it.
        STATE.setRelease(state, offset >>> SizeClasses.MIN_SHIFT, (byte) (sizeClass + 1));
    }

    /** The size class of the live block starting at {@code offset} (a multiple of 64), or -1 if none does. */
    int liveClass(long offset) {
        return (byte) STATE.getVolatile(state, (int) (offset >>> SizeClasses.MIN_SHIFT)) - 1; // volatile: the latest owner state
    }

    /**
     * Marks the live block of {@code sizeClass} at {@code offset} free; false if another thread freed
     * it first.
     */
    boolean markFree(long offset, int sizeClass) {
        // CAS: exactly one of two racing frees of the same block wins.
        return STATE.compareAndSet(state, (int) (offset >>> SizeClasses.MIN_SHIFT), (byte) (sizeClass + 1), (byte) 0);
    }
}
