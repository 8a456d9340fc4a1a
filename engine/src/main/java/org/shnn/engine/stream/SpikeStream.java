package org.shnn.engine.stream;

import static org.shnn.layouts.stream.SpikeStreamLayout.CONSUMER_LOCK_VH;
import static org.shnn.layouts.stream.SpikeStreamLayout.CONSUMER_STEP_VH;
import static org.shnn.layouts.stream.SpikeStreamLayout.DROPPED_VH;
import static org.shnn.layouts.stream.SpikeStreamLayout.MAGIC_OFFSET;
import static org.shnn.layouts.stream.SpikeStreamLayout.MAGIC_VH;
import static org.shnn.layouts.stream.SpikeStreamLayout.POLICY_OFFSET;
import static org.shnn.layouts.stream.SpikeStreamLayout.POLICY_VH;
import static org.shnn.layouts.stream.SpikeStreamLayout.RING_OFFSET;
import static org.shnn.layouts.stream.SpikeStreamLayout.VERSION_OFFSET;
import static org.shnn.layouts.stream.SpikeStreamLayout.VERSION_VH;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.shnn.layouts.stream.SpikeStreamLayout;
import org.shnn.memory.ring.IdleStrategy;
import org.shnn.memory.ring.MpscRing;
import org.shnn.memory.ring.RecordHandler;
import org.shnn.memory.ring.RecordRing;
import org.shnn.memory.ring.RingDescriptor;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.SpscRing;

/**
 * A live spike stream: a {@link SpikeStreamLayout stream header} and an SPSC or MPSC ring of 16-byte
 * {@link SpikeRecord}s (step, global neuron id, spare), over a caller's segment (a flyweight: all state is in
 * the segment, so an in-process stream and one in a mapped file another process uses behave alike).
 *
 * <p>Producers call {@link #put}, which applies the stream's {@link StreamPolicy} when the ring is full;
 * the consumer calls {@link #drain}. Under {@link StreamPolicy#DROP_OLDEST} a producer that finds the ring
 * full takes the consumer's role for one record under the header's consumer lock, so {@link #drain} takes
 * that lock too (one uncontended compare-and-set per drain).
 *
 * <p>Ownership: the segment's owner frees it ({@link MappedSpikeStream} for a file, the caller's arena for
 * {@link #allocate}); the stream never does. Thread-safety: as the ring's kind (one producer thread for
 * SPSC, any number for MPSC; one consumer thread at a time); {@link #dropped()}, {@link #consumerStep()}
 * and {@link #size()} from anywhere.
 */
public final class SpikeStream {

    private final MemorySegment segment;
    private final RecordRing ring;
    private final StreamPolicy policy;
    private final String name;

    private SpikeStream(MemorySegment segment, RecordRing ring, StreamPolicy policy, String name) {
        this.segment = segment;
        this.ring = ring;
        this.policy = policy;
        this.name = name;
    }

    /**
     * Bytes a stream needs: the 512-byte stream header and the ring.
     *
     * @param manyProducers an MPSC ring (any number of producer threads or processes) rather than SPSC
     * @param capacity records, a power of two in [1, 2^30]
     * @throws IllegalArgumentException for a bad capacity, naming value and bound
     */
    public static long requiredBytes(boolean manyProducers, int capacity) {
        int kind = manyProducers ? RingDescriptor.KIND_MPSC : RingDescriptor.KIND_SPSC;
        return RING_OFFSET + RingDescriptor.requiredBytes(kind, capacity, SpikeRecord.SIZE);
    }

    /**
     * Formats a new, empty stream at the start of {@code segment}; the magic is stored last with release,
     * so a process that sees it (with acquire) sees a complete header and ring.
     *
     * @param segment native, 64-byte aligned, at least {@link #requiredBytes} bytes; the caller keeps owning it
     * @param name how errors name the stream (a path, or a description of an in-process stream)
     * @throws IllegalArgumentException for a bad capacity or segment, naming value and bound
     */
    public static SpikeStream create(MemorySegment segment, boolean manyProducers, int capacity, StreamPolicy policy,
            String name) {
        long required = requiredBytes(manyProducers, capacity);
        if (segment.byteSize() < required) {
            throw new IllegalArgumentException("spike stream " + name + ": segment of " + segment.byteSize()
                    + " bytes is smaller than the " + required + " bytes a stream of " + capacity + " records needs");
        }
        MAGIC_VH.setVolatile(segment, 0L, 0L); // volatile: hides the stream from wrap() while it is rebuilt
        segment.asSlice(0, RING_OFFSET).fill((byte) 0);
        VERSION_VH.set(segment, 0L, SpikeStreamLayout.VERSION);
        POLICY_VH.set(segment, 0L, policy.code());
        CONSUMER_STEP_VH.set(segment, 0L, -1L);
        MemorySegment body = segment.asSlice(RING_OFFSET, required - RING_OFFSET);
        RecordRing ring = manyProducers ? MpscRing.create(body, capacity, SpikeRecord.SIZE)
                : SpscRing.create(body, capacity, SpikeRecord.SIZE);
        MAGIC_VH.setRelease(segment, 0L, SpikeStreamLayout.MAGIC); // release: publishes the header and ring above
        return new SpikeStream(segment, ring, policy, name);
    }

