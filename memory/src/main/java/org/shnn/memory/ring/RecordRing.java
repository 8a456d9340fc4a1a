package org.shnn.memory.ring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;
import static org.shnn.memory.ring.RingDescriptor.CAPACITY_VH;
import static org.shnn.memory.ring.RingDescriptor.COMMIT_WORD_VH;
import static org.shnn.memory.ring.RingDescriptor.HEAD_VH;
import static org.shnn.memory.ring.RingDescriptor.KIND_SPSC;
import static org.shnn.memory.ring.RingDescriptor.RECORD_SIZE_VH;
import static org.shnn.memory.ring.RingDescriptor.TAIL_CACHE_VH;
import static org.shnn.memory.ring.RingDescriptor.TAIL_VH;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;

/**
 * A bounded, lock-free ring of fixed-size records over a caller's {@link MemorySegment}; all of its
 * state (positions, caches, commit words) lives in the segment, laid out by {@link RingDescriptor}.
 *
 * <p>Producing: {@link #tryClaim(int)} reserves {@code count} consecutive positions without blocking
 * (or returns {@link #NO_CAPACITY}: back-pressure); the producer writes record {@code i} at
 * {@link #recordOffset(long) recordOffset(position + i)} of {@link #segment()} (the ring maps
 * positions onto slots across the wrap point) and then {@link #commit(long, int)}s them. A claimed
 * batch must be committed: the consumer waits for it. {@link #offer(MemorySegment, long)} does the
 * three steps for one record copied from another segment, {@link #offer(MemorySegment, long, int)} for
 * a batch (one claim, one or two bulk copies or one per record, one commit). Consuming: {@link #poll(RecordHandler)},
 * {@link #drain(RecordHandler, int)} (in place) or {@link #drain(MemorySegment, long, int)} (bulk copy
 * into the caller's batch). Blocking forms wait with an {@link IdleStrategy}.
 *
 * <p>Ownership: the ring never frees its segment. The segment's owner (a pool, an arena, a mapped
 * file) must keep it alive while the ring is used; afterwards every call throws
 * {@link IllegalStateException}. Threads: see the subclasses. A segment of a confined arena confines
 * the ring to that arena's thread.
 */
public abstract sealed class RecordRing permits SpscRing, MpscRing {

    /** Returned by {@link #tryClaim(int)} when the ring has no room for the batch. */
    public static final long NO_CAPACITY = -1L;

    final MemorySegment segment;
    final int capacity;
    final long mask;
    final int recordSize;
    /** Byte offset of the record of slot 0, and bytes from one slot's record to the next. */
    private final long recordBase;
    private final long slotStride;
    /** Byte offset of the commit word of slot 0, and bytes from one slot's word to the next. */
    private final long commitBase;
    private final long commitStride;

    /** Reads the format from a header that {@link RingDescriptor} initialised or validated. */
    RecordRing(MemorySegment segment, int kind) {
        this.capacity = (int) CAPACITY_VH.get(segment, 0L); // plain: immutable after the magic's release
        this.recordSize = (int) RECORD_SIZE_VH.get(segment, 0L); // plain: as capacity
        this.mask = capacity - 1L;
        StructLayout layout = RingDescriptor.ringLayout(kind, capacity, recordSize);
        this.segment = segment.asSlice(0, layout.byteSize());
        if (kind == KIND_SPSC) {
            this.recordBase = layout.byteOffset(groupElement("slots"), sequenceElement(0), groupElement("record"));
            this.commitBase = layout.byteOffset(groupElement("slots"), sequenceElement(0), groupElement("commitWord"));
            this.slotStride = ((SequenceLayout) layout.select(groupElement("slots"))).elementLayout().byteSize();
            this.commitStride = slotStride;
        } else {
            this.recordBase = layout.byteOffset(groupElement("records"));
            this.commitBase = layout.byteOffset(groupElement("commitWords"));
            this.slotStride = recordSize;
            this.commitStride = ((SequenceLayout) layout.select(groupElement("commitWords"))).elementLayout().byteSize();
        }
    }

    /** Capacity in records (a power of two). */
    public final int capacity() {
        return capacity;
    }

    /** Record size in bytes (a multiple of 8). */
    public final int recordSize() {
        return recordSize;
    }

