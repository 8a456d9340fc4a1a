package org.shnn.cli;

import java.nio.file.Path;
import java.util.Set;

/**
 * The live-run part of the command line ({@link CliOptions#live()}): real-time pacing and periodic checkpoints;
 * see {@link CliLive} for what happens with them.
 *
 * @param realtime         simulated time per wall time to pace at ({@code --realtime [FACTOR]}, 1.0 without a
 *                         factor), or 0 for as fast as possible
 * @param strict           whether falling behind the wall clock fails the run ({@code --realtime-strict})
 * @param toleranceMs      lag above which a step counts as behind ({@code --realtime-tolerance MS}, default 1)
 * @param checkpointEveryS simulated seconds between checkpoints written to the --save file in the background
 *                         ({@code --checkpoint-every SECONDS}), or 0
 * @param checkpointWallS  wall seconds between such checkpoints ({@code --checkpoint-every-wall SECONDS}), or 0
 * @param schedule         a schedule file of tasks at simulated times ({@code --schedule FILE.json},
 *                         {@code org.shnn.engine.live.Schedule}), or null
 */
public record LiveOptions(double realtime, boolean strict, double toleranceMs, double checkpointEveryS,
        double checkpointWallS, Path schedule) {

    /** The largest factor, period (s) or tolerance (ms) these options take: 1e9, beyond any run's length. */
    static final double MAX = 1e9;
    /** The options of this part that take a value ({@code --realtime}'s is optional). */
    static final Set<String> OPTIONS = Set.of("--realtime-tolerance", "--checkpoint-every", "--checkpoint-every-wall",
            "--schedule");

    /** The help lines of these options (appended to {@link CliOptions#USAGE}). */
    static final String USAGE = """
              --realtime [FACTOR]       keep pace with the wall clock at FACTOR x real time (default
                                        1.0); lag and jitter per step are measured and reported
                                        (summary JSON "realtime"), steps behind counted
              --realtime-tolerance MS   lag above which a step counts as behind (default 1 ms)
              --realtime-strict         falling behind stops the run (state and outputs kept) and
                                        exits with status 1
              --checkpoint-every SECONDS
                                        save a checkpoint to the --save file every SECONDS of
                                        simulated time, written in the background while the run
                                        goes on (a resumed run keeps the period; given again, the
                                        new period replaces it)
              --checkpoint-every-wall SECONDS
                                        the same every SECONDS of wall time
              --schedule FILE.json      tasks at simulated times (format "shnn-schedule/1", README
                                        "Scheduled tasks"): set a parameter or a weight, save a
                                        checkpoint, stop on a spike count or a rate, report rates
                                        (to stderr); saved with --save, a resumed run keeps them
            Progress: runs longer than 2 s show a progress bar (steps/s, ETA) on a terminal.
            Ctrl-C stops at a step boundary; outputs are written and --save saves the state reached.
            """;

    /** No pacing, no periodic checkpoints. */
    static LiveOptions none() {
        return new LiveOptions(0, false, 1.0, 0, 0, null);
    }

    /** Whether pacing, periodic checkpoints or a schedule are asked for. */
    boolean any() {
        return realtime > 0 || checkpointEveryS > 0 || checkpointWallS > 0 || schedule != null;
    }

    /** This with {@code --realtime} at {@code factor}. */
    LiveOptions withRealtime(double factor) {
        return new LiveOptions(factor, strict, toleranceMs, checkpointEveryS, checkpointWallS, schedule);
    }

    /** This with {@code --realtime-strict}. */
    LiveOptions withStrict() {
        return new LiveOptions(realtime, true, toleranceMs, checkpointEveryS, checkpointWallS, schedule);
    }

    /**
     * This with option {@code name} (one of {@link #OPTIONS}) set to {@code value}.
     *
     * @throws UsageException naming the option and the bad value
     */
    LiveOptions with(String name, String value) throws UsageException {
        if (name.equals("--schedule")) {
            return new LiveOptions(realtime, strict, toleranceMs, checkpointEveryS, checkpointWallS,
                    CliOptions.path(name, value));
        }
        return switch (name) {
            case "--realtime-tolerance" -> new LiveOptions(realtime, strict, CliOptions.parseDouble(name, value, 0, MAX),
                    checkpointEveryS, checkpointWallS, schedule);
            case "--checkpoint-every" -> new LiveOptions(realtime, strict, toleranceMs, positive(name, value),
                    checkpointWallS, schedule);
            case "--checkpoint-every-wall" -> new LiveOptions(realtime, strict, toleranceMs, checkpointEveryS,
                    positive(name, value), schedule);
            default -> throw new UsageException("unknown option " + name + " (see --help)");
        };
    }

    /** The factor of {@code --realtime FACTOR}. */
    static double factor(String value) throws UsageException {
        return positive("--realtime", value);
    }

    /** Whether {@code arg} reads as a number (then it is --realtime's factor, not the next option). */
    static boolean isNumber(String arg) {
        try {
            Double.parseDouble(arg.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Checks the combination with the rest of the command line. */
    void check(boolean save) throws UsageException {
        if ((checkpointEveryS > 0 || checkpointWallS > 0) && !save) {
            throw new UsageException("--checkpoint-every" + (checkpointEveryS > 0 ? "" : "-wall")
                    + " writes the --save file; give --save FILE.shnn");
        }
        if (strict && realtime == 0) {
            throw new UsageException("--realtime-strict needs --realtime [FACTOR]");
        }
    }

    /** Parses a number in (0, {@value #MAX}], naming the option and that range when it is not one. */
    private static double positive(String name, String value) throws UsageException {
        double v = CliOptions.number(name, value);
        if (!(v > 0 && v <= MAX)) {
            throw new UsageException(name + " " + value + " must be in (0, " + MAX + "]");
        }
        return v;
    }
}
