package org.shnn.bench.ring;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Round-trip latency through two SPSC queues: the benchmark thread offers a spike to {@code ping};
 * a relay thread (started at setup, spinning) polls it and offers it to {@code pong}; the benchmark
 * thread spins until it polls it back. Average time per round trip in nanoseconds: two hand-offs
 * between cores, each costing the cache-line transfers of the queue's protocol. Both threads spin
 * ({@link Thread#onSpinWait()}), so on a 2-core machine they take both cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {RingFlags.ADD_EXPORTS_MISC, RingFlags.NATIVE_ACCESS, RingFlags.UNSAFE_ALLOW})
public class SpscRoundTrip {

    /** The two queues, their producer handles and the relay thread. */
    @State(Scope.Thread)
    public static class Loop {
        /** The contender: shnn, shnn-copy, jctools, agrona or abq. */
        @Param({"shnn", "shnn-copy", "jctools", "jctools-values", "agrona", "abq"})
        public String impl;
        /** Capacity of each queue in spikes. */
        @Param({"4096"})
        public int capacity;

        SpikeQueue ping;
        SpikeQueue pong;
        SpikeQueue.Producer pingProducer;
        final Checksum received = new Checksum();
        private Thread relay;
        private volatile boolean running;

        /** Creates the queues and starts the relay thread. */
        @Setup(Level.Trial)
        public void open() {
            pong = SpikeQueue.create(impl, capacity, false, received);
            SpikeQueue.Producer pongProducer = pong.newProducer();
            ping = SpikeQueue.create(impl, capacity, false, (step, neuron) -> {
                while (!pongProducer.offer(step, neuron)) {
                    Thread.onSpinWait();
                }
            });
            pingProducer = ping.newProducer();
            running = true; // volatile: the relay thread is started after this store
            relay = Thread.ofPlatform().daemon().name("ring-relay").start(() -> {
                while (running) { // volatile: sees the tear-down's stop
                    if (!ping.poll()) {
                        Thread.onSpinWait();
                    }
                }
            });
        }

        /** Stops the relay thread and frees the queues. */
        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            running = false; // volatile: the relay loop exits at its next check
            relay.join(TimeUnit.SECONDS.toMillis(10));
            if (relay.isAlive()) {
                throw new IllegalStateException("ring relay thread did not stop within 10 s");
            }
            ping.close();
            pong.close();
        }
    }

    /** One spike there and back; returns the receiver's checksum so the loop has a result. */
    @Benchmark
    public long roundTrip(Loop loop) {
        long step = loop.received.count();
        while (!loop.pingProducer.offer(step, (int) step)) {
            Thread.onSpinWait();
        }
        while (!loop.pong.poll()) {
            if (!loop.relay.isAlive()) {
                throw new IllegalStateException("ring relay thread died; no reply for step " + step);
            }
            Thread.onSpinWait();
        }
        return loop.received.sum();
    }
}