    /**
     * The ring's segment (header and body; the caller's segment sliced to the ring's size). Owned by
     * the caller's arena; producers write claimed records into it, nobody else should write to it.
     */
    public final MemorySegment segment() {
        return segment;
    }

    /** Byte offset in {@link #segment()} of the record at {@code position} (8-byte aligned). */
    public final long recordOffset(long position) {
        return recordBase + (position & mask) * slotStride;
    }

    /** Byte offset of the commit word of the slot that holds {@code position}. */
    final long commitWordOffset(long position) {
        return commitBase + (position & mask) * commitStride;
    }

    /**
     * Records committed or claimed but not yet consumed, in [0, capacity]: a snapshot that may be
     * stale by the time it returns. Safe from any thread.
     */
    public final int size() {
        long head = (long) HEAD_VH.getAcquire(segment, 0L); // acquire: orders the tail load after it, so tail >= head
        long tail = (long) TAIL_VH.getAcquire(segment, 0L); // acquire: the newest tail after that head
        return (int) Math.min(Math.max(tail - head, 0), capacity);
    }

    /**
     * Reserves {@code count} consecutive positions without blocking.
     *
     * @param count records, in [1, capacity]
     * @return the first claimed position, or {@link #NO_CAPACITY} if the ring lacks room for all of them
     * @throws IllegalArgumentException if {@code count} is outside [1, capacity]
     */
    public abstract long tryClaim(int count);

    /**
     * Publishes {@code count} records claimed at {@code position} to the consumer.
     *
     * @param position a position {@link #tryClaim(int)} returned to this producer
     * @param count the count claimed there
     * @throws IllegalArgumentException if {@code count} is outside [1, capacity] or position is negative
     */
    public abstract void commit(long position, int count);

    /**
     * Hands up to {@code limit} committed records, in position order, to {@code handler} in place, then
     * frees their slots. A record whose handler throws counts as consumed (a bad record cannot wedge
     * the ring); the exception propagates. Consumer thread only.
     *
     * @param limit most records to handle, {@code >= 0}
     * @return records handled
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws IllegalStateException if a commit word is corrupt (claims a run longer than the capacity)
     */
    public final int drain(RecordHandler handler, int limit) {
        checkLimit(limit);
        long head = (long) HEAD_VH.get(segment, 0L); // plain: only the consumer writes head
        int n = (int) Math.min(committedEnd(head, limit) - head, limit);
        int done = 0;
        try {
            while (done < n) {
                long position = head + done++;
                handler.onRecord(segment, recordOffset(position));
            }
        } finally {
            if (done > 0) {
                // release: our reads of these slots complete before a producer's acquire of head lets
                // it overwrite them (records and commit words).
                HEAD_VH.setRelease(segment, 0L, head + done);
            }
        }
        return done;
    }

    /**
     * Copies up to {@code limit} committed records, in position order, into {@code dst} from
     * {@code dstOffset} (record {@code i} at {@code dstOffset + i * recordSize}), then frees their slots.
     * Consumer thread only.
     *
     * @param dst the caller's batch; must hold {@code limit} records from {@code dstOffset}
     * @return records copied
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws IndexOutOfBoundsException if {@code dst} cannot hold {@code limit} records there
     * @throws IllegalStateException if a commit word is corrupt (claims a run longer than the capacity)
     */
    public final int drain(MemorySegment dst, long dstOffset, int limit) {
        checkDestination(dst, dstOffset, limit);
        long head = (long) HEAD_VH.get(segment, 0L); // plain: only the consumer writes head
        int n = (int) Math.min(committedEnd(head, limit) - head, limit);
        if (n > 0) {
            copyOut(head, n, dst, dstOffset);
            HEAD_VH.setRelease(segment, 0L, head + n); // release: the copy's reads complete before slot reuse
        }
        return n;
    }

