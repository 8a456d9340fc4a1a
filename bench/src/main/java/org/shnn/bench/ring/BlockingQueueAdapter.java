package org.shnn.bench.ring;

import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * {@link ArrayBlockingQueue} (one lock, the JDK's bounded queue) of preallocated immutable
 * {@link Spike} objects, used through its non-blocking calls: {@code offer} and {@code poll}. It has
 * no batch offer, so a producer's batch is {@code n} offers (stopping at the first refusal); the
 * consumer's batch is one {@link ArrayBlockingQueue#drainTo(java.util.Collection, int) drainTo} (one
 * lock acquisition) into a reused list. Any number of producers may share it.
 */
final class BlockingQueueAdapter extends SpikeQueue {

    private final ArrayBlockingQueue<Spike> queue;
    private final ArrayList<Spike> batch;
    private final SpikeSink sink;
    private final int capacity;

    BlockingQueueAdapter(int capacity, SpikeSink sink) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batch = new ArrayList<>(capacity);
        this.sink = sink;
        this.capacity = capacity;
    }

    @Override
    public Producer newProducer() {
        Spike[] pool = Spike.pool(2 * capacity);
        int mask = pool.length - 1;
        ArrayBlockingQueue<Spike> q = queue;
        return new Producer() {
            @Override
            public boolean offer(long step, int neuron) {
                return q.offer(pool[neuron & mask]);
            }

            @Override
            public int offerBatch(long step, int firstNeuron, int n) {
                int done = 0;
                while (done < n && q.offer(pool[(firstNeuron + done) & mask])) {
                    done++;
                }
                return done;
            }
        };
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
        int n = queue.drainTo(batch, limit);
        for (int i = 0; i < n; i++) {
            Spike s = batch.get(i);
            sink.accept(s.step(), s.neuron());
        }
        batch.clear();
        return n;
    }

    @Override
    public void close() {
        queue.clear();
    }
}
