package org.shnn.memory.pool;

import java.util.List;

/**
 * What was still checked out of an {@link ArenaPool} when it closed. Closing frees that memory anyway
 * (the segments become inaccessible); the report says which owner forgot to give it back.
 *
 * @param poolName the pool's name
 * @param liveSegments segments not freed before close
 * @param liveBytes their size in bytes, counted in whole blocks like {@link PoolStats#inUseBytes()}
 * @param examples up to {@value #MAX_EXAMPLES} of them as {@code "0x<address> (<bytes> B)"}, lowest
 *     address first within each kind (pooled blocks, then large allocations)
 */
public record LeakReport(String poolName, long liveSegments, long liveBytes, List<String> examples) {

    /** How many leaked segments a report names individually. */
    public static final int MAX_EXAMPLES = 8;

    /** Copies {@code examples}. */
    public LeakReport {
        examples = List.copyOf(examples);
    }

    /** True if nothing was leaked. */
    public boolean isClean() {
        return liveSegments == 0;
    }

    /**
     * Throws if anything leaked; tests call this after closing a pool.
     *
     * @throws IllegalStateException naming the pool, the count, the bytes and some addresses
     */
    public void assertClean() {
        if (!isClean()) {
            throw new IllegalStateException(toString());
        }
    }

    @Override
    public String toString() {
        return isClean()
                ? "pool '" + poolName + "': no leaks"
                : "pool '" + poolName + "' closed with " + liveSegments + " live segments (" + liveBytes
                        + " bytes) never freed, e.g. " + examples;
    }
}
