package org.shnn.memory.ring;

/**
 * Spins with {@link Thread#onSpinWait()} (a {@code PAUSE} on x86): the lowest wake-up latency, and a
 * whole core burnt while waiting. Use only when the waiting thread has a core to itself.
 *
 * <p>Thread-safety: stateless; {@link #INSTANCE} may be shared by any number of threads.
 */
public final class BusySpinIdleStrategy implements IdleStrategy {

    /** The shared instance. */
    public static final BusySpinIdleStrategy INSTANCE = new BusySpinIdleStrategy();

    private BusySpinIdleStrategy() {
    }

    /** Spins once. */
    @Override
    public void idle() {
        Thread.onSpinWait();
    }

    /** Does nothing: there is no state. */
    @Override
    public void reset() {
    }
}
