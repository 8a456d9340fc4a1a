package org.shnn.engine.record;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.shnn.memory.pool.ArenaPool;
import org.shnn.memory.ring.IdleStrategy;
import org.shnn.memory.ring.RecordRing;
import org.shnn.memory.ring.SpikeRecord;

/**
 * An off-heap spike list of {@link SpikeRecord} records (step: long, neuron: int, 16 bytes each)
 * that grows in chunks of {@link #CHUNK_RECORDS} records, optionally streaming every record into a
 * {@link RecordRing} as it is appended (waiting with an {@link IdleStrategy} while the ring is full:
 * back-pressure stalls the simulation rather than dropping spikes) and/or into a
 * {@link SpikeFileStream}.
 *
 * <p>The simulation appends spikes in (step, neuron) order, so the list is sorted.
 * Ownership: chunks come from the allocator given at construction, which frees them. Thread-safety:
 * one appending thread; readers must not run concurrently with appends (the simulation appends only
 * inside {@code run}).
 */
public final class SpikeRecorder {

    /** Records per chunk (1 MiB chunks). */
    public static final int CHUNK_RECORDS = 1 << 16;
    private static final long CHUNK_BYTES = (long) CHUNK_RECORDS * SpikeRecord.SIZE;

    private final SegmentAllocator alloc;
    private final List<MemorySegment> chunks = new ArrayList<>();
    private final RecordRing stream;
    private final IdleStrategy idle;
    private final SpikeFileStream file;
    private long count;
    private MemorySegment current;
    private int inChunk = CHUNK_RECORDS;

    /**
     * @param alloc where chunks are allocated
     * @param stream a ring to copy every recorded spike into, or null
     * @param idle how to wait while the stream ring is full (ignored without a stream)
     */
    public SpikeRecorder(SegmentAllocator alloc, RecordRing stream, IdleStrategy idle) {
        this(alloc, stream, idle, null);
    }

    /**
     * @param alloc where chunks are allocated
     * @param stream a ring to copy every recorded spike into, or null
     * @param idle how to wait while the stream ring is full (ignored without a stream)
     * @param file a file stream to append every recorded spike to, or null (the caller closes it)
     */
    public SpikeRecorder(SegmentAllocator alloc, RecordRing stream, IdleStrategy idle, SpikeFileStream file) {
        if (stream != null && stream.recordSize() < SpikeRecord.SIZE) {
            throw new IllegalArgumentException("spike stream ring has " + stream.recordSize() + "-byte records; needs "
                    + SpikeRecord.SIZE);
        }
        this.alloc = alloc;
        this.stream = stream;
        this.idle = idle;
        this.file = file;
    }

    /** Appends one spike. Appending thread only. */
    public void append(long step, int neuron) {
        if (inChunk == CHUNK_RECORDS) {
            startChunk();
        }
        SpikeRecord.write(current, (long) inChunk * SpikeRecord.SIZE, step, neuron);
        inChunk++;
        count++;
        if (file != null) {
            file.write(step, neuron);
        }
        if (stream != null) {
            long pos;
            try {
                pos = stream.claim(1, idle);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while streaming spike (" + step + ", " + neuron + ")", e);
            }
            SpikeRecord.write(stream.segment(), stream.recordOffset(pos), step, neuron);
            stream.commit(pos, 1);
        }
    }

    /**
     * Makes room for the next spike now, so that the next {@link #append} does not start a chunk: a run calls it
     * before its first step. C2 compiles {@code append} from a profile in which starting a chunk is rare (once per
     * {@value #CHUNK_RECORDS} spikes) and leaves that branch out; when a run's first spike started the first chunk,
     * C2's code of {@code append} was thrown away at the first spike of the run and compiled again within it
     * (bench/RESULTS.md section 60). Appending thread.
     */
    public void reserve() {
        if (inChunk == CHUNK_RECORDS) {
            startChunk();
        }
    }

    private void startChunk() {
        current = alloc.allocate(CHUNK_BYTES, 64);
        chunks.add(current);
        inChunk = 0;
    }

    /**
     * Forgets every recorded spike (for a simulation reset to step 0); chunks go back to the allocator if it is an
     * {@link ArenaPool}. A stream or file given at construction is not told (it receives the next spikes after the
     * old ones). Appending thread, while no reader runs.
     */
    public void clear() {
        if (alloc instanceof ArenaPool pool) {
            chunks.forEach(pool::free);
        }
        chunks.clear();
        current = null;
        inChunk = CHUNK_RECORDS;
        count = 0;
    }

    /** Spikes recorded. */
    public long count() {
        return count;
    }

    /** Step of spike {@code i}. @throws IndexOutOfBoundsException outside [0, count) */
    public long step(long i) {
        return SpikeRecord.timeStep(chunkOf(i), offsetOf(i));
    }

    /** Neuron (global id) of spike {@code i}. @throws IndexOutOfBoundsException outside [0, count) */
    public int neuron(long i) {
        return SpikeRecord.neuronId(chunkOf(i), offsetOf(i));
    }

    private MemorySegment chunkOf(long i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("spike index " + i + " outside [0, " + count + ")");
        }
        return chunks.get((int) (i / CHUNK_RECORDS));
    }

    private static long offsetOf(long i) {
        return (i % CHUNK_RECORDS) * SpikeRecord.SIZE;
    }

    /** Receives spikes in order. */
    @FunctionalInterface
    public interface SpikeConsumer {
        /** One spike: step and global neuron id. */
        void accept(long step, int neuron);
    }

    /** Hands every spike, in order, to {@code consumer}. */
    public void forEach(SpikeConsumer consumer) {
        long left = count;
        for (MemorySegment c : chunks) {
            int n = (int) Math.min(left, CHUNK_RECORDS);
            for (int k = 0; k < n; k++) {
                long off = (long) k * SpikeRecord.SIZE;
                consumer.accept(SpikeRecord.timeStep(c, off), SpikeRecord.neuronId(c, off));
            }
            left -= n;
        }
    }

    /**
     * Copies all records ({@link SpikeRecord} format, 16 bytes each) into {@code dst} from {@code offset}.
     *
     * @throws IndexOutOfBoundsException if dst is too small
     */
    public void copyTo(MemorySegment dst, long offset) {
        long bytes = count * SpikeRecord.SIZE;
        if (offset < 0 || offset > dst.byteSize() - bytes) {
            throw new IndexOutOfBoundsException(count + " spikes (" + bytes + " bytes) at offset " + offset
                    + " do not fit in " + dst.byteSize() + " bytes");
        }
        long left = bytes;
        long at = offset;
        for (MemorySegment c : chunks) {
            long n = Math.min(left, CHUNK_BYTES);
            MemorySegment.copy(c, 0, dst, at, n);
            at += n;
            left -= n;
        }
    }

    /**
     * SHA-256 over the spikes in (step, neuron) order, each as a little-endian long step followed by a
     * little-endian int neuron (12 bytes): the raster checksum that must not depend on thread count.
     */
    public byte[] sha256() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(12 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        forEach((step, neuron) -> {
            if (buf.remaining() < 12) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putLong(step).putInt(neuron);
        });
        md.update(buf.array(), 0, buf.position());
        return md.digest();
    }
}
