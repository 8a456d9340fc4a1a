package org.shnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that cannot be written whole because the disk refuses more bytes (here the process's file size limit,
 * {@code ulimit -f}: the write fails with EFBIG as a full disk fails with ENOSPC) in a forked CLI: the error names the
 * user's file and the reason, the checkpoint saved there before is unchanged and no temporary file is left, and the
 * run's figures and spike file are still written (exit status 1). Before, the message was the bare "File too large" /
 * "No space left on device", and the figures and other outputs were lost with the save.
 */
class FileSizeLimitTest {

    @Test
    void aSaveTheDiskRefusesNamesTheFileAndKeepsThePreviousOneAndTheOtherOutputs(@TempDir Path dir) throws Exception {
        Path save = dir.resolve("run.shnn");
        CliResult first = CliResult.run("--neurons", "400", "--duration", "0.01", "--save", save.toString());
        assertEquals(0, first.code(), first.err());
        byte[] before = Files.readAllBytes(save);
        assertTrue(before.length < 512 * 1024, "the first checkpoint fits under the limit: " + before.length);
        Path spikes = dir.resolve("spikes.csv");
        String out = limited(1, "--neurons", "4000", "--duration", "0.01", "--save", save.toString(), "--spikes-out",
                spikes.toString());
        assertTrue(out.contains("error: --save " + save + ": file too large (the previous file, if any, is unchanged"),
                out);
        assertArrayEquals(before, Files.readAllBytes(save), "the previous checkpoint unchanged");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("run.shnn", "spikes.csv"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary file left");
        }
        assertTrue(out.contains("raster SHA-256"), "the figures printed: " + out);
        assertTrue(Files.readString(spikes).startsWith("neuron_id,time_ms\n"), "the spike file written");
    }

    /**
     * A periodic checkpoint the disk refuses stops the run at a later one (at a step boundary), and the figures and
     * the spikes of the steps run are written, exit status 1. Before, the run's figures and outputs were lost. Which
     * later one depends on the machine: the write runs in the background, and a checkpoint that finds the previous
     * write to its file still going is skipped (it stopped at step 300 once in scripts/test on a 2-core machine, at
     * step 200 usually), so the test asks for a checkpoint step after 100 and figures that agree with it.
     */
    @Test
    void aScheduledCheckpointTheDiskRefusesStopsTheRunAndKeepsItsOutputs(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("periodic.shnn");
        Path schedule = dir.resolve("schedule.json");
        Files.writeString(schedule, "{\"format\": \"shnn-schedule/1\", \"tasks\": [{\"at\": 10.0, \"every\": 10.0,"
                + " \"action\": \"checkpoint\", \"path\": \"" + checkpoint + "\"}]}");
        Path spikes = dir.resolve("spikes.csv");
        String out = limited(1, "--neurons", "4000", "--duration", "0.1", "--schedule", schedule.toString(),
                "--spikes-out", spikes.toString());
        Matcher m = Pattern.compile("error: checkpoint of step 100 to " + Pattern.quote(checkpoint.toString())
                + " failed: file too large; the run stopped at (\\d+)\\.0 ms \\(step (\\d+)\\), and its figures and"
                + " outputs are written").matcher(out);
        assertTrue(m.find(), out);
        int step = Integer.parseInt(m.group(2));
        assertTrue(step > 100 && step < 1000 && step % 100 == 0, "stopped at a later checkpoint's step: " + step);
        assertEquals(step / 10, Integer.parseInt(m.group(1)), "the time of that step at dt 0.1 ms");
        assertTrue(out.contains("simulated        " + step / 10 + ".0 ms (" + step + " steps)"), out);
        assertTrue(Files.readString(spikes).startsWith("neuron_id,time_ms\n"), "the spike file written");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("schedule.json", "spikes.csv"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "no checkpoint and no temporary file");
        }
    }

    /**
     * The CLI's output (stdout and stderr) run in a forked JVM under a file size limit of 512 KiB ({@code ulimit -f}):
     * a 4,000-neuron checkpoint (about 2 MB) is cut off, a spike file of a few kB is not; asserts exit status
     * {@code status}.
     */
    private static String limited(int status, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", "-c", "ulimit -f 512 && exec \"$@\"", "limited",
                java.toString(), "--enable-native-access=ALL-UNNAMED", "-Xshare:off", "-cp",
                System.getProperty("java.class.path"), "org.shnn.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the forked run ended: " + out);
        assertEquals(status, p.exitValue(), out);
        return out;
    }
}
