package org.shnn.engine.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.CheckpointImage;
import org.shnn.engine.run.Simulation;

/**
 * Drives a {@link Simulation} as a live run: on a thread of its own ({@link #runAsync}) or the caller's
 * ({@link #run}), in chunks of steps between which it runs the tasks due ({@link #schedule}, kept on a
 * {@link TimerWheel} keyed by step), tells its {@link ProgressListener}s, honours a {@link #cancel()} and
 * optionally paces the steps against the wall clock ({@link #pace}).
 *
 * <p>Why chunks: {@link Simulation#runSteps} delivers every spike of its steps before it returns, so between two
 * calls the state is at a step boundary, consistent and saveable, and {@code runSteps(a); runSteps(b)} is
 * bit-identical to {@code runSteps(a + b)} (the results do not depend on how steps are grouped). A chunk ends at
 * the next task's step, the run's end, or after about {@value #CHUNK_MILLIS} ms of wall time, which bounds how
 * long a cancel or a progress report waits; each chunk wakes the simulation's parked worker threads (kept between runs).
 *
 * <p>Timing of tasks: a task due at step {@code s} runs when steps up to {@code s - 1} are simulated and before
 * step {@code s} is, so a change at {@code t = 500 ms} with {@code dt = 0.1 ms} has the same effect as
 * {@code run(500)}, the change, then the rest of the run. A run ending at step {@code e} leaves the tasks due at
 * {@code e} for the next run. Tasks due at one step run in {@link TaskPriority} order, then in scheduling order.
 *
 * <p>Ownership and threads: the runner drives the simulation but does not own it (closing the runner stops a run
 * and waits for background writes; the caller closes the simulation). While a run is in progress only its thread
 * may touch the simulation (tasks get the runner and may); {@link #cancel()}, {@link #stop}, the futures and
 * {@link #schedule} may be called from any thread. Between runs, one controlling thread.
 */
public final class LiveRunner implements AutoCloseable {

    /** Target wall time of one chunk of steps, ms. */
    static final long CHUNK_MILLIS = 20;
    /** Default interval between two progress reports, ns. */
    private static final long DEFAULT_PROGRESS_NANOS = 100_000_000L;

    private final Simulation sim;
    private final TimerWheel<ScheduledTask> wheel;
    /** Tasks scheduled from any thread, filed into the wheel by the run loop (or the next run). */
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
    private volatile long progressNanos = DEFAULT_PROGRESS_NANOS;
    private volatile String stopReason;
    private volatile boolean cancelRequested;
    /** Completes when the run in progress has stopped (null while idle). */
    private volatile CompletableFuture<RunResult> finished;
    private Pacing pacing;
    private double stepNanosEstimate = Double.NaN;
    /** Writes checkpoints captured between steps; created with the first one. */
    private ExecutorService background;
    /** Per file, the write in progress or last done. */
    private final java.util.Map<Path, Future<?>> lastWrites = new java.util.HashMap<>();
    private final AtomicLong checkpointsWritten = new AtomicLong();
    private final AtomicReference<Throwable> backgroundFailure = new AtomicReference<>();
    private long checkpointsSkipped;
    /** Wall-clock checkpoints: period (0 = none), file, and when the last was captured. */
    private long wallCheckpointNanos;
    private Path wallCheckpointPath;
    private long lastWallCheckpoint;

    private record Pending(long step, ScheduledTask task) {
    }

    /** How to pace the next runs: factor, lag tolerance, and whether falling behind stops the run. */
    private record Pacing(double factor, long toleranceNanos, boolean strict) {
    }

    /** A runner for {@code sim}, whose tasks count steps from the simulation's current step on. */
    public LiveRunner(Simulation sim) {
        this.sim = Objects.requireNonNull(sim, "simulation");
        this.wheel = new TimerWheel<>(sim.currentStep());
    }

    /** The simulation driven (touch it only from tasks while a run is in progress). */
    public Simulation simulation() {
        return sim;
    }

