package org.shnn.bench.ring.stress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.shnn.memory.ring.RecordRing;
import org.shnn.memory.ring.SpikeRecord;

/** Helpers of the stress tests: fresh rings in auto-freed memory, and one-record reads as a packed long. */
final class Rings {

    /** No record: the outcome of a poll of an empty ring. */
    static final long NONE = -1;

    private Rings() {
    }

    /** Native memory for a ring, freed by the GC with the test state (jcstress makes many states). */
    static MemorySegment memory(long bytes) {
        return Arena.ofAuto().allocate(bytes, 64);
    }

    /** A spike record whose two fields carry the same value, so a torn record shows as a mismatch. */
    static void put(RecordRing ring, long position, int value) {
        SpikeRecord.write(ring.segment(), ring.recordOffset(position), value, value, value);
    }

    /**
     * Polls one record: {@link #NONE} if the ring is empty, the value if the record is whole, else a negative
     * code below -1 (torn: the fields disagree).
     */
    static long poll(RecordRing ring) {
        long[] out = {NONE};
        ring.drain((s, o) -> {
            long step = SpikeRecord.timeStep(s, o);
            int neuron = SpikeRecord.neuronId(s, o);
            int spare = SpikeRecord.spare(s, o);
            out[0] = step == neuron && neuron == spare ? step : -2;
        }, 1);
        return out[0];
    }
}
