package org.shnn.bench.ring;

/**
 * One contender in the ring benchmarks: a bounded spike channel with non-blocking single and batch
 * operations. Each implementation is a thin adapter over the library's own idiomatic calls.
 *
 * <p>Thread-safety: as the underlying queue (one consumer always; one or many producers as
 * {@link #create(String, int, boolean, SpikeSink)} was told). The {@link SpikeSink} given at creation
 * is called on the consumer thread; producers use their own {@link #newProducer() handle}. {@link #close()} frees off-heap memory; no call may follow it.
 */
public abstract class SpikeQueue implements AutoCloseable {

    /** The {@code impl} names the benchmarks take, in the order RESULTS.md lists them. */
    public static final String[] IMPLS = {"shnn", "shnn-copy", "jctools", "jctools-values", "agrona", "abq"};

    /**
     * Creates the contender {@code impl} holding at least {@code capacity} spikes.
     *
     * @param impl one of {@link #IMPLS}
     * @param capacity spikes, a power of two
     * @param multiProducer true for the many-producer variant (MpscRing, MpscArrayQueue, ManyToOneRingBuffer)
     * @param sink called for every spike polled or drained
     * @throws IllegalArgumentException for an unknown impl, naming it and the known ones
     */
    public static SpikeQueue create(String impl, int capacity, boolean multiProducer, SpikeSink sink) {
        return switch (impl) {
            case "shnn" -> new ShnnRingQueue(capacity, multiProducer, false, sink);
            case "shnn-copy" -> new ShnnRingQueue(capacity, multiProducer, true, sink);
            case "jctools" -> new JctoolsQueue(capacity, multiProducer, false, sink);
            case "jctools-values" -> new JctoolsQueue(capacity, multiProducer, true, sink);
            case "agrona" -> new AgronaQueue(capacity, multiProducer, sink);
            case "abq" -> new BlockingQueueAdapter(capacity, sink);
            default -> throw new IllegalArgumentException("unknown ring implementation '" + impl
                    + "'; known: " + String.join(", ", IMPLS));
        };
    }

    /**
     * A new producer handle for the calling thread (it may keep per-producer state, such as a cursor
     * into a pool of spike objects). One handle per producer thread; handles are not thread-safe.
     */
    public abstract Producer newProducer();

    /** Hands the oldest spike to the sink; false when empty. Consumer side. */
    public abstract boolean poll();

    /** Hands up to {@code limit} spikes to the sink in one batch; returns how many. Consumer side. */
    public abstract int drain(int limit);

    /** The producing side of a {@link SpikeQueue}, used by one thread. */
    public abstract static class Producer {

        /** Offers one spike without blocking; false when full. */
        public abstract boolean offer(long step, int neuron);

        /**
         * Offers {@code n} spikes (step, neuron {@code firstNeuron + i}) as one batch without blocking.
         *
         * @return spikes accepted: {@code n}, or fewer (0 for an all-or-nothing claim) when full
         */
        public abstract int offerBatch(long step, int firstNeuron, int n);
    }

    /** Frees the queue's memory (off-heap for the rings); idempotent for heap queues. */
    @Override
    public abstract void close();
}
