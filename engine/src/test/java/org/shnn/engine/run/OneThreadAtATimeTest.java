package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;

/**
 * A simulation is driven from one thread at a time: runs started on several threads at once are refused but one,
 * naming the running thread, and that run is undisturbed (its raster is a straight run's); a close or a change from
 * another thread during a run is refused and the run goes on. Before, concurrent runs failed deep in the step loop
 * ("3 rows queued: flush before changing projection 0") and poisoned the simulation.
 */
class OneThreadAtATimeTest {

    private static final Network NET = BuiltinNetworks.coba(1000, 9L);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runsOnManyThreadsAtOnceAreRefusedButOneAndTheStateStaysAStraightRun() throws Exception {
        int threads = 8;
        int rounds = 20;
        long steps = 50;
        long won = 0;
        try (Simulation s = Simulation.create(NET, SimulationConfig.defaults().withThreads(2))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int r = 0; r < rounds; r++) {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Boolean>> runs = new ArrayList<>();
                    for (int k = 0; k < threads; k++) {
                        runs.add(pool.submit(() -> {
                            go.await();
                            try {
                                s.runSteps(steps);
                                return true;
                            } catch (IllegalStateException e) {
                                assertTrue(e.getMessage().contains("is running on thread 'pool-"), e.getMessage());
                                return false;
                            }
                        }));
                    }
                    go.countDown();
                    for (Future<Boolean> f : runs) {
                        won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(won >= rounds, won + " runs of " + rounds * threads + " went through");
            assertEquals(won * steps, s.currentStep());
            try (Simulation straight = Simulation.create(NET, SimulationConfig.defaults())) {
                straight.runSteps(won * steps);
                assertArrayEquals(straight.rasterSha256(), s.rasterSha256(), "the runs that went through, undisturbed");
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aCloseOrAChangeFromAnotherThreadDuringARunIsRefused() throws Exception {
        try (Simulation s = Simulation.create(NET, SimulationConfig.defaults())) {
            CountDownLatch inRun = new CountDownLatch(1);
            CountDownLatch refused = new CountDownLatch(1);
            s.addHook(new StepHook() { // holds the run at its first step until the main thread was refused
                @Override
                public void afterDelivery(StepContext context) {
                    inRun.countDown();
                    try {
                        refused.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Thread runner = Thread.ofPlatform().name("the-runner").start(() -> s.runSteps(20));
            assertTrue(inRun.await(60, TimeUnit.SECONDS));
            String close = assertThrows(IllegalStateException.class, s::close).getMessage();
            String reset = assertThrows(IllegalStateException.class, s::reset).getMessage();
            refused.countDown();
            runner.join(60_000);
            assertTrue(close.contains("is running on thread 'the-runner'"), close);
            assertTrue(reset.contains("is running on thread 'the-runner'"), reset);
            assertEquals(20, s.currentStep(), "the run went on");
        }
    }
}
