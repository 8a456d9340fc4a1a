package org.shnn.memory.ring;

import static org.shnn.memory.ring.RingDescriptor.COMMIT_WORD_VH;
import static org.shnn.memory.ring.RingDescriptor.HEAD_CACHE_VH;
import static org.shnn.memory.ring.RingDescriptor.HEAD_VH;
import static org.shnn.memory.ring.RingDescriptor.KIND_MPSC;
import static org.shnn.memory.ring.RingDescriptor.TAIL_VH;

import java.lang.foreign.MemorySegment;

/**
 * A many-producer/single-consumer ring of fixed-size records.
 *
 * <p>Protocol: producers claim positions by a compare-and-set on {@code tail}, so a claim is exclusive
 * but says nothing about when its records are written; producers finish in any order. Each slot
 * therefore has a commit word (after the records, see {@link RingDescriptor}): once the record at
 * {@code position} is written, its producer stores {@code position + 1} there with release. The
 * consumer reads the commit word of the position at {@code head} with acquire and consumes the record
 * only if it holds exactly {@code position + 1}; a word left from an earlier lap holds
 * {@code position + 1 - k * capacity} and a fresh ring holds 0, so neither can be taken for a commit
 * and the consumer never has to clear a word (the Vyukov bounded-queue sequence idea, with a
 * separate single-consumer head). Records stay contiguous, so {@link #drain(MemorySegment, long, int)}
 * copies a committed run in one or two bulk copies. A half-written record is never exposed, and a
 * record committed after a later one still comes out in position order.
 *
 * <p>Batches: {@link #offer(MemorySegment, long, int)} claims a batch with one CAS, copies it in one
 * or two bulk copies and then commits it by one release store per record in a tight loop. The commit
 * stays per record because the consumer's "is it committed?" test must work for any position it
 * reaches, including one in the middle of another producer's batch; a single word per range would
 * need the consumer to find the range's start, which this format does not record. On x86 a release
 * store is a plain store, so the loop costs one store per record.
 *
 * <p>Freeing: the consumer stores {@code head} with release after reading; a producer that finds its
 * cached {@code headCache} too old reads {@code head} with acquire before claiming.
 *
 * <p>Thread-safety: any number of producer threads (tryClaim, commit, offer, claim, put), at most one
 * consumer thread at a time (poll, drain, take); {@link #size()} from anywhere. Producers and the
 * consumer may be in different processes sharing a mapped file. A producer that dies between claim
 * and commit stalls the consumer at its position. See {@link RecordRing} for the API and ownership.
 */
public final class MpscRing extends RecordRing {

    private final long commitWordsOffset;

    private MpscRing(MemorySegment segment) {
        super(segment, KIND_MPSC);
        this.commitWordsOffset = RingDescriptor.commitWordsOffset(capacity, recordSize);
    }

    /**
     * Bytes an MPSC ring needs (header, records and one 8-byte commit word per record).
     *
     * @throws IllegalArgumentException for a bad capacity or record size, naming value and bound
     */
    public static long requiredBytes(int capacity, int recordSize) {
        return RingDescriptor.requiredBytes(KIND_MPSC, capacity, recordSize);
    }

    /**
     * Formats a new, empty ring at the start of {@code segment}, overwriting what was there.
     *
     * @param segment native, {@value RingDescriptor#ALIGNMENT}-byte aligned, at least
     *     {@link #requiredBytes(int, int)} bytes, from a shared (not confined) arena if producers run on
     *     several threads; the caller's arena keeps owning it
     * @param capacity records, a power of two in [1, {@value RingDescriptor#MAX_CAPACITY}]
     * @param recordSize bytes, a multiple of 8 in [8, {@value RingDescriptor#MAX_RECORD_SIZE}]
     * @throws IllegalArgumentException for a bad argument, naming value and bound
     */
    public static MpscRing create(MemorySegment segment, int capacity, int recordSize) {
        RingDescriptor.initialize(segment, KIND_MPSC, capacity, recordSize);
        return new MpscRing(segment);
    }

