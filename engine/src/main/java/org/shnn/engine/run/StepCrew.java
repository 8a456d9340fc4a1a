package org.shnn.engine.run;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The helper threads of one simulation, kept alive between runs: {@link #start} hands a task to helpers
 * {@code 1..helpers} (the controlling thread is worker 0 and runs its own part itself), {@link #await} waits
 * until each has returned from it, like {@link Thread#join} on threads started per run. A helper waits for its
 * next task by spinning up to {@link StepPhaser#SPIN_NANOS}, then parking; one idle for {@link #IDLE_NANOS}
 * exits (so a simulation that is never closed leaks no thread for long), and the next {@link #start} starts a
 * new one in its place.
 *
 * <p>Why: the command line and {@code LiveRunner} run a simulation in chunks of about 20 ms of wall time, and
 * {@link Simulation#runSteps} used to start a new platform thread per extra worker per chunk. Measured on the
 * 2-vCPU VM at load 24 (a run's start to the helper's first instruction, 300 runs 20 ms apart): a new thread
 * p50 657 us, p99 33 ms; a parked helper of this crew p50 125 us, p99 4 ms ({@code bench/RESULTS.md}, section
 * "Threads: workers kept between runs").
 * For that long one thread ran both neuron ranges of the chunk's first phase alone.
 *
 * <p>Memory ordering: a task and everything the controlling thread wrote before {@link #start} happen-before
 * the helper runs it (the helper's state is set by a volatile compare-and-set or, for a new thread, before
 * {@code Thread.start}, and read by the helper with a volatile read); everything a helper did in its task
 * happens-before {@link #await} returns (its volatile decrement of the running count, read volatile by
 * {@code await}).
 *
 * <p>Thread-safety: {@link #start}, {@link #await} and {@link #close} from one controlling thread at a time,
 * in the order start, await (repeated); close between runs.
 */
final class StepCrew {

    /** A helper idle this long exits (ns). */
    static final long IDLE_NANOS = 1_000_000_000L;

    private static final int IDLE = 0;
    private static final int ASSIGNED = 1;
    private static final int EXITED = 2;
    private static final int CLOSED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Helper.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Helper[] helpers;
    /** Helpers that have not yet returned from the current task. */
    private final AtomicInteger running = new AtomicInteger();
    /** The thread in {@link #await} (set by {@link #start}, before any helper can finish). */
    private volatile Thread waiter;
    /** The first throwable a task let escape in the current run, or null. */
    private volatile Throwable failure;
    private boolean closed;

    /**
     * @param name thread name prefix (helper k is {@code name + k})
     * @param helpers helper threads (>= 0): worker ids 1 to helpers
     */
    StepCrew(String name, int helpers) {
        if (helpers < 0) {
            throw new IllegalArgumentException("step crew of " + helpers + " helpers: needs >= 0");
        }
        this.name = name;
        this.helpers = new Helper[helpers];
        for (int k = 0; k < helpers; k++) {
            this.helpers[k] = new Helper(k + 1);
        }
    }

    /** Helper threads alive now (for tests: a helper idle for {@link #IDLE_NANOS} exits). */
    int alive() {
        int n = 0;
        for (Helper h : helpers) {
            Thread t = h.thread;
            if (t != null && t.isAlive()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Runs {@code task.accept(k)} on helper k for every k in [1, helpers], each once; returns without waiting.
     *
     * @throws IllegalStateException if closed, or if the previous run was not awaited
     */
    void start(IntConsumer task) {
        start(helpers.length, task);
    }

    /**
     * Runs {@code task.accept(k)} on helper k for every k in [1, count], each once (the others stay idle); returns
     * without waiting.
     *
     * @throws IllegalArgumentException if count is not in [0, helpers]
     * @throws IllegalStateException if closed, or if the previous run was not awaited
     */
    void start(int count, IntConsumer task) {
        if (count < 0 || count > helpers.length) {
            throw new IllegalArgumentException("step crew " + name + ": " + count + " helpers asked, has " + helpers.length);
        }
        if (closed) {
            throw new IllegalStateException("step crew " + name + " is closed");
        }
        if (running.get() != 0) {
            throw new IllegalStateException("step crew " + name + ": start before the previous run was awaited");
        }
        failure = null;
        waiter = Thread.currentThread();
        running.set(count); // volatile: before any helper can see its task
        for (int k = 0; k < count; k++) {
            Helper h = helpers[k];
            h.task = task; // plain: published by the compare-and-set below, or by Thread.start
            // volatile compare-and-set (release): pairs with the helper's volatile read of its state
            if (h.thread != null && STATE.compareAndSet(h, IDLE, ASSIGNED)) {
                LockSupport.unpark(h.thread);
            } else { // never started, or exited after IDLE_NANOS (its thread is ending and reads no more)
                h.state = ASSIGNED; // volatile
                h.thread = Thread.ofPlatform().daemon().name(name + h.index).start(h::loop);
            }
        }
    }

    /**
     * Waits until every helper returned from the task of the last {@link #start} (spins, then parks); keeps the
     * thread's interrupt status.
     *
     * @throws IllegalStateException if a task threw (the throwable is its cause)
     */
    void await() {
        boolean interrupted = false;
        long start = 0;
        // volatile read: pairs with the helpers' volatile decrements, after their tasks
        for (int spins = 0; running.get() != 0; spins++) {
            if ((spins & 63) == 63) {
                long now = System.nanoTime();
                if (start == 0) {
                    start = now;
                } else if (now - start > StepPhaser.SPIN_NANOS) {
                    LockSupport.park(this); // a helper unparks the waiter when the count reaches 0
                    interrupted |= Thread.interrupted(); // else an interrupted park returns at once, forever
                    continue;
                }
            }
            Thread.onSpinWait();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("step crew " + name + ": a helper's task failed", f);
        }
    }

    /** Lets every helper exit (at once if idle); between runs. Idempotent. */
    void close() {
        closed = true;
        for (Helper h : helpers) {
            if ((int) STATE.getAndSet(h, CLOSED) == IDLE && h.thread != null) { // volatile
                LockSupport.unpark(h.thread);
            }
        }
    }

    /** One helper: its state word, its task, its thread (replaced when it exits idle). */
    private final class Helper {
        final int index;
        /** IDLE, ASSIGNED (a task waits), EXITED (idle too long), CLOSED. */
        volatile int state;
        /** The task of the current run (plain: see start). */
        IntConsumer task;
        /** Written by the controlling thread only. */
        Thread thread;

        Helper(int index) {
            this.index = index;
        }

        void loop() {
            while (awaitTask()) {
                IntConsumer t = task;
                task = null;
                try {
                    t.accept(index);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    // volatile store before the volatile decrement: start's compare-and-set of the next run sees IDLE
                    state = IDLE;
                    if (running.decrementAndGet() == 0) {
                        LockSupport.unpark(waiter);
                    }
                }
            }
        }

        /** Waits for a task: true when one is assigned, false to exit (closed, or idle for IDLE_NANOS). */
        private boolean awaitTask() {
            long start = System.nanoTime();
            for (int spins = 0; ; spins++) {
                int s = state; // volatile: pairs with start's compare-and-set
                if (s == ASSIGNED) {
                    return true;
                }
                if (s == CLOSED) {
                    return false;
                }
                if ((spins & 63) == 63) {
                    long idle = System.nanoTime() - start;
                    if (idle > IDLE_NANOS) {
                        if (STATE.compareAndSet(this, IDLE, EXITED)) {
                            return false;
                        }
                    } else if (idle > StepPhaser.SPIN_NANOS) {
                        LockSupport.parkNanos(this, IDLE_NANOS - idle + 1);
                        continue;
                    }
                }
                Thread.onSpinWait();
            }
        }
    }
}
