package org.shnn.engine.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.InitialValue;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.LifDeltaModel;
import org.shnn.engine.neuron.LifDeltaParams;
import org.shnn.engine.record.SpikeMonitorSpec;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.memory.ring.BackoffIdleStrategy;
import org.shnn.memory.ring.SpikeRecord;
import org.shnn.memory.ring.YieldingIdleStrategy;

/**
 * Live input and output streams in a running simulation: the documented input timing (on time, late, held
 * for later, rejected), any thread count, a live run with concurrent producers and an output consumer whose
 * recorded input replays to the same raster SHA-256, and the policies of the output stream.
 */
class LiveStreamTest {

    private static final long SEED = 20261204L;
    /** A delta-synapse jump that takes a resting neuron (-70 mV) past threshold (-55 mV) in the step it arrives. */
    private static final double KICK = 20.0;

    @TempDir
    Path dir;

    /** "in": delta neurons driven only by the stream; "rec": a noisy recurrent population "in" projects to. */
    private static Network network(int inputs, boolean withRecurrent) {
        double dt = 0.1;
        LifDeltaModel model = new LifDeltaModel(LifDeltaParams.defaults(), dt);
        NetworkBuilder b = new NetworkBuilder("live", dt, SEED);
        Population in = b.population("in", model, inputs);
        if (withRecurrent) {
            LifDeltaParams p = LifDeltaParams.brunel2000();
            Population rec = b.population("rec", new LifDeltaModel(p, dt), 400);
            b.initialize(rec, "v", new InitialValue.Uniform(p.eL(), p.vTh()));
            b.connect(in, rec, 0, Connectivity.fixedOutDegree(20), WeightRule.constant(2.0), DelayRule.uniformSteps(1, 5));
            b.connect(rec, rec, 1, Connectivity.fixedInDegree(40), WeightRule.constant(-0.4), DelayRule.uniformSteps(2, 9));
            b.poissonInput(rec, 0, 100, 180, 0.1);
        }
        return b.build();
    }

    private static List<String> raster(Simulation s) {
        List<String> out = new ArrayList<>();
        s.spikes().forEach((step, neuron) -> out.add(step + ":" + neuron));
        return out;
    }

    @Test
    void inputTakesEffectAtTheDocumentedStepForAnyThreadCount() {
        Network n = network(64, false);
        for (int threads = 1; threads <= 3; threads++) {
            try (Arena arena = Arena.ofShared();
                    Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
                SpikeStream stream = SpikeStream.allocate(arena, false, 16, StreamPolicy.BLOCK);
                LiveInput in = LiveInput.attach(s, stream, 0, KICK, null);
                assertEquals(-1, stream.consumerStep(), "nothing drained yet");
                put(stream, 1, 10); // stamped before the first drain can serve it: late, takes effect at 2
                put(stream, 2, 11); // on time at the first drain (hook of step 0 -> step 2)
                put(stream, 5, 12); // held three steps
                put(stream, 40, 13); // held long
                put(stream, 3, 14); // held one step, drained after a later stamp: order of steps, not of the ring
                put(stream, 7, 9999); // no such neuron: rejected
                put(stream, 9, 63);
                assertEquals(7, in.inRing(), "put, not drained yet");
                s.runSteps(30);
                assertEquals(0, in.inRing());
                assertEquals(List.of("2:10", "2:11", "3:14", "5:12", "9:63"), raster(s), threads + " threads");
                assertEquals(31, stream.consumerStep(), "the last drain (hook of step 29) serves step 31");
                assertEquals(1, in.held(), "the spike for step 40");
                s.runSteps(20);
                assertEquals(List.of("2:10", "2:11", "3:14", "5:12", "9:63", "40:13"), raster(s), threads + " threads");
                assertEquals(6, in.delivered());
                assertEquals(1, in.late());
                assertEquals(1, in.rejected());
                assertEquals(0, in.held());
            }
        }
    }