    /**
     * Opens an existing MPSC ring (e.g. in a mapped file) after validating its header.
     *
     * @throws IllegalArgumentException if the header is not a valid MPSC ring, naming the field, the
     *     expected and the found value, or if the segment is too small or misaligned
     */
    public static MpscRing wrap(MemorySegment segment) {
        RingDescriptor.validate(segment, KIND_MPSC);
        return new MpscRing(segment);
    }

    private long commitWordOffset(long position) {
        return commitWordsOffset + ((position & mask) << 3);
    }

    @Override
    public long tryClaim(int count) {
        checkCount(count);
        // acquire: pairs with the release below by the producer that refreshed the cache, so the
        // consumer-to-that-producer happens-before (slots read before head moved) extends to us.
        long headCache = (long) HEAD_CACHE_VH.getAcquire(segment, 0L);
        while (true) {
            long tail = (long) TAIL_VH.getAcquire(segment, 0L); // acquire: a candidate only; the CAS validates it
            long wrapPoint = tail + count - capacity;
            if (wrapPoint > headCache) {
                // acquire: pairs with the consumer's release of head: its reads of the slots we are
                // about to reuse happen-before our writes to them.
                headCache = (long) HEAD_VH.getAcquire(segment, 0L);
                if (wrapPoint > headCache) {
                    return NO_CAPACITY;
                }
                // release: hands that head (and what it guards) to the other producers; a racing
                // producer may store an older head, which only makes the cache conservative.
                HEAD_CACHE_VH.setRelease(segment, 0L, headCache);
            }
            // CAS (volatile): exactly one producer moves tail past [tail, tail + count) and owns it.
            if (TAIL_VH.compareAndSet(segment, 0L, tail, tail + count)) {
                return tail;
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Committing positions this producer did not claim corrupts the ring's contents (it cannot be
     * detected without a shared read on every commit); it cannot touch memory outside the ring.
     */
    @Override
    public void commit(long position, int count) {
        checkCount(count);
        if (position < 0) {
            throw new IllegalArgumentException("commit position " + position + " must be >= 0");
        }
        for (long p = position, end = position + count; p < end; p++) {
            // release: publishes the bytes of record p to the consumer's acquire of this word.
            COMMIT_WORD_VH.setRelease(segment, commitWordOffset(p), p + 1);
        }
    }

    /** True when the record at {@code position} is fully written. */
    private boolean committed(long position) {
        // acquire: pairs with the producer's release in commit, so the record's bytes are visible.
        return (long) COMMIT_WORD_VH.getAcquire(segment, commitWordOffset(position)) == position + 1;
    }

    @Override
    public int drain(RecordHandler handler, int limit) {
        checkLimit(limit);
        long head = (long) HEAD_VH.get(segment, 0L); // plain: only the consumer writes head
        int done = 0;
        try {
            while (done < limit && committed(head + done)) {
                long position = head + done++;
                handler.onRecord(segment, recordOffset(position));
            }
        } finally {
            if (done > 0) {
                // release: our reads of these slots (records and commit words) complete before a
                // producer's acquire of head lets it overwrite them.
                HEAD_VH.setRelease(segment, 0L, head + done);
            }
        }
        return done;
    }

    @Override
    public int drain(MemorySegment dst, long dstOffset, int limit) {
        checkDestination(dst, dstOffset, limit);
        long head = (long) HEAD_VH.get(segment, 0L); // plain: only the consumer writes head
        int n = 0;
        while (n < limit && committed(head + n)) {
            n++;
        }
        if (n > 0) {
            copyOut(head, n, dst, dstOffset);
            HEAD_VH.setRelease(segment, 0L, head + n); // release: the copy's reads complete before slot reuse
        }
        return n;
    }
}
