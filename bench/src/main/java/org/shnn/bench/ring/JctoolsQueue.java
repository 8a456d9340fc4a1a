package org.shnn.bench.ring;

import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;

/**
 * JCTools 4.0.7 {@link SpscArrayQueue} or {@link MpscArrayQueue} of preallocated immutable
 * {@link Spike} objects: a producer passes a reference taken from a pool (nothing is allocated or
 * written per spike); a batch is one {@link MessagePassingQueue#fill(MessagePassingQueue.Supplier, int)
 * fill} of {@code n}. The consumer reads both fields of each spike ({@code poll}, or
 * {@link MessagePassingQueue#drain(MessagePassingQueue.Consumer, int) drain} for a batch).
 */
final class JctoolsQueue extends SpikeQueue {

    private final MessagePassingQueue<Spike> queue;
    private final MessagePassingQueue.Consumer<Spike> consumer;
    private final SpikeSink sink;
    private final int capacity;

    JctoolsQueue(int capacity, boolean multiProducer, SpikeSink sink) {
        this.queue = multiProducer ? new MpscArrayQueue<>(capacity) : new SpscArrayQueue<>(capacity);
        this.capacity = capacity;
        this.sink = sink;
        this.consumer = s -> sink.accept(s.step(), s.neuron());
    }

    @Override
    public Producer newProducer() {
        return new PooledProducer(queue, Spike.pool(2 * capacity));
    }

    @Override
    public boolean poll() {
        Spike s = queue.poll();
        if (s == null) {
            return false;
        }
        sink.accept(s.step(), s.neuron());
        return true;
    }

    @Override
    public int drain(int limit) {
        return queue.drain(consumer, limit);
    }

    @Override
    public void close() {
        queue.clear();
    }

    /** A producer with its own pool and cursor; the cursor feeds {@code fill}'s supplier. */
    private static final class PooledProducer extends Producer implements MessagePassingQueue.Supplier<Spike> {
        private final MessagePassingQueue<Spike> queue;
        private final Spike[] pool;
        private final int mask;
        private int cursor;

        PooledProducer(MessagePassingQueue<Spike> queue, Spike[] pool) {
            this.queue = queue;
            this.pool = pool;
            this.mask = pool.length - 1;
        }

        @Override
        public boolean offer(long step, int neuron) {
            return queue.offer(pool[neuron & mask]);
        }

        @Override
        public int offerBatch(long step, int firstNeuron, int n) {
            cursor = firstNeuron;
            return queue.fill(this, n);
        }

        @Override
        public Spike get() {
            return pool[cursor++ & mask];
        }
    }
}
