/**
 * Lock-free rings of fixed-size records over a caller's {@link java.lang.foreign.MemorySegment}:
 * {@link org.shnn.memory.ring.SpscRing} (one producer, one consumer) and
 * {@link org.shnn.memory.ring.MpscRing} (many producers, one consumer), their memory format
 * {@link org.shnn.memory.ring.RingDescriptor}, the 16-byte {@link org.shnn.memory.ring.SpikeRecord}
 * they carry, and the {@link org.shnn.memory.ring.IdleStrategy idle strategies} for blocking use.
 *
 * <p>All ring state lives in the segment, so a ring in a mapped file can be produced and consumed
 * by different processes (a native host). The segment's owner frees it; a ring never does.
 */
package org.shnn.memory.ring;
