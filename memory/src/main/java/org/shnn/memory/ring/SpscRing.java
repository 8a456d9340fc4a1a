package org.shnn.memory.ring;

import static org.shnn.memory.ring.RingDescriptor.HEAD_CACHE_VH;
import static org.shnn.memory.ring.RingDescriptor.HEAD_VH;
import static org.shnn.memory.ring.RingDescriptor.KIND_SPSC;
import static org.shnn.memory.ring.RingDescriptor.TAIL_CACHE_VH;
import static org.shnn.memory.ring.RingDescriptor.TAIL_VH;

import java.lang.foreign.MemorySegment;

/**
 * A single-producer/single-consumer ring of fixed-size records (Lamport's queue with cached positions).
 *
 * <p>Protocol: the producer writes records with plain stores and publishes them by a release store of
 * {@code tail}; the consumer reads {@code tail} with acquire, reads the records, and frees their slots
 * by a release store of {@code head}, which the producer reads with acquire before reusing a slot.
 * Each side keeps the other's position cached on its own cache line ({@code headCache},
 * {@code tailCache}) and reads the other's line only when the cache says full or empty, so in steady
 * state the only lines that move between cores are the records themselves.
 *
 * <p>Thread-safety: at most one producer thread (tryClaim, commit, offer, claim, put) and one consumer
 * thread (poll, drain, take) at a time; {@link #size()} from anywhere. The two may be in different
 * processes sharing a mapped file. See {@link RecordRing} for the API and ownership.
 */
public final class SpscRing extends RecordRing {

    private SpscRing(MemorySegment segment) {
        super(segment, KIND_SPSC);
    }

    /**
     * Bytes an SPSC ring needs (header and records).
     *
     * @throws IllegalArgumentException for a bad capacity or record size, naming value and bound
     */
    public static long requiredBytes(int capacity, int recordSize) {
        return RingDescriptor.requiredBytes(KIND_SPSC, capacity, recordSize);
    }

    /**
     * Formats a new, empty ring at the start of {@code segment}, overwriting what was there.
     *
     * @param segment native, {@value RingDescriptor#ALIGNMENT}-byte aligned, at least
     *     {@link #requiredBytes(int, int)} bytes; the caller's arena keeps owning it
     * @param capacity records, a power of two in [1, {@value RingDescriptor#MAX_CAPACITY}]
     * @param recordSize bytes, a multiple of 8 in [8, {@value RingDescriptor#MAX_RECORD_SIZE}]
     * @throws IllegalArgumentException for a bad argument, naming value and bound
     */
    public static SpscRing create(MemorySegment segment, int capacity, int recordSize) {
        RingDescriptor.initialize(segment, KIND_SPSC, capacity, recordSize);
        return new SpscRing(segment);
    }

    /**
     * Opens an existing SPSC ring (e.g. in a mapped file) after validating its header.
     *
     * @throws IllegalArgumentException if the header is not a valid SPSC ring, naming the field, the
     *     expected and the found value, or if the segment is too small or misaligned
     */
    public static SpscRing wrap(MemorySegment segment) {
        RingDescriptor.validate(segment, KIND_SPSC);
        return new SpscRing(segment);
    }

    /**
     * {@inheritDoc}
     *
     * <p>With one producer a claim reserves nothing shared: it checks for room and returns the tail.
     * Calling it again before {@link #commit(long, int)} returns the same position (the newer claim
     * replaces the older).
     */
    @Override
    public long tryClaim(int count) {
        checkCount(count);
        long tail = (long) TAIL_VH.get(segment, 0L); // plain: only this producer writes tail
        long wrapPoint = tail + count - capacity;
        if (wrapPoint > (long) HEAD_CACHE_VH.get(segment, 0L)) { // plain: the cache is this producer's own
            // acquire: pairs with the consumer's release of head: its reads of the slots we are about
            // to reuse happen-before our writes to them.
            long head = (long) HEAD_VH.getAcquire(segment, 0L);
            if (wrapPoint > head) {
                return NO_CAPACITY;
            }
            HEAD_CACHE_VH.set(segment, 0L, head); // plain: read back only by this producer
        }
        return tail;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if {@code position} is not the outstanding claim (the current
     *     tail) or {@code count} exceeds the room that was claimed
     */
    @Override
    public void commit(long position, int count) {
        checkCount(count);
        long tail = (long) TAIL_VH.get(segment, 0L); // plain: only this producer writes tail
        if (position != tail) {
            throw new IllegalStateException("commit at position " + position
                    + " but the outstanding claim starts at tail " + tail);
        }
        long headCache = (long) HEAD_CACHE_VH.get(segment, 0L); // plain: this producer's own cache
        if (position + count - capacity > headCache) {
            throw new IllegalStateException("commit of " + count + " records at position " + position
                    + " passes the claimed room, which ends at position " + (headCache + capacity));
        }
        // release: publishes the record bytes written since tryClaim to the consumer's acquire of tail.
        TAIL_VH.setRelease(segment, 0L, position + count);
    }

    /** Committed records the consumer may read from {@code head}; refreshes its tail cache if short of {@code wanted}. */
    private long available(long head, int wanted) {
        long tail = (long) TAIL_CACHE_VH.get(segment, 0L); // plain: the consumer's own cache
        if (tail - head < wanted) {
            // acquire: pairs with the producer's release in commit: records before tail are fully written.
            tail = (long) TAIL_VH.getAcquire(segment, 0L);
            TAIL_CACHE_VH.set(segment, 0L, tail); // plain: read back only by the consumer
        }
        return tail - head;
    }

    @Override
    public int drain(RecordHandler handler, int limit) {
        checkLimit(limit);
        long head = (long) HEAD_VH.get(segment, 0L); // plain: only the consumer writes head
        int n = (int) Math.min(available(head, limit), limit);
        int done = 0;
        try {
            while (done < n) {
                long position = head + done++;
                handler.onRecord(segment, recordOffset(position));
            }
        } finally {
            if (done > 0) {
                // release: our reads of these slots complete before the producer's acquire of head
                // lets it overwrite them.
                HEAD_VH.setRelease(segment, 0L, head + done);
            }
        }
        return done;
    }

    @Override
    public int drain(MemorySegment dst, long dstOffset, int limit) {
        checkDestination(dst, dstOffset, limit);
        long head = (long) HEAD_VH.get(segment, 0L); // plain: only the consumer writes head
        int n = (int) Math.min(available(head, limit), limit);
        if (n > 0) {
            copyOut(head, n, dst, dstOffset);
            HEAD_VH.setRelease(segment, 0L, head + n); // release: the copy's reads complete before slot reuse
        }
        return n;
    }
}