    /**
     * End (exclusive) of the committed records from {@code head}: the consumer's cached end of the runs
     * it has read ({@code tailCache}), extended by reading the commit words of the following runs while
     * it knows of fewer than {@code wanted} records. The consumer always stands on a run boundary
     * there: the word of a run's first position holds the run's end once the run is committed, and a
     * word left from an earlier lap holds at most the position itself (0 on a fresh ring), so a word
     * counts only if it lies beyond its position. Consumer thread only.
     */
    private long committedEnd(long head, int wanted) {
        long known = (long) TAIL_CACHE_VH.get(segment, 0L); // plain: the consumer's own cache
        long end = Math.max(known, head); // a cache behind head (a corrupt mapped file) restarts at head
        long target = head + wanted;
        while (end < target) {
            // acquire: pairs with the producer's release in commit: the run's records are fully written.
            long runEnd = (long) COMMIT_WORD_VH.getAcquire(segment, commitWordOffset(end));
            if (runEnd <= end) {
                break; // not committed yet: 0 or a word from an earlier lap
            }
            if (runEnd - end > capacity) {
                throw new IllegalStateException("corrupt ring: the commit word at position " + end
                        + " says its run ends at " + runEnd + ", more than the capacity " + capacity
                        + " records further");
            }
            end = runEnd;
        }
        if (end != known) {
            TAIL_CACHE_VH.set(segment, 0L, end); // plain: read back only by the consumer
        }
        return end;
    }

    /**
     * Offers one record copied from {@code src} at {@code srcOffset}; never blocks.
     *
     * @return false if the ring is full (back-pressure), true once the record is committed
     * @throws IndexOutOfBoundsException if {@code src} has fewer than recordSize bytes from srcOffset
     */
    public final boolean offer(MemorySegment src, long srcOffset) {
        checkSource(src, srcOffset);
        long position = tryClaim(1);
        if (position < 0) {
            return false;
        }
        MemorySegment.copy(src, srcOffset, segment, recordOffset(position), recordSize);
        commit(position, 1);
        return true;
    }

    /**
     * Offers {@code count} records copied from {@code src} (record {@code i} at
     * {@code srcOffset + i * recordSize}) as one batch; never blocks. All or nothing: the batch is
     * claimed with one {@link #tryClaim(int)}, copied (MPSC: at most two bulk copies, before and after
     * the wrap point; SPSC: one copy per record, as its slots interleave commit words) and published
     * with one {@link #commit(long, int)}, so the consumer sees none of
     * its records until all of them are written, and the records of one batch stay consecutive in
     * position order (another producer's records never interleave with them). Producer thread(s), as
     * {@link #tryClaim(int)}.
     *
     * @param src the caller's staging batch; the ring only reads it during the call
     * @param count records, in [1, capacity]
     * @return {@code count} once the batch is committed, or 0 if the ring lacks room for all of them
     *     (back-pressure: nothing is claimed or written)
     * @throws IllegalArgumentException if {@code count} is outside [1, capacity]
     * @throws IndexOutOfBoundsException if {@code src} has fewer than {@code count * recordSize} bytes
     *     from {@code srcOffset}, or {@code srcOffset} is negative
     */
    public final int offer(MemorySegment src, long srcOffset, int count) {
        checkCount(count);
        checkSource(src, srcOffset, count);
        long position = tryClaim(count);
        if (position < 0) {
            return 0;
        }
        // Plain bulk writes into claimed slots: no reader can see them until commit's release store(s),
        // and tryClaim's acquire of head ordered the consumer's last reads of these slots before them.
        copyIn(src, srcOffset, position, count);
        commit(position, count);
        return count;
    }

    /** Hands the oldest committed record to {@code handler}, if there is one; see {@link #drain(RecordHandler, int)}. */
    public final boolean poll(RecordHandler handler) {
        return drain(handler, 1) == 1;
    }

    /** Copies the oldest committed record into {@code dst} at {@code dstOffset}, if there is one. */
    public final boolean poll(MemorySegment dst, long dstOffset) {
        return drain(dst, dstOffset, 1) == 1;
    }

