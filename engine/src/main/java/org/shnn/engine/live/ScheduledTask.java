package org.shnn.engine.live;

import java.util.function.Consumer;

/**
 * A task of a {@link LiveRunner} due at a simulation step, once or every {@code period} steps: it runs on the run's
 * thread between steps, before step {@code step} is simulated, after the tasks of higher {@link TaskPriority}
 * due at the same step. Returned by {@link LiveRunner#schedule} as a handle to cancel it.
 *
 * <p>Thread-safety: {@link #cancel()} may be called from any thread; the rest is read by the run loop.
 */
public final class ScheduledTask {

    private final TaskPriority priority;
    private final long period;
    private final Consumer<LiveRunner> action;
    /** What the task is, for error messages and the saved schedule ("user task" for code). */
    private final String description;
    /** The task as data (saved with checkpoints), or null for code. */
    private final TaskSpec spec;
    /** The data task's own state, saved with it (a rate task's step and spike counts at its previous run). */
    private final long[] state;
    private volatile boolean cancelled;

    ScheduledTask(TaskPriority priority, long period, Consumer<LiveRunner> action, String description) {
        this.priority = priority;
        this.period = period;
        this.action = action;
        this.description = description;
        this.spec = null;
        this.state = new long[0];
    }

    /** A data task; {@code state} is its saved state or fresh (its action reads and updates it). */
    ScheduledTask(TaskSpec spec, long period, long[] state, Consumer<LiveRunner> action) {
        this.priority = spec.priority();
        this.period = period;
        this.action = action;
        this.description = TaskSpec.describe(spec);
        this.spec = spec;
        this.state = state;
    }

    /** The task as data, or null if it is code (not saved with checkpoints). */
    public TaskSpec spec() {
        return spec;
    }

    /** The data task's state (run thread). */
    long[] state() {
        return state;
    }

    /** Its priority among tasks due at the same step. */
    public TaskPriority priority() {
        return priority;
    }

    /** Steps between two runs of a periodic task, 0 for a task that runs once. */
    public long period() {
        return period;
    }

    /** Keeps the task from running again (a run in progress may still be running it). */
    public void cancel() {
        cancelled = true;
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    void run(LiveRunner runner) {
        action.accept(runner);
    }

    @Override
    public String toString() {
        return description + " (" + priority + (period > 0 ? ", every " + period + " steps" : "") + ")";
    }
}
