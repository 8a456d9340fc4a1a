package org.shnn.engine.run;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a fixed number of phases over a fixed set of chunks (the neuron ranges of a run) on a set of threads:
 * in each phase every chunk runs exactly once, on whichever thread claims it first, and phase {@code i + 1}
 * opens when every chunk of phase {@code i} has completed. Each thread claims its home chunk first, then any
 * chunk nobody has claimed yet, then waits for the next phase: it spins for up to {@value #SPIN_NANOS} ns and
 * then parks, to be woken by the thread that completes the phase.
 *
 * <p>Why: the workers used to meet at a barrier every step that spun, then yielded. With another process
 * holding part of a core, a descheduled worker made each step wait for a scheduler time slice, and 2 threads
 * were 1.4-3.4x slower than 1 (issue 18). Here a thread that is descheduled before it claims its chunk
 * holds nobody up: the running thread takes that chunk too (the results do not depend on which thread runs a
 * chunk, see {@link StepWorker}). Only a thread descheduled while it runs a chunk still stalls the phase,
 * and its partner then parks instead of burning its time slice. The idea of claiming units of a phase from
 * a shared counter is OpenMP's dynamic schedule; the home-chunk-first order keeps each range's state in one
 * core's cache while both threads run; the spin-then-park wait is the classic two-phase waiting of
 * Karlin et al. (SOSP 1991), spinning about as long as a wake-up costs. Measured in {@code bench/RESULTS.md},
 * section "Threads on a busy machine".
 *
 * <p>Memory ordering: a chunk's writes in phase {@code i} happen-before everything any thread does in phase
 * {@code i + 1}: the completing thread's increment of the completion count is a volatile read-modify-write
 * (release), and a thread learns that a phase opened from a volatile or acquire read of that count. Claims
 * are compare-and-set on a per-chunk word holding the last phase the chunk was claimed in; a chunk can be
 * claimed for phase {@code i} only while its word holds {@code i - 1}, i.e. once, and only while phase
 * {@code i} is open. The count, the claim words and the parked-thread slots sit 128 bytes apart.
 *
 * <p>Thread-safety: shared by the threads of one run; each calls {@link #work} with its own home chunk.
 */
final class StepPhaser {

    /** What runs chunk {@code chunk} in phase {@code phase}; may throw (the run then fails). */
    @FunctionalInterface
    interface Work {
        void run(int chunk, long phase);
    }

    /**
     * What runs between two phases, on the thread whose home chunk is 0 only, after every chunk of phase
     * {@code phase - 1} completed and before any chunk of {@code phase} runs (a distributed run's exchange of
     * spikes between ranks, which MPI_THREAD_FUNNELED confines to one thread); may throw (the run then fails).
     */
    @FunctionalInterface
    interface Gate {
        void open(long phase);
    }

    /**
     * Longest spin before parking: a little more than an unpark/wake-up costs on a 2-core VM (tens of
     * microseconds), so that a partner that is only a little late is waited for without a system call.
     */
    static final long SPIN_NANOS = 50_000;
    /** Longs between two words that different threads write (16 longs = 128 bytes). */
    private static final int STRIDE = 16;
    /** The completion count's index in {@link #words}; the opened phase and the claim words follow, one per {@link #STRIDE}. */
    private static final int COMPLETED = STRIDE;
    /** With a gate: the last phase the gate's thread opened (phase 0 is open from the start). */
    private static final int OPENED = 2 * STRIDE;
    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);

    private final int chunks;
    private final long phases;
    private final Gate gate;
    /** Chunk completions so far at {@link #COMPLETED}; chunk k's last claimed phase at {@code claimIndex(k)}. */
    private final long[] words;
    /** Slot t holds thread t while it is parked (or about to park), else null. */
    private final AtomicReferenceArray<Thread> parked;
    private volatile boolean broken;

    /**
     * @param chunks chunks per phase (>= 1)
     * @param threads threads that will call {@link #work} (home chunks {@code 0..threads-1}, at most {@code chunks})
     * @param phases phases to run (>= 0)
     * @param gate runs before each phase from 1 to phases - 1 on the thread of home chunk 0, or null: then a
     *     phase opens as soon as the previous one completed
     */
    StepPhaser(int chunks, int threads, long phases, Gate gate) {
        if (chunks < 1 || threads < 1 || threads > chunks || phases < 0) {
            throw new IllegalArgumentException("phaser of " + chunks + " chunks, " + threads + " threads, " + phases
                    + " phases: needs chunks >= threads >= 1 and phases >= 0");
        }
        this.chunks = chunks;
        this.phases = phases;
        this.gate = gate;
        this.words = new long[claimIndex(chunks) + STRIDE];
        for (int k = 0; k < chunks; k++) {
            words[claimIndex(k)] = -1; // plain: the threads get the phaser after construction (StepCrew.start orders it)
        }
        this.parked = new AtomicReferenceArray<>(threads * STRIDE);
    }

    private static int claimIndex(int chunk) {
        return OPENED + STRIDE * (chunk + 1);
    }

    /**
     * Runs chunks with {@code work} until all phases completed: home chunk first in each phase, then the
     * others in turn, each if nobody claimed it yet.
     *
     * @param home this thread's home chunk and parking slot, in [0, threads)
     * @throws IllegalStateException if another thread broke the phaser ({@link #breakPhases})
     */
    void work(int home, Work work) {
        long phase = 0;
        while ((phase = gate != null && home == 0 ? openGated(phase) : awaitOpen(phase, home, gate == null)) < phases) {
            for (int i = 0; i < chunks; i++) {
                int k = home + i < chunks ? home + i : home + i - chunks;
                int at = claimIndex(k);
                // opaque pre-check: skips the compare-and-set on a chunk that is taken (its line stays shared)
                if ((long) WORD.getOpaque(words, at) == phase - 1 && WORD.compareAndSet(words, at, phase - 1, phase)) {
                    work.run(k, phase);
                    complete(phase);
                }
            }
            phase++;
        }
    }

    /** Counts one chunk of {@code phase} done; the last one wakes the parked threads. */
    private void complete(long phase) {
        // volatile read-modify-write (release): the chunk's writes before it, acquired by awaitOpen's reads
        long done = (long) WORD.getAndAdd(words, COMPLETED, 1L) + 1;
        if (done == (phase + 1) * chunks) {
            for (int t = 0; t < parked.length(); t += STRIDE) {
                Thread th = parked.get(t); // volatile read after the volatile increment: see awaitOpen's park
                if (th != null) {
                    LockSupport.unpark(th);
                }
            }
        }
    }

    /**
     * The gate's thread: waits until every chunk of {@code phase - 1} completed, runs the gate (phases 1 to
     * phases - 1), then opens {@code phase} and wakes the parked threads; returns {@code phase}.
     */
    private long openGated(long phase) {
        if (phase == 0) {
            return 0;
        }
        awaitOpen(phase, 0, true);
        if (phase < phases) {
            gate.open(phase);
        }
        // volatile store (release, and ordered before the slot reads below): the gate's writes are acquired by
        // awaitOpen's reads; a Dekker pair with park, which re-reads OPENED volatile after publishing itself
        WORD.setVolatile(words, OPENED, phase);
        for (int t = 0; t < parked.length(); t += STRIDE) {
            Thread th = parked.get(t);
            if (th != null) {
                LockSupport.unpark(th);
            }
        }
        return phase;
    }

    /** The phase open now: from the completion count, or, with a gate ({@code completed} false), the opened phase. */
    private long opened(boolean completed, boolean volatileRead) {
        if (completed) {
            // acquire: pairs with complete's increment
            long done = volatileRead ? (long) WORD.getVolatile(words, COMPLETED) : (long) WORD.getAcquire(words, COMPLETED);
            return done / chunks;
        }
        // acquire: pairs with openGated's release store
        return volatileRead ? (long) WORD.getVolatile(words, OPENED) : (long) WORD.getAcquire(words, OPENED);
    }

    /**
     * Waits until phase {@code phase} is open and returns the phase open now ({@code >= phase}; {@code phases}
     * once all completed): open means every chunk of {@code phase - 1} completed ({@code completed}), or, with a
     * gate, that the gate's thread opened it.
     */
    private long awaitOpen(long phase, int home, boolean completed) {
        long start = 0;
        for (int spins = 0; ; spins++) {
            long open = opened(completed, false);
            if (open >= phase) {
                return open;
            }
            if (broken) {
                throw brokenException();
            }
            if ((spins & 63) == 63) {
                long now = System.nanoTime();
                if (start == 0) {
                    start = now;
                } else if (now - start > SPIN_NANOS) {
                    return park(phase, home, completed);
                }
            }
            Thread.onSpinWait();
        }
    }

    private long park(long phase, int home, boolean completed) {
        int slot = home * STRIDE;
        // Dekker with complete() (and openGated()): this volatile store precedes the volatile re-read of the count
        // (or opened phase) below, and complete's volatile increment (openGated's store, then its volatile read of
        // the slot) precedes its read of the slot; so either this thread sees the phase open, or the completing
        // (opening) thread sees this thread parked and unparks it.
        parked.set(slot, Thread.currentThread());
        try {
            while (true) {
                long open = opened(completed, true);
                if (open >= phase) {
                    return open;
                }
                if (broken) { // volatile read after the volatile slot store: breakPhases unparks after its write
                    throw brokenException();
                }
                LockSupport.park(this);
            }
        } finally {
            parked.set(slot, null);
        }
    }

    /** Makes every current and future wait throw (a thread failed); wakes the parked threads. */
    void breakPhases() {
        broken = true; // volatile write, before the volatile reads of the slots
        for (int t = 0; t < parked.length(); t += STRIDE) {
            Thread th = parked.get(t);
            if (th != null) {
                LockSupport.unpark(th);
            }
        }
    }

    private static IllegalStateException brokenException() {
        return new IllegalStateException("simulation phases broken by a failing worker");
    }
}
