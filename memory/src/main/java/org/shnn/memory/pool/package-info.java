/**
 * Pooled off-heap memory with accounting: {@link org.shnn.memory.pool.ArenaPool} hands out
 * {@link java.lang.foreign.MemorySegment}s in power-of-two size classes and reuses freed blocks;
 * {@link org.shnn.memory.pool.OffHeapBudget} counts what every pool reserved from the operating system
 * and enforces a limit ({@code -Dshnn.offheap.limit=8g});
 * {@link org.shnn.memory.pool.LeakReport} lists what was still checked out when a pool closed.
 */
package org.shnn.memory.pool;
