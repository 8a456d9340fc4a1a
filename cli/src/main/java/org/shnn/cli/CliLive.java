package org.shnn.cli;

import java.io.Console;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.shnn.engine.live.LiveRunner;
import org.shnn.engine.live.LogHistogram;
import org.shnn.engine.live.PacingReport;
import org.shnn.engine.live.Progress;
import org.shnn.engine.live.RunResult;
import org.shnn.engine.live.TaskSpec;
import org.shnn.engine.run.Simulation;

/**
 * The command line's live run ({@link LiveOptions}): drives the simulation through a {@link LiveRunner} with
 * pacing, periodic background checkpoints and the tasks of a schedule file as asked (and those a resumed checkpoint
 * carries; rate reports go to stderr), shows progress (a bar with steps/s and ETA on a terminal,
 * else a line a second on stderr, both only after {@value #PROGRESS_AFTER_S} s), and stops cleanly on Ctrl-C: a
 * shutdown hook cancels the run at the next step boundary and waits until {@link #close()}, so that
 * {@link Main} writes its outputs and the --save checkpoint of the state reached before the JVM exits.
 *
 * <p>Ownership: owns the runner and the hook; {@link #close()} after the outputs are written. Thread-safety: one
 * controlling thread; the hook runs on the JVM's shutdown thread.
 */
final class CliLive implements AutoCloseable {

    private static final double PROGRESS_AFTER_S = 2.0;
    /** How long the Ctrl-C hook waits for the outputs and the checkpoint before the JVM exits anyway. */
    private static final long HOOK_WAIT_MINUTES = 10;

    private final LiveRunner runner;
    private final LiveOptions options;
    private final boolean lead;
    private final PrintStream err;
    private final CountDownLatch outputsDone = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean interrupted;
    private RunResult result;
    private boolean barShown;
    /** A checkpoint or stream the run writes that failed (the run stopped at a step boundary, or ended), or null. */
    private UncheckedIOException writeFailure;
    private final Simulation sim;

