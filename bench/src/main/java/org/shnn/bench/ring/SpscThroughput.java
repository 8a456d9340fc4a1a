package org.shnn.bench.ring;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One producer, one consumer (1P1C) spike throughput, non-blocking on both sides (a refused offer or
 * an empty poll is counted and retried at once, as in JCTools' own throughput benchmarks). The
 * figure of merit is the consumer's {@code polled} counter, in spikes per second.
 *
 * <p>Groups: {@code single} (one spike per offer and per poll) and {@code batch} (a producer claims
 * and commits {@value #BATCH} spikes at once; the consumer drains up to {@value #BATCH}). Contenders:
 * {@code impl} = shnn ({@code SpscRing}, records read in place), shnn-copy (batches staged and
 * offered in bulk, drained by bulk copy into a batch), jctools ({@code SpscArrayQueue} of pooled objects), jctools-values (one new object per spike), agrona
 * ({@code OneToOneRingBuffer}), abq ({@code ArrayBlockingQueue}); {@code capacity} in spikes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {RingFlags.ADD_EXPORTS_MISC, RingFlags.NATIVE_ACCESS, RingFlags.UNSAFE_ALLOW})
public class SpscThroughput {

    /** Spikes per batch claim (producer) and most spikes per drain (consumer) in the batch group. */
    public static final int BATCH = 32;

    /** The queue shared by the group's producer and consumer. */
    @State(Scope.Group)
    public static class Channel {
        /** The contender: shnn, shnn-copy, jctools, agrona or abq. */
        @Param({"shnn", "shnn-copy", "jctools", "jctools-values", "agrona", "abq"})
        public String impl;
        /** Capacity in spikes (Agrona: bytes for at least this many). */
        @Param({"4096"})
        public int capacity;

        SpikeQueue queue;

        /** Creates the queue once per trial (fork). */
        @Setup(Level.Trial)
        public void open() {
            queue = SpikeQueue.create(impl, capacity, false, new Checksum());
        }

        /** Frees the queue's memory. */
        @TearDown(Level.Trial)
        public void close() {
            queue.close();
        }
    }

    /** Offers one spike. */
    @Benchmark
    @Group("single")
    @GroupThreads(1)
    public void offer(Channel channel, ProducerState p, OfferCounters c) {
        if (p.handle(channel.queue).offer(p.step, p.neuron)) {
            p.step++;
            p.neuron++;
            c.offered++;
        } else {
            c.offerFailed++;
        }
    }

    /** Polls one spike. */
    @Benchmark
    @Group("single")
    @GroupThreads(1)
    public void poll(Channel channel, PollCounters c) {
        if (channel.queue.poll()) {
            c.polled++;
        } else {
            c.pollFailed++;
        }
    }

    /** Offers a batch of {@value #BATCH} spikes. */
    @Benchmark
    @Group("batch")
    @GroupThreads(1)
    public void offerBatch(Channel channel, ProducerState p, OfferCounters c) {
        int n = p.handle(channel.queue).offerBatch(p.step, p.neuron, BATCH);
        if (n > 0) {
            p.step++;
            p.neuron += n;
            c.offered += n;
        } else {
            c.offerFailed++;
        }
    }

    /** Drains up to {@value #BATCH} spikes. */
    @Benchmark
    @Group("batch")
    @GroupThreads(1)
    public void drain(Channel channel, PollCounters c) {
        int n = channel.queue.drain(BATCH);
        if (n > 0) {
            c.polled += n;
        } else {
            c.pollFailed++;
        }
    }
}
