package org.shnn.memory.ring;

/**
 * Yields the core with {@link Thread#yield()} at each wait: the thread stays runnable, so it reacts
 * within a scheduler slice, and lets the thread it waits for run when threads outnumber cores.
 *
 * <p>Thread-safety: stateless; {@link #INSTANCE} may be shared by any number of threads.
 */
public final class YieldingIdleStrategy implements IdleStrategy {

    /** The shared instance. */
    public static final YieldingIdleStrategy INSTANCE = new YieldingIdleStrategy();

    private YieldingIdleStrategy() {
    }

    /** Yields once. */
    @Override
    public void idle() {
        Thread.yield();
    }

    /** Does nothing: there is no state. */
    @Override
    public void reset() {
    }
}
