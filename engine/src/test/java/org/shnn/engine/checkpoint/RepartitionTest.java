package org.shnn.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.hyper.HyperedgeProjection;
import org.shnn.engine.network.Network;
import org.shnn.engine.plasticity.WeightMonitor;
import org.shnn.engine.run.RankComm;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.ThreadRanks;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * A checkpoint saved as N shards resumes on M ranks (M = 1: one process), repartitioned: 2 -> 3, 3 -> 2 and 2 -> 1,
 * with other thread counts than the save's, and the run goes on bit-identically to one process that never stopped:
 * the raster SHA-256, spike count and synaptic events on every rank, the state recorders' values, and the final
 * weights of the STDP and homeostatic projections (each rank holding exactly the synapses onto its own block). The
 * network (plastic.json with a homeostatic and a Tsodyks-Markram projection added) puts neuron state, delay rings,
 * STDP traces, homeostatic counters and short-term state in every shard; COBA (built in) checks the built-in path.
 * Hyperedges (examples/networks/hyperedges.json) resume on the same rank count and on others, their coincidence
 * state from any shard. A shard missing or standing in for another rank's is refused naming it.
 */
class RepartitionTest {

    private static final long TIMEOUT_S = 300;
    private static final Path PLASTIC = Path.of("..", "examples", "networks", "plastic.json");
    private static final Path HYPEREDGES = Path.of("..", "examples", "networks", "hyperedges.json");

    /**
     * One rank's (or one process's) outcome: raster, counters, samples (the state recorders', then the weight
     * recorder's, saved before the stop and taken after), projections 0 and 1 as (row, target, bits), and the
     * hyperedge activations counted since the simulation was created or opened (worker 0's, all groups).
     */
    private record Outcome(byte[] sha, long spikes, long events, List<double[]> samples, List<List<long[]>> weights,
            long activations) {

        /** This outcome with {@code before} activations (those counted before the save) taken off, as a resumed run counts them. */
        Outcome after(long before) {
            return new Outcome(sha, spikes, events, samples, weights, activations - before);
        }
    }

    private static long activations(Simulation s) {
        long n = 0;
        for (HyperedgeProjection h : s.hooks(HyperedgeProjection.class)) {
            n += h.activations();
        }
        return n;
    }

    /**
     * plastic.json (with its weight recorder), exc->inh drawn and homeostatic, inh->exc Tsodyks-Markram.
     */
    private static NetworkSpec network() throws IOException {
        String json = Files.readString(PLASTIC);
        String exc = "\"connector\": {\"type\": \"FixedProbabilityConnector\", \"p_connect\": 0.2},\n      \"weight\": 0.004";
        String inh = "\"connector\": {\"type\": \"FixedProbabilityConnector\", \"p_connect\": 0.2},\n      \"weight\": 0.02";
        assertTrue(json.contains(exc) && json.contains(inh), "plastic.json's exc->inh and inh->exc as this test expects");
        json = json.replace(exc, "\"connector\": {\"type\": \"FixedProbabilityConnector\", \"p_connect\": 0.2},\n"
                + "\"weight\": {\"distribution\": \"uniform\", \"low\": 0.002, \"high\": 0.006},\n"
                + "\"homeostasis\": {\"target_rate\": 5.0, \"window\": 20.0, \"factor\": 0.2, \"min_scale\": 0.5,"
                + " \"max_scale\": 2.0, \"w_min\": 0.0, \"w_max\": 0.01}");
        json = json.replace(inh, inh + ",\n\"synapse_type\": {\"type\": \"TsodyksMarkramSynapse\", \"U\": 0.5,"
                + " \"tau_rec\": 100.0, \"tau_facil\": 50.0}");
        return SpecJson.parse(json, "plastic.json (repartition variant)", null);
    }

    private static Outcome outcome(Simulation s) {
        List<double[]> samples = new ArrayList<>();
        for (int m = 0; m < s.config().stateMonitors().size(); m++) {
            for (int k = 0; k < s.stateMonitor(m).spec().neurons().length; k++) {
                samples.add(s.stateMonitor(m).values(k));
            }
        }
        for (WeightMonitor w : s.hooks(WeightMonitor.class)) {
            samples.add(w.steps().length == 0 ? new double[0] : Arrays.stream(w.steps()).asDoubleStream().toArray());
            samples.addAll(List.of(w.values()));
        }
        List<List<long[]>> weights = new ArrayList<>();
        for (int p = 0; p < Math.min(2, s.network().projections().size()); p++) {
            CsrMatrix c = s.synapses(p);
            List<long[]> w = new ArrayList<>();
            for (int row = 0; row < c.rows(); row++) {
                for (long e = c.rowStart(row), end = e + c.rowLength(row); e < end; e++) {
                    w.add(new long[] {row, c.target(e), Float.floatToRawIntBits(c.weight(e))});
                }
            }
            weights.add(w);
        }
        return new Outcome(s.rasterSha256(), s.spikeCount(), s.synapticEvents(), samples, weights, activations(s));
    }

