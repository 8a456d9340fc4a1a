package org.shnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // 512 KiB: the 4,000-neuron checkpoint (about 2 MB) is cut off, the spike file (a few kB) is not
        String cmd = "ulimit -f 512 && exec \"$0\" --enable-native-access=ALL-UNNAMED -Xshare:off -cp \"$1\""
                + " org.shnn.cli.Main --neurons 4000 --duration 0.01 --save \"$2\" --spikes-out \"$3\"";
        Process p = new ProcessBuilder(List.of("bash", "-c", cmd, java.toString(), System.getProperty("java.class.path"),
                save.toString(), spikes.toString())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the forked run ended: " + out);
        assertEquals(1, p.exitValue(), out);
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
}
