package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.hyper.HyperedgeProjection;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.network.Network;
import org.shnn.engine.plasticity.WeightMonitor;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * Distributed runs without MPI ({@link ThreadRanks}: ranks as threads of this JVM): each rank builds only the synapses
 * onto its own neurons, and the raster SHA-256 of 2 and 3 ranks times 1 and 2 threads per rank equals one process's,
 * on every rank; the ranks' synapses add up to one process's, and each rank holds about 1/ranks of the synapse bytes.
 * With STDP (examples/networks/plastic.json) the final weights on each rank are one process's weights of the synapses
 * onto its neurons, bit for bit, and the state recorders hold one process's samples on every rank. Hyperedges
 * (examples/networks/hyperedges.json) give one process's raster and activations on every rank; a hook that does not
 * declare that it runs on ranks is refused there. scripts/test-mpi runs the same through Open MPI.
 */
class DistributedRunTest {

    private static final long SEED = 777L;
    private static final long TIMEOUT_S = 300;

    /** What one rank reports after the run. */
    private record Result(byte[] sha, long synapses, long synapseBytes, long events, long spikes, long bytesSent,
            double exchangeSeconds) {
    }

    private static Result run(Network n, int threads, long steps, RankComm comm) {
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults().withThreads(threads), comm)) {
            s.runSteps(steps / 3);
            s.runSteps(steps - steps / 3);
            return new Result(s.rasterSha256(), s.synapseCount(), s.synapseBytes(), s.synapticEvents(), s.spikeCount(),
                    s.rankBytesSent(), s.rankExchangeSeconds());
        }
    }

    private static void assertRanksMatchOneProcess(Network n, long steps) {
        Result one = run(n, 1, steps, RankComm.single());
        assertTrue(one.spikes() > 500, "network should be active: " + one.spikes() + " spikes");
        assertEquals(0, one.bytesSent(), "one process sends nothing");
        assertEquals(0.0, one.exchangeSeconds(), "one process spends no time in an exchange");
        for (int ranks = 2; ranks <= 3; ranks++) {
            for (int threads = 1; threads <= 2; threads++) {
                int t = threads;
                List<Result> results = ThreadRanks.run(ranks, TIMEOUT_S, comm -> run(n, t, steps, comm));
                long synapses = 0;
                long bytes = 0;
                long sent = 0;
                for (int r = 0; r < ranks; r++) {
                    Result res = results.get(r);
                    String what = n.name() + " rank " + r + " of " + ranks + " x " + threads + " threads";
                    assertArrayEquals(one.sha(), res.sha(), what + ": raster SHA-256 expected "
                            + HexFormat.of().formatHex(one.sha()) + ", found " + HexFormat.of().formatHex(res.sha()));
                    assertEquals(one.events(), res.events(), what + ": synaptic events (summed over the ranks)");
                    assertEquals(one.spikes(), res.spikes(), what + ": spikes");
                    assertTrue(res.synapses() < one.synapses() / ranks * 1.2 + 1000, what + ": holds " + res.synapses()
                            + " of " + one.synapses() + " synapses, expected about 1/" + ranks);
                    assertTrue(res.exchangeSeconds() > 0, what + ": time in the exchange " + res.exchangeSeconds() + " s");
                    synapses += res.synapses();
                    bytes += res.synapseBytes();
                    sent += res.bytesSent();
                }
                // each rank sends one end per step and one id per spike of its neurons (RankExchange's block)
                assertEquals(4 * (ranks * steps + one.spikes()), sent, n.name() + " on " + ranks + " ranks x " + threads
                        + " threads: bytes sent, summed over the ranks");
                assertEquals(one.synapses(), synapses, n.name() + ": the ranks' synapses add up to one process's");
                assertTrue(bytes < one.synapseBytes() * 1.5, n.name() + " on " + ranks + " ranks: " + bytes
                        + " synapse bytes in all vs " + one.synapseBytes() + " in one process");
            }
        }
    }

    @Test
    void cobaOnRanksHoldsItsOwnSynapsesAndGivesOneProcesssRaster() {
        assertRanksMatchOneProcess(BuiltinNetworks.coba(4000, SEED), 1500);
    }

    @Test
    void brunelWithFixedInDegreeAndPoissonInputOnRanks() {
        assertRanksMatchOneProcess(BuiltinNetworks.brunel(2000, SEED, BrunelRegime.AI), 600);
    }

    @Test
    void rankBlocksAreConsecutiveAlignedAndIndependentOfThreads() {
        for (long n : new long[] {0, 15, 16, 1000, 4001}) {
            for (int ranks = 1; ranks <= 5; ranks++) {
                int previous = 0;
                for (int r = 0; r < ranks; r++) {
                    int[] b = Simulation.rankBlock(n, r, ranks);
                    assertEquals(previous, b[0], "rank " + r + " of " + ranks + " starts where the last ended");
                    assertTrue(b[0] % 16 == 0 && b[1] >= b[0], "rank " + r + " block [" + b[0] + ", " + b[1] + ")");
                    previous = b[1];
                }
                assertEquals(n, previous, ranks + " ranks cover all " + n + " neurons");
            }
        }
    }

    private static final Path PLASTIC = Path.of("..", "examples", "networks", "plastic.json");
    private static final Path HYPEREDGES = Path.of("..", "examples", "networks", "hyperedges.json");

    /** A hyperedge run's outcome on one rank: raster, spikes, activations (all groups, worker 0's count), phase. */
    private record Hyper(byte[] sha, long spikes, long activations, int phase) {
    }

    private static Hyper hyper(NetworkSpec spec, int threads, long steps, RankComm comm) {
        try (Simulation s = Assembler.create(spec, SimulationConfig.defaults().withThreads(threads), comm)) {
            s.runSteps(steps / 3);
            s.runSteps(steps - steps / 3);
            long activations = 0;
            for (HyperedgeProjection h : s.hooks(HyperedgeProjection.class)) {
                activations += h.activations();
            }
            return new Hyper(s.rasterSha256(), s.spikeCount(), activations, s.stepsPerPhase());
        }
    }

    /**
     * examples/networks/hyperedges.json (hyperedge groups of all four shapes, input->exc, exc->exc, exc->inh, with STDP
     * on input->exc) on 2 and 3 ranks x 1 and 2 threads: every rank gives one process's raster and counts the same
     * activations (each evaluates every edge on every rank's spikes), with phases of 5 steps (the shortest hyperedge
     * delay, 0.5 ms, under the shortest synaptic delay, 1 ms). On 2 ranks the input (sources) is mostly rank 0's and
     * exc and inh (targets) rank 1's; on 3 ranks exc is split between ranks 1 and 2, so one edge's sources and targets
     * lie on different ranks. Without the hyperedges the raster differs.
     */
    @Test
    void hyperedgesOnRanksGiveOneProcesssRasterAndActivations() throws IOException {
        NetworkSpec spec = SpecJson.read(HYPEREDGES);
        long steps = 3000;
        Hyper one = hyper(spec, 1, steps, RankComm.single());
        assertTrue(one.activations() > 30, "hyperedges should fire: " + one.activations() + " activations");
        Hyper without = hyper(spec.withHyperedges(List.of()), 1, steps, RankComm.single());
        assertFalse(Arrays.equals(one.sha(), without.sha()), "the hyperedges change the raster");
        for (int ranks = 2; ranks <= 3; ranks++) {
            for (int threads = 1; threads <= 2; threads++) {
                int t = threads;
                List<Hyper> results = ThreadRanks.run(ranks, TIMEOUT_S, comm -> hyper(spec, t, steps, comm));
                for (int r = 0; r < ranks; r++) {
                    String what = "hyperedges.json rank " + r + " of " + ranks + " x " + threads + " threads";
                    Hyper res = results.get(r);
                    assertArrayEquals(one.sha(), res.sha(), what + ": raster SHA-256 expected "
                            + HexFormat.of().formatHex(one.sha()) + ", found " + HexFormat.of().formatHex(res.sha()));
                    assertEquals(one.spikes(), res.spikes(), what + ": spikes");
                    assertEquals(one.activations(), res.activations(), what + ": hyperedge activations");
                    assertEquals(5, res.phase(), what + ": steps per phase");
                }
            }
        }
    }

    /** A step hook that does not declare {@link StepHook#runsOnRanks()} is refused on ranks, on every rank, naming it. */
    @Test
    void aHookThatDoesNotRunOnRanksIsRefusedThere() {
        Network n = BuiltinNetworks.coba(400, SEED);
        final class Local implements StepHook {
            @Override
            public void afterDelivery(StepContext context) {
            }
        }
        List<String> refusals = ThreadRanks.run(2, TIMEOUT_S, comm -> {
            try (Simulation s = Simulation.create(n, SimulationConfig.defaults(), comm)) {
                s.addHook(new Local());
                return assertThrows(IllegalStateException.class, () -> s.runSteps(10)).getMessage();
            }
        });
        for (String m : refusals) {
            assertTrue(m.contains("step hook Local is not supported on 2 ranks") && m.contains("StepHook.runsOnRanks"), m);
        }
    }

    /**
     * A plastic run's outcome on one rank: raster, every state monitor's values, the STDP projection's matrix, the
     * weight recorder's sample steps and values.
     */
    private record Plastic(byte[] sha, List<double[]> samples, List<long[]> weights, long[] weightSteps,
            double[][] weightSamples) {
    }

    private static Plastic plastic(NetworkSpec spec, int threads, long steps, RankComm comm) {
        try (Simulation s = Assembler.create(spec, SimulationConfig.defaults().withThreads(threads), comm)) {
            s.runSteps(steps / 2);
            s.runSteps(steps - steps / 2);
            List<double[]> samples = new ArrayList<>();
            for (int m = 0; m < s.config().stateMonitors().size(); m++) {
                for (int k = 0; k < s.stateMonitor(m).spec().neurons().length; k++) {
                    samples.add(s.stateMonitor(m).values(k));
                }
            }
            CsrMatrix c = s.synapses(0);
            List<long[]> weights = new ArrayList<>();
            for (int row = 0; row < c.rows(); row++) {
                for (long e = c.rowStart(row), end = e + c.rowLength(row); e < end; e++) {
                    weights.add(new long[] {row, c.target(e), Float.floatToRawIntBits(c.weight(e))});
                }
            }
            WeightMonitor w = Assembler.weightMonitor(spec, s, spec.recorders().size() - 1);
            return new Plastic(s.rasterSha256(), samples, weights, w.steps(), w.values());
        }
    }

    /**
     * STDP, state and weight recorders on 2 and 3 ranks x 1 and 2 threads give one process's raster, samples and
     * weights. The weight recorder of plastic.json is widened to 101 synapses of input->exc spread over most of its
     * rows: on 2 ranks all of exc is rank 1's (rank 0 holds none of them), on 3 ranks exc is split between ranks 1 and
     * 2, so rows are split too; every rank must hold every sample, bit for bit.
     */
    @Test
    void stdpStateAndWeightRecordersOnRanksGiveOneProcesssWeightsAndSamples() throws IOException {
        String json = Files.readString(PLASTIC);
        String weights = "\"synapses\": {\"start\": 0, \"stop\": 20}";
        assertTrue(json.contains(weights), "plastic.json records synapses 0 to 19 of input->exc");
        String spread = IntStream.concat(IntStream.range(0, 20), IntStream.iterate(25, k -> k < 3000, k -> k + 37))
                .mapToObj(Integer::toString).collect(Collectors.joining(", ", "\"synapses\": [", "]"));
        NetworkSpec spec = SpecJson.parse(json.replace(weights, spread), "plastic.json (weights spread)", null);
        assertTrue(spec.recorders().getLast().ofProjection(), "plastic.json's last recorder records weights");
        long steps = 3000;
        Plastic one = plastic(spec, 1, steps, RankComm.single());
        assertTrue(!one.samples().isEmpty(), "plastic.json records state");
        double[][] sampled = one.weightSamples();
        assertEquals(steps / 10, sampled.length, "weights sampled every 1 ms (10 steps)");
        assertTrue(sampled[0].length == 101 && !Arrays.equals(sampled[0], sampled[sampled.length - 1]),
                "101 synapses recorded, weights changing");
        assertEquals("exc", spec.projections().get(0).post(), "projection 0 of plastic.json is input->exc");
        Network net = Assembler.network(spec);
        int firstId = net.populations().get(1).firstId();
        int count = net.populations().get(1).count();
        for (int ranks = 2; ranks <= 3; ranks++) {
            for (int threads = 1; threads <= 2; threads++) {
                int t = threads;
                int size = ranks;
                List<Plastic> results = ThreadRanks.run(ranks, TIMEOUT_S, comm -> plastic(spec, t, steps, comm));
                for (int r = 0; r < ranks; r++) {
                    String what = "plastic.json rank " + r + " of " + ranks + " x " + threads + " threads";
                    Plastic res = results.get(r);
                    assertArrayEquals(one.sha(), res.sha(), what + ": raster SHA-256");
                    assertEquals(one.samples().size(), res.samples().size(), what);
                    for (int k = 0; k < one.samples().size(); k++) {
                        assertArrayEquals(one.samples().get(k), res.samples().get(k), what + ": recorded values " + k);
                    }
                    int[] block = Simulation.rankBlock(net.neuronCount(), r, size);
                    int[] keep = {Math.clamp((long) block[0] - firstId, 0, count), Math.clamp((long) block[1] - firstId, 0, count)};
                    List<long[]> mine = one.weights().stream().filter(w -> w[1] >= keep[0] && w[1] < keep[1]).toList();
                    assertEquals(mine.size(), res.weights().size(), what + ": synapses held");
                    for (int i = 0; i < mine.size(); i++) {
                        assertArrayEquals(mine.get(i), res.weights().get(i), what + ": STDP synapse " + i
                                + " (row, target, weight bits)");
                    }
                    assertArrayEquals(one.weightSteps(), res.weightSteps(), what + ": weight recorder's sample steps");
                    for (int k = 0; k < one.weightSamples().length; k++) {
                        assertArrayEquals(one.weightSamples()[k], res.weightSamples()[k], what + ": weight sample " + k);
                    }
                }
            }
        }
    }
}
