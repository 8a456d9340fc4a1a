package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SpinBarrierTest {

    /** Each phase every party writes its slot, then after the barrier checks all slots of that phase. */
    @Test
    void phasesPublishWritesToAllParties() {
        int parties = 3;
        int phases = 20_000;
        SpinBarrier barrier = new SpinBarrier(parties);
        long[][] slots = new long[2][parties];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Thread[] threads = new Thread[parties];
            for (int p = 0; p < parties; p++) {
                int me = p;
                threads[p] = Thread.ofPlatform().start(() -> {
                    try {
                        for (int ph = 0; ph < phases; ph++) {
                            slots[ph & 1][me] = ph; // plain write, published by the barrier
                            barrier.await();
                            for (int q = 0; q < parties; q++) {
                                if (slots[ph & 1][q] != ph) {
                                    throw new AssertionError("phase " + ph + ": party " + q + " shows " + slots[ph & 1][q]);
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        barrier.breakBarrier();
                    }
                });
            }
            for (Thread t : threads) {
                t.join();
            }
        });
        assertEquals(null, failure.get());
    }

    @Test
    void brokenBarrierReleasesWaiters() {
        SpinBarrier barrier = new SpinBarrier(2);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            // whether the break comes before or during the wait, await must throw
            Thread breaker = Thread.ofPlatform().start(barrier::breakBarrier);
            assertThrows(IllegalStateException.class, barrier::await);
            breaker.join();
        });
    }
}
