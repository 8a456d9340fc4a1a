package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Test double of {@link RankComm}: the ranks of a "distributed" run as platform threads of one JVM, the collectives
 * through a {@link CyclicBarrier} and the ranks' own off-heap segments (every pool segment is shared-arena memory),
 * so that the engine's distributed code paths are tested without MPI and in bounded time. {@link #abort} breaks the
 * barrier, so a failing rank ends the others' collectives with an exception instead of a hang, as MPI_Abort would.
 *
 * <p>Thread-safety: each communicator is used by the thread of its rank only (as MPI's FUNNELED level).
 */
public final class ThreadRanks {

    private final int size;
    private final CyclicBarrier barrier;
    private final int[] ints;
    private final MemorySegment[] segments;
    /** Each rank's values of the current allreduceSum (plain: published to the other ranks by the barrier). */
    private final long[][] addends;
    /** Set when a rank failed ({@link #endOthers}). */
    private volatile boolean failed;

    private ThreadRanks(int size) {
        this.size = size;
        this.barrier = new CyclicBarrier(size);
        this.ints = new int[size];
        this.segments = new MemorySegment[size];
        this.addends = new long[size][];
    }

    /**
     * Runs {@code body} as each of {@code size} ranks on its own thread and returns the ranks' results in rank
     * order, within {@code timeoutS} seconds.
     *
     * <p>When a rank fails, the others end before this returns: each at its next collective (the barrier is broken
     * until they have), or by finishing what it was doing (a shard being written is written whole, not interrupted),
     * so that a test sees what every rank left behind. Before, the others were interrupted as soon as the failure was
     * seen, and a rank writing its shard at that moment left none or one by timing: RepartitionTest's save that fails
     * at the barrier after the shards found rank 1's shard missing in one engine suite run of 2026-12-07.
     *
     * @throws AssertionError wrapping the first rank's failure, or on timeout (the ranks are interrupted)
     */
    public static <T> List<T> run(int size, long timeoutS, Function<RankComm, T> body) {
        ThreadRanks group = new ThreadRanks(size);
        ExecutorService pool = Executors.newFixedThreadPool(size, r -> Thread.ofPlatform().name("test-rank").unstarted(r));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        List<Future<T>> futures = new ArrayList<>();
        try {
            for (int r = 0; r < size; r++) {
                Comm c = group.new Comm(r);
                futures.add(pool.submit(() -> body.apply(c)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return out;
        } catch (ExecutionException e) {
            group.endOthers(futures, deadline);
            throw new AssertionError("a rank failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError(size + " ranks did not finish within " + timeoutS + " s", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * After a rank failed: every collective from now on fails at once ({@link #failed}), and the barrier is broken
     * until every rank has ended, so that one arriving at it after the first break is released too; returns when all
     * have ended or at the deadline (then the caller's shutdown interrupts them).
     */
    private void endOthers(List<? extends Future<?>> futures, long deadline) {
        failed = true; // volatile: read by await before it waits
        while (System.nanoTime() < deadline && !futures.stream().allMatch(Future::isDone)) {
            barrier.reset();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void await() {
        if (failed) {
            throw new IllegalStateException("another rank failed: this collective is not entered");
        }
        try {
            barrier.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("another rank aborted or the collective timed out: " + e, e);
        }
    }

    /** One rank's communicator. */
    final class Comm implements RankComm {

        private final int rank;

        Comm(int rank) {
            this.rank = rank;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void allgather(int mine, MemorySegment out) {
            ints[rank] = mine;
            await();
            for (int r = 0; r < size; r++) {
                out.setAtIndex(JAVA_INT, r, ints[r]);
            }
            await();
        }

        @Override
        public void allgatherv(MemorySegment send, int count, MemorySegment recv, MemorySegment counts,
                MemorySegment displs) {
            segments[rank] = send;
            await();
            for (int r = 0; r < size; r++) {
                MemorySegment.copy(segments[r], 0, recv, (long) displs.getAtIndex(JAVA_INT, r) * Integer.BYTES,
                        (long) counts.getAtIndex(JAVA_INT, r) * Integer.BYTES);
            }
            await();
        }

        @Override
        public void allreduceSum(MemorySegment values, int n) {
            // a heap copy: the caller's segment may be confined to its thread (MPI takes any native segment)
            addends[rank] = values.asSlice(0, (long) n * Long.BYTES).toArray(JAVA_LONG);
            await();
            long[] sums = new long[n];
            for (int r = 0; r < size; r++) {
                for (int i = 0; i < n; i++) {
                    sums[i] += addends[r][i];
                }
            }
            await(); // every rank has read every rank's values before any writes its sums
            for (int i = 0; i < n; i++) {
                values.setAtIndex(JAVA_LONG, i, sums[i]);
            }
        }

        @Override
        public void barrier() {
            await();
        }

        @Override
        public void abort(String message, int status) {
            barrier.reset(); // the others' waits end with BrokenBarrierException
            throw new IllegalStateException("rank " + rank + " aborted the job (status " + status + "): " + message);
        }

        @Override
        public String describe() {
            return "test threads, rank " + rank + " of " + size;
        }

        @Override
        public void close() {
        }
    }
}
