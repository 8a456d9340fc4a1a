package org.shnn.memory.ring;

import java.lang.foreign.MemorySegment;

/**
 * Receives records drained from a ring, in place (a flyweight callback: nothing is copied).
 *
 * <p>Called on the consumer thread only. The record occupies {@code recordSize} bytes of
 * {@code segment} from {@code offset}; it is valid only until the call returns, after which a
 * producer may overwrite the slot. Copy out what must outlive the call.
 */
@FunctionalInterface
public interface RecordHandler {

    /**
     * Handles one record.
     *
     * @param segment the ring's segment (owned by whoever created the ring; do not write to it)
     * @param offset byte offset of the record in {@code segment}, 8-byte aligned
     */
    void onRecord(MemorySegment segment, long offset);
}
