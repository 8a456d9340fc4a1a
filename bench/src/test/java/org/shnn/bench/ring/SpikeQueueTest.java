package org.shnn.bench.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that every benchmark contender delivers what it is offered: each spike once, in order, with
 * both fields intact for the rings (the object queues carry a pooled spike whose fields follow the
 * neuron id), through single and batch calls, across wrap-around, and with two producers.
 */
class SpikeQueueTest {

    private static final int CAPACITY = 64;

    static List<Arguments> contenders() {
        List<Arguments> all = new ArrayList<>();
        for (String impl : SpikeQueue.IMPLS) {
            all.add(Arguments.of(impl, false));
            all.add(Arguments.of(impl, true));
        }
        return all;
    }

    /** Records what the consumer saw. */
    private static final class Recorder implements SpikeSink {
        final List<long[]> seen = new ArrayList<>();

        @Override
        public void accept(long step, int neuron) {
            seen.add(new long[] {step, neuron});
        }
    }

    /** The rings write step and neuron into each record, jctools-values allocates them; the others pass pooled spikes. */
    private static boolean carriesFields(String impl) {
        return impl.startsWith("shnn") || impl.equals("agrona") || impl.equals("jctools-values");
    }

    /** The step a delivered spike must carry: object queues deliver pooled spike {@code neuron & mask}. */
    private static long expectedStep(String impl, long step, int neuron) {
        return carriesFields(impl) ? step : neuron & (2 * CAPACITY - 1);
    }

    @ParameterizedTest(name = "{0} multiProducer={1}")
    @MethodSource("contenders")
    void singleSpikesArriveOnceInOrderAcrossWrapAround(String impl, boolean multiProducer) {
        Recorder rec = new Recorder();
        try (SpikeQueue q = SpikeQueue.create(impl, CAPACITY, multiProducer, rec)) {
            SpikeQueue.Producer p = q.newProducer();
            int sent = 0;
            for (int round = 0; round < 10; round++) { // 10 x 50 spikes through 64 slots: wraps many times
                for (int i = 0; i < 50; i++, sent++) {
                    assertTrue(p.offer(1000 + sent, sent), impl + ": offer " + sent + " refused");
                }
                for (int i = 0; i < 50; i++) {
                    assertTrue(q.poll(), impl + ": poll found nothing at round " + round);
                }
                assertFalse(q.poll(), impl + ": queue not empty after round " + round);
            }
            assertEquals(sent, rec.seen.size());
            for (int i = 0; i < sent; i++) {
                assertEquals(i & (2 * CAPACITY - 1), rec.seen.get(i)[1] & (2 * CAPACITY - 1), impl + ": neuron of spike " + i);
                assertEquals(expectedStep(impl, 1000 + i, i), rec.seen.get(i)[0], impl + ": step of spike " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} multiProducer={1}")
    @MethodSource("contenders")
    void fullQueueRefusesAndBatchesDrainInOrder(String impl, boolean multiProducer) {
        Recorder rec = new Recorder();
        try (SpikeQueue q = SpikeQueue.create(impl, CAPACITY, multiProducer, rec)) {
            SpikeQueue.Producer p = q.newProducer();
            int accepted = 0;
            int neuron = 0;
            for (int batch = 0; batch < 100; batch++) {
                int n = p.offerBatch(7, neuron, 8);
                if (n == 0) {
                    break;
                }
                accepted += n;
                neuron += n;
            }
            assertTrue(accepted >= CAPACITY, impl + ": only " + accepted + " spikes fit, capacity " + CAPACITY);
            assertEquals(0, p.offerBatch(7, neuron, 8), impl + ": a full queue accepted a batch");
            int drained = 0;
            int n;
            while ((n = q.drain(8)) > 0) {
                drained += n;
            }
            assertEquals(accepted, drained, impl + ": drained");
            for (int i = 0; i < drained; i++) {
                assertEquals(i & (2 * CAPACITY - 1), rec.seen.get(i)[1] & (2 * CAPACITY - 1), impl + ": neuron of spike " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multiProducerContenders")
    void twoProducersDeliverEverySpikeOnce(String impl) {
        final int perProducer = 10_000;
        Checksum sum = new Checksum();
        try (SpikeQueue q = SpikeQueue.create(impl, CAPACITY, true, sum)) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                List<Thread> producers = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    SpikeQueue.Producer p = q.newProducer();
                    producers.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            while (!p.offer(i, i)) {
                                Thread.yield(); // 3 threads on 2 cores: let the consumer run
                            }
                        }
                    }));
                }
                while (sum.count() < 2L * perProducer) {
                    if (q.drain(16) == 0) {
                        Thread.yield();
                    }
                }
                for (Thread t : producers) {
                    t.join();
                }
            });
            assertEquals(2L * perProducer, sum.count(), impl + ": spikes received");
            long expected = 0;
            for (int i = 0; i < perProducer; i++) {
                expected += 2 * (expectedStep(impl, i, i) + (i & (2 * CAPACITY - 1)));
            }
            if (carriesFields(impl)) {
                expected = 2L * perProducer * (perProducer - 1); // 2 producers x sum of (i + i)
            }
            assertEquals(expected, sum.sum(), impl + ": checksum of step + neuron");
            assertFalse(q.poll(), impl + ": extra spike");
        }
    }

    static List<String> multiProducerContenders() {
        return List.of(SpikeQueue.IMPLS);
    }

    @Test
    void unknownImplementationIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpikeQueue.create("disruptor", CAPACITY, false, new Checksum()));
        assertTrue(e.getMessage().contains("disruptor") && e.getMessage().contains("jctools"), e.getMessage());
    }
}