    /**
     * A new in-process stream in memory of {@code arena} (shared arenas for producers on other threads).
     *
     * @throws IllegalArgumentException for a bad capacity, naming value and bound
     */
    public static SpikeStream allocate(Arena arena, boolean manyProducers, int capacity, StreamPolicy policy) {
        MemorySegment segment = arena.allocate(requiredBytes(manyProducers, capacity), RingDescriptor.ALIGNMENT);
        return create(segment, manyProducers, capacity, policy, "in-process " + (manyProducers ? "MPSC" : "SPSC")
                + " stream of " + capacity + " records");
    }

    /**
     * Opens an existing stream after validating its header and its ring's header: every error names the
     * stream, the byte offset and field, the expected and the found value.
     *
     * @param name the stream's name in errors (the file path for a mapped stream)
     * @throws IllegalArgumentException for a truncated stream, bad magic, wrong version, unknown policy, ring
     *     kind, record size or a capacity that is not a power of two
     */
    public static SpikeStream wrap(MemorySegment segment, String name) {
        long size = segment.byteSize();
        if (size < RING_OFFSET + RingDescriptor.HEADER_SIZE) {
            throw formatError(name, size, "size", "at least " + (RING_OFFSET + RingDescriptor.HEADER_SIZE)
                    + " bytes (stream and ring headers)", size + " bytes (truncated)");
        }
        long magic = (long) MAGIC_VH.getAcquire(segment, 0L); // acquire: pairs with create()'s release
        if (magic != SpikeStreamLayout.MAGIC) {
            throw formatError(name, MAGIC_OFFSET, "magic", hex(SpikeStreamLayout.MAGIC) + " (\"SHNNSTRM\")", hex(magic));
        }
        int version = (int) VERSION_VH.get(segment, 0L);
        if (version != SpikeStreamLayout.VERSION) {
            throw formatError(name, VERSION_OFFSET, "version", Integer.toString(SpikeStreamLayout.VERSION),
                    Integer.toString(version));
        }
        int code = (int) POLICY_VH.get(segment, 0L);
        StreamPolicy policy = StreamPolicy.ofCode(code);
        if (policy == null) {
            throw formatError(name, POLICY_OFFSET, "policy", SpikeStreamLayout.POLICY_BLOCK + " (block) or "
                    + SpikeStreamLayout.POLICY_DROP_OLDEST + " (drop-oldest)", Integer.toString(code));
        }
        MemorySegment body = segment.asSlice(RING_OFFSET);
        long ringMagic = body.get(ValueLayout.JAVA_LONG, RingDescriptor.MAGIC_OFFSET);
        if (ringMagic != RingDescriptor.MAGIC) {
            throw formatError(name, RING_OFFSET + RingDescriptor.MAGIC_OFFSET, "ring.magic",
                    hex(RingDescriptor.MAGIC) + " (\"SHNNRING\")", hex(ringMagic));
        }
        int ringVersion = body.get(ValueLayout.JAVA_INT, RingDescriptor.VERSION_OFFSET);
        if (ringVersion != RingDescriptor.VERSION) {
            throw formatError(name, RING_OFFSET + RingDescriptor.VERSION_OFFSET, "ring.version",
                    Integer.toString(RingDescriptor.VERSION), Integer.toString(ringVersion));
        }
        int kind = body.get(ValueLayout.JAVA_INT, RingDescriptor.KIND_OFFSET);
        if (kind != RingDescriptor.KIND_SPSC && kind != RingDescriptor.KIND_MPSC) {
            throw formatError(name, RING_OFFSET + RingDescriptor.KIND_OFFSET, "ring.kind", RingDescriptor.KIND_SPSC
                    + " (SPSC) or " + RingDescriptor.KIND_MPSC + " (MPSC)", Integer.toString(kind));
        }
        int capacity = body.get(ValueLayout.JAVA_INT, RingDescriptor.CAPACITY_OFFSET);
        if (capacity < 1 || capacity > RingDescriptor.MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw formatError(name, RING_OFFSET + RingDescriptor.CAPACITY_OFFSET, "ring.capacity",
                    "a power of two in [1, " + RingDescriptor.MAX_CAPACITY + "] records", Integer.toString(capacity));
        }
        int recordSize = body.get(ValueLayout.JAVA_INT, RingDescriptor.RECORD_SIZE_OFFSET);
        if (recordSize != SpikeRecord.SIZE) {
            throw formatError(name, RING_OFFSET + RingDescriptor.RECORD_SIZE_OFFSET, "ring.recordSize",
                    SpikeRecord.SIZE + " bytes (shnn_spike_record)", Integer.toString(recordSize));
        }
        boolean many = kind == RingDescriptor.KIND_MPSC;
        long required = requiredBytes(many, capacity);
        if (size < required) {
            throw formatError(name, size, "size", required + " bytes for " + capacity + " records",
                    size + " bytes (truncated)");
        }
        MemorySegment ringSegment = segment.asSlice(RING_OFFSET, required - RING_OFFSET);
        RecordRing ring = many ? MpscRing.wrap(ringSegment) : SpscRing.wrap(ringSegment);
        return new SpikeStream(segment, ring, policy, name);
    }

