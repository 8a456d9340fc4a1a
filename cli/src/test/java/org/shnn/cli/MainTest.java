package org.shnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shnn.codec.Section;
import org.shnn.codec.SectionType;
import org.shnn.codec.ShnnFile;
import org.shnn.engine.neuron.Simd;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    private static final Path LIVE_NETWORK = Path.of("..", "examples", "networks", "live.json");



    @Test
    void badOptionsGiveOneLineAndExitTwo() {
        String[][] bad = {
            {"--bogus"}, {"--threads", "0"}, {"--threads", "x"}, {"--neurons"}, {"--model", "hh"}, {"--duration", "-1"},
            {"--dt", "0"}, {"--dt", "NaN"}, {"--regime", "chaos"}, {"stray"}, {"--seed", "1.5"}, {"--neurons", "3"},
            {"--spikes-out", ""}, {"--duration", "1e7", "--dt", "0.001"},
        };
        for (String[] args : bad) {
            CliResult r = CliResult.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), "one line for " + String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
            assertEquals("", r.out());
        }
        // a range is named as the option takes it, whatever the bad value
        String[][] ranged = {
            {"--realtime", "-1", "error: --realtime -1 must be in (0, 1.0E9]"},
            {"--realtime", "NaN", "error: --realtime NaN must be in (0, 1.0E9]"},
            {"--checkpoint-every", "0", "error: --checkpoint-every 0 must be in (0, 1.0E9]"},
            {"--realtime-tolerance", "-5", "error: --realtime-tolerance -5 must be in [0.0, 1.0E9]"},
            {"--realtime-tolerance", "x", "error: --realtime-tolerance 'x' is not a number"},
        };
        for (String[] c : ranged) {
            CliResult r = CliResult.run(c[0], c[1]);
            assertEquals(2, r.code(), r.err());
            assertEquals(c[2], r.err().strip());
        }
    }

    @Test
    void theFiguresNameTheKernelsThatRan(@TempDir Path dir) throws Exception {
        assertTrue(Simd.enabled(), "tests run with scripts/jvm.args (--add-modules=jdk.incubator.vector), so the kernels are on");
        Path json = dir.resolve("summary.json");
        CliResult r = CliResult.run("--model", "cuba", "--neurons", "100", "--duration", "0.01", "--summary-json",
                json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.line("kernels").startsWith("vector ("), r.out());
        String summary = Files.readString(json);
        assertTrue(summary.contains("\"kernels\": \"vector\","), summary);
    }

    @Test
    void saveThenResumeGivesTheRasterOfAStraightRun(@TempDir Path dir) {
        Path ckpt = dir.resolve("run.shnn");
        CliResult straight = CliResult.run("--model", "cuba", "--neurons", "400", "--duration", "0.1", "--seed", "5");
        CliResult first = CliResult.run("--model", "cuba", "--neurons", "400", "--duration", "0.05", "--seed", "5", "--save",
                ckpt.toString());
        assertEquals(0, first.code(), first.err());
        CliResult second = CliResult.run("--resume", ckpt.toString(), "--duration", "0.05", "--threads", "2");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("resumed cuba at 50.0 ms"), second.err());
        assertEquals(straight.sha(), second.sha());
        CliResult conflict = CliResult.run("--resume", ckpt.toString(), "--model", "coba");
        assertEquals(2, conflict.code());
        assertTrue(conflict.err().contains("--model"), conflict.err());
        CliResult missing = CliResult.run("--resume", dir.resolve("none.shnn").toString());
        assertEquals(2, missing.code(), "refused as a bad option, before anything starts");
    }

    @Test
    void aDamagedStateByteIsAnErrorNamingTheSectionWithOrWithoutVerify(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("run.shnn");
        assertEquals(0, CliResult.run("--model", "cuba", "--neurons", "400", "--duration", "0.02", "--save", ckpt.toString()).code());
        long offset;
        String name;
        try (ShnnFile f = ShnnFile.open(ckpt)) {
            Section state = f.sectionsOfType(SectionType.NEURON_STATE).get(0);
            offset = state.offset() + 8; // inside the first column (v of neuron 1): structure stays valid
            name = state.name();
        }
        try (FileChannel ch = FileChannel.open(ckpt, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
            ch.write(b, offset);
        }
        CliResult deferred = CliResult.run("--resume", ckpt.toString(), "--duration", "0.01");
        assertEquals(1, deferred.code(), "copied sections are verified by default: " + deferred.err());
        assertTrue(deferred.err().contains(name), "names the section " + name + ": " + deferred.err());
        CliResult checked = CliResult.run("--resume", ckpt.toString(), "--duration", "0.01", "--verify");
        assertEquals(1, checked.code(), checked.err());
        assertTrue(checked.err().contains(name), "names the section " + name + ": " + checked.err());
        CliResult orphan = CliResult.run("--verify");
        assertEquals(2, orphan.code());
        assertTrue(orphan.err().contains("--resume"), orphan.err());
    }

    @Test
    void helpExitsZero() {
        CliResult r = CliResult.run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--spikes-out"));
    }

    @Test
    void smallRunPrintsFiguresAndWritesFilesAtomically(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out/spikes.csv");
        Path json = dir.resolve("summary.json");
        Path svg = dir.resolve("plot.svg");
        CliResult r = CliResult.run("--model", "cuba", "--neurons", "400", "--duration", "0.05", "--threads", "2", "--seed", "3",
                "--spikes-out", csv.toString(), "--summary-json", json.toString(), "--plot", svg.toString());
        assertEquals(0, r.code(), r.err());
        for (String key : new String[] {"neurons          400", "synapses", "bytes/synapse", "off-heap", "spikes", "rate exc",
            "rate inh", "wall time", "real-time factor", "synaptic events", "raster SHA-256"}) {
            assertTrue(r.out().contains(key), key + " missing in\n" + r.out());
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("neuron_id,time_ms", lines.get(0));
        String spikesLine = r.out().lines().filter(l -> l.startsWith("spikes")).findFirst().orElseThrow();
        long spikes = Long.parseLong(spikesLine.substring(6).trim());
        assertEquals(spikes + 1, lines.size());
        if (spikes > 0) {
            String[] first = lines.get(1).split(",");
            assertTrue(Integer.parseInt(first[0]) < 400);
            assertTrue(Double.parseDouble(first[1]) >= 0 && Double.parseDouble(first[1]) < 50);
        }
        String sha = r.sha();
        String js = Files.readString(json);
        assertTrue(js.contains("\"raster_sha256\": \"" + sha + "\""), js);
        assertTrue(js.contains("\"neurons\": 400"), js);
        assertTrue(r.out().contains("1 thread of 2 requested"), "400 neurons are too few to split:\n" + r.out());
        assertTrue(js.contains("\"threads\": 1,") && js.contains("\"threads_requested\": 2,"), js);
        CliResult exact = CliResult.run("--model", "cuba", "--neurons", "400", "--duration", "0.05", "--threads", "2", "--seed", "3",
                "--exact-threads");
        assertEquals(0, exact.code(), exact.err());
        assertTrue(exact.out().contains(", 2 threads)"), exact.out());
        assertTrue(exact.out().contains(sha), "same raster on exactly 2 threads:\n" + exact.out());
        String plot = Files.readString(svg);
        assertTrue(plot.startsWith("<?xml") && plot.contains("<svg") && plot.trim().endsWith("</svg>"));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files left");
        }
        Path reference = Files.createFile(dir.resolve("reference")); // 0666 less the umask, as a shell would make it
        for (Path p : List.of(csv, json, svg)) {
            assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(p), p + " not owner-only");
        }
    }

    @Test
    void badOutputPathsAreRefusedBeforeBuildingNamingWhatIsWrong(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f");
        Files.writeString(file, "x");
        String[][] cases = {
            {"--summary-json", file.resolve("sub/s.json").toString(), "is not a directory"},
            {"--spikes-out", dir.toString(), "is a directory"},
            {"--save", file.resolve("x.shnn").toString(), "is not a directory"},
        };
        for (String[] c : cases) {
            // 10^6 neurons would take a while to build: the refusal comes first
            CliResult r = CliResult.run("--neurons", "1000000", "--duration", "0.01", c[0], c[1]);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(c[0]) && r.err().contains(c[2]), r.err());
        }
    }

    @Test
    void badInputPathsAreRefusedBeforeBuildingNamingWhatIsWrong(@TempDir Path dir) throws Exception {
        Path none = dir.resolve("none.shnn");
        Path noDir = dir.resolve("gone/x.bin");
        // 10^6 neurons would take a while to build: the refusal comes first
        String[][] cases = {
            {"error: --resume " + none + ": no such file", "--resume", none.toString()},
            {"error: --resume " + dir + ": is a directory", "--resume", dir.toString()},
            {"error: --spikes-in " + dir + ": is a directory", "--neurons", "1000000", "--input-weight", "1",
                "--spikes-in", dir.toString()},
            {"error: --spikes-in " + noDir + ": its directory " + noDir.getParent() + " does not exist", "--neurons",
                "1000000", "--input-weight", "1", "--spikes-in", noDir.toString()},
            {"error: --schedule " + dir + ": is a directory", "--neurons", "1000000", "--schedule", dir.toString()},
            {"error: network file " + dir + ": is a directory", dir.toString()},
        };
        for (String[] c : cases) {
            CliResult r = CliResult.run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r.code(), r.err());
            assertEquals(c[0], r.err().strip());
        }
        // a named pipe nobody writes, where a mapped file is expected: refused at once (opening it would block)
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        String notRegular = fifo + ": is not a regular file (a pipe, socket or device), and only a regular file can be"
                + " mapped";
        String[][] piped = {
            {"error: " + notRegular, "--resume", fifo.toString()},
            {"error: cannot read spike file " + notRegular, "--spikes-in", fifo.toString(), "--input-weight", "1"},
            {"error: cannot open spike stream file " + notRegular, LIVE_NETWORK.toString(), "--spikes-in", "ring:" + fifo,
                "--input-weight", "1"},
        };
        for (String[] c : piped) {
            CliResult r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(120),
                    () -> CliResult.run(java.util.Arrays.copyOfRange(c, 1, c.length)));
            assertEquals(1, r.code(), r.err());
            assertEquals(c[0], r.err().strip());
        }
        // a ring this run would create, in a directory that does not exist: named, with the user's path, not a temporary one
        Path ring = dir.resolve("gone/r.ring");
        CliResult r = CliResult.run(LIVE_NETWORK.toString(), "--duration", "0.01", "--spikes-in", "ring:" + ring,
                "--input-weight", "1");
        assertEquals(1, r.code(), r.err());
        assertEquals("error: cannot create spike stream file " + ring + ": its directory " + ring.getParent()
                + " does not exist", r.err().strip());
    }

    @Test
    void aRunWhoseRecordersCannotFitTheOffHeapLimitIsRefusedBeforeItStarts(@TempDir Path dir) throws Exception {
        // v of 3,200 neurons every step: 25.6 kB a step, 2.56e12 bytes for 10^4 s (killed by the kernel part way
        // through before, at 100 s on a 23 GiB machine)
        String net = Files.readString(LIVE_NETWORK.resolveSibling("coba.json")).replaceFirst("\\n}\\s*$",
                ",\n  \"recorders\": [{\"population\": \"exc\", \"variables\": [\"v\"], \"sampling_interval\": 0.1}]\n}\n");
        Path file = dir.resolve("recorded.json");
        Files.writeString(file, net);
        CliResult r = CliResult.run(file.toString(), "--duration", "10000", "--record-out", dir.resolve("r.npz").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: the network's state recorders need 2560000000000 bytes (2384.2 GiB) off-heap"
                + " for the samples of --duration 10000.0 s, more than the "), r.err());
        assertTrue(r.err().contains("sample less often (sampling_interval)"), r.err());
        assertFalse(Files.exists(dir.resolve("r.npz")), "refused before the run (which would take hours)");
    }

    /**
     * {@code --save} into directories that do not exist yet creates them, as every other output does (before, the
     * output check let such a path through and the save failed after the run). A save that fails anyway (here a file
     * name longer than the file system takes) names the file and the reason, and the run's figures and other outputs
     * are still written; exit status 1.
     */
    @Test
    void aSaveCreatesItsDirectoriesAndOneThatFailsKeepsTheOtherOutputs(@TempDir Path dir) throws Exception {
        Path nested = dir.resolve("new/sub/run.shnn");
        CliResult saved = CliResult.run("--neurons", "400", "--duration", "0.01", "--save", nested.toString());
        assertEquals(0, saved.code(), saved.err());
        CliResult resumed = CliResult.run("--resume", nested.toString(), "--duration", "0.01");
        assertEquals(0, resumed.code(), resumed.err());
        Path tooLong = dir.resolve("x".repeat(300) + ".shnn");
        Path spikes = dir.resolve("spikes.csv");
        CliResult r = CliResult.run("--neurons", "400", "--duration", "0.01", "--save", tooLong.toString(), "--spikes-out",
                spikes.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("error: --save " + tooLong + ": file name too long"), r.err());
        assertTrue(r.err().contains("the other outputs are written"), r.err());
        assertTrue(r.out().contains("raster SHA-256"), "the figures printed: " + r.out());
        assertTrue(Files.readString(spikes).startsWith("neuron_id,time_ms\n"), "the spikes written");
        assertFalse(Files.exists(tooLong), "no partial checkpoint");
    }

    /**
     * An output onto an input file is refused and the input left as it was; {@code --save} onto the {@code --resume}
     * checkpoint is a continuation and goes on. Before, {@code --plot net.json} replaced the network file with the plot.
     */
    @Test
    void anOutputOntoAnInputFileIsRefusedAndTheInputKept(@TempDir Path dir) throws Exception {
        Path net = dir.resolve("net.json");
        Files.copy(LIVE_NETWORK.resolveSibling("coba.json"), net);
        byte[] before = Files.readAllBytes(net);
        for (String out : new String[] {"--plot", "--save", "--spikes-out", "--summary-json"}) {
            CliResult r = CliResult.run(net.toString(), "--duration", "0.01", out, net.toString());
            assertEquals(2, r.code(), out + ": " + r.err());
            assertTrue(r.err().contains(out + " " + net + " would replace the network file " + net), r.err());
            assertArrayEquals(before, Files.readAllBytes(net), out + ": the network file unchanged");
        }
        Path schedule = dir.resolve("s.json");
        Files.writeString(schedule, "{\"format\": \"shnn-schedule/1\", \"tasks\": []}\n");
        CliResult r = CliResult.run("--neurons", "400", "--duration", "0.01", "--schedule", schedule.toString(), "--plot",
                schedule.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--plot " + schedule + " would replace the --schedule file " + schedule), r.err());
        Path saved = dir.resolve("run.shnn");
        assertEquals(0, CliResult.run("--neurons", "400", "--duration", "0.01", "--save", saved.toString()).code());
        CliResult resumed = CliResult.run("--resume", saved.toString(), "--duration", "0.01", "--save", saved.toString());
        assertEquals(0, resumed.code(), "--save onto the --resume checkpoint goes on: " + resumed.err());
        r = CliResult.run("--resume", saved.toString(), "--duration", "0.01", "--spikes-out", saved.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("would replace the --resume file " + saved), r.err());
    }

    /**
     * A command line refused on every rank of a launched job is reported once, by rank 0 (each of N ranks printed it).
     * Forked JVMs with Open MPI's rank variable set; the refusal comes before the job is joined, so no MPI is needed.
     */
    @Test
    void aRefusedCommandLineIsReportedByRankZeroOnly() throws Exception {
        for (String rank : new String[] {"0", "1"}) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.shnn.cli.Main", "--model", "brunel", "--neurons", "2")
                    .redirectErrorStream(true);
            pb.environment().put("OMPI_COMM_WORLD_RANK", rank);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), out);
            assertEquals(2, p.exitValue(), out);
            assertEquals(rank.equals("0"), out.contains("error: --neurons 2 must be in [5, "), "rank " + rank + ": " + out);
        }
    }

    @Test
    void twoOutputsOnOneFileAreRefusedBeforeBuilding(@TempDir Path dir) throws Exception {
        String out = dir.resolve("out").toString();
        String same = dir.resolve("sub/../out").toString();
        String[][] cases = {
            {"--spikes-out", out, "--summary-json", same},
            {"--spikes-out", out, "--plot", out},
        };
        for (String[] c : cases) {
            CliResult r = CliResult.run("--neurons", "1000000", "--duration", "0.01", c[0], c[1], c[2], c[3]);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(c[0] + " " + c[1] + " and " + c[2] + " " + c[3] + " name the same file"), r.err());
        }
        Path ring = dir.resolve("r.ring");
        CliResult r = CliResult.run(LIVE_NETWORK.toString(), "--duration", "0.01", "--spikes-in", "ring:" + ring,
                "--input-weight", "1", "--spikes-out", "ring:" + ring);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--spikes-in ring:" + ring + " and --spikes-out ring:" + ring + " name the same file"),
                r.err());
        assertFalse(Files.exists(ring), "refused before the ring was made");
    }

    @Test
    void threadsFarAboveTheCoresWarn() {
        int threads = 2 * Runtime.getRuntime().availableProcessors() + 1;
        CliResult r = CliResult.run("--neurons", "200", "--duration", "0.001", "--threads", Integer.toString(threads));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: --threads " + threads + " is more than twice"), r.err());
        CliResult quiet = CliResult.run("--neurons", "200", "--duration", "0.001", "--threads", "1");
        assertFalse(quiet.err().contains("warning"), quiet.err());
    }
}
