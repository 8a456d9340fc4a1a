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
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>A holder that dies: the lock word holds the holder's process id ({@link SpikeStreamLayout}), and a side that
 * has waited {@value #LIVENESS_CHECK_NANOS} ns for it checks, at most once per that interval, whether that process
 * still exists; if not, it takes the lock over with a compare-and-set from the dead id to its own and goes on (the
 * ring itself is consistent at every instant of a holder's drop: its one state change is the release store of
 * {@code head}; a drop the dead holder had made but not yet counted stays uncounted). A drain that waits
 * {@link #lockTimeoutNanos()} for a holder that is alive throws, naming the stream and the process, rather than
 * hang the run. Bounded-time test with a killed process: {@code SpikeStreamDeadHolderTest}.
 *
 * <p>Ownership: the segment's owner frees it ({@link MappedSpikeStream} for a file, the caller's arena for
 * {@link #allocate}); the stream never does. Thread-safety: as the ring's kind (one producer thread for
 * SPSC, any number for MPSC; one consumer thread at a time); {@link #dropped()}, {@link #consumerStep()}
 * and {@link #size()} from anywhere.
 */
public final class SpikeStream {

    /** How long a side waits for the consumer lock before it checks whether the holder's process exists, ns. */
    static final long LIVENESS_CHECK_NANOS = 1_000_000;
    /** Default for {@link #lockTimeoutNanos()}: 10 s (a live holder holds the lock for one drain, microseconds). */
    public static final long LOCK_TIMEOUT_NANOS = 10_000_000_000L;
    /** Default for {@link #stallTimeoutNanos()}: 10 s. */
    public static final long STALL_TIMEOUT_NANOS = 10_000_000_000L;
    /** What this process writes in the lock word while it holds the lock. */
    private static final long PID = ProcessHandle.current().pid();

    private final MemorySegment segment;
    private final RecordRing ring;
    private final StreamPolicy policy;
    private final String name;
    /** See {@link #lockTimeoutNanos()}. */
    private volatile long lockTimeoutNanos = LOCK_TIMEOUT_NANOS;
    /** See {@link #stallTimeoutNanos()}. */
    private volatile long stallTimeoutNanos = STALL_TIMEOUT_NANOS;
    /** Locks taken over from dead holders through this instance (producer and consumer threads). */
    private final AtomicLong takeOvers = new AtomicLong();
    /**
     * When a producer last checked the holder's liveness (plain, shared by producer threads: a hint; a race costs
     * at most an extra or a later check).
     */
    private long lastProducerCheck = System.nanoTime();

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
     * with {@code idle}; {@link StreamPolicy#DROP_OLDEST} discards the oldest records (counting them) until there is
     * room. Either throws after {@link #stallTimeoutNanos()} without progress. Producer thread(s) only, as the
     * ring's kind allows; allocates nothing.
     *
     * @param step the spike's time step (simulation steps; for an input stream, the step it is meant to take
     *     effect at, see {@link LiveInput})
     * @param neuron global neuron id
     * @throws InterruptedException if interrupted while waiting (nothing is put)
     * @throws IllegalStateException if a blocking ring stays full for {@link #stallTimeoutNanos()} (its consumer has
     *     stopped reading), or a drop-oldest ring cannot drop for as long (its oldest record was claimed and never
     *     committed); nothing is put, the message names the stream
     */
    public void put(long step, int neuron, IdleStrategy idle) throws InterruptedException {
        long position = ring.tryClaim(1);
        if (position < 0) {
            position = claimFull(idle);
        }
        SpikeRecord.write(ring.segment(), ring.recordOffset(position), step, neuron);
        ring.commit(position, 1);
    }

    /**
     * The ring is full: waits for room ({@link StreamPolicy#BLOCK}) or discards the oldest committed record under the
     * consumer lock ({@link StreamPolicy#DROP_OLDEST}) until a claim succeeds; throws after {@link #stallTimeoutNanos()}
     * without progress (room freed or a record dropped): a consumer that stopped, or an oldest record a producer
     * claimed and never committed, must not hang the producers.
     */
    private long claimFull(IdleStrategy idle) throws InterruptedException {
        idle.reset();
        long timeout = stallTimeoutNanos;
        long progress = System.nanoTime();
        long position;
        while ((position = ring.tryClaim(1)) < 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for room in spike stream " + name);
            }
            long waited = System.nanoTime() - progress;
            if (waited >= timeout) {
                throw new IllegalStateException("spike stream " + name + ": its ring of " + ring.capacity()
                        + " records has been full for " + waited / 1_000_000 + " ms" + (policy == StreamPolicy.BLOCK
                        ? ": its consumer has stopped reading, or not started (a longer wait: stallTimeoutNanos; a"
                                + " consumer that may stop needs the drop-oldest policy)"
                        : " and nothing could be dropped: its oldest record was claimed and never committed (a"
                                + " producer stopped between its claim and its commit; the ring is stalled there), or"
                                + " a live process kept the consumer lock"));
            }
            if (policy == StreamPolicy.DROP_OLDEST && dropOldest()) {
                progress = System.nanoTime();
            } else {
                idle.idle();
            }
        }
        return position;
    }

    /**
     * Discards the oldest committed record under the consumer lock; false if the lock is held by a live process or,
     * with the ring full, the oldest record is claimed but not yet committed (another producer is writing it).
     */
    private boolean dropOldest() {
        boolean dropped = false;
        if (tryLock() || takeOverIfHolderDied()) {
            try {
                dropped = ring.drain((s, o) -> { }, 1) == 1;
            } finally {
                unlock();
            }
        }
        if (dropped) {
            DROPPED_VH.getAndAdd(segment, 0L, 1L); // atomic: producers of several processes count here
        }
        return dropped;
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
        lock();
        try {
            return ring.drain(handler, limit);
        } finally {
            unlock();
        }
    }

    private boolean tryLock() {
        // CAS (volatile, so acquire): the previous holder's ring accesses happen-before ours.
        return CONSUMER_LOCK_VH.compareAndSet(segment, 0L, 0L, PID);
    }

    /**
     * Takes the lock for a drain: spins while a producer holds it for one record's drop; takes it over if the
     * holder's process has died; throws after {@link #lockTimeoutNanos()} with a live holder.
     */
    private void lock() {
        if (tryLock()) {
            return;
        }
        long start = System.nanoTime();
        long lastCheck = start;
        while (!tryLock()) {
            Thread.onSpinWait(); // a producer holds it for one record's drop
            long now = System.nanoTime();
            if (now - lastCheck >= LIVENESS_CHECK_NANOS) {
                lastCheck = now;
                if (takeOver()) {
                    return;
                }
                if (now - start >= lockTimeoutNanos) {
                    throw new IllegalStateException("spike stream " + name + ": the consumer lock (byte offset "
                            + SpikeStreamLayout.CONSUMER_LOCK_OFFSET + ") has been held by process " + holder()
                            + " for " + (now - start) / 1_000_000 + " ms, which is alive; a holder keeps it for one "
                            + "drain or one dropped record");
                }
            }
        }
    }

    /** For a producer that failed to take the lock: at most once per check interval, takes it over if the holder died. */
    private boolean takeOverIfHolderDied() {
        long now = System.nanoTime();
        if (now - lastProducerCheck < LIVENESS_CHECK_NANOS) {
            return false;
        }
        lastProducerCheck = now;
        return takeOver();
    }

    /** The lock word: the holder's process id, or 0 when free (acquire: a snapshot of the CAS-written word). */
    private long holder() {
        return (long) CONSUMER_LOCK_VH.getAcquire(segment, 0L);
    }

    /** If the lock's holder is a process that no longer exists, takes the lock from it; whether we now hold it. */
    private boolean takeOver() {
        long h = holder();
        if (h == 0 || h == PID || ProcessHandle.of(h).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        // CAS (volatile): only one waiter replaces the dead id; its ring accesses follow the dead holder's.
        if (CONSUMER_LOCK_VH.compareAndSet(segment, 0L, h, PID)) {
            takeOvers.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Consumer locks this instance took over from processes that died holding them (any thread). */
    public long lockTakeOvers() {
        return takeOvers.get();
    }

    /**
     * How long a drain of a drop-oldest stream waits for a consumer lock held by a live process before it throws,
     * ns (default {@value #LOCK_TIMEOUT_NANOS}).
     */
    public long lockTimeoutNanos() {
        return lockTimeoutNanos;
    }

    /** Sets {@link #lockTimeoutNanos()} (> 0); any thread, takes effect at the next wait. */
    public void lockTimeoutNanos(long nanos) {
        lockTimeoutNanos = positive(nanos, "lock timeout");
    }

    /**
     * How long a {@link #put} on a full ring waits without progress (room freed by the consumer, or a record dropped)
     * before it throws, ns (default {@value #STALL_TIMEOUT_NANOS}; {@link Long#MAX_VALUE}: for good).
     */
    public long stallTimeoutNanos() {
        return stallTimeoutNanos;
    }

    /** Sets {@link #stallTimeoutNanos()} (> 0); any thread, takes effect at the next wait. */
    public void stallTimeoutNanos(long nanos) {
        stallTimeoutNanos = positive(nanos, "stall timeout");
    }

    /** {@code nanos} if it is above 0; else throws naming {@code what}. */
    private static long positive(long nanos, String what) {
        if (nanos <= 0) {
            throw new IllegalArgumentException(what + " " + nanos + " ns must be > 0");
        }
        return nanos;
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
