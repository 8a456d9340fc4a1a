package org.shnn.memory.pool;

/**
 * A snapshot of off-heap accounting for one {@link ArenaPool} or one {@link OffHeapBudget}.
 * All sizes are bytes. Under concurrent use the fields are read one after the other, so they need not
 * be mutually consistent to the byte; each one is exact at the moment it was read.
 *
 * @param reservedBytes memory currently taken from the operating system (pool chunks and large
 *     allocations), freed blocks kept for reuse included
 * @param inUseBytes memory currently handed out to callers, counted in whole blocks (a 100-byte
 *     request occupies a 128-byte block)
 * @param peakBytes the highest {@code inUseBytes} seen so far
 * @param peakReservedBytes the highest {@code reservedBytes} seen so far
 * @param liveSegments segments handed out and not yet freed
 */
public record PoolStats(long reservedBytes, long inUseBytes, long peakBytes, long peakReservedBytes, long liveSegments) {

    @Override
    public String toString() {
        return "reserved " + reservedBytes + " B (peak " + peakReservedBytes + " B), in use " + inUseBytes
                + " B (peak " + peakBytes + " B), " + liveSegments + " live segments";
    }
}