    /**
     * Twice a batch of spikes held for one step (a batch holds the ring's capacity, 4 here): the drain that releases
     * them must not put more into that step's batch than it holds (ArrayIndexOutOfBounds, and the run failed
     * half-stepped); the rest leaves at the next drain and takes effect a step later, counted late. Spikes for an
     * earlier step sent after the held ones are drained past them, on time.
     */
    @Test
    void heldSpikesForOneStepBeyondABatchFitTheBatchesAndLaterSpikesPassThem() {
        Network n = network(16, false);
        for (int threads = 1; threads <= 2; threads++) {
            try (Arena arena = Arena.ofShared();
                    Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threads))) {
                SpikeStream stream = SpikeStream.allocate(arena, false, 4, StreamPolicy.BLOCK);
                LiveInput in = LiveInput.attach(s, stream, 0, KICK, null);
                for (int i = 0; i < 4; i++) {
                    put(stream, 10, i); // drained at the hook of step 0, held until step 10
                }
                s.runSteps(1);
                for (int i = 4; i < 8; i++) {
                    put(stream, 10, i); // a ring more for step 10: held too
                }
                s.runSteps(1);
                assertEquals(8, in.held());
                for (int i = 8; i < 12; i++) {
                    put(stream, 9, i); // drained past the held ones: on time at step 9
                }
                s.runSteps(20);
                assertEquals(List.of("9:8", "9:9", "9:10", "9:11", "10:0", "10:1", "10:2", "10:3", "11:4", "11:5", "11:6",
                        "11:7"), raster(s), threads + " threads");
                assertEquals(12, in.delivered());
                assertEquals(4, in.late());
                assertEquals(0, in.held());
            }
        }
    }

    /**
     * A checkpoint taken while held spikes of a past step wait for room in a batch (twice a batch held for one step,
     * half of them released): the resumed run delivers them as the run without the checkpoint does, at the same steps
     * and counted late the same.
     */
    @Test
    void heldSpikesWaitingForABatchSurviveACheckpoint() throws Exception {
        Network n = network(16, false);
        Path saved = dir.resolve("overdue.shnn");
        List<String> straight = null;
        long straightLate = -1;
        for (int run = 0; run < 2; run++) {
            try (Arena arena = Arena.ofShared();
                    Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(1))) {
                SpikeStream stream = SpikeStream.allocate(arena, false, 4, StreamPolicy.BLOCK);
                LiveInput in = LiveInput.attach(s, stream, 0, KICK, null);
                for (int i = 0; i < 8; i++) {
                    put(stream, 10, i);
                    if (i == 3) {
                        s.runSteps(1); // a ring's worth at a time
                    }
                }
                s.runSteps(8); // the hook of step 8 released four for step 10; four wait, due
                if (run == 0) {
                    s.runSteps(11);
                    straight = raster(s);
                    straightLate = in.late();
                } else {
                    assertEquals(8, in.held());
                    org.shnn.engine.checkpoint.Checkpoint.save(s, saved);
                }
            }
        }
        assertEquals(List.of("10:0", "10:1", "10:2", "10:3", "11:4", "11:5", "11:6", "11:7"), straight);
        assertEquals(4, straightLate);
        try (Arena arena = Arena.ofShared();
                Simulation s = org.shnn.engine.checkpoint.Checkpoint.open(saved, n, SimulationConfig.defaults())) {
            SpikeStream stream = SpikeStream.allocate(arena, false, 4, StreamPolicy.BLOCK);
            LiveInput in = LiveInput.attach(s, stream, 0, KICK, null);
            s.runSteps(11);
            assertEquals(straight, raster(s));
            assertEquals(8, in.delivered());
            assertEquals(4, in.late());
        }
    }

    /**
     * A large ring (2^22 records, 96 MiB off-heap) costs the input a bounded heap, not 44 bytes per record of the ring
     * (184 MiB here, 44 GiB for a valid ring of 2^30 records); more spikes for one step than a drain takes wait in the
     * ring and take effect at the next steps, counted late, none lost.
     */
    @Test
    void aLargeRingCostsBoundedHeapAndASurplusWaitsInTheRing() {
        var heap = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Network n = network(LiveInput.MAX_INTAKE + 1000, false);
        try (Arena arena = Arena.ofShared();
                Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(1))) {
            SpikeStream stream = SpikeStream.allocate(arena, true, 1 << 22, StreamPolicy.BLOCK);
            long before = heap.getCurrentThreadAllocatedBytes();
            LiveInput in = LiveInput.attach(s, stream, 0, KICK, null);
            long bytes = heap.getCurrentThreadAllocatedBytes() - before;
            assertTrue(bytes < 8L << 20, "attaching to a ring of 2^22 records allocated " + bytes + " bytes of heap");
            int spikes = LiveInput.MAX_INTAKE + 1000;
            for (int i = 0; i < spikes; i++) {
                put(stream, 2, i); // all for step 2; the first drain takes MAX_INTAKE of them
            }
            s.runSteps(5);
            assertEquals(spikes, in.delivered());
            assertEquals(1000, in.late(), "the surplus took effect a step late");
            long[] fired = new long[4];
            s.spikes().forEach((step, neuron) -> fired[(int) step]++);
            assertEquals(LiveInput.MAX_INTAKE, fired[2]);
            assertEquals(1000, fired[3]);
        }
    }

    /**
     * A stimulus sent ahead of time, more spikes than a batch takes, does not hold up on-time spikes sent after it:
     * they are drained past it and take effect at their step (with the held spikes bounded by one batch, the drains
     * stopped once the far spikes filled them, and the near ones waited in the ring until the far ones' step).
     */
    @Test
    void aStimulusSentAheadDoesNotHoldUpOnTimeSpikesBehindIt() {
        Network n = network(64, false);
        try (Arena arena = Arena.ofShared();
                Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(1))) {
            SpikeStream stream = SpikeStream.allocate(arena, true, 1 << 17, StreamPolicy.BLOCK);
            LiveInput in = LiveInput.attach(s, stream, 0, KICK, null);
            int far = LiveInput.MAX_INTAKE + 4000;
            for (int i = 0; i < far; i++) {
                put(stream, 1000 + i % 50, 10 + i % 54); // neurons 10..63, steps 1000..1049
            }
            for (int i = 0; i < 10; i++) {
                put(stream, 6, i); // neurons 0..9, on time for step 6
            }
            s.runSteps(10);
            assertEquals(far, in.held(), "all far spikes drained and held");
            assertEquals(10, in.delivered());
            assertEquals(0, in.late());
            List<String> near = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                near.add("6:" + i);
            }
            assertEquals(near, raster(s));
            s.runSteps(1045);
            assertEquals(far + 10, in.delivered());
            assertEquals(0, in.late());
            assertEquals(0, in.held());
        }
    }

    /**
     * Spikes drained and held for later steps (one for the step after the checkpoint, one for much later) survive a
     * checkpoint: the resumed run, with a new stream and a new input on the same receptor, fires them at their steps,
     * as the run without the checkpoint does, with the same counts.
     */
    @Test
    void heldSpikesSurviveACheckpoint() throws Exception {
        Network n = network(64, false);
        List<String> straight;
        try (Arena arena = Arena.ofShared();
                Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            SpikeStream stream = SpikeStream.allocate(arena, false, 16, StreamPolicy.BLOCK);
            LiveInput in = LiveInput.attach(s, stream, 0, KICK, null);
            put(stream, 4, 10); // drained at the hook of step 2 into the batch delivered at step 3: arrives at 4
            put(stream, 30, 11); // held
            put(stream, 1, 12); // late: at 2
            s.runSteps(40);
            straight = raster(s);
            assertEquals(List.of("2:12", "4:10", "30:11"), straight);
            assertEquals(1, in.late());
        }
        Path saved = dir.resolve("held.shnn");
        try (Arena arena = Arena.ofShared();
                Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            SpikeStream stream = SpikeStream.allocate(arena, false, 16, StreamPolicy.BLOCK);
            LiveInput in = LiveInput.attach(s, stream, 0, KICK, null);
            put(stream, 4, 10);
            put(stream, 30, 11);
            put(stream, 1, 12);
            s.runSteps(3);
            assertEquals(2, in.held(), "one in the next step's batch, one for step 30");
            org.shnn.engine.checkpoint.Checkpoint.save(s, saved);
        }
        for (int threads = 1; threads <= 2; threads++) {
            try (Arena arena = Arena.ofShared();
                    Simulation s = org.shnn.engine.checkpoint.Checkpoint.open(saved, n,
                            SimulationConfig.defaults().withThreads(threads))) {
                SpikeStream stream = SpikeStream.allocate(arena, false, 16, StreamPolicy.BLOCK);
                LiveInput in = LiveInput.attach(s, stream, 0, KICK, null);
                assertEquals(2, in.held(), "restored");
                s.runSteps(37);
                assertEquals(List.of("4:10", "30:11"), raster(s).stream()
                        .filter(x -> Long.parseLong(x.split(":")[0]) >= 3).toList(), threads + " threads");
                assertEquals(2, in.delivered());
                assertEquals(0, in.held());
            }
        }
        // resumed without a live input: the run warns that the held spikes are lost, naming the section
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(Simulation.class.getName());
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler catcher = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                warnings.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(catcher);
        try (Simulation s = org.shnn.engine.checkpoint.Checkpoint.open(saved, n, SimulationConfig.defaults())) {
            s.runSteps(1);
        } finally {
            log.removeHandler(catcher);
        }
        assertTrue(warnings.stream().anyMatch(w -> w.contains("runs without the 2 live input spikes its checkpoint"
                + " holds for later steps (section stream/live-input/receptor/0/0/held)")), warnings.toString());

        // two inputs on one receptor: each saves and takes back its own
        Path two = dir.resolve("two.shnn");
        try (Arena arena = Arena.ofShared();
                Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            SpikeStream a = SpikeStream.allocate(arena, false, 16, StreamPolicy.BLOCK);
            SpikeStream b = SpikeStream.allocate(arena, false, 16, StreamPolicy.BLOCK);
            LiveInput.attach(s, a, 0, KICK, null);
            LiveInput.attach(s, b, 0, KICK, null);
            put(a, 20, 20);
            put(b, 25, 21);
            s.runSteps(3);
            org.shnn.engine.checkpoint.Checkpoint.save(s, two);
        }
        try (Arena arena = Arena.ofShared();
                Simulation s = org.shnn.engine.checkpoint.Checkpoint.open(two, n, SimulationConfig.defaults())) {
            LiveInput a = LiveInput.attach(s, SpikeStream.allocate(arena, false, 16, StreamPolicy.BLOCK), 0, KICK, null);
            LiveInput b = LiveInput.attach(s, SpikeStream.allocate(arena, false, 16, StreamPolicy.BLOCK), 0, KICK, null);
            assertEquals(1, a.held());
            assertEquals(1, b.held());
            s.runSteps(30);
            assertEquals(List.of("20:20", "25:21"), raster(s).stream()
                    .filter(x -> Long.parseLong(x.split(":")[0]) >= 3).toList());
        }
    }

    /** Writes 16-byte little-endian spike records (step, neuron, spare 0): {@code records[i] = {step, neuron}}. */
    private static void writeSpikes(Path file, long[][] records) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(records.length * 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long[] r : records) {
            b.putLong(r[0]).putInt((int) r[1]).putInt(0);
        }
        Files.write(file, b.array());
    }

    /**
     * A replayed file costs no heap per record (it is mapped, not copied: 1,000,000 records here, 20 MB of heap
     * before), every record is delivered, a bad record is refused on attach naming file, offset and field, and a file
     * changed after it was attached fails the run that reads the change, naming it, rather than delivering to a
     * neuron no one checked.
     */
    @Test
    void aReplayedFileIsMappedCheckedAndNotCopied() throws Exception {
        var heap = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Network n = network(64, false);
        int count = 1_000_000;
        long[][] records = new long[count][];
        for (int i = 0; i < count; i++) {
            records[i] = new long[] {1 + i / 100, i % 64};
        }
        Path file = dir.resolve("many.spikes");
        writeSpikes(file, records);
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            long before = heap.getCurrentThreadAllocatedBytes();
            try (SpikeReplay replay = SpikeReplay.attach(s, file, 0, KICK)) {
                long bytes = heap.getCurrentThreadAllocatedBytes() - before;
                assertTrue(bytes < 1L << 20, "attaching 1,000,000 records allocated " + bytes + " bytes of heap");
                s.runSteps(count / 100 + 2);
                assertEquals(count, replay.delivered());
                assertEquals(0, replay.remaining());
            }
        }

        Path decreasing = dir.resolve("decreasing.spikes");
        writeSpikes(decreasing, new long[][] {{5, 1}, {4, 2}});
        Path noNeuron = dir.resolve("noneuron.spikes");
        writeSpikes(noNeuron, new long[][] {{5, 1}, {6, 64}});
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> SpikeReplay.attach(s, decreasing, 0, KICK));
            assertEquals("spike file " + decreasing + ": at byte offset 16, record 1, field step: expected >= 5 (steps"
                    + " never decrease), found 4", e.getMessage());
            e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> SpikeReplay.attach(s, noNeuron, 0, KICK));
            assertEquals("spike file " + noNeuron + ": at byte offset 24, record 1, field neuron: expected a global neuron"
                    + " id in [0, 64) (receptor 0), found 64", e.getMessage());
        }

        Path changed = dir.resolve("changed.spikes");
        writeSpikes(changed, new long[][] {{2, 1}, {10, 2}});
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults());
                SpikeReplay replay = SpikeReplay.attach(s, changed, 0, KICK)) {
            s.runSteps(5);
            writeSpikes(changed, new long[][] {{2, 1}, {10, 640}}); // same size, in place: the mapping sees it
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> s.runSteps(10));
            assertTrue(e.getMessage().contains("spike file " + changed + ": at byte offset 24, record 1, field neuron")
                    && e.getMessage().contains("changed after it was attached"), e.getMessage());
            assertEquals(1, replay.delivered());
        }
    }

    private static void put(SpikeStream stream, long step, int neuron) {
        try {
            stream.put(step, neuron, YieldingIdleStrategy.INSTANCE);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Two producer threads stream spikes (some stamped in the past) into an MPSC stream while 2 worker threads
     * run and a consumer thread reads every output spike from a blocking SPSC stream; then the recorded input
     * is replayed with 1 and 3 threads and must give the live run's raster SHA-256. Every delivered spike makes
     * its "in" neuron fire exactly at the recorded step, and the output stream carries the whole raster.
     */
    @Test
    void liveRunWithStreamedInputReplaysBitIdentically() throws Exception {
        Network n = network(200, true);
        Path record = dir.resolve("input.spikes");
        long steps = 3000;
        byte[] liveSha;
        List<String> liveRaster;
        List<String> streamedOut = new ArrayList<>();
        long delivered;
        try (Arena arena = Arena.ofShared();
                Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            SpikeStream input = SpikeStream.allocate(arena, true, 64, StreamPolicy.BLOCK);
            SpikeStream output = SpikeStream.allocate(arena, false, 256, StreamPolicy.BLOCK);
            LiveInput in = LiveInput.attach(s, input, 0, KICK, record);
            LiveOutput out = LiveOutput.attach(s, output, new BackoffIdleStrategy(100, 10, 1_000, 100_000));
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong produced = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int first = p * 100;
                threads.add(Thread.ofPlatform().start(() -> produce(input, first, done, produced)));
            }
            Thread consumer = Thread.ofPlatform().start(() -> {
                BackoffIdleStrategy idle = BackoffIdleStrategy.standard();
                while (!done.get() || output.size() > 0) {
                    if (output.drain((seg, off) -> streamedOut.add(SpikeRecord.timeStep(seg, off) + ":"
                            + SpikeRecord.neuronId(seg, off)), 64) == 0) {
                        idle.idle();
                    } else {
                        idle.reset();
                    }
                }
            });
            // In chunks, each started once both producers answered the last one (at most 1 s each): run at once, the
            // 3,000 steps could end before a busy machine scheduled the producers at all (48 spikes delivered while
            // another process held a core, 2026-12-07), and the test is about input arriving while the run goes on.
            for (long at = 0; at < steps; at += 100) {
                long before = produced.get();
                s.runSteps(100);
                long deadline = System.nanoTime() + 1_000_000_000L;
                while (produced.get() < before + 4 && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            }
            done.set(true);
            for (Thread t : threads) {
                t.join();
            }
            consumer.join();
            in.close();
            delivered = in.delivered();
            assertTrue(delivered > 50, "producers should have reached the run: " + delivered + " delivered of "
                    + produced.get() + " produced");
            assertTrue(in.late() > 0, "every tenth spike is stamped in the past");
            assertEquals(0, in.rejected());
            liveRaster = raster(s);
            liveSha = s.rasterSha256();
            assertEquals(liveRaster, streamedOut, "the output stream carries every spike, in order");
            assertEquals(liveRaster.size(), out.written());
            List<String> inSpikes = liveRaster.stream().filter(x -> Integer.parseInt(x.split(":")[1]) < 200).toList();
            // the drains of the last two steps deliver into the delay ring for steps the run has not reached
            List<String> due = recorded(record).stream().filter(x -> Long.parseLong(x.split(":")[0]) < steps).toList();
            assertEquals(due, inSpikes, "each delivered spike fires its neuron at the recorded step");
        }
        assertEquals(delivered * 16, Files.size(record));
        for (int threads : new int[] {1, 3}) {
            try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threads));
                    SpikeReplay replay = SpikeReplay.attach(s, record, 0, KICK)) {
                s.runSteps(steps);
                assertEquals(delivered, replay.delivered());
                assertEquals(HexFormat.of().formatHex(liveSha), HexFormat.of().formatHex(s.rasterSha256()),
                        "replay with " + threads + " threads");
            }
        }
    }

    /** Puts two spikes per engine step seen (neurons first..first+99 in turn), every tenth stamped 3 steps back. */
    private static void produce(SpikeStream input, int first, AtomicBoolean done, AtomicLong produced) {
        YieldingIdleStrategy idle = YieldingIdleStrategy.INSTANCE;
        long seen = -1;
        int k = 0;
        try {
            while (!done.get()) {
                long c = input.consumerStep();
                if (c == seen) {
                    Thread.onSpinWait();
                    continue;
                }
                seen = c;
                for (int j = 0; j < 2; j++, k++) {
                    long stamp = k % 10 == 9 ? Math.max(0, c - 3) : Math.max(2, c + 2);
                    input.put(stamp, first + k % 100, idle);
                    produced.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> recorded(Path file) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>();
        while (b.hasRemaining()) {
            long step = b.getLong();
            int neuron = b.getInt();
            b.getInt();
            out.add(step + ":" + neuron);
        }
        out.sort((x, y) -> {
            String[] a = x.split(":");
            String[] c = y.split(":");
            int cmp = Long.compare(Long.parseLong(a[0]), Long.parseLong(c[0]));
            return cmp != 0 ? cmp : Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(c[1]));
        });
        return out;
    }

    /**
     * With spike monitors the output streams the spikes the recorder keeps, the chosen neurons', and no other; without,
     * every spike (the other tests).
     */
    @Test
    void theOutputStreamsTheChosenNeuronsSpikes() {
        Network n = network(200, true);
        SimulationConfig c = SimulationConfig.defaults().withThreads(2)
                .withSpikeMonitor(new SpikeMonitorSpec("rec", new int[] {0, 5, 17, 399}));
        try (Arena arena = Arena.ofShared(); Simulation s = Simulation.create(n, c)) {
            SpikeStream output = SpikeStream.allocate(arena, false, 1 << 14, StreamPolicy.DROP_OLDEST);
            LiveOutput out = LiveOutput.attach(s, output, YieldingIdleStrategy.INSTANCE);
            s.runSteps(2000);
            List<String> kept = raster(s);
            assertTrue(kept.size() > 4 && s.spikeCount() > 10L * kept.size(), kept.size() + " of " + s.spikeCount());
            assertEquals(kept.size(), out.written());
            assertEquals(0, out.dropped());
            List<String> streamed = new ArrayList<>();
            output.drain((seg, off) -> streamed.add(SpikeRecord.timeStep(seg, off) + ":" + SpikeRecord.neuronId(seg, off)),
                    1 << 14);
            assertEquals(kept, streamed);
        }
    }

    @Test
    void dropOldestOutputNeverStallsAndKeepsTheNewestSpikes() {
        Network n = network(200, true);
        try (Arena arena = Arena.ofShared();
                Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            SpikeStream output = SpikeStream.allocate(arena, false, 16, StreamPolicy.DROP_OLDEST);
            LiveOutput out = LiveOutput.attach(s, output, YieldingIdleStrategy.INSTANCE);
            s.runSteps(500); // nobody reads: a blocking stream would stall here
            List<String> all = raster(s);
            assertTrue(all.size() > 16, "the network should spike: " + all.size());
            assertEquals(all.size(), out.written());
            assertEquals(all.size() - 16, out.dropped());
            List<String> left = new ArrayList<>();
            output.drain((seg, off) -> left.add(SpikeRecord.timeStep(seg, off) + ":" + SpikeRecord.neuronId(seg, off)), 100);
            assertEquals(all.subList(all.size() - 16, all.size()), left);
            assertEquals(499, output.consumerStep(), "the last step written");
        }
    }

    /**
     * Nobody reads a blocking output stream: once its ring has been full for the stall timeout the run fails, naming
     * the stream and the step, instead of hanging; what was written stays readable and the step stays published.
     */
    @Test
    void aBlockingOutputNobodyReadsFailsTheRunInsteadOfHanging() {
        Network n = network(200, true);
        try (Arena arena = Arena.ofShared();
                Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(2))) {
            SpikeStream output = SpikeStream.allocate(arena, false, 16, StreamPolicy.BLOCK);
            LiveOutput out = LiveOutput.attach(s, output, YieldingIdleStrategy.INSTANCE);
            output.stallTimeoutNanos(200_000_000L);
            long start = System.nanoTime();
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(60), // a hang (the former behaviour) fails, bounded
                    () -> org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> s.runSteps(500)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("spike stream " + output.name() + ": its ring of 16 records has been"
                    + " full for") && e.getMessage().contains("its consumer has stopped reading"), e.getMessage());
            assertTrue(ms >= 200 && ms < 30_000, "failed after " + ms + " ms");
            assertEquals(16, output.size(), "the ring holds what was written");
            assertTrue(output.consumerStep() >= 0 && output.consumerStep() < 499, "the step before the stall");
        }
    }
}
