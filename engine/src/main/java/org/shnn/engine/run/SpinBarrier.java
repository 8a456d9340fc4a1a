package org.shnn.engine.run;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable barrier for a fixed set of worker threads that waits by spinning: a bounded number of
 * {@link Thread#onSpinWait()} iterations, then {@link Thread#yield()} (parking costs tens of
 * microseconds per hand-off on this class of machine, which would dominate a 0.1 ms step).
 * It can be broken by a failing party so the others stop instead of waiting forever.
 *
 * <p>Thread-safety: for exactly {@code parties} threads calling {@link #await()} once per phase.
 */
final class SpinBarrier {

    private static final int SPINS_BEFORE_YIELD = 1 << 10;

    private final int parties;
    // Padded apart: arrivals are written by every party, generation is read-mostly while spinning.
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6;
    private final AtomicInteger arrived = new AtomicInteger();
    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6;
    private volatile int generation;
    private volatile boolean broken;

    SpinBarrier(int parties) {
        this.parties = parties;
    }

    /**
     * Waits until all parties arrived. Everything a party wrote before arriving happens-before
     * everything any party does after returning (the last arrival's volatile write of
     * {@code generation} releases; the spinners' volatile read acquires).
     *
     * @throws IllegalStateException if the barrier is (or becomes) broken
     */
    void await() {
        int gen = generation; // volatile read before arriving: the generation this phase belongs to
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0); // reset before releasing: nobody can arrive for the next phase before the release
            generation = gen + 1; // volatile write: releases the phase to the spinners
            return;
        }
        int spins = 0;
        while (generation == gen) { // volatile read: acquires the phase once it changes
            if (broken) {
                throw new IllegalStateException("simulation barrier broken by a failing worker");
            }
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Makes every current and future {@link #await()} throw. */
    void breakBarrier() {
        broken = true; // volatile write: seen by spinners on their next check
    }
}
