package org.shnn.engine.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shnn.engine.run.StepContext;

/**
 * {@link Pacer}'s count of steps behind: steps waited for are on time, a step after a pause is behind by the pause,
 * the first step behind is kept, and a tolerance larger than any lateness counts none. (Its bookkeeping has no branch
 * on lateness: a run whose steps were all on time compiled one as a trap, section 72.)
 */
class PacerTest {

    /** Worker {@code worker}'s view of step {@code step}: the pacer reads only these two. */
    private static StepContext at(long step, int worker) {
        return new StepContext() {
            @Override
            public int worker() {
                return worker;
            }

            @Override
            public int workers() {
                return 2;
            }

            @Override
            public long step() {
                return step;
            }

            @Override
            public int spikeCount() {
                return 0;
            }

            @Override
            public int spike(int k) {
                throw new IndexOutOfBoundsException(k);
            }

            @Override
            public int from() {
                return 0;
            }

            @Override
            public int to() {
                return 0;
            }

            @Override
            public void deliver(int population, int receptor, long arrivalStep, int local, float weight) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void countsTheStepsBehindAndTheFirstOfThem() throws InterruptedException {
        long tolerance = 50_000_000; // 50 ms: a step the pacer waited for is not that late
        Pacer p = new Pacer(0.1, 1.0, tolerance); // 100 us per step
        p.start(100);
        for (long t = 100; t < 110; t++) {
            p.afterDelivery(at(t, 0));
            p.afterDelivery(at(t, 1)); // ignored: only worker 0 acts
        }
        assertFalse(p.fellBehind(), "steps waited for");
        assertEquals(-1, p.report().firstBehindStep());
        Thread.sleep(200); // step 110's deadline passes by ~199 ms
        p.afterDelivery(at(110, 0));
        assertTrue(p.fellBehind());
        PacingReport r = p.report();
        assertEquals(11, r.steps());
        assertEquals(1, r.behindSteps());
        assertEquals(110, r.firstBehindStep());
        assertTrue(r.lag().max() >= 190_000_000, "the pause shows in the lag: " + r.lag().max());
        p.afterDelivery(at(111, 0)); // still ~199 ms behind: counted, the first kept
        assertEquals(2, p.report().behindSteps());
        assertEquals(110, p.report().firstBehindStep());

        Pacer lenient = new Pacer(0.1, 1.0, Long.MAX_VALUE / 2);
        lenient.start(0);
        Thread.sleep(20);
        lenient.afterDelivery(at(0, 0));
        assertFalse(lenient.fellBehind(), "no lateness above the tolerance");
        assertEquals(0, lenient.report().behindSteps());
    }
}