    /**
     * Schedules {@code action} at step {@code step}, and if {@code periodSteps > 0} every {@code periodSteps}
     * steps after. A step already passed when the run loop files the task (scheduled from another thread during a
     * run) runs at the next step boundary.
     *
     * @throws IllegalArgumentException if step or period is negative
     */
    public ScheduledTask schedule(long step, long periodSteps, TaskPriority priority, Consumer<LiveRunner> action) {
        Objects.requireNonNull(action, "action");
        return schedule(step, new ScheduledTask(Objects.requireNonNull(priority, "priority"), checkPeriod(periodSteps),
                action, "user task"));
    }

    /** Schedules {@code action} once at simulation time {@code ms} (rounded to a step), priority USER. */
    public ScheduledTask scheduleAt(double ms, Consumer<LiveRunner> action) {
        return schedule(steps("task time", ms), 0, TaskPriority.USER, action);
    }

    ScheduledTask schedule(long step, ScheduledTask task) {
        if (step < 0) {
            throw new IllegalArgumentException("task step " + step + " must be >= 0");
        }
        pending.add(new Pending(step, task));
        return task;
    }

    private static long checkPeriod(long period) {
        if (period < 0) {
            throw new IllegalArgumentException("task period " + period + " steps must be >= 0");
        }
        return period;
    }

