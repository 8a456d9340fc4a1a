/**
 * Off-heap typed arrays with {@code long} indices: flyweights over a {@link java.lang.foreign.MemorySegment}
 * ({@link org.shnn.memory.array.FloatArray}, {@link org.shnn.memory.array.DoubleArray},
 * {@link org.shnn.memory.array.IntArray}, {@link org.shnn.memory.array.LongArray},
 * {@link org.shnn.memory.array.ShortArray}, {@link org.shnn.memory.array.ByteArray}), allocated from any
 * {@link java.lang.foreign.SegmentAllocator} (an {@link org.shnn.memory.pool.ArenaPool}, an
 * {@link java.lang.foreign.Arena}) or wrapped around an existing segment such as a mapped file.
 */
package org.shnn.memory.array;
