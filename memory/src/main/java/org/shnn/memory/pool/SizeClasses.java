package org.shnn.memory.pool;

/**
 * The pool's size classes: class {@code c} holds blocks of {@code 64 << c} bytes, for c in
 * [0, {@link #COUNT}) (64 B ... 1 MiB), and how many blocks of each class a thread may cache.
 */
final class SizeClasses {

    /** log2 of the smallest block. */
    static final int MIN_SHIFT = Long.numberOfTrailingZeros(ArenaPool.MIN_BLOCK_SIZE);
    /** Number of classes. */
    static final int COUNT = Long.numberOfTrailingZeros(ArenaPool.MAX_BLOCK_SIZE) - MIN_SHIFT + 1;

    /** Blocks of each class a thread may cache: 32 up to 2 KiB, then 64 KiB worth, none from 128 KiB. */
    private static final int[] CACHE_CAPACITY = new int[COUNT];

    static {
        for (int c = 0; c < COUNT; c++) {
            CACHE_CAPACITY[c] = (int) Math.min(32, (64 * 1024) / size(c));
        }
    }

    private SizeClasses() {
    }

    /** The smallest class holding {@code bytes} (in [0, MAX_BLOCK_SIZE]): ceil(log2(bytes)) - 6, at least 0. */
    static int of(long bytes) {
        return Math.max(0, 64 - Long.numberOfLeadingZeros(Math.max(bytes, 1) - 1) - MIN_SHIFT);
    }

    /** Bytes of a block of class {@code c}. */
    static long size(int c) {
        return ArenaPool.MIN_BLOCK_SIZE << c;
    }

    /** Blocks of class {@code c} a thread cache may hold (0: the class is not cached). */
    static int cacheCapacity(int c) {
        return CACHE_CAPACITY[c];
    }
}
