package org.shnn.memory.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffIdleStrategyTest {

    @Test
    void rejectsBadArgumentsNamingValueAndBound() {
        assertMessage(() -> new BackoffIdleStrategy(-1, 0, 1, 1), "maxSpins -1", ">= 0");
        assertMessage(() -> new BackoffIdleStrategy(0, -2, 1, 1), "maxYields -2", ">= 0");
        assertMessage(() -> new BackoffIdleStrategy(0, 0, 0, 1), "minParkNanos 0", ">= 1");
        assertMessage(() -> new BackoffIdleStrategy(0, 0, 10, 5), "maxParkNanos 5", "minParkNanos 10");
    }

    @Test
    void spinsThenYieldsThenParksWithDoublingCappedTime() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy(3, 2, 1, 8);
        for (int i = 0; i < 5; i++) {
            idle.idle();
            assertEquals(1, idle.nextParkNanos(), "no park yet after wait " + (i + 1));
        }
        long[] expected = {2, 4, 8, 8};
        for (long next : expected) {
            idle.idle();
            assertEquals(next, idle.nextParkNanos());
        }
        assertEquals(9, idle.waits());
        idle.reset();
        assertEquals(0, idle.waits());
        assertEquals(1, idle.nextParkNanos());
    }

    @Test
    void standardStrategyStartsBySpinning() {
        BackoffIdleStrategy idle = BackoffIdleStrategy.standard();
        idle.idle();
        assertEquals(1, idle.waits());
        assertEquals(1_000, idle.nextParkNanos());
    }

    private static void assertMessage(Runnable action, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