    private static IllegalArgumentException formatError(String name, long offset, String field, String expected,
            String found) {
        return new IllegalArgumentException("spike stream " + name + ": at byte offset " + offset + ", field " + field
                + ": expected " + expected + ", found " + found);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /**
     * Puts one spike, applying the stream's policy while the ring is full: {@link StreamPolicy#BLOCK} waits
     * with {@code idle}, {@link StreamPolicy#DROP_OLDEST} discards the oldest records (counting them) until
     * there is room. Producer thread(s) only, as the ring's kind allows; allocates nothing.
     *
     * @param step the spike's time step (simulation steps; for an input stream, the step it is meant to take
     *     effect at, see {@link LiveInput})
     * @param neuron global neuron id
     * @throws InterruptedException if interrupted while waiting (nothing is put)
     */
    public void put(long step, int neuron, IdleStrategy idle) throws InterruptedException {
        long position = ring.tryClaim(1);
        if (position < 0) {
            position = policy == StreamPolicy.BLOCK ? ring.claim(1, idle) : claimDropping(idle);
        }
        SpikeRecord.write(ring.segment(), ring.recordOffset(position), step, neuron);
        ring.commit(position, 1);
    }

    /** Discards the oldest committed record under the consumer lock until a claim succeeds. */
    private long claimDropping(IdleStrategy idle) throws InterruptedException {
        idle.reset();
        long position;
        while ((position = ring.tryClaim(1)) < 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while dropping the oldest spike of stream " + name);
            }
            // With the ring full, a failed drain means the oldest record is claimed but not yet committed
            // (another producer is writing it): wait for it.
            boolean dropped = false;
            if (tryLock()) {
                try {
                    dropped = ring.drain((s, o) -> { }, 1) == 1;
                } finally {
                    unlock();
                }
            }
            if (dropped) {
                DROPPED_VH.getAndAdd(segment, 0L, 1L); // atomic: producers of several processes count here
            } else {
                idle.idle();
            }
        }
        return position;
    }

    /**
     * Hands up to {@code limit} spikes, oldest first, to {@code handler} in place (read them with
     * {@link SpikeRecord}'s accessors), then frees their slots; under the consumer lock for a drop-oldest
     * stream (waiting while a producer holds it). Consumer thread only.
     *
     * @return spikes handled
     */
    public int drain(RecordHandler handler, int limit) {
        if (policy == StreamPolicy.BLOCK) {
            return ring.drain(handler, limit);
        }
        while (!tryLock()) {
            Thread.onSpinWait(); // a producer holds it for one record's drop
        }
        try {
            return ring.drain(handler, limit);
        } finally {
            unlock();
        }
    }

    private boolean tryLock() {
        // CAS (volatile, so acquire): the previous holder's ring accesses happen-before ours.
        return CONSUMER_LOCK_VH.compareAndSet(segment, 0L, 0L, 1L);
    }

    private void unlock() {
        CONSUMER_LOCK_VH.setRelease(segment, 0L, 0L); // release: our ring accesses before the next holder's
    }

    /** Records discarded by the drop-oldest policy since the stream was created (all producers, all processes). */
    public long dropped() {
        return (long) DROPPED_VH.getAcquire(segment, 0L); // acquire: a snapshot of the atomic counter
    }

    /**
     * The engine's step as published in the header ({@code consumerStep}, see {@link SpikeStreamLayout}),
     * -1 before the engine first published one.
     */
    public long consumerStep() {
        return (long) CONSUMER_STEP_VH.getAcquire(segment, 0L); // acquire: pairs with setConsumerStep's release
    }

    /** Publishes the engine's step (see {@link #consumerStep()}); the engine's thread only. */
    void setConsumerStep(long step) {
        CONSUMER_STEP_VH.setRelease(segment, 0L, step); // release: after the drain or the writes it reports
    }

    /** Spikes in the ring, a snapshot (see {@link RecordRing#size()}). */
    public int size() {
        return ring.size();
    }

    /** Ring capacity in records. */
    public int capacity() {
        return ring.capacity();
    }

    /** The full-ring policy. */
    public StreamPolicy policy() {
        return policy;
    }

    /** Whether the ring is MPSC (any number of producers). */
    public boolean manyProducers() {
        return ring instanceof MpscRing;
    }

    /** The stream's name in errors and reports (its file path for a mapped stream). */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "SpikeStream[" + name + ", " + policy + ", " + ring + ", dropped=" + dropped() + "]";
    }
}
