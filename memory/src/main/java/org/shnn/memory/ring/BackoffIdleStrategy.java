package org.shnn.memory.ring;

import java.util.concurrent.locks.LockSupport;

/**
 * Spins, then yields, then parks for a time that doubles at each wait up to a maximum: cheap for
 * short waits, and a sleeping thread (no core used) for long ones.
 *
 * <p>Thread-safety: holds a counter; use one instance per waiting thread.
 */
public final class BackoffIdleStrategy implements IdleStrategy {

    private final long maxSpins;
    private final long maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;
    private long waits;
    private long parkNanos;

    /**
     * Creates a backoff strategy.
     *
     * @param maxSpins waits spent spinning first, {@code >= 0}
     * @param maxYields waits spent yielding next, {@code >= 0}
     * @param minParkNanos first park time in ns, {@code >= 1}
     * @param maxParkNanos longest park time in ns, {@code >= minParkNanos}
     * @throws IllegalArgumentException naming the bad value and its bound
     */
    public BackoffIdleStrategy(long maxSpins, long maxYields, long minParkNanos, long maxParkNanos) {
        if (maxSpins < 0) {
            throw new IllegalArgumentException("maxSpins " + maxSpins + " must be >= 0");
        }
        if (maxYields < 0) {
            throw new IllegalArgumentException("maxYields " + maxYields + " must be >= 0");
        }
        if (minParkNanos < 1) {
            throw new IllegalArgumentException("minParkNanos " + minParkNanos + " must be >= 1 ns");
        }
        if (maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("maxParkNanos " + maxParkNanos
                    + " ns must be >= minParkNanos " + minParkNanos + " ns");
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.parkNanos = minParkNanos;
    }

    /** A strategy for a shared 2-core machine: 100 spins, 10 yields, then parks of 1 us doubling to 1 ms. */
    public static BackoffIdleStrategy standard() {
        return new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
    }

    /** Spins, yields or parks, by the number of waits since the last {@link #reset()}. */
    @Override
    public void idle() {
        long n = waits++;
        if (n < maxSpins) {
            Thread.onSpinWait();
        } else if (n < maxSpins + maxYields) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    /** Starts the next wait with spinning again. */
    @Override
    public void reset() {
        waits = 0;
        parkNanos = minParkNanos;
    }

    /** Park time of the next parking wait, in ns (for tests and monitoring). */
    public long nextParkNanos() {
        return parkNanos;
    }

    /** Waits since the last reset. */
    public long waits() {
        return waits;
    }
}