    /** Steps of {@code ms} of simulated time, rounded. */
    long steps(String what, double ms) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            throw new IllegalArgumentException(what + " " + ms + " ms must be finite and >= 0");
        }
        return Math.round(ms / sim.network().dt());
    }

    /**
     * Saves a checkpoint to {@code path} every {@code periodSteps} steps of simulated time, from step
     * {@code firstStep} on: at the step boundary the state is copied ({@link Checkpoint#capture}, the only part that
     * holds up the steps) and the file is written atomically on a background thread while the run goes on. If
     * the previous write to the same file has not finished, that checkpoint is skipped (counted by {@link #checkpointsSkipped}).
     */
    public ScheduledTask checkpointEvery(long firstStep, long periodSteps, Path path) {
        Objects.requireNonNull(path, "path");
        if (periodSteps <= 0) {
            throw new IllegalArgumentException("checkpoint period " + periodSteps + " steps must be > 0");
        }
        return schedule(firstStep, new ScheduledTask(TaskPriority.BACKGROUND, periodSteps, rn -> rn.checkpoint(path),
                "checkpoint to " + path));
    }

    /**
     * Saves a checkpoint to {@code path} every {@code periodNanos} of wall time during runs (0: none), at the first
     * step boundary after each period, written in the background as {@link #checkpointEvery}. The steps it lands
     * on depend on the machine's speed; the file always holds a consistent state. Call between runs.
     */
    public void checkpointEveryWall(long periodNanos, Path path) {
        if (periodNanos < 0) {
            throw new IllegalArgumentException("checkpoint period " + periodNanos + " ns must be >= 0");
        }
        wallCheckpointNanos = periodNanos;
        wallCheckpointPath = periodNanos == 0 ? null : Objects.requireNonNull(path, "path");
    }

    /**
     * Captures the simulation's state now and writes it to {@code path} on the background thread; skipped (and
     * counted) if the previous write to the same file is still in progress. Call from a task or between runs.
     *
     * @throws UncheckedIOException if the state cannot be read (a mapped file was truncated)
     */
    public void checkpoint(Path path) {
        rethrowBackgroundFailure();
        Future<?> previous = lastWrites.get(path);
        if (previous != null && !previous.isDone()) {
            checkpointsSkipped++;
            return;
        }
        CheckpointImage image;
        try {
            image = Checkpoint.capture(sim);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint of simulation '" + sim.network().name() + "' at step "
                    + sim.currentStep() + " to " + path + ": " + e.getMessage(), e);
        }
        if (background == null) {
            background = Executors.newSingleThreadExecutor(r -> {
                Thread t = Thread.ofPlatform().name("shnn-live-background").unstarted(r);
                t.setPriority(Thread.MIN_PRIORITY); // background work yields to the step loop
                return t;
            });
        }
        lastWrites.put(path, background.submit(() -> {
            try (image) {
                image.write(path);
                checkpointsWritten.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                backgroundFailure.compareAndSet(null, new UncheckedIOException("checkpoint of step " + image.step()
                        + " to " + path + " failed: " + e.getMessage(), e instanceof IOException io ? io
                                : new IOException(e)));
            }
        }));
    }

    /**
     * Stops runs (outcome {@link RunResult.Outcome#STOPPED}) at the first multiple of {@code checkSteps} steps,
     * counted from the current step, at which at least {@code spikes} spikes have been emitted since step 0 (all
     * populations, {@link Simulation#spikeCount()}).
     */
    public ScheduledTask stopWhenSpikes(long spikes, long checkSteps) {
        if (spikes < 0 || checkSteps <= 0) {
            throw new IllegalArgumentException("stop condition: spikes " + spikes + " must be >= 0 and check period "
                    + checkSteps + " steps > 0");
        }
        return schedule(sim.currentStep() + checkSteps, new ScheduledTask(TaskPriority.USER, checkSteps, rn -> {
            long n = rn.sim.spikeCount();
            if (n >= spikes) {
                rn.stop("spike count " + n + " >= " + spikes + " at step " + rn.sim.currentStep());
            }
        }, "stop at " + spikes + " spikes"));
    }

    /**
     * Stops runs when the mean rate of population {@code population} over the last {@code windowSteps} steps
     * (checked every {@code windowSteps} steps from the current step) is above {@code hz} Hz (or, if
     * {@code above} is false, below it).
     */
    public ScheduledTask stopWhenRate(int population, boolean above, double hz, long windowSteps) {
        int count = sim.network().populations().get(Objects.checkIndex(population,
                sim.network().populations().size())).count();
        if (!(hz >= 0) || Double.isInfinite(hz) || windowSteps <= 0) {
            throw new IllegalArgumentException("stop condition: rate " + hz + " Hz must be finite and >= 0 and window "
                    + windowSteps + " steps > 0");
        }
        long[] last = {sim.populationSpikeCounts()[population]};
        String name = sim.network().populations().get(population).name();
        return schedule(sim.currentStep() + windowSteps, new ScheduledTask(TaskPriority.USER, windowSteps, rn -> {
            long now = rn.sim.populationSpikeCounts()[population];
            double rate = (now - last[0]) / (count * windowSteps * rn.sim.network().dt() * 1e-3);
            last[0] = now;
            if (above ? rate > hz : rate < hz) {
                rn.stop(String.format(java.util.Locale.ROOT, "rate of '%s' %.3f Hz %s %s Hz over steps [%d, %d)", name,
                        rate, above ? ">" : "<", hz, rn.sim.currentStep() - windowSteps, rn.sim.currentStep()));
            }
        }, "stop when the rate of '" + name + "' is " + (above ? "above " : "below ") + hz + " Hz"));
    }

    /** Checkpoints written so far (any thread). */
    public long checkpointsWritten() {
        return checkpointsWritten.get();
    }

    /** Checkpoints skipped because the previous write to their file was still in progress (between runs). */
    public long checkpointsSkipped() {
        return checkpointsSkipped;
    }

    /**
     * Waits for the background write in progress, if any.
     *
     * @throws UncheckedIOException if a background write failed
     */
    public void awaitCheckpoints() {
        for (Future<?> f : lastWrites.values()) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) { // the writes catch their failures
                throw new IllegalStateException(e.getCause());
            }
        }
        rethrowBackgroundFailure();
    }

    private void rethrowBackgroundFailure() {
        Throwable t = backgroundFailure.getAndSet(null);
        if (t instanceof UncheckedIOException u) {
            throw u;
        }
    }

    /** Adds a progress listener (any thread; takes effect at the next report). */
    public void addProgressListener(ProgressListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Sets the least wall time between two progress reports (default 100 ms; 0 = every chunk). */
    public void progressInterval(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("progress interval " + nanos + " ns must be >= 0");
        }
        progressNanos = nanos;
    }

    /**
     * Paces the next runs at {@code factor} simulated time per wall time (1.0 = real time; 0 = not paced):
     * a step whose spikes are delivered more than {@code toleranceNanos} after its deadline counts as behind
     * ({@link PacingReport}); if {@code strict}, the first such step stops the run at the next chunk boundary
     * with outcome {@link RunResult.Outcome#STOPPED}. Call between runs.
     */
    public void pace(double factor, long toleranceNanos, boolean strict) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("real-time factor " + factor + " must be finite and >= 0 (0: not paced)");
        }
        if (toleranceNanos < 0) {
            throw new IllegalArgumentException("lag tolerance " + toleranceNanos + " ns must be >= 0");
        }
        pacing = factor == 0 ? null : new Pacing(factor, toleranceNanos, strict);
    }

    /**
     * Starts a run of {@code ms} of simulated time (rounded to steps) on a new thread and returns its result's
     * future. Cancelling the future also stops the run at the next chunk boundary.
     *
     * @throws IllegalStateException if a run is in progress
     * @throws IllegalArgumentException if ms is negative or not finite
     */
    public synchronized CompletableFuture<RunResult> runAsync(double ms) {
        long n = steps("duration", ms);
        CompletableFuture<RunResult> result = begin();
        Thread.ofPlatform().name("shnn-live-run").start(() -> loop(n, result));
        return result;
    }

    /** Runs {@code ms} of simulated time on the calling thread; see {@link #runAsync}. */
    public RunResult run(double ms) {
        long n = steps("duration", ms);
        CompletableFuture<RunResult> result;
        synchronized (this) {
            result = begin();
        }
        loop(n, result);
        return result.join();
    }

    private CompletableFuture<RunResult> begin() {
        if (finished != null) {
            throw new IllegalStateException("a run of simulation '" + sim.network().name() + "' is in progress");
        }
        cancelRequested = false;
        stopReason = null;
        finished = new CompletableFuture<>();
        return new CompletableFuture<>();
    }

    /**
     * Asks the run in progress to stop at the next step boundary (at most about one chunk of wall time away) and
     * returns a future that completes with its result once it has stopped; a completed future of null if idle.
     */
    public CompletableFuture<RunResult> cancel() {
        CompletableFuture<RunResult> f = finished;
        if (f == null) {
            return CompletableFuture.completedFuture(null);
        }
        cancelRequested = true;
        return f;
    }

    /**
     * Stops the run in progress at the next step boundary with outcome {@link RunResult.Outcome#STOPPED} and
     * {@code reason}; for tasks (a stop condition) and other threads. The first reason given wins.
     */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = Objects.requireNonNull(reason, "reason");
        }
    }

    /** The run loop; completes {@code result} and {@link #finished}. */
    private void loop(long n, CompletableFuture<RunResult> result) {
        CompletableFuture<RunResult> done = finished;
        RunResult r = null;
        Throwable failure = null;
        try {
            r = steps(n, result);
        } catch (Throwable e) {
            failure = e;
        }
        synchronized (this) {
            finished = null;
        }
        if (failure != null) {
            result.completeExceptionally(failure);
            done.completeExceptionally(failure);
        } else {
            result.complete(r);
            done.complete(r);
        }
    }

    private RunResult steps(long n, CompletableFuture<RunResult> result) {
        long start = sim.currentStep();
        if (n > Simulation.MAX_STEPS - start) {
            throw new IllegalArgumentException("run of " + n + " steps from step " + start + " would pass "
                    + Simulation.MAX_STEPS + " (Simulation.MAX_STEPS)");
        }
        long end = start + n;
        fileScheduled(start);
        if (sim.currentStep() > wheel.nextDue()) {
            throw new IllegalStateException("the simulation is at step " + start + ", past a task due at step "
                    + wheel.nextDue() + ": it was run outside its LiveRunner");
        }
        sim.warmUp();
        Pacer pacer = pacing == null ? null : new Pacer(sim.network().dt(), pacing.factor, pacing.toleranceNanos);
        if (pacer != null) {
            sim.addHook(pacer);
        }
        try {
            return chunks(start, end, pacer, result);
        } finally {
            if (pacer != null) {
                sim.removeHook(pacer);
            }
        }
    }

    private RunResult chunks(long start, long end, Pacer pacer, CompletableFuture<RunResult> result) {
        long t0 = System.nanoTime();
        long lastReport = t0;
        lastWallCheckpoint = t0;
        if (pacer != null) {
            pacer.start(start);
        }
        long now = start;
        RunResult.Outcome outcome = RunResult.Outcome.COMPLETED;
        String reason = "";
        while (true) {
            if (now < end) {
                fileScheduled(now);
                runDue(now);
            }
            if (cancelRequested || result.isDone()) {
                outcome = RunResult.Outcome.CANCELLED;
                reason = "cancelled at step " + now;
                break;
            }
            if (stopReason != null) {
                outcome = RunResult.Outcome.STOPPED;
                reason = stopReason;
                break;
            }
            if (pacer != null && pacing.strict && pacer.fellBehind()) {
                PacingReport p = pacer.report();
                outcome = RunResult.Outcome.STOPPED;
                reason = "fell behind real time (x" + pacing.factor + ") at step " + p.firstBehindStep() + ": lag above "
                        + pacing.toleranceNanos / 1e6 + " ms";
                break;
            }
            if (now >= end) {
                break;
            }
            long chunk = chunkSteps();
            long next = Math.min(Math.min(end, wheel.nextDue()), now + chunk);
            long c0 = System.nanoTime();
            sim.runSteps(next - now);
            long c1 = System.nanoTime();
            estimate(next - now, c1 - c0);
            now = next;
            if (wallCheckpointNanos > 0 && c1 - lastWallCheckpoint >= wallCheckpointNanos) {
                checkpoint(wallCheckpointPath);
                lastWallCheckpoint = c1;
            }
            if (c1 - lastReport >= progressNanos && !listeners.isEmpty()) {
                report(start, now, end, c1 - t0);
                lastReport = c1;
            }
        }
        long wall = System.nanoTime() - t0;
        report(start, now, end, wall);
        return new RunResult(start, now, end, outcome, reason, wall / 1e9, pacer == null ? null : pacer.report());
    }

    /** Steps of the next chunk: about {@link #CHUNK_MILLIS} of wall time at the speed so far (16 at first). */
    private long chunkSteps() {
        if (Double.isNaN(stepNanosEstimate)) {
            return 16;
        }
        return Math.max(1, Math.min(1 << 20, (long) (CHUNK_MILLIS * 1e6 / Math.max(stepNanosEstimate, 1.0))));
    }

    private void estimate(long steps, long nanos) {
        double perStep = (double) nanos / steps;
        stepNanosEstimate = Double.isNaN(stepNanosEstimate) ? perStep : 0.5 * stepNanosEstimate + 0.5 * perStep;
    }

    private void report(long start, long now, long end, long elapsed) {
        if (listeners.isEmpty()) {
            return;
        }
        Progress p = new Progress(start, now, end, elapsed, elapsed > 0 ? (now - start) * 1e9 / elapsed : 0);
        for (ProgressListener l : listeners) {
            l.onProgress(p);
        }
    }

    /** Files the tasks scheduled since the last call; those due before {@code now} are filed at {@code now}. */
    private void fileScheduled(long now) {
        Pending p;
        while ((p = pending.poll()) != null) {
            wheel.schedule(Math.max(p.step, now), p.task);
        }
    }

    /** Runs the tasks due at {@code now} (the wheel's next item is at or after it), in priority order. */
    private void runDue(long now) {
        if (wheel.nextDue() != now) {
            return;
        }
        List<ScheduledTask> due = new ArrayList<>();
        wheel.advanceTo(now, due::add);
        due.sort(Comparator.comparing(ScheduledTask::priority)); // stable: scheduling order within a priority
        for (ScheduledTask t : due) {
            if (t.isCancelled()) {
                continue;
            }
            try {
                t.run(this);
            } catch (RuntimeException e) {
                throw new IllegalStateException("task " + t + " due at step " + now + " of simulation '"
                        + sim.network().name() + "' failed: " + e.getMessage(), e);
            }
            if (t.period() > 0 && !t.isCancelled()) {
                wheel.schedule(now + t.period(), t);
            }
        }
        fileScheduled(now); // tasks scheduled by these tasks, for now or later
        runDue(now);
    }

    /**
     * Stops a run in progress at the next step boundary, waits for it and for the background writes; the
     * simulation stays open.
     *
     * @throws UncheckedIOException if a background checkpoint write failed
     */
    @Override
    public void close() {
        cancel().handle((r, e) -> null).join(); // a run's failure was reported through its future
        if (background != null) {
            background.shutdown();
            boolean done = false;
            while (!done) {
                try {
                    done = background.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        rethrowBackgroundFailure();
    }
}
