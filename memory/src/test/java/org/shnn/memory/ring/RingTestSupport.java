package org.shnn.memory.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Shared helpers of the ring tests: aligned segments and a replayable seed. */
final class RingTestSupport {

    /** Seed of every random test; replay a failure with {@code -Dshnn.test.seed=<seed>}. */
    static final long SEED = Long.getLong("shnn.test.seed", System.nanoTime());

    private RingTestSupport() {
    }

    static MemorySegment allocate(Arena arena, long bytes) {
        return arena.allocate(bytes, RingDescriptor.ALIGNMENT);
    }

    static SpscRing spsc(Arena arena, int capacity, int recordSize) {
        return SpscRing.create(allocate(arena, SpscRing.requiredBytes(capacity, recordSize)), capacity, recordSize);
    }

    static MpscRing mpsc(Arena arena, int capacity, int recordSize) {
        return MpscRing.create(allocate(arena, MpscRing.requiredBytes(capacity, recordSize)), capacity, recordSize);
    }

    /** Offers one spike through claim/commit; returns false on back-pressure. */
    static boolean offerSpike(RecordRing ring, long timeStep, int neuronId) {
        long position = ring.tryClaim(1);
        if (position < 0) {
            return false;
        }
        SpikeRecord.write(ring.segment(), ring.recordOffset(position), timeStep, neuronId);
        ring.commit(position, 1);
        return true;
    }
}