    /** Saves {@code create}'s simulation after {@code first} steps as {@code saved} shards at {@code manifest}. */
    private static void save(java.util.function.Function<RankComm, Simulation> create, int saved, long first,
            Path manifest) {
        ThreadRanks.run(saved, TIMEOUT_S, comm -> {
            try (Simulation s = create.apply(comm)) {
                s.runSteps(first);
                ShardedCheckpoint.save(s, manifest);
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Resumes {@code manifest} on {@code ranks} ranks (1: one process) with {@code threads}, runs {@code rest} steps. */
    private static List<Outcome> resume(Path manifest, int ranks, int threads, long rest) {
        java.util.function.Function<RankComm, Outcome> body = comm -> {
            try (Simulation s = ShardedCheckpoint.open(manifest, SimulationConfig.defaults().withThreads(threads), false,
                    comm)) {
                s.runSteps(rest);
                return outcome(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return ranks == 1 ? List.of(body.apply(RankComm.single())) : ThreadRanks.run(ranks, TIMEOUT_S, body);
    }

    /**
     * Per case (saved ranks, saved threads, resumed ranks, resumed threads): {@code spec}'s run saved at step
     * {@code first} in shards, resumed up to {@code steps}, is {@code one} ({@link #assertStraight}).
     */
    private static void assertCasesResume(Path dir, String name, NetworkSpec spec, Network net, Outcome one, long first,
            long steps, int[][] cases) {
        for (int[] c : cases) {
            Path manifest = dir.resolve(name + "-" + c[0] + "-to-" + c[2] + ".shnn");
            save(comm -> Assembler.create(spec, SimulationConfig.defaults().withThreads(c[1]), comm), c[0], first, manifest);
            assertStraight(one, resume(manifest, c[2], c[3], steps - first), net, name + " saved on " + c[0] + " ranks x "
                    + c[1] + " threads, resumed on " + c[2] + (c[2] == 1 ? " process" : " ranks") + " x " + c[3] + " threads");
        }
    }

    private static void assertStraight(Outcome one, List<Outcome> resumed, Network net, String what) {
        int ranks = resumed.size();
        for (int r = 0; r < ranks; r++) {
            Outcome res = resumed.get(r);
            String at = what + ", rank " + r + " of " + ranks;
            assertArrayEquals(one.sha(), res.sha(), at + ": raster SHA-256 expected " + HexFormat.of().formatHex(one.sha())
                    + ", found " + HexFormat.of().formatHex(res.sha()));
            assertEquals(one.spikes(), res.spikes(), at + ": spikes");
            assertEquals(one.events(), res.events(), at + ": synaptic events");
            assertEquals(one.activations(), res.activations(), at + ": hyperedge activations");
            assertEquals(one.samples().size(), res.samples().size(), at + ": recorded neurons");
            for (int k = 0; k < one.samples().size(); k++) {
                assertArrayEquals(one.samples().get(k), res.samples().get(k), at + ": recorded values " + k);
            }
            int[] block = Simulation.rankBlock(net.neuronCount(), r, ranks);
            for (int p = 0; p < one.weights().size(); p++) {
                var target = net.populations().get(net.projections().get(p).target());
                long from = block[0] - (long) target.firstId();
                long to = block[1] - (long) target.firstId();
                List<long[]> mine = one.weights().get(p).stream().filter(w -> w[1] >= from && w[1] < to).toList();
                assertEquals(mine.size(), res.weights().get(p).size(), at + ": synapses of projection " + p + " held");
                for (int i = 0; i < mine.size(); i++) {
                    assertArrayEquals(mine.get(i), res.weights().get(p).get(i), at + ": projection " + p + " synapse " + i
                            + " (row, target, weight bits)");
                }
            }
        }
    }

    @Test
    void plasticShardsResumeOnAnotherRankCountAsOneStraightRun(@TempDir Path dir) throws IOException {
        NetworkSpec spec = network();
        Network net = Assembler.network(spec);
        long steps = 3000;
        long first = 1300;
        Outcome one;
        try (Simulation s = Assembler.create(spec, SimulationConfig.defaults().withThreads(1), RankComm.single())) {
            s.runSteps(steps);
            one = outcome(s);
            assertEquals(1, s.hooks(WeightMonitor.class).size(), "plastic.json's weight recorder attached");
        }
        assertTrue(one.spikes() > 500 && !one.samples().isEmpty(), "the network is active and recorded");
        // saved ranks, saved threads, resumed ranks, resumed threads
        int[][] cases = {{2, 1, 3, 2}, {3, 2, 2, 1}, {2, 2, 1, 2}};
        assertCasesResume(dir, "plastic", spec, net, one, first, steps, cases);
    }

    /**
     * examples/networks/hyperedges.json saved at step 1100 on 2 ranks resumes on 2 (other threads), 3 and 1, and saved
     * on 3 ranks resumes on 2: raster, samples, weights and the activations after the save are the straight run's.
     * Each rank restores the coincidence state from the first shard it maps (every shard holds it whole; a hook that
     * restored nothing per neuron of the further shards would be refused by StepHook's default).
     */
    @Test
    void hyperedgeShardsResumeOnTheSameAndAnotherRankCount(@TempDir Path dir) throws IOException {
        NetworkSpec spec = SpecJson.read(HYPEREDGES);
        Network net = Assembler.network(spec);
        long steps = 2500;
        long first = 1100;
        Outcome one;
        try (Simulation s = Assembler.create(spec, SimulationConfig.defaults().withThreads(1), RankComm.single())) {
            s.runSteps(first);
            long before = activations(s);
            s.runSteps(steps - first);
            one = outcome(s).after(before);
        }
        assertTrue(one.activations() > 20, "hyperedges fire after the save: " + one.activations());
        // saved ranks, saved threads, resumed ranks, resumed threads
        int[][] cases = {{2, 1, 2, 2}, {2, 2, 3, 1}, {3, 1, 2, 2}, {2, 1, 1, 2}};
        assertCasesResume(dir, "hyperedges", spec, net, one, first, steps, cases);
    }

    /**
     * COBA (built in) saved on 2 ranks resumes on 3. At 10,000 neurons rank 0's shard holds more than
     * {@link CsrMatrix#ROWS_CHECKED_ON_USE_BYTES} of projection 0's targets: the large sections a repartitioned open
     * copies in part and verifies in the background (Verification.DEFERRED) rather than using in place.
     */
    @Test
    void builtinCobaShardsResumeOnAnotherRankCount(@TempDir Path dir) {
        Network net = BuiltinNetworks.coba(10000, 99L);
        long steps = 600;
        Outcome one;
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults().withThreads(1))) {
            s.runSteps(steps);
            one = outcome(s);
        }
        assertTrue(one.spikes() > 200, "COBA is active: " + one.spikes());
        int rank0 = Simulation.rankBlock(net.neuronCount(), 0, 2)[1];
        long shard0Targets = Integer.BYTES * one.weights().get(0).stream().filter(w -> w[1] < rank0).count();
        assertTrue(shard0Targets >= CsrMatrix.ROWS_CHECKED_ON_USE_BYTES, "rank 0's shard holds " + shard0Targets
                + " bytes of projection 0's targets");
        Path manifest = dir.resolve("coba.shnn");
        save(comm -> Simulation.create(net, SimulationConfig.defaults().withThreads(2), comm), 2, 250, manifest);
        assertStraight(one, resume(manifest, 3, 1, steps - 250), net, "COBA saved on 2 ranks, resumed on 3");
    }

    @Test
    void aMissingOrMisplacedShardIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Network net = BuiltinNetworks.coba(800, 5L);
        Path manifest = dir.resolve("run.shnn");
        save(comm -> Simulation.create(net, SimulationConfig.defaults(), comm), 3, 20, manifest);
        Path shard1 = ShardedCheckpoint.shards(manifest).get(1);
        Path moved = dir.resolve("aside");
        Files.move(shard1, moved);
        CodecException missing = assertThrows(CodecException.class,
                () -> ShardedCheckpoint.open(manifest, SimulationConfig.defaults(), false, RankComm.single()));
        assertTrue(missing.getMessage().contains("shards[1]") && missing.getMessage().contains(shard1.toString()),
                missing.getMessage());
        // rank 2's shard where rank 1's belongs: the rank it names is not the one the manifest names
        Files.copy(ShardedCheckpoint.shards(manifest).get(2), shard1, StandardCopyOption.REPLACE_EXISTING);
        CodecException misplaced = assertThrows(CodecException.class,
                () -> ShardedCheckpoint.open(manifest, SimulationConfig.defaults(), false, RankComm.single()));
        assertTrue(misplaced.getMessage().contains("rank 1 of 3") && misplaced.getMessage().contains("rank 2 of 3"),
                misplaced.getMessage());
    }

    /**
     * A second save onto the same manifest that fails part way (the job aborted after every shard was written and
     * before the manifest, or one rank died after the save began and before its shard) leaves the first save whole:
     * resumed, it is the straight run. A save that succeeds afterwards replaces it and removes its shards. Before,
     * every save wrote over the same shard names, so such a failure left the old manifest naming shards of two saves.
     */
    @Test
    void aSaveThatFailsOnAnyRankLeavesThePreviousCheckpointWhole(@TempDir Path dir) throws IOException {
        Network net = BuiltinNetworks.coba(800, 5L);
        long first = 20;
        long steps = 60;
        Outcome one;
        try (Simulation s = Simulation.create(net, SimulationConfig.defaults())) {
            s.runSteps(steps);
            one = outcome(s);
        }
        Path manifest = dir.resolve("run.shnn");
        save(comm -> Simulation.create(net, SimulationConfig.defaults(), comm), 2, first, manifest);
        List<Path> firstShards = ShardedCheckpoint.shards(manifest);
        byte[] firstManifest = Files.readAllBytes(manifest);
        // the second save fails: (a) both ranks at the barrier after their shards; (b) rank 1 writing its shard
        // (a directory stands where it goes), rank 0 then at that barrier
        Path blocked = dir.resolve("run.shnn.save-2.rank-1-of-2");
        for (boolean rank1Fails : new boolean[] {false, true}) {
            if (rank1Fails) {
                assertTrue(Files.isRegularFile(blocked), "(a) left its shards; the next save writes over them");
                Files.delete(blocked);
                Files.createDirectories(blocked.resolve("in-the-way"));
            }
            AssertionError failed = assertThrows(AssertionError.class, () -> ThreadRanks.run(2, TIMEOUT_S, comm -> {
                FailingComm c = new FailingComm(comm);
                try (Simulation s = Simulation.create(net, SimulationConfig.defaults(), c)) {
                    s.runSteps(first + 10);
                    c.failAfter = rank1Fails && comm.rank() == 1 ? -1 : 1; // the save's number passes, then the barrier
                    ShardedCheckpoint.save(s, manifest);
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            assertTrue(String.valueOf(failed.getCause()).contains("injected"), String.valueOf(failed.getCause()));
            assertTrue(!rank1Fails || Files.isDirectory(blocked), "(b) rank 1 wrote no shard");
            assertArrayEquals(firstManifest, Files.readAllBytes(manifest), "the manifest of the first save, unchanged");
            assertStraight(one, resume(manifest, 2, 1, steps - first), net, "the first save after a second that failed"
                    + (rank1Fails ? " writing rank 1's shard" : " after its shards"));
        }
        Files.delete(blocked.resolve("in-the-way"));
        Files.delete(blocked);
        save(comm -> Simulation.create(net, SimulationConfig.defaults(), comm), 2, first + 10, manifest);
        List<Path> last = ShardedCheckpoint.shards(manifest);
        assertTrue(Files.readString(manifest).contains("\"step\": " + (first + 10)), Files.readString(manifest));
        for (Path old : firstShards) {
            assertTrue(!last.contains(old) && !Files.exists(old), old + ": the replaced save's shard is removed");
        }
        assertStraight(one, resume(manifest, 2, 1, steps - first - 10), net, "the save after the failed ones");
    }

    /**
     * A rank's communicator that fails, as a rank whose job is aborted does, at the collective call after
     * {@code failAfter} more have passed, before taking part in it (a negative count: never).
     */
    private static final class FailingComm implements RankComm {

        private final RankComm comm;
        int failAfter = -1;

        FailingComm(RankComm comm) {
            this.comm = comm;
        }

        private void collective() {
            if (failAfter == 0) {
                throw new IllegalStateException("injected: rank " + comm.rank() + " aborted");
            }
            if (failAfter > 0) {
                failAfter--;
            }
        }

        @Override
        public int rank() {
            return comm.rank();
        }

        @Override
        public int size() {
            return comm.size();
        }

        @Override
        public void allgather(int mine, java.lang.foreign.MemorySegment out) {
            collective();
            comm.allgather(mine, out);
        }

        @Override
        public void allgatherv(java.lang.foreign.MemorySegment send, int count, java.lang.foreign.MemorySegment recv,
                java.lang.foreign.MemorySegment counts, java.lang.foreign.MemorySegment displs) {
            collective();
            comm.allgatherv(send, count, recv, counts, displs);
        }

        @Override
        public void allreduceSum(java.lang.foreign.MemorySegment values, int n) {
            collective();
            comm.allreduceSum(values, n);
        }

        @Override
        public void barrier() {
            collective();
            comm.barrier();
        }

        @Override
        public void abort(String message, int status) {
            comm.abort(message, status);
        }

        @Override
        public String describe() {
            return comm.describe();
        }

        @Override
        public void close() {
            comm.close();
        }
    }
}
