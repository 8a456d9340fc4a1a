package org.shnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.stream.MappedSpikeStream;
import org.shnn.engine.stream.StreamPolicy;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.YieldingIdleStrategy;

/**
 * {@code --spikes-in FILE|ring:PATH}, {@code --input-record}, {@code --spikes-out ring:PATH}: a ring run's
 * recorded input replays to the same raster SHA-256, spikes take effect at their steps, the output ring
 * holds the newest spikes under drop-oldest, and bad combinations exit 2.
 */
class StreamsCliTest {

    private static final Path LIVE = Path.of("..", "examples", "networks", "live.json");

    @TempDir
    Path dir;



    @Test
    void ringInputRecordedAndReplayedGivesTheSameRaster() throws Exception {
        Path in = dir.resolve("in.ring");
        Path out = dir.resolve("out.ring");
        Path record = dir.resolve("in.spikes");
        List<String> expectedIn = new ArrayList<>();
        try (MappedSpikeStream ring = MappedSpikeStream.create(in, true, 1024, StreamPolicy.BLOCK)) {
            for (int i = 0; i < 300; i++) {
                long step = 2 + 3L * i;
                int neuron = (7 * i) % 1000;
                ring.stream().put(step, neuron, YieldingIdleStrategy.INSTANCE);
                expectedIn.add(step + ":" + neuron);
            }
            ring.stream().put(1, 999, YieldingIdleStrategy.INSTANCE); // late: takes effect at step 2
            expectedIn.add(0, "2:999");
        }
        CliResult live = CliResult.run(LIVE.toString(), "--duration", "0.1", "--threads", "2", "--exact-threads",
                "--spikes-in", "ring:" + in, "--input-weight", "20", "--input-record", record.toString(),
                "--spikes-out", "ring:" + out, "--ring-capacity", "1024", "--ring-policy", "drop-oldest",
                "--spikes-out", "ring:" + out, "--summary-json", dir.resolve("live.json").toString());
        assertEquals(0, live.code(), live.out() + live.err());
        assertTrue(live.line("spikes in").startsWith("301 delivered from " + in + " (1 late, 0 rejected, 0 dropped, 0 held, 0 left in the ring)"),
                live.out());
        assertEquals(expectedIn.stream().sorted(StreamsCliTest::byStepThenNeuron).toList(), recorded(record));
        long spikes = Long.parseLong(live.line("spikes "));
        assertTrue(live.line("spikes out").startsWith(spikes + " streamed to " + out + " (" + (spikes - 1024) + " dropped)"),
                live.out());
        String json = Files.readString(dir.resolve("live.json"));
        assertTrue(json.contains("\"spikes_in\": {\"source\": \"ring\", \"delivered\": 301, \"late\": 1,"), json);
        List<String> lastOut = new ArrayList<>();
        try (MappedSpikeStream ring = MappedSpikeStream.open(out)) {
            assertEquals(StreamPolicy.DROP_OLDEST, ring.stream().policy());
            assertEquals(999, ring.stream().consumerStep(), "the last step written");
            ring.stream().drain((s, o) -> lastOut.add(SpikeRecord.timeStep(s, o) + ":" + SpikeRecord.neuronId(s, o)), 2048);
        }
        assertEquals(1024, lastOut.size());
        for (String s : expectedIn) { // each input fired its "in" neuron at its step (as far as the ring still holds)
            long step = Long.parseLong(s.split(":")[0]);
            if (step > Long.parseLong(lastOut.get(0).split(":")[0])) {
                assertTrue(lastOut.contains(s), s + " in the output ring");
            }
        }
        for (int threads : new int[] {1, 3}) {
            CliResult replay = CliResult.run(LIVE.toString(), "--duration", "0.1", "--threads", Integer.toString(threads),
                    "--exact-threads", "--spikes-in", record.toString(), "--input-weight", "20");
            assertEquals(0, replay.code(), replay.out() + replay.err());
            assertEquals(live.sha(), replay.sha(), threads + " threads");
            assertTrue(replay.line("spikes in").startsWith("301 replayed from file (0 skipped"), replay.out());
        }
        CliResult none = CliResult.run(LIVE.toString(), "--duration", "0.1");
        assertTrue(!none.sha().equals(live.sha()), "the input changed the run");
    }

    private static int byStepThenNeuron(String x, String y) {
        String[] a = x.split(":");
        String[] b = y.split(":");
        int c = Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0]));
        return c != 0 ? c : Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1]));
    }

    private static List<String> recorded(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>();
        while (b.hasRemaining()) {
            long step = b.getLong();
            int neuron = b.getInt();
            b.getInt();
            out.add(step + ":" + neuron);
        }
        out.sort(StreamsCliTest::byStepThenNeuron);
        return out;
    }

    @Test
    void badStreamOptionsExitTwoNamingTheProblem() throws Exception {
        assertEquals(2, CliResult.run(LIVE.toString(), "--spikes-in", "x.spikes").code());
        CliResult r = CliResult.run(LIVE.toString(), "--spikes-in", "x.spikes");
        assertTrue(r.err().contains("--spikes-in needs --input-weight"), r.err());
        r = CliResult.run(LIVE.toString(), "--ring-capacity", "1000");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--ring-capacity 1000 must be a power of two"), r.err());
        r = CliResult.run(LIVE.toString(), "--ring-policy", "newest");
        assertTrue(r.err().contains("'newest' is not one of block, drop-oldest"), r.err());
        r = CliResult.run(LIVE.toString(), "--input-record", dir.resolve("r").toString());
        assertTrue(r.err().contains("it needs --spikes-in ring:PATH"), r.err());
        Path bad = dir.resolve("bad.ring");
        Files.write(bad, new byte[2048]);
        r = CliResult.run(LIVE.toString(), "--duration", "0.01", "--spikes-in", "ring:" + bad, "--input-weight", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("spike stream " + bad + ": at byte offset 0, field magic"), r.err());
        Path odd = dir.resolve("odd.spikes");
        Files.write(odd, new byte[20]);
        r = CliResult.run(LIVE.toString(), "--duration", "0.01", "--spikes-in", odd.toString(), "--input-weight", "1");
        assertTrue(r.err().contains("spike file " + odd + ": at byte offset 16, record 1: expected 16 bytes, found 4"), r.err());
    }
}
