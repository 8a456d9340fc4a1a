/**
 * Where all big state lives: pooled off-heap arenas with accounting, off-heap typed arrays with
 * {@code long} indices, and lock-free spike ring buffers over {@link java.lang.foreign.MemorySegment}s.
 */
package org.shnn.memory;
