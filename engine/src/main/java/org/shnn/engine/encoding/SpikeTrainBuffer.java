package org.shnn.engine.encoding;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Objects;
import org.shnn.memory.ring.SpikeRecord;

/**
 * A fixed-capacity off-heap spike train: an array of {@code shnn_spike_record}s ({@link SpikeRecord#LAYOUT},
 * 16 bytes: step int64, neuron int32, spare int32 = 0) filled in arrival order.
 *
 * <pre>
 * segment: | record 0 | record 1 | ... | record size-1 | (unused up to capacity)
 * </pre>
 *
 * <p>Ownership: the segment comes from the allocator given to {@link #allocate} and lives as long as that
 * allocator's arena or pool keeps it; this class never frees it. Thread-safety: none (one writer, then readers
 * after a happens-before edge such as a thread start or join).
 */
public final class SpikeTrainBuffer implements SpikeTrainSink {

    private final MemorySegment segment;
    private final long capacity;
    private long size;

    private SpikeTrainBuffer(MemorySegment segment, long capacity) {
        this.segment = segment;
        this.capacity = capacity;
    }

    /**
     * Allocates room for {@code capacity} spikes ({@code 16 * capacity} bytes, 64-byte aligned).
     *
     * @throws IllegalArgumentException if capacity is below 1
     */
    public static SpikeTrainBuffer allocate(SegmentAllocator allocator, long capacity) {
        Objects.requireNonNull(allocator, "allocator");
        if (capacity < 1 || capacity > Long.MAX_VALUE / SpikeRecord.SIZE) {
            throw new IllegalArgumentException("spike buffer capacity " + capacity + " must be in [1, "
                    + Long.MAX_VALUE / SpikeRecord.SIZE + "]");
        }
        return new SpikeTrainBuffer(allocator.allocate((long) SpikeRecord.SIZE * capacity, 64), capacity);
    }

    /**
     * Appends a spike.
     *
     * @throws IllegalStateException if the buffer is full (naming its capacity)
     */
    @Override
    public void spike(long step, int neuron) {
        if (size == capacity) {
            throw new IllegalStateException("spike buffer full: capacity " + capacity + " spikes, cannot add (step "
                    + step + ", neuron " + neuron + ")");
        }
        SpikeRecord.write(segment, (long) SpikeRecord.SIZE * size++, step, neuron);
    }

    /** Spikes stored. */
    public long size() {
        return size;
    }

    /** Maximum number of spikes. */
    public long capacity() {
        return capacity;
    }

    /** Forgets all spikes (the memory is reused). */
    public void clear() {
        size = 0;
    }

    /**
     * The step of spike {@code i}.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in [0, size)
     */
    public long step(long i) {
        return SpikeRecord.timeStep(segment, offset(i));
    }

    /**
     * The neuron of spike {@code i}.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in [0, size)
     */
    public int neuron(long i) {
        return SpikeRecord.neuronId(segment, offset(i));
    }

    /** Replays the stored spikes in storage order into {@code sink}. */
    public void forEach(SpikeTrainSink sink) {
        Objects.requireNonNull(sink, "sink");
        for (long i = 0, off = 0; i < size; i++, off += SpikeRecord.SIZE) {
            sink.spike(SpikeRecord.timeStep(segment, off), SpikeRecord.neuronId(segment, off));
        }
    }

    /** A view of the filled records ({@code 16 * size()} bytes), valid while the allocator keeps the memory. */
    public MemorySegment segment() {
        return segment.asSlice(0, (long) SpikeRecord.SIZE * size);
    }

    private long offset(long i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("spike index " + i + " out of [0, " + size + ")");
        }
        return (long) SpikeRecord.SIZE * i;
    }
}
