package org.shnn.bench.ring;

import java.nio.ByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Agrona 2.6.0 {@link OneToOneRingBuffer} or {@link ManyToOneRingBuffer} over a direct buffer.
 *
 * <p>A single spike is one message of 12 bytes (long step, int neuron) written in place through
 * {@code tryClaim}/{@code commit}; with Agrona's 8-byte record header and 8-byte alignment it takes
 * 24 bytes of ring. A batch is one message of {@code n} 16-byte records (long step, int neuron, int
 * spare: SHNN's record layout), the way Agrona users batch. The consumer reads both fields of every
 * spike in place through a {@link MessageHandler}; {@link #drain(int)} reads whole messages, about
 * {@code limit} spikes' worth. The ring holds {@code capacity * 32} bytes, a power of two, so at least
 * {@code capacity} single spikes fit (about 1.3x that: Agrona's capacity is in bytes).
 */
final class AgronaQueue extends SpikeQueue {

    private static final int MSG_TYPE = 1;
    private static final int SINGLE_LENGTH = Long.BYTES + Integer.BYTES;
    private static final int RECORD_STRIDE = 16;

    private final RingBuffer ring;
    private final Handler handler;

    AgronaQueue(int capacity, boolean multiProducer, SpikeSink sink) {
        UnsafeBuffer buffer = new UnsafeBuffer(
                ByteBuffer.allocateDirect(capacity * 32 + RingBufferDescriptor.TRAILER_LENGTH));
        this.ring = multiProducer ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
        this.handler = new Handler(sink);
    }

    @Override
    public Producer newProducer() {
        RingBuffer r = ring;
        MutableDirectBuffer buffer = r.buffer();
        return new Producer() {
            @Override
            public boolean offer(long step, int neuron) {
                int index = r.tryClaim(MSG_TYPE, SINGLE_LENGTH);
                if (index < 0) {
                    return false;
                }
                buffer.putLong(index, step);
                buffer.putInt(index + Long.BYTES, neuron);
                r.commit(index);
                return true;
            }

            @Override
            public int offerBatch(long step, int firstNeuron, int n) {
                int index = r.tryClaim(MSG_TYPE, n * RECORD_STRIDE);
                if (index < 0) {
                    return 0;
                }
                for (int i = 0; i < n; i++) {
                    int at = index + i * RECORD_STRIDE;
                    buffer.putLong(at, step);
                    buffer.putInt(at + Long.BYTES, firstNeuron + i);
                    buffer.putInt(at + Long.BYTES + Integer.BYTES, 0);
                }
                r.commit(index);
                return n;
            }
        };
    }

    @Override
    public boolean poll() {
        return read(1) > 0;
    }

    @Override
    public int drain(int limit) {
        long before = handler.spikes;
        // Messages to read for about `limit` spikes, judged from the size of the last message seen.
        read(Math.max(1, limit / handler.spikesPerMessage));
        return (int) (handler.spikes - before);
    }

    /**
     * Reads up to {@code messages} messages. A read stops at the end of the buffer, so one that only
     * skipped Agrona's padding record there (returns 0, head moved) is followed by a second from the
     * start; an empty ring costs one read.
     */
    private int read(int messages) {
        long head = ring.consumerPosition();
        int n = ring.read(handler, messages);
        if (n == 0 && ring.consumerPosition() != head) {
            n = ring.read(handler, messages);
        }
        return n;
    }

    @Override
    public void close() {
        // The direct buffer is freed by the garbage collector.
    }

    /** Hands every spike of a message (one single spike or a batch of 16-byte records) to the sink. */
    private static final class Handler implements MessageHandler {
        private final SpikeSink sink;
        long spikes;
        int spikesPerMessage = 1;

        Handler(SpikeSink sink) {
            this.sink = sink;
        }

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
            if (length == SINGLE_LENGTH) {
                sink.accept(buffer.getLong(index), buffer.getInt(index + Long.BYTES));
                spikes++;
                spikesPerMessage = 1;
                return;
            }
            int n = length / RECORD_STRIDE;
            for (int i = 0; i < n; i++) {
                int at = index + i * RECORD_STRIDE;
                sink.accept(buffer.getLong(at), buffer.getInt(at + Long.BYTES));
            }
            spikes += n;
            spikesPerMessage = n;
        }
    }
}
