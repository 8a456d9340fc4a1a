package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's Python for the reference checks (Brian2 2.5.1 and PyNN 0.10.1 are Debian packages,
 * python3-brian and python3-pynn, installed by scripts/test): {@code -Dshnn.python=...}, else
 * {@code /usr/bin/python3} when present (a {@code python3} earlier on the PATH, e.g. pyenv's, lacks them),
 * else {@code python3}. A script that cannot import what it needs exits with {@link #MISSING}, and the
 * calling test is skipped with the script's message; any other failure fails the test, with the script's stderr.
 * The engine's tests of every package run their reference scripts through here.
 */
public final class Python {

    /** Exit status of a reference script whose Python packages are missing. */
    public static final int MISSING = 3;

    private Python() {
    }

    public static String interpreter() {
        String configured = System.getProperty("shnn.python");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * Runs the test resource {@code resource} (e.g. {@code /brian2/reference.py}) where it lies, with {@code stdin} as
     * its input, as {@link #run}. Where it lies, not a copy in the temporary directory: Python puts a script's
     * directory first on its module path, and a stray {@code dis.py} there once shadowed the standard library's
     * and failed a Brian2 reference run.
     */
    public static String runScript(String resource, String stdin) throws IOException, InterruptedException {
        var url = Python.class.getResource(resource);
        assertTrue(url != null, resource + " on the test class path");
        try {
            return run(stdin, Path.of(url.toURI()).toString());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code python3 <args>} with {@code stdin} as its input; returns its standard output.
     * Skips the test if python3 is absent or the script exits with {@link #MISSING}.
     */
    public static String run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(interpreter());
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            Assumptions.abort(command.getFirst() + " not found (scripts/test installs python3-brian and python3-pynn): "
                    + e.getMessage());
            throw e;
        }
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        // stderr drained on its own thread: Brian2 may warn a lot, and a full pipe would block the script
        byte[][] err = new byte[1][];
        Thread drain = Thread.ofPlatform().start(() -> {
            try {
                err[0] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                err[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        drain.join();
        String errText = new String(err[0], StandardCharsets.UTF_8);
        assertTrue(done, command + " timed out; stderr:\n" + errText);
        Assumptions.assumeFalse(p.exitValue() == MISSING,
                () -> "skipped: " + out.strip() + " (scripts/test installs python3-brian and python3-pynn)");
        assertEquals(0, p.exitValue(), () -> command + " failed; stdout:\n" + out + "\nstderr:\n" + errText);
        return out;
    }
}
