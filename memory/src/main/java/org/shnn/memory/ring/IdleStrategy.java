package org.shnn.memory.ring;

/**
 * What a thread does while it waits for a ring (space to offer, a record to take): spin, yield or park.
 *
 * <p>Waiting costs differ by orders of magnitude on a shared machine: a spinning waiter reacts in
 * nanoseconds but holds a core; waking a parked thread costs tens of microseconds. Pick
 * {@link BusySpinIdleStrategy} for a dedicated core, {@link YieldingIdleStrategy} when threads
 * outnumber cores, {@link BackoffIdleStrategy} when waits may be long.
 *
 * <p>Thread-safety: an instance may hold state (a backoff counter); use one instance per waiting
 * thread unless the implementation says it is stateless.
 */
public interface IdleStrategy {

    /** Waits once, after an attempt that made no progress. */
    void idle();

    /** Forgets the waits so far; call after progress, so the next wait starts cheap again. */
    void reset();
}
