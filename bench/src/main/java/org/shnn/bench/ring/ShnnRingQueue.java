package org.shnn.bench.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.shnn.memory.ring.MpscRing;
import org.shnn.memory.ring.RecordHandler;
import org.shnn.memory.ring.RecordRing;
import org.shnn.memory.ring.RingDescriptor;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.SpscRing;

/**
 * SHNN's {@link SpscRing} or {@link MpscRing} carrying 16-byte {@link SpikeRecord}s in a segment of
 * its own shared arena. Two contenders:
 * <ul>
 *   <li>{@code shnn} (in place): a producer claims, writes step and neuron (and the spare word) into
 *       the slot in place, and commits; a batch is one claim and one commit of {@code n} records
 *       written in place. The consumer reads both fields in place through a {@link RecordHandler}
 *       ({@code poll} = drain of one).
 *   <li>{@code shnn-copy} (bulk copy, {@code bulk = true}): a single spike is offered as by
 *       {@code shnn}; a batch is staged in the producer's own reusable off-heap segment (the way an
 *       Agrona user builds a batch message) and offered with one
 *       {@link RecordRing#offer(MemorySegment, long, int)} (one claim, one commit; one or two bulk
 *       copies into an MPSC ring, one copy per record into an SPSC ring, whose slots interleave
 *       commit words). The consumer copies up to {@code limit} records into its own batch segment
 *       ({@link RecordRing#drain(MemorySegment, long, int)}) and reads them there, for single polls
 *       too.
 * </ul>
 * All segments (ring, consumer batch, producers' staging batches) belong to the queue's shared arena
 * and are freed by {@link #close()}.
 */
final class ShnnRingQueue extends SpikeQueue {

    private final Arena arena = Arena.ofShared();
    private final RecordRing ring;
    private final RecordHandler handler;
    private final SpikeSink sink;
    private final boolean bulk;
    private final MemorySegment batch;

    ShnnRingQueue(int capacity, boolean multiProducer, boolean bulk, SpikeSink sink) {
        int size = SpikeRecord.SIZE;
        if (multiProducer) {
            MemorySegment s = arena.allocate(MpscRing.requiredBytes(capacity, size), RingDescriptor.ALIGNMENT);
            ring = MpscRing.create(s, capacity, size);
        } else {
            MemorySegment s = arena.allocate(SpscRing.requiredBytes(capacity, size), RingDescriptor.ALIGNMENT);
            ring = SpscRing.create(s, capacity, size);
        }
        handler = (segment, offset) -> sink.accept(SpikeRecord.timeStep(segment, offset),
                SpikeRecord.neuronId(segment, offset));
        this.sink = sink;
        this.bulk = bulk;
        this.batch = arena.allocate((long) capacity * size, RingDescriptor.ALIGNMENT);
    }

    @Override
    public Producer newProducer() {
        RecordRing r = ring;
        MemorySegment segment = r.segment();
        // The producer's staging batch for bulk offers (thread-safe allocation from the shared arena).
        MemorySegment staging = bulk ? arena.allocate((long) r.capacity() * SpikeRecord.SIZE, RingDescriptor.ALIGNMENT) : null;
        return new Producer() {
            @Override
            public boolean offer(long step, int neuron) {
                long position = r.tryClaim(1);
                if (position < 0) {
                    return false;
                }
                SpikeRecord.write(segment, r.recordOffset(position), step, neuron);
                r.commit(position, 1);
                return true;
            }

            @Override
            public int offerBatch(long step, int firstNeuron, int n) {
                if (staging != null) {
                    for (int i = 0; i < n; i++) {
                        SpikeRecord.write(staging, (long) i * SpikeRecord.SIZE, step, firstNeuron + i);
                    }
                    return r.offer(staging, 0, n); // all or nothing: n, or 0 when full
                }
                long position = r.tryClaim(n);
                if (position < 0) {
                    return 0;
                }
                for (int i = 0; i < n; i++) {
                    SpikeRecord.write(segment, r.recordOffset(position + i), step, firstNeuron + i);
                }
                r.commit(position, n);
                return n;
            }
        };
    }

    @Override
    public boolean poll() {
        return bulk ? drain(1) == 1 : ring.poll(handler);
    }

    @Override
    public int drain(int limit) {
        if (!bulk) {
            return ring.drain(handler, limit);
        }
        int n = ring.drain(batch, 0, Math.min(limit, ring.capacity()));
        for (int i = 0; i < n; i++) {
            long offset = (long) i * SpikeRecord.SIZE;
            sink.accept(SpikeRecord.timeStep(batch, offset), SpikeRecord.neuronId(batch, offset));
        }
        return n;
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
