package org.shnn.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the CLI ({@link Main#run}) for the module's tests: its exit code and what it printed to
 * standard output and standard error (UTF-8).
 *
 * @param code the exit code (0 success, 1 failure of the run, 2 bad usage)
 * @param out  everything printed to standard output
 * @param err  everything printed to standard error
 */
record CliResult(int code, String out, String err) {

    /** Runs the CLI with {@code args} in this JVM and captures its output. */
    static CliResult run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The rest of the first standard-output line that starts with {@code prefix}, stripped.
     *
     * @throws AssertionError naming the prefix and showing the whole output when no line starts with it
     */
    String line(String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() ->
                new AssertionError("no '" + prefix + "' in:\n" + out + err)).substring(prefix.length()).strip();
    }

    /** The raster's SHA-256 the run printed (hex). */
    String sha() {
        return line("raster SHA-256");
    }
}
