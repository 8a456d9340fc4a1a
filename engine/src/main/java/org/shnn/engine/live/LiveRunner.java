package org.shnn.engine.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
import org.shnn.codec.FileFailure;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.CheckpointImage;
import org.shnn.codec.json.JsonReader;
import org.shnn.codec.json.JsonValue;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.assembly.Parameters;
import org.shnn.engine.run.NamedSegment;
import org.shnn.engine.run.SavedState;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.StateDescriptor;
import org.shnn.engine.run.Synapses;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.Value;

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
 * <p>After {@link Simulation#reset()} the next run starts at step 0 with the one-shot tasks still pending at their
 * steps and the periodic ones on their grid of steps from the first after 0; tasks that ran before do not run again, and what they changed stays as the simulation keeps it across a reset
 * (a Poisson rate change stays at its step, as the description's {@code rate_times} do).
 *
 * <p>Tasks as data ({@link TaskSpec}, {@link #schedule(TaskSpec, long, long)}, {@link #scheduleJson}) are saved with
 * the simulation's checkpoints: the runner registers itself as {@link SavedState} of the simulation (section
 * {@link StateDescriptor#LIVE_SCHEDULE}, the {@link Schedule} JSON), and a runner created for a simulation just
 * opened from a checkpoint takes the saved tasks back with their due steps and state, so that a resumed run is
 * bit-identical to an uninterrupted one. A checkpoint taken by a task at step {@code s} saves the tasks of step
 * {@code s} that have not run yet and the next runs of those that have. Tasks given as code are not saved; the
 * saved schedule names them under {@code "not_saved"}.
 *
 * <p>Ownership and threads: the runner drives the simulation but does not own it (closing the runner stops a run
 * and waits for background writes; the caller closes the simulation). While a run is in progress only its thread
 * may touch the simulation (tasks get the runner and may); {@link #cancel()}, {@link #stop}, the futures and
 * {@link #schedule} may be called from any thread. Between runs, one controlling thread.
 */
public final class LiveRunner implements AutoCloseable, SavedState {

    /** Target wall time of one chunk of steps, ms. */
    static final long CHUNK_MILLIS = 20;
    /** Default interval between two progress reports, ns. */
    private static final long DEFAULT_PROGRESS_NANOS = 100_000_000L;

    private final Simulation sim;
    /** Replaced when the simulation was reset behind the runner's back ({@link #rebase}). */
    private TimerWheel<ScheduledTask> wheel;
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
    /** The tasks of the step being served that have not run yet, and the one running (run thread). */
    private List<ScheduledTask> dueRest = List.of();
    private ScheduledTask running;
    private long runningStep;
    private final List<Consumer<String>> monitors = new CopyOnWriteArrayList<>();
    /** The code tasks a restored checkpoint named as not saved. */
    private List<String> notRestored = List.of();

    private record Pending(long step, ScheduledTask task) {
    }

    /** How to pace the next runs: factor, lag tolerance, and whether falling behind stops the run. */
    private record Pacing(double factor, long toleranceNanos, boolean strict) {
    }

    /** A runner for {@code sim}, whose tasks count steps from the simulation's current step on. */
    public LiveRunner(Simulation sim) {
        this.sim = Objects.requireNonNull(sim, "simulation");
        this.wheel = new TimerWheel<>(sim.currentStep());
        sim.attachState(this); // restores a saved schedule if sim was just opened from a checkpoint
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
        if (step < 0 || step > Simulation.MAX_STEPS) {
            throw new IllegalArgumentException("task step " + step + " must be in [0, " + Simulation.MAX_STEPS
                    + "] (Simulation.MAX_STEPS)");
        }
        pending.add(new Pending(step, task));
        return task;
    }

    /**
     * Schedules a data task at step {@code step} and, if {@code periodSteps > 0}, every {@code periodSteps} steps
     * after; saved with checkpoints. Its targets (population, projection) are checked now.
     *
     * @throws IllegalArgumentException naming the task if a value or a target does not fit
     */
    public ScheduledTask schedule(TaskSpec spec, long step, long periodSteps) {
        return schedule(step, dataTask(spec, checkPeriod(periodSteps), new long[0]));
    }

    /**
     * Schedules the tasks of a schedule document ({@link Schedule}: {@code "at"}/{@code "every"} in ms of simulated
     * time), e.g. a {@code --schedule} file or the {@code "schedule"} of a network file.
     *
     * @param source names the document in errors
     * @throws IllegalArgumentException naming the source, line and member of a bad task
     */
    public List<ScheduledTask> scheduleJson(String json, String source) {
        return scheduleAll(JsonReader.DEFAULT.parse(json, source));
    }

    /** Schedules every task of a schedule document, or none if one does not fit (errors at its node). */
    private List<ScheduledTask> scheduleAll(JsonValue root) {
        List<Schedule.Entry> entries = Schedule.read(root, sim.network().dt());
        List<ScheduledTask> out = new ArrayList<>();
        for (Schedule.Entry e : entries) {
            if (e.step() < sim.currentStep()) {
                throw e.node().error(String.format(java.util.Locale.ROOT, "expected a task due at or after the "
                        + "simulation's current time %.3f ms (step %d) but found one due at step %d", sim.timeMs(),
                        sim.currentStep(), e.step()));
            }
            try {
                out.add(dataTask(e.spec(), e.period(), e.state()));
            } catch (IllegalArgumentException x) {
                throw e.node().error(x.getMessage());
            }
        }
        checkParameterChanges(entries);
        for (int i = 0; i < out.size(); i++) {
            schedule(entries.get(i).step(), out.get(i));
        }
        return out;
    }

    /**
     * Checks the document's neuron parameter and current source changes in the order they will run (by step, then as
     * written), each on top of the description the ones before it leave ({@link Parameters#check},
     * {@link Parameters#checkCurrent}), so that a value the model refuses (a {@code tau_m} of 0, a threshold below the
     * reset, a step source's times without as many amplitudes) is refused now rather than failing the run at its step. A
     * periodic task is checked at its first run; tasks given as code are checked when they run.
     */
    private void checkParameterChanges(List<Schedule.Entry> entries) {
        NetworkSpec planned = sim.network().spec();
        List<Schedule.Entry> inOrder = new ArrayList<>(entries);
        inOrder.sort(java.util.Comparator.comparingLong(Schedule.Entry::step)); // stable: as written within a step
        for (Schedule.Entry e : inOrder) {
            if (e.spec() instanceof TaskSpec.SetParameter p
                    && sim.network().populations().get(populationIndex("task", p.population())).model() != null) {
                try {
                    planned = Parameters.check(planned, p.population(), Map.of(p.name(), new Value.Constant(p.value())));
                } catch (IllegalArgumentException x) {
                    throw e.node().error("task " + TaskSpec.describe(p) + " due at step " + e.step() + ": "
                            + x.getMessage() + " (with the parameters the tasks before it set)");
                }
            } else if (e.spec() instanceof TaskSpec.SetCurrent c) {
                try {
                    planned = Parameters.checkCurrent(planned, sim.network(), c.source(), c.parameters(), "parameters");
                } catch (IllegalArgumentException x) {
                    throw e.node().error("task " + TaskSpec.describe(c) + " due at step " + e.step() + ": "
                            + x.getMessage() + " (with the parameters the tasks before it set)");
                }
            }
        }
    }

    /** Adds a listener of {@link TaskSpec.ReportRates} lines (any thread). */
    public void addMonitor(Consumer<String> monitor) {
        monitors.add(Objects.requireNonNull(monitor, "monitor"));
    }

    /**
     * Cancels the pending data tasks that {@code which} accepts (e.g. a restored periodic checkpoint that a new
     * period replaces) and returns how many; between runs.
     */
    public int cancelTasks(java.util.function.Predicate<TaskSpec> which) {
        List<ScheduledTask> all = new ArrayList<>();
        wheel.forEach((t, step) -> all.add(t));
        pending.forEach(p -> all.add(p.task));
        int n = 0;
        for (ScheduledTask t : all) {
            if (t.spec() != null && !t.isCancelled() && which.test(t.spec())) {
                t.cancel();
                n++;
            }
        }
        return n;
    }

    /** The data tasks pending (filed or not), earliest first; between runs. */
    public List<TaskSpec> pendingTasks() {
        return pendingEntries().stream().map(Schedule.Entry::spec).toList();
    }

    /**
     * A task running {@code spec}, after checking its values and its targets against the simulation. A checkpoint
     * task's relative path is made absolute against the working directory now, so the saved schedule names the
     * same file whatever directory a resumed run starts in. A rate task's
     * state is the step and the spike counts at its previous run (at first, when it was scheduled): {@code [step,
     * count of population 0, 1, ...]}; {@code savedState} is a saved one, or empty for a new task.
     *
     * @throws IllegalArgumentException naming the task and the member that does not fit
     */
    private ScheduledTask dataTask(TaskSpec given, long period, long[] savedState) {
        String where = "task " + TaskSpec.describe(given) + " of simulation '" + sim.network().name() + "'";
        TaskSpec.check(given, where);
        // saved schedules hold absolute paths: a run resumed from another directory writes the same file
        TaskSpec spec = given instanceof TaskSpec.Checkpoint c && !Path.of(c.path()).isAbsolute()
                ? new TaskSpec.Checkpoint(Path.of(c.path()).toAbsolutePath().normalize().toString()) : given;
        switch (spec) {
            case TaskSpec.Checkpoint c -> { // a checkpoint hours into a run must not be the first to find this
                Path file = Path.of(c.path());
                String why = java.nio.file.Files.isDirectory(file) ? "is a directory"
                        : !java.nio.file.Files.isDirectory(file.getParent()) ? "its directory " + file.getParent()
                        + " does not exist" : null;
                if (why != null) {
                    throw new IllegalArgumentException(where + ": path: expected a file to write but found " + file
                            + ": " + why);
                }
            }
            case TaskSpec.StopWhenRate r -> populationIndex(where, r.population());
            case TaskSpec.SetCurrent c -> // the values: in order with the others of a schedule (checkParameterChanges)
                    Parameters.checkCurrentSource(sim, c.source());
            case TaskSpec.SetWeight w -> Assembler.weightCheck(sim.network().spec(), projectionIndex(where, w.projection()),
                    where).check("weight", w.weight()); // the rules of the description's weights
            case TaskSpec.SetParameter p -> {
                int i = populationIndex(where, p.population());
                if (sim.network().populations().get(i).model() != null) {
                    Parameters.values(sim, p.population(), p.name()); // checks the name against the cell type
                } else if (!isPoisson(i) || !p.name().equals("rate")) {
                    throw new IllegalArgumentException(where + ": name: expected \"rate\" of a SpikeSourcePoisson (the "
                            + "one parameter of a source set at run time) but found '" + p.name() + "' of " + (isPoisson(i)
                            ? "a SpikeSourcePoisson" : "a spike-times source (Simulation.setSpikeTimes)"));
                } else if (!(p.value() >= 0 && p.value() * sim.network().dt() * 1e-3 <= 1)) {
                    throw new IllegalArgumentException(where + ": value: expected a rate in [0, 1/dt = "
                            + 1e3 / sim.network().dt() + "] Hz (at most one spike per step) but found " + p.value());
                }
            }
            default -> {
            }
        }
        long[] state = new long[0];
        if (spec instanceof TaskSpec.StopWhenRate || spec instanceof TaskSpec.ReportRates) {
            int n = 1 + sim.network().populations().size();
            if (savedState.length == 0) {
                state = new long[n];
                state[0] = sim.currentStep();
                System.arraycopy(sim.populationSpikeCounts(), 0, state, 1, n - 1);
            } else if (savedState.length != n || savedState[0] < 0 || savedState[0] > sim.currentStep()) {
                throw new IllegalArgumentException(where + ": state: expected a step <= " + sim.currentStep() + " and "
                        + (n - 1) + " spike counts but found " + java.util.Arrays.toString(savedState));
            } else {
                state = savedState.clone();
            }
        } else if (savedState.length != 0) {
            throw new IllegalArgumentException(where + ": state: expected none but found "
                    + java.util.Arrays.toString(savedState));
        }
        long[] st = state;
        return new ScheduledTask(spec, period, state, rn -> rn.perform(spec, st));
    }

    /**
     * Runs data task {@code spec} (run thread, between steps). A rate is the mean over the population's neurons
     * since the step in {@code state[0]}; none is computed (the task does nothing) if no step has passed since.
     */
    private void perform(TaskSpec spec, long[] state) {
        switch (spec) {
            case TaskSpec.SetParameter p -> // a Poisson source's rate: a rate change from this step
                    Parameters.set(sim, p.population(), Map.of(p.name(), new Value.Constant(p.value())));
            case TaskSpec.SetCurrent c -> Parameters.setCurrent(sim, c.source(), c.parameters(), "task "
                    + TaskSpec.describe(c));
            case TaskSpec.SetWeight w -> {
                int i = projectionIndex("task", w.projection());
                Synapses.setWeight(sim, i, (float) (w.weight() * Assembler.weightScale(sim.network().spec(), i)));
            }
            case TaskSpec.Checkpoint c -> checkpoint(Path.of(c.path()));
            case TaskSpec.StopWhenSpikes c -> {
                long n = sim.spikeCount();
                if (n >= c.spikes()) {
                    stop("spike count " + n + " >= " + c.spikes() + " at step " + sim.currentStep());
                }
            }
            case TaskSpec.StopWhenRate r -> {
                double[] hz = ratesSince(state);
                if (hz == null) {
                    return;
                }
                int p = populationIndex("task", r.population());
                if (r.above() ? hz[p] > r.hz() : hz[p] < r.hz()) {
                    stop(String.format(java.util.Locale.ROOT, "rate of '%s' %.3f Hz %s %s Hz over steps [%d, %d)",
                            r.population(), hz[p], r.above() ? ">" : "<", r.hz(), state[0], sim.currentStep()));
                }
                restart(state);
            }
            case TaskSpec.ReportRates r -> {
                double[] hz = ratesSince(state);
                if (hz == null) {
                    return;
                }
                StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "rates at %.1f ms over %.1f ms:",
                        sim.timeMs(), (sim.currentStep() - state[0]) * sim.network().dt()));
                for (int p = 0; p < hz.length; p++) {
                    b.append(String.format(java.util.Locale.ROOT, " %s %.2f Hz", sim.network().populations().get(p)
                            .name(), hz[p]));
                }
                restart(state);
                for (Consumer<String> m : monitors) {
                    m.accept(b.toString());
                }
            }
        }
    }

    /** Each population's mean rate (Hz) since the step and counts in {@code state}, or null if no step has passed. */
    private double[] ratesSince(long[] state) {
        long steps = sim.currentStep() - state[0];
        if (steps <= 0) {
            return null;
        }
        long[] now = sim.populationSpikeCounts();
        double[] hz = new double[now.length];
        for (int p = 0; p < now.length; p++) {
            hz[p] = (now[p] - state[1 + p]) / (sim.network().populations().get(p).count() * steps * sim.network().dt()
                    * 1e-3);
        }
        return hz;
    }

    /** Starts a rate task's next window now. */
    private void restart(long[] state) {
        state[0] = sim.currentStep();
        System.arraycopy(sim.populationSpikeCounts(), 0, state, 1, state.length - 1);
    }

    private boolean isPoisson(int population) {
        return sim.network().populations().get(population).generator() instanceof org.shnn.engine.input.PoissonGenerator;
    }

    /** A population by its label; {@code where} names the task in the error. */
    private int populationIndex(String where, String label) {
        var pops = sim.network().populations();
        for (int i = 0; i < pops.size(); i++) {
            if (pops.get(i).name().equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException(where + ": population: expected one of " + pops.stream().map(p -> p.name())
                .toList() + " but found '" + label + "'");
    }

    /** A projection of the network's description by its label; {@code where} names the task in the error. */
    private int projectionIndex(String where, String label) {
        var spec = sim.network().spec();
        if (spec == null) {
            throw new IllegalArgumentException(where + ": projection: expected a network built from a description "
                    + "(labels and PyNN weight units come from it) but network '" + sim.network().name() + "' was built "
                    + "in code");
        }
        List<String> labels = spec.projections().stream().map(p -> p.label()).toList();
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException(where + ": projection: expected one of " + labels + " but found '" + label
                    + "'");
        }
        return i;
    }

    /** The pending data tasks with their due steps (see the class comment for a checkpoint taken by a task). */
    private List<Schedule.Entry> pendingEntries() {
        List<Schedule.Entry> out = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        collect(out, ignored);
        return out;
    }

    private void collect(List<Schedule.Entry> out, List<String> code) {
        // In the order the run would hand them out: by step, then as the wheel would file them (its items, the
        // running task's next run, then tasks not filed yet); a stable sort by step keeps that order within a step.
        List<Object[]> all = new ArrayList<>();
        wheel.forEach((t, step) -> all.add(new Object[] {t, step}));
        if (running != null && running.period() > 0) {
            all.add(new Object[] {running, runningStep + running.period()});
        }
        for (Pending p : pending) {
            all.add(new Object[] {p.task, Math.max(p.step, wheel.now())});
        }
        for (ScheduledTask t : dueRest) {
            all.add(new Object[] {t, runningStep});
        }
        all.sort(Comparator.comparingLong(a -> (long) a[1]));
        for (Object[] a : all) {
            ScheduledTask t = (ScheduledTask) a[0];
            if (t.isCancelled()) {
                continue;
            }
            if (t.spec() == null) {
                code.add(t.toString());
            } else {
                out.add(new Schedule.Entry((long) a[1], t.period(), t.spec(), t.state().clone(), null));
            }
        }
    }

    /** The pending data tasks as section {@link StateDescriptor#LIVE_SCHEDULE} (controlling or run thread). */
    @Override
    public List<NamedSegment> stateSections() {
        List<Schedule.Entry> out = new ArrayList<>();
        List<String> code = new ArrayList<>();
        collect(out, code);
        return List.of(new NamedSegment(StateDescriptor.LIVE_SCHEDULE,
                java.lang.foreign.MemorySegment.ofArray(Schedule.write(out, code))));
    }

    /** Section {@link StateDescriptor#LIVE_SCHEDULE} only, without writing it. */
    @Override
    public boolean savesSection(String name) {
        return StateDescriptor.LIVE_SCHEDULE.equals(name);
    }

    /** Takes back the tasks a checkpoint saved (called by {@link Simulation#attachState} from the constructor). */
    @Override
    public void restoreState(java.util.function.Function<String, java.lang.foreign.MemorySegment> sections) {
        java.lang.foreign.MemorySegment s = sections.apply(StateDescriptor.LIVE_SCHEDULE);
        if (s == null) {
            return;
        }
        byte[] json = s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        JsonValue root = JsonReader.DEFAULT.parse(json, "section " + StateDescriptor.LIVE_SCHEDULE
                + " of the checkpoint of simulation '" + sim.network().name() + "'");
        scheduleAll(root);
        notRestored = Schedule.notSaved(root);
    }

    /**
     * The tasks given as code that the checkpoint this runner's simulation was opened from could not save (their
     * descriptions): a resumed run does not run them unless they are scheduled again. Empty otherwise.
     */
    public List<String> notRestored() {
        return notRestored;
    }

    private static long checkPeriod(long period) {
        if (period < 0 || period > Simulation.MAX_STEPS) {
            throw new IllegalArgumentException("task period " + period + " steps must be in [0, " + Simulation.MAX_STEPS
                    + "] (Simulation.MAX_STEPS)");
        }
        return period;
    }

    /** Steps of {@code ms} of simulated time, rounded. */
    long steps(String what, double ms) {
        long n = Math.round(ms / sim.network().dt());
        if (!(ms >= 0) || Double.isInfinite(ms) || n > Simulation.MAX_STEPS) {
            throw new IllegalArgumentException(what + " " + ms + " ms must be in [0, " + Simulation.MAX_STEPS
                    * sim.network().dt() + "] (Simulation.MAX_STEPS steps)");
        }
        return n;
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
        return schedule(new TaskSpec.Checkpoint(path.toString()), firstStep, periodSteps);
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
                    + sim.currentStep() + " to " + path + ": " + FileFailure.describe(e), e);
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
                IOException io = e instanceof IOException i ? i : new IOException(e);
                String why = e instanceof IOException ? FileFailure.reason(path, io) : e.getMessage();
                backgroundFailure.compareAndSet(null, new UncheckedIOException("checkpoint of step " + image.step()
                        + " to " + path + " failed: " + why, io));
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
        return schedule(new TaskSpec.StopWhenSpikes(spikes), sim.currentStep() + checkSteps, checkSteps);
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
        return schedule(new TaskSpec.StopWhenRate(sim.network().populations().get(population).name(), above, hz),
                sim.currentStep() + windowSteps, windowSteps);
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
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            // the run's own failure, as it was thrown on this thread (join wraps it, and its message would read
            // "java.lang.IllegalStateException: task ... failed: ...")
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                case null, default -> throw e;
            }
        }
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
        if (start < wheel.now()) {
            rebase(start);
        }
        fileScheduled(start);
        if (sim.currentStep() > wheel.nextDue()) {
            throw new IllegalStateException("the simulation is at step " + start + ", past a task due at step "
                    + wheel.nextDue() + ": it was run outside its LiveRunner");
        }
        sim.warmUp(pacing != null); // a paced run needs its whole step path compiled before its first step
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

    /**
     * Takes the tasks over to a simulation that went back to step {@code step} ({@link Simulation#reset()}): a
     * pending one-shot task keeps its step; a periodic one goes on at the first step of its grid (its step plus
     * or minus whole periods) after {@code step}; rate tasks start their window at {@code step}. Tasks that ran
     * before the reset do not run again; what they changed stays as the simulation keeps it (a Poisson rate
     * change at its step, like the description's {@code rate_times}; parameters and weights set, from t = 0).
     */
    private void rebase(long step) {
        TimerWheel<ScheduledTask> old = wheel;
        wheel = new TimerWheel<>(step);
        old.forEach((task, due) -> {
            if (task.spec() instanceof TaskSpec.StopWhenRate || task.spec() instanceof TaskSpec.ReportRates) {
                restart(task.state());
            }
            long period = task.period();
            wheel.schedule(period == 0 ? due : step + Math.floorMod(due - step - 1, period) + 1, task);
        });
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
        runningStep = now;
        for (int i = 0; i < due.size(); i++) {
            ScheduledTask t = due.get(i);
            if (t.isCancelled()) {
                continue;
            }
            dueRest = due.subList(i + 1, due.size()); // what a checkpoint taken by t saves as still due now
            running = t;
            try {
                t.run(this);
            } catch (UncheckedIOException e) { // a file the run writes (a checkpoint's): its message names it
                throw e;
            } catch (RuntimeException e) {
                throw new IllegalStateException("task " + t + " due at step " + now + " of simulation '"
                        + sim.network().name() + "' failed: " + e.getMessage(), e);
            } finally {
                running = null;
                dueRest = List.of();
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
        sim.detachState(this);
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
