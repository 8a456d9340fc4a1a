package org.shnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * The live-run options: pacing reported in the JSON summary, periodic checkpoints, bad combinations refused, and
 * Ctrl-C (SIGINT to a real JVM) stopping at a step boundary with outputs and a checkpoint that resumes to the
 * raster of a straight run; a resumed run's periodic checkpoints go to the file named when they were scheduled,
 * whatever its working directory.
 */
class LiveCliTest {

    @TempDir
    Path dir;



    @Test
    void badLiveOptionsExitTwoNamingTheOption() {
        String[][] bad = {{"--realtime-strict"}, {"--checkpoint-every", "1"}, {"--checkpoint-every-wall", "1"},
            {"--realtime", "-1"}, {"--realtime=0"}, {"--checkpoint-every", "x", "--save", "a.shnn"}};
        for (String[] args : bad) {
            CliResult r = CliResult.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("error: --"), r.err());
        }
    }

    @Test
    void aPacedRunReportsLagAndJitterInTheSummary() throws Exception {
        Path json = dir.resolve("s.json");
        // --realtime without a factor before another option: 1.0
        CliResult r = CliResult.run("--model", "cuba", "--neurons", "500", "--duration", "0.3", "--realtime", "--summary-json",
                json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("real time        x1.0: lag p50"), r.out());
        String s = Files.readString(json);
        assertTrue(s.contains("\"realtime\": {\"factor\": 1.0, \"steps\": 3000,"), s);
        assertTrue(s.contains("\"lag_ns\": {\"count\": 3000,"), s);
        assertTrue(s.contains("\"jitter_ns\": {\"count\": 2999,"), s);
        assertTrue(s.contains("\"outcome\": \"completed\""), s);
        Matcher wall = Pattern.compile("\"wall_s\": ([0-9.E-]+)").matcher(s);
        assertTrue(wall.find());
        assertTrue(Double.parseDouble(wall.group(1)) >= 0.3, "a paced run never runs ahead: " + wall.group(1));
    }

    @Test
    void periodicCheckpointsGoToTheSaveFile() throws Exception {
        Path save = dir.resolve("c.shnn");
        CliResult r = CliResult.run("--model", "cuba", "--neurons", "500", "--duration", "0.5", "--checkpoint-every", "0.1", "--save",
                save.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("checkpoints      (\\d+) written").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(1)) >= 1, r.out());
        try (Simulation s = Checkpoint.open(save)) {
            assertEquals(5000, s.currentStep(), "the final --save is the last write to the file");
        }
    }

    @Test
    void ctrlCStopsAtAStepBoundaryWritesOutputsAndSavesAResumableState() throws Exception {
        Path save = dir.resolve("interrupted.shnn");
        Path json = dir.resolve("interrupted.json");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // env(1) resets SIGINT to its default first: a test run started in the background (`scripts/test &`, nohup)
        // inherits SIGINT ignored, and a JVM started with SIGINT ignored leaves it ignored, as a shell's
        // background job does, so Ctrl-C would never reach the run.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT", java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--model", "cuba", "--neurons", "500", "--duration", "10000", "--save", save.toString(),
                "--summary-json", json.toString()));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = err.readLine()) != null) { // the first progress line: the run is under way (after 2 s)
            seen.append(line).append('\n');
            if (line.startsWith("progress:")) {
                break;
            }
        }
        assertTrue(line != null, "no progress line: " + seen);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        Thread drain = Thread.ofPlatform().start(() -> {
            try {
                err.transferTo(Writer.nullWriter());
            } catch (IOException e) {
                // the process ended
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the interrupted run did not exit");
        drain.join();
        assertEquals(130, p.exitValue(), out + seen);
        assertTrue(out.contains("stopped          cancelled at step"), out);
        String s = Files.readString(json);
        assertTrue(s.contains("\"outcome\": \"cancelled\""), s);
        Matcher m = Pattern.compile("\"steps\": (\\d+),").matcher(s);
        assertTrue(m.find(), s);
        long stopped = Long.parseLong(m.group(1));
        assertTrue(stopped > 0 && stopped < 100_000_000L, "stopped inside the run at step " + stopped);
        long end = stopped + 137;
        byte[] straight;
        try (Simulation sim = Simulation.create(BuiltinNetworks.cuba(500, 1), SimulationConfig.defaults())) {
            sim.runSteps(end);
            straight = sim.rasterSha256();
        }
        try (Simulation sim = Checkpoint.open(save)) {
            assertEquals(stopped, sim.currentStep());
            sim.runSteps(end - stopped);
            assertArrayEquals(straight, sim.rasterSha256(), "resumed from the Ctrl-C checkpoint at step " + stopped);
        }
    }

    /** Runs the command line in a JVM of its own whose working directory is {@code cwd}; it must exit with 0. */
    private static void runIn(Path cwd, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // env(1) resets SIGINT to its default first: a test run started in the background (`scripts/test &`, nohup)
        // inherits SIGINT ignored, and a JVM started with SIGINT ignored leaves it ignored, as a shell's
        // background job does, so Ctrl-C would never reach the run.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT", java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("output.txt").toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run in " + cwd + " did not exit");
        assertEquals(0, p.exitValue(), Files.readString(cwd.resolve("output.txt")));
    }

    @Test
    void aRunResumedFromAnotherDirectoryWritesItsPeriodicCheckpointsToTheSameFile() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        // in a: checkpoints every 10 ms of simulated time to the relative path run.shnn, saved there at 20 ms
        runIn(a, "--model", "cuba", "--neurons", "200", "--duration", "0.02", "--checkpoint-every", "0.01", "--save",
                "run.shnn");
        Files.move(a.resolve("run.shnn"), dir.resolve("start.shnn")); // a/run.shnn exists again only if rewritten
        // in b: resumed without --save; the saved task (every 10 ms from 20 or 30 ms on) writes at least once
        runIn(b, "--resume", "../start.shnn", "--duration", "0.025");
        assertEquals(List.of("output.txt"), Files.list(b).map(f -> f.getFileName().toString()).toList(),
                "nothing written in the resumed run's working directory");
        try (Simulation s = Checkpoint.open(a.resolve("run.shnn"))) {
            // a checkpoint is skipped while the previous write to its file is in progress: any of the three steps
            assertTrue(List.of(200L, 300L, 400L).contains(s.currentStep()), "step " + s.currentStep());
        }
    }
}
