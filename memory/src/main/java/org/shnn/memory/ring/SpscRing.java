package org.shnn.memory.ring;

import static org.shnn.memory.ring.RingDescriptor.COMMIT_WORD_VH;
import static org.shnn.memory.ring.RingDescriptor.HEAD_CACHE_VH;
import static org.shnn.memory.ring.RingDescriptor.HEAD_VH;
import static org.shnn.memory.ring.RingDescriptor.KIND_SPSC;
import static org.shnn.memory.ring.RingDescriptor.TAIL_VH;

import java.lang.foreign.MemorySegment;

/**
 * A single-producer/single-consumer ring of fixed-size records (Lamport's queue with cached positions,
 * whose slots carry their own commit word).
 *
 * <p>Protocol: the producer writes records with plain stores into slots it claimed and publishes a
 * run of them by a release store of the run's end position into the commit word of the run's first
 * slot, which shares that record's cache line; the consumer reads that word with acquire (the
 * {@code MpscRing} run protocol, see {@link RecordRing#drain(RecordHandler, int)}), reads the records,
 * and frees their slots by a release store of {@code head}, which the producer reads with acquire
 * before reusing a slot. So a hand-off moves the record's line once, producer to consumer, as in
 * JCTools' and Agrona's rings, where the message slot itself carries the flag; the consumer never
 * reads the producer's {@code tail} (stored with release for {@link #size()} and {@code wrap}). The
 * producer keeps the consumer's position cached on its own line ({@code headCache}) and reads
 * {@code head} only when the cache says full; the consumer's {@code tailCache} holds the end of the
 * runs it has read. The price: a slot is 8 bytes longer than its record, and bulk offers and drains
 * copy record by record.
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
     * Bytes an SPSC ring needs: the header and {@code capacity} slots of an 8-byte commit word plus a record.
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
        // release: publishes the record bytes written since tryClaim to the consumer's acquire of this
        // word, which shares the first record's cache line.
        COMMIT_WORD_VH.setRelease(segment, commitWordOffset(position), position + count);
        // release: the producer's position, for size() and wrap(); the consumer never reads it on its
        // way, so this line stays in the producer's cache.
        TAIL_VH.setRelease(segment, 0L, position + count);
    }
}
