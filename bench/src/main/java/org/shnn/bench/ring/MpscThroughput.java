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
 * Two producers, one consumer (2P1C) spike throughput, non-blocking on all sides (a refused offer or
 * an empty poll is counted and retried at once). The figure of merit is the consumer's
 * {@code polled} counter, in spikes per second. On a 2-core machine the three threads oversubscribe
 * the cores: the figure then includes the scheduler's time slicing, equally for every contender.
 *
 * <p>Groups: {@code single} (one spike per offer and per poll) and {@code batch} (a producer claims
 * and commits {@value SpscThroughput#BATCH} spikes at once; the consumer drains up to
 * {@value SpscThroughput#BATCH}). Contenders:
 * {@code impl} = shnn ({@code MpscRing}, records read in place), shnn-copy (batches staged and
 * offered in bulk, drained by bulk copy into a batch), jctools ({@code MpscArrayQueue}), agrona
 * ({@code ManyToOneRingBuffer}), abq ({@code ArrayBlockingQueue}); {@code capacity} in spikes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {RingFlags.ADD_EXPORTS_MISC, RingFlags.NATIVE_ACCESS, RingFlags.UNSAFE_ALLOW})
public class MpscThroughput {

    /** The queue shared by the group's producers and consumer. */
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
            queue = SpikeQueue.create(impl, capacity, true, new Checksum());
        }

        /** Frees the queue's memory. */
        @TearDown(Level.Trial)
        public void close() {
            queue.close();
        }
    }

    /** Offers one spike (two producer threads). */
    @Benchmark
    @Group("single")
    @GroupThreads(2)
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

    /** Offers a batch of {@value SpscThroughput#BATCH} spikes (two producer threads). */
    @Benchmark
    @Group("batch")
    @GroupThreads(2)
    public void offerBatch(Channel channel, ProducerState p, OfferCounters c) {
        int n = p.handle(channel.queue).offerBatch(p.step, p.neuron, SpscThroughput.BATCH);
        if (n > 0) {
            p.step++;
            p.neuron += n;
            c.offered += n;
        } else {
            c.offerFailed++;
        }
    }

    /** Drains up to {@value SpscThroughput#BATCH} spikes. */
    @Benchmark
    @Group("batch")
    @GroupThreads(1)
    public void drain(Channel channel, PollCounters c) {
        int n = channel.queue.drain(SpscThroughput.BATCH);
        if (n > 0) {
            c.polled += n;
        } else {
            c.pollFailed++;
        }
    }
}
