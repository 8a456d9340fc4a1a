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
 * but says nothing about when its records are written; producers finish in any order. The ring
 * therefore has one commit word per slot (after the records, see {@link RingDescriptor}), used only
 * at the first position of each committed <em>run</em>: once a producer has written the records of
 * {@code [position, position + count)}, its {@link #commit(long, int)} stores the run's end
 * {@code position + count} into the word of {@code position} with release. The consumer always stands
 * on a run boundary: it reads the word at the end of the runs it already knows (with acquire) and
 * accepts it only if it lies beyond that position. A word left from an earlier lap holds at most
 * {@code position - capacity + capacity = position} and a fresh ring holds 0, so neither can be taken
 * for a commit and the consumer never has to clear a word (the Vyukov bounded-queue sequence idea,
 * with one word per run instead of per slot). The end of the known runs is the consumer's cache
 * ({@code tailCache} in the header), so a drain that stops inside a run resumes without reading a word
 * and every record is handed out exactly once, in position order, never half-written. Records stay
 * contiguous, so {@link #drain(MemorySegment, long, int)} copies a committed stretch in one or two
 * bulk copies.
 *
 * <p>Batches: {@link #offer(MemorySegment, long, int)} claims a batch with one CAS, copies it in one
 * or two bulk copies and publishes it with one release store; the consumer learns of it with one
 * acquire load. A single record costs the same one store and one load.
 *
 * <p>Freeing: the consumer stores {@code head} with release after reading; a producer that finds its
 * cached {@code headCache} too old reads {@code head} with acquire before claiming.
 *
 * <p>Thread-safety: any number of producer threads (tryClaim, commit, offer, claim, put), at most one
 * consumer thread at a time (poll, drain, take); {@link #size()} from anywhere. Producers and the
 * consumer may be in different processes sharing a mapped file. See {@link RecordRing} for the API and
 * ownership.
 *
 * <p>A producer that dies between claim and commit (a thread that throws, a process killed while it
 * writes into a mapped ring) stalls the consumer at the first position of its claim, as does one whose
 * commits do not tile its claim (see {@link #commit(long, int)}): every record after that position,
 * also those other producers commit later, stays unread, and producers block or drop once the ring is
 * full. There is no detection. The consumer could see it ({@code tail} beyond its position, the word of
 * its position unset for a long time) but could not tell a dead producer from one descheduled for
 * hundreds of milliseconds on a busy machine, nor learn how far the dead claim reaches; skipping it is
 * unsafe, since a live but slow producer would later write into slots reused for other records. A
 * bounded-time error that is never wrong would need the ring to know its producers (a registry of
 * process ids in the header, checked against the operating system), a change of the shared format that
 * {@code shnn_stream.c} mirrors; not done. A producer process must therefore not be killed mid-write;
 * producers that stop cleanly (between commits) leave the ring usable.
 */
public final class MpscRing extends RecordRing {

    private MpscRing(MemorySegment segment) {
        super(segment, KIND_MPSC);
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
     * <p>A claim may be committed whole or in consecutive pieces that tile it from its first position
     * ({@code commit(p, 2)} then {@code commit(p + 2, 3)} for a claim of 5 at {@code p}, in either
     * order); the consumer waits at the first position not yet covered. Committing positions this
     * producer did not claim corrupts the ring's contents (it cannot be detected without a shared read
     * on every commit); it cannot touch memory outside the ring.
     */
    @Override
    public void commit(long position, int count) {
        checkCount(count);
        if (position < 0) {
            throw new IllegalArgumentException("commit position " + position + " must be >= 0");
        }
        // release: publishes the bytes of records [position, position + count) to the consumer's
        // acquire of this word; one store for the whole run.
        COMMIT_WORD_VH.setRelease(segment, commitWordOffset(position), position + count);
    }
}
