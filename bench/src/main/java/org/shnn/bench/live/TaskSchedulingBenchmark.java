package org.shnn.bench.live;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.shnn.engine.live.TimerWheel;

/**
 * Scheduling a task and having it run: the live runtime's {@link TimerWheel} (the task is filed at a step and
 * handed out when the run loop reaches that step, on the loop's own thread, as {@code LiveRunner} does between
 * steps) against {@link ForkJoinPool#commonPool()} ({@code submit} then {@code join}) and
 * {@link CompletableFuture#runAsync} ({@code join}), which hand the task to another thread.
 *
 * <p>{@code latency*}: one task, scheduled and run, per operation (average time, ns). {@code batch*}:
 * {@value #BATCH} tasks scheduled, then all run (ns per batch; throughput is {@value #BATCH} / that). Both
 * contenders run the same task (one increment of a counter). The wheel's batch spreads its tasks over the next
 * 4,096 steps (levels 0 and 1, with cascades), as a run's periodic tasks are. Results: {@code bench/RESULTS.md},
 * sections 17 and 26.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class TaskSchedulingBenchmark {

    static final int BATCH = 1024;

    private TimerWheel<Runnable> wheel;
    private final ForkJoinPool pool = ForkJoinPool.commonPool();
    private long counter;
    private final Runnable task = () -> counter++;
    private final Runnable sharedTask = this::bump;
    private final int[] offsets = new int[BATCH];
    private final java.util.concurrent.atomic.AtomicLong shared = new java.util.concurrent.atomic.AtomicLong();

    private void bump() {
        shared.incrementAndGet();
    }

    @Setup
    public void setup() {
        wheel = new TimerWheel<>(0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        for (int i = 0; i < BATCH; i++) {
            offsets[i] = r.nextInt(4096);
        }
        java.util.Arrays.sort(offsets);
    }

    @Benchmark
    public long latencyWheel() {
        long now = wheel.now() + 1;
        wheel.schedule(now, task);
        wheel.advanceTo(now, Runnable::run);
        return counter;
    }

    @Benchmark
    public long latencyForkJoinPool() {
        pool.submit(sharedTask).join();
        return shared.get();
    }

    @Benchmark
    public long latencyCompletableFuture() {
        CompletableFuture.runAsync(sharedTask).join();
        return shared.get();
    }

    @Benchmark
    public long batchWheel() {
        long base = wheel.now() + 1;
        for (int i = 0; i < BATCH; i++) {
            wheel.schedule(base + offsets[i], task);
        }
        long next;
        while ((next = wheel.nextDue()) != Long.MAX_VALUE) {
            wheel.advanceTo(next, Runnable::run);
        }
        return counter;
    }

    @Benchmark
    public long batchForkJoinPool() {
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[BATCH];
        for (int i = 0; i < BATCH; i++) {
            tasks[i] = pool.submit(sharedTask);
        }
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
        return shared.get();
    }

    @Benchmark
    public long batchCompletableFuture() {
        CompletableFuture<?>[] fs = new CompletableFuture<?>[BATCH];
        for (int i = 0; i < BATCH; i++) {
            fs[i] = CompletableFuture.runAsync(sharedTask);
        }
        CompletableFuture.allOf(fs).join();
        return shared.get();
    }
}
