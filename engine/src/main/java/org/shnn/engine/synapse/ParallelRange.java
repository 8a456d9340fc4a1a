package org.shnn.engine.synapse;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a body over [0, n) in chunks on up to {@code threads} platform threads (the caller is one of
 * them). Chunks are taken dynamically, so bodies must not depend on which thread runs them: callers
 * make each index's work a pure function of the index (that is what keeps synapse generation
 * independent of the thread count).
 */
final class ParallelRange {

    /** A body over the index range [from, to). */
    @FunctionalInterface
    interface Body {
        void run(long from, long to);
    }

    private ParallelRange() {
    }

    static void run(int threads, long n, long chunk, Body body) {
        if (n <= 0) {
            return;
        }
        int t = (int) Math.max(1, Math.min(threads, (n + chunk - 1) / chunk));
        AtomicLong next = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                long from;
                while (failure.get() == null && (from = next.getAndAdd(chunk)) < n) {
                    body.run(from, Math.min(n, from + chunk));
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
        Thread[] others = new Thread[t - 1];
        for (int i = 0; i < others.length; i++) {
            others[i] = Thread.ofPlatform().name("shnn-build-" + (i + 1)).start(worker);
        }
        worker.run();
        for (Thread o : others) {
            boolean interrupted = false;
            while (true) {
                try {
                    o.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException("parallel build failed", f);
        }
    }
}
