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
 *
 * <p>With {@code values} (contender {@code jctools-values}) the producer instead allocates a {@code Spike} holding
 * the offered step and neuron for every spike: what moving spike values through an object queue costs. The pooled
 * variant moves a reference to an object whose fields were written before the run (the consumer reads the pool's
 * step, not the offered one), which the engine cannot use: its spikes are values made during the run, and they
 * cross into other processes as bytes (bench/RESULTS.md section 15).
 */
final class JctoolsQueue extends SpikeQueue {

    private final MessagePassingQueue<Spike> queue;
    private final MessagePassingQueue.Consumer<Spike> consumer;
    private final SpikeSink sink;
    private final int capacity;

    private final boolean values;

    JctoolsQueue(int capacity, boolean multiProducer, boolean values, SpikeSink sink) {
        this.values = values;
        this.queue = multiProducer ? new MpscArrayQueue<>(capacity) : new SpscArrayQueue<>(capacity);
        this.capacity = capacity;
        this.sink = sink;
        this.consumer = s -> sink.accept(s.step(), s.neuron());
    }

    @Override
    public Producer newProducer() {
        return values ? new AllocatingProducer(queue) : new PooledProducer(queue, Spike.pool(2 * capacity));
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

    /** A producer that allocates one {@code Spike} per offered spike, holding its values. */
    private static final class AllocatingProducer extends Producer implements MessagePassingQueue.Supplier<Spike> {
        private final MessagePassingQueue<Spike> queue;
        private long step;
        private int cursor;

        AllocatingProducer(MessagePassingQueue<Spike> queue) {
            this.queue = queue;
        }

        @Override
        public boolean offer(long step, int neuron) {
            return queue.offer(new Spike(step, neuron));
        }

        @Override
        public int offerBatch(long step, int firstNeuron, int n) {
            this.step = step;
            cursor = firstNeuron;
            return queue.fill(this, n);
        }

        @Override
        public Spike get() {
            return new Spike(step, cursor++);
        }
    }
}