    private CliLive(Simulation sim, LiveOptions o, Path save, Path resume, boolean lead, PrintStream err)
            throws IOException, UsageException {
        this.sim = sim;
        this.runner = new LiveRunner(sim); // takes back the tasks a resumed checkpoint saved
        this.options = o;
        this.lead = lead;
        this.err = err;
        double dt = sim.network().dt();
        if (o.realtime() > 0) {
            runner.pace(o.realtime(), Math.round(o.toleranceMs() * 1e6), o.strict());
        }
        if (o.checkpointEveryS() > 0) {
            // a period saved in the resumed checkpoint, writing the file resumed or the --save file, is replaced
            // (saved checkpoint tasks hold absolute paths, LiveRunner.dataTask)
            runner.cancelTasks(t -> t instanceof TaskSpec.Checkpoint c && (Path.of(c.path()).equals(absolute(save))
                    || Path.of(c.path()).equals(absolute(resume))));
            long period = Math.max(1, Math.round(o.checkpointEveryS() * 1000 / dt));
            runner.checkpointEvery(sim.currentStep() + period, period, save);
        }
        if (o.schedule() != null) {
            List<TaskSpec> carried = runner.pendingTasks().stream().filter(t -> !(t instanceof TaskSpec.Checkpoint))
                    .toList();
            if (!carried.isEmpty()) {
                throw new UsageException("--schedule " + o.schedule() + ": the checkpoint " + resume + " carries a "
                        + "schedule (" + carried.size() + " task(s) pending), which the resumed run keeps; drop --schedule");
            }
            runner.scheduleJson(Files.readString(o.schedule()), o.schedule().toString());
        }
        if (lead) {
            // here, not when the run starts: the console's first probe takes 10-17 ms and spins classes that the JIT
            // then compiles beside the run, all inside the run's wall time (bench/RESULTS.md section 61)
            Console c = System.console();
            boolean terminal = c != null && c.isTerminal();
            runner.progressInterval(terminal ? 200_000_000L : 1_000_000_000L);
            runner.addProgressListener(p -> progress(p, terminal, dt));
            runner.addMonitor(err::println); // report_rates lines
            for (String t : runner.notRestored()) {
                err.println("warning: the checkpoint could not save task " + t + " (code, not data): the resumed run "
                        + "does not run it");
            }
        }
        if (o.checkpointWallS() > 0) {
            runner.checkpointEveryWall(Math.round(o.checkpointWallS() * 1e9), save);
        }
        hook = Thread.ofPlatform().name("shnn-ctrl-c").unstarted(() -> {
            interrupted = true;
            runner.cancel().handle((r, e) -> null).join();
            try {
                outputsDone.await(HOOK_WAIT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static Path absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }

    /**
     * A live run of {@code sim}; {@code save} is where periodic checkpoints go (null without them), {@code resume}
     * the checkpoint {@code sim} was opened from (or null).
     *
     * @throws IOException if the schedule file cannot be read
     * @throws UsageException if a schedule file is given for a resumed run that carries one
     * @throws org.shnn.codec.json.JsonException naming the schedule file, the place and the member of a bad task
     */
    static CliLive attach(LiveOptions o, Simulation sim, Path save, Path resume, boolean lead, PrintStream err)
            throws IOException, UsageException {
        return new CliLive(sim, o, save, resume, lead, err);
    }

    /**
     * Runs {@code steps} steps (fewer if Ctrl-C or --realtime-strict stopped it) and waits for the background
     * checkpoints, so that a save that follows is the last write to its file. A checkpoint or stream write that fails
     * ends the run at a step boundary (or is found after it) and is reported here ({@link #writeFailed}), so that the
     * figures and outputs of the steps run are still written: a full disk late in a long run lost them all.
     *
     * @return the steps run
     */
    long run(long steps, double dt) {
        long start = sim.currentStep();
        try {
            result = runner.run(steps * dt);
        } catch (UncheckedIOException e) { // tasks run between steps: the state is at a step boundary
            writeFailure = e;
        }
        if (barShown) {
            err.println();
        }
        try {
            runner.awaitCheckpoints();
        } catch (UncheckedIOException e) {
            writeFailure = writeFailure != null ? writeFailure : e;
        }
        if (writeFailure != null) {
            if (lead) {
                err.printf(Locale.ROOT, "error: %s; the run %s at %.1f ms (step %d), and its figures and outputs are"
                        + " written%n", writeFailure.getMessage(), result == null ? "stopped" : "ended",
                        sim.currentStep() * dt, sim.currentStep());
            }
            return sim.currentStep() - start;
        }
        if (lead && result.outcome() != RunResult.Outcome.COMPLETED) {
            err.printf(Locale.ROOT, "%s at %.1f ms (step %d): %s; the state is at a step boundary%n",
                    result.outcome() == RunResult.Outcome.CANCELLED ? "interrupted" : "stopped",
                    result.endStep() * dt, result.endStep(), result.reason());
        }
        return result.endStep() - result.startStep();
    }

    private void progress(Progress p, boolean terminal, double dt) {
        double elapsed = p.elapsedNanos() * 1e-9;
        if (elapsed <= PROGRESS_AFTER_S || p.step() >= p.endStep()) {
            return;
        }
        double eta = p.etaSeconds();
        if (terminal) {
            int width = 30;
            int filled = (int) Math.round(p.fraction() * width);
            err.printf(Locale.ROOT, "\r[%s%s] %3.0f%% %.1f / %.1f ms, %.0f steps/s, ETA %s   ", "#".repeat(filled),
                    ".".repeat(width - filled), 100 * p.fraction(), p.step() * dt, p.endStep() * dt, p.stepsPerSecond(),
                    Double.isNaN(eta) ? "-" : String.format(Locale.ROOT, "%.1f s", eta));
            err.flush();
            barShown = true;
        } else {
            err.printf(Locale.ROOT, "progress: %.1f / %.1f ms simulated (%.0f%%), %.0f steps/s, ETA %.1f s%n",
                    p.step() * dt, p.endStep() * dt, 100 * p.fraction(), p.stepsPerSecond(), eta);
        }
    }

    /** Whether a checkpoint or stream the run wrote failed (reported by {@link #run}). */
    boolean writeFailed() {
        return writeFailure != null;
    }

    /** Whether Ctrl-C stopped the run. */
    boolean interrupted() {
        return interrupted && result != null && result.outcome() == RunResult.Outcome.CANCELLED;
    }

    /** Whether --realtime-strict stopped the run because it fell behind. */
    boolean fellBehindStrict() {
        return options.strict() && result != null && result.pacing() != null && result.pacing().fellBehind();
    }

    /** The printed lines of the live figures (ending in a newline), empty if none. */
    String text() {
        StringBuilder t = new StringBuilder();
        if (result == null) {
            return "";
        }
        if (result.outcome() != RunResult.Outcome.COMPLETED) {
            t.append("stopped          ").append(result.reason()).append('\n');
        }
        PacingReport p = result.pacing();
        if (p != null) {
            t.append("real time        x").append(p.factor()).append(": lag p50 ").append(us(p.lag().quantile(0.5)))
                    .append(", p99 ").append(us(p.lag().quantile(0.99))).append(", max ").append(us(p.lag().max()))
                    .append("; jitter p99 ").append(us(p.jitter().quantile(0.99))).append("; ").append(p.behindSteps())
                    .append(" steps behind by > ").append(us(p.toleranceNanos())).append('\n');
        }
        if (options.checkpointEveryS() > 0 || options.checkpointWallS() > 0) {
            t.append("checkpoints      ").append(runner.checkpointsWritten()).append(" written in the background, ")
                    .append(runner.checkpointsSkipped()).append(" skipped (previous write not finished)\n");
        }
        return t.toString();
    }

    /** The JSON members of the live figures, each line {@code "  \"key\": value,\n"}; empty if none. */
    String json() {
        if (result == null) {
            return "";
        }
        StringBuilder j = new StringBuilder();
        j.append("  \"outcome\": \"").append(result.outcome().name().toLowerCase(Locale.ROOT)).append("\",\n");
        PacingReport p = result.pacing();
        if (p != null) {
            j.append("  \"realtime\": {\"factor\": ").append(p.factor()).append(", \"steps\": ").append(p.steps())
                    .append(", \"behind_steps\": ").append(p.behindSteps()).append(", \"tolerance_ns\": ")
                    .append(p.toleranceNanos()).append(", \"first_behind_step\": ").append(p.firstBehindStep())
                    .append(",\n    \"lag_ns\": ").append(histogram(p.lag())).append(",\n    \"jitter_ns\": ")
                    .append(histogram(p.jitter())).append("},\n");
        }
        if (options.checkpointEveryS() > 0 || options.checkpointWallS() > 0) {
            j.append("  \"checkpoints_written\": ").append(runner.checkpointsWritten()).append(",\n");
            j.append("  \"checkpoints_skipped\": ").append(runner.checkpointsSkipped()).append(",\n");
        }
        return j.toString();
    }

    /** Quantiles, mean, max and the non-empty buckets ([highest ns, count]) of {@code h}. */
    private static String histogram(LogHistogram h) {
        StringBuilder b = new StringBuilder("{\"count\": ").append(h.count()).append(", \"mean\": ")
                .append(Math.round(h.mean())).append(", \"p50\": ").append(h.quantile(0.5)).append(", \"p90\": ")
                .append(h.quantile(0.9)).append(", \"p99\": ").append(h.quantile(0.99)).append(", \"p999\": ")
                .append(h.quantile(0.999)).append(", \"max\": ").append(h.max()).append(", \"buckets\": [");
        long[][] buckets = h.buckets();
        for (int i = 0; i < buckets.length; i++) {
            b.append(i == 0 ? "" : ", ").append('[').append(buckets[i][0]).append(", ").append(buckets[i][1]).append(']');
        }
        return b.append("]}").toString();
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }

    /** Releases the Ctrl-C hook (the outputs are written) and stops the background writer. */
    @Override
    public void close() {
        outputsDone.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down (Ctrl-C): the hook is running and returns now
        }
        runner.close();
    }
}