    /**
     * Claims {@code count} positions, waiting with {@code idle} while the ring is full.
     *
     * @return the first claimed position
     * @throws InterruptedException if the thread is interrupted while it waits (nothing is claimed)
     */
    public final long claim(int count, IdleStrategy idle) throws InterruptedException {
        long position = tryClaim(count);
        if (position >= 0) {
            return position;
        }
        idle.reset();
        while ((position = tryClaim(count)) < 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for room for " + count + " records");
            }
            idle.idle();
        }
        return position;
    }

    /**
     * Offers one record copied from {@code src}, waiting with {@code idle} while the ring is full.
     *
     * @throws InterruptedException if interrupted while waiting (nothing is offered)
     */
    public final void put(MemorySegment src, long srcOffset, IdleStrategy idle) throws InterruptedException {
        checkSource(src, srcOffset);
        long position = claim(1, idle);
        MemorySegment.copy(src, srcOffset, segment, recordOffset(position), recordSize);
        commit(position, 1);
    }

    /**
     * Copies the oldest record into {@code dst} at {@code dstOffset}, waiting with {@code idle} while
     * the ring is empty. Consumer thread only.
     *
     * @throws InterruptedException if interrupted while waiting (nothing is taken)
     */
    public final void take(MemorySegment dst, long dstOffset, IdleStrategy idle) throws InterruptedException {
        checkDestination(dst, dstOffset, 1);
        idle.reset();
        while (drain(dst, dstOffset, 1) == 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a record");
            }
            idle.idle();
        }
    }

    /** Hands the oldest record to {@code handler}, waiting with {@code idle} while the ring is empty. */
    public final void take(RecordHandler handler, IdleStrategy idle) throws InterruptedException {
        idle.reset();
        while (drain(handler, 1) == 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a record");
            }
            idle.idle();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[capacity=" + capacity + " records, recordSize=" + recordSize
                + " bytes, size=" + size() + ", segment=0x" + Long.toHexString(segment.address()) + "]";
    }

    final void checkCount(int count) {
        if (count < 1 || count > capacity) {
            throw new IllegalArgumentException("batch of " + count + " records must be in [1, capacity "
                    + capacity + "]");
        }
    }

    static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("drain limit " + limit + " must be >= 0");
        }
    }

    final void checkSource(MemorySegment src, long srcOffset) {
        if (srcOffset < 0 || srcOffset > src.byteSize() - recordSize) {
            throw new IndexOutOfBoundsException("record of " + recordSize + " bytes at source offset "
                    + srcOffset + " does not fit in the source segment of " + src.byteSize() + " bytes");
        }
    }

    final void checkSource(MemorySegment src, long srcOffset, int count) {
        long bytes = (long) count * recordSize;
        if (srcOffset < 0 || srcOffset > src.byteSize() - bytes) {
            throw new IndexOutOfBoundsException(count + " records of " + recordSize + " bytes (" + bytes
                    + " bytes) at source offset " + srcOffset + " do not fit in the source segment of "
                    + src.byteSize() + " bytes");
        }
    }

    final void checkDestination(MemorySegment dst, long dstOffset, int limit) {
        checkLimit(limit);
        long bytes = (long) limit * recordSize;
        if (dstOffset < 0 || dstOffset > dst.byteSize() - bytes) {
            throw new IndexOutOfBoundsException(limit + " records of " + recordSize + " bytes (" + bytes
                    + " bytes) at destination offset " + dstOffset + " do not fit in the destination segment of "
                    + dst.byteSize() + " bytes");
        }
    }

    /**
     * Copies {@code n} records from {@code src} into the slots from {@code position}: two bulk copies
     * (before and after the wrap point) where records are contiguous (MPSC), one copy per record where
     * each slot starts with its commit word (SPSC).
     */
    private void copyIn(MemorySegment src, long srcOffset, long position, int n) {
        if (slotStride != recordSize) {
            for (int i = 0; i < n; i++) {
                MemorySegment.copy(src, srcOffset + (long) i * recordSize, segment, recordOffset(position + i), recordSize);
            }
            return;
        }
        int slot = (int) (position & mask);
        int first = Math.min(n, capacity - slot);
        MemorySegment.copy(src, srcOffset, segment, recordBase + (long) slot * recordSize, (long) first * recordSize);
        if (first < n) {
            MemorySegment.copy(src, srcOffset + (long) first * recordSize, segment, recordBase,
                    (long) (n - first) * recordSize);
        }
    }

    /** Copies the {@code n} records from position {@code head} into {@code dst}, as {@link #copyIn} lays them. */
    private void copyOut(long head, int n, MemorySegment dst, long dstOffset) {
        if (slotStride != recordSize) {
            for (int i = 0; i < n; i++) {
                MemorySegment.copy(segment, recordOffset(head + i), dst, dstOffset + (long) i * recordSize, recordSize);
            }
            return;
        }
        int slot = (int) (head & mask);
        int first = Math.min(n, capacity - slot);
        MemorySegment.copy(segment, recordBase + (long) slot * recordSize, dst, dstOffset, (long) first * recordSize);
        if (first < n) {
            MemorySegment.copy(segment, recordBase, dst, dstOffset + (long) first * recordSize,
                    (long) (n - first) * recordSize);
        }
    }
}
