package org.shnn.bench.assembly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.shnn.bench.EngineFlags;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.InitialValue;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.LifCobaModel;
import org.shnn.engine.neuron.LifCobaParams;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.SpecJson;

/**
 * Issue 13: the simulation loop of a network described by a network file against the same network built in code.
 * Both are Vogels-Abbott COBA of {@code neurons} neurons (dt 0.1 ms, seed 1), run for 200 ms of model time:
 * <ul>
 * <li>{@code handBuilt}: {@code NetworkBuilder} calls, as {@code BuiltinNetworks.coba} was written before networks
 *     became descriptions (the reference builder of the engine's {@code BuiltinSpecTest});</li>
 * <li>{@code fromFile}: the description ({@code BuiltinNetworks.cobaSpec}; at 4000 neurons it is
 *     {@code examples/networks/coba.json}) written as a network file, read by {@code SpecJson} and assembled by
 *     {@code Assembler.create}, as {@code scripts/run my-network.json} does.</li>
 * </ul>
 * The simulation is built per invocation, outside the timing; only {@code runSteps(2000)} is timed. The trial setup
 * checks that both give the same raster (SHA-256 of 100 steps), so the two contenders run the same network.
 * Report: {@code handBuilt / fromFile} time (> 1: the described network is faster).
 *
 * <p>The fork runs with SHNN's JVM flags ({@link EngineFlags#ARGFILE}), and the trial setup refuses a JVM whose
 * engine would run its scalar loops and prints the vector kernels compiled (bench/RESULTS.md section 9b timed the
 * scalar loops, section 33). The two contenders run in separate forks one after the other, so load drift between
 * them enters the ratio: {@link SpecCobaPairs} alternates them in one JVM by thread CPU time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsPrepend = EngineFlags.ARGFILE)
public class SpecCobaBenchmark {

    private static final double DT = 0.1;
    private static final long SEED = 1L;
    private static final long STEPS = 2000;

    /** Neurons of the COBA network (80 % excitatory). */
    @Param({"4000"})
    public int neurons;

    /** Worker threads. */
    @Param({"1"})
    public int threads;

    private Path file;

    /** Writes the description as a network file and checks that both contenders run the same network. */
    @Setup(Level.Trial)
    public void writeFile() throws IOException {
        EngineFlags.requireVectorKernels("SpecCobaBenchmark");
        file = Files.createTempFile("spec-coba-", ".json");
        SpecJson.write(BuiltinNetworks.cobaSpec(neurons, SEED, DT), file);
        SimulationConfig recorded = SimulationConfig.defaults().withThreads(threads);
        try (Simulation hand = handBuilt(recorded); Simulation described = fromFile(recorded)) {
            hand.runSteps(100);
            described.runSteps(100);
            if (!Arrays.equals(hand.rasterSha256(), described.rasterSha256()) || hand.spikeCount() == 0) {
                throw new IllegalStateException("the hand-built and the described COBA differ (or do not fire): "
                        + hand.spikeCount() + " vs " + described.spikeCount() + " spikes");
            }
        }
        System.out.println("vector kernels compiled: " + EngineFlags.compiledKernels());
    }

    /** Deletes the network file. */
    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The timed runs' configuration: spikes counted, not recorded. */
    SimulationConfig timed() {
        return SimulationConfig.defaults().withThreads(threads).withRecordSpikes(false);
    }

    Simulation handBuilt(SimulationConfig config) {
        LifCobaModel model = new LifCobaModel(LifCobaParams.brian2Coba().withIE(200.0), DT);
        int ne = (int) Math.round(neurons * 0.8);
        NetworkBuilder b = new NetworkBuilder("coba", DT, SEED);
        Population exc = b.population("exc", model, ne);
        Population inh = b.population("inh", model, neurons - ne);
        for (Population pop : new Population[] {exc, inh}) {
            b.initialize(pop, "v", new InitialValue.Normal(-55.0, 5.0));
        }
        Connectivity conn = Connectivity.fixedProbability(Math.min(1.0, 80.0 / neurons));
        DelayRule delay = DelayRule.constant(1);
        b.connect(exc, exc, 0, conn, WeightRule.constant(6.0), delay);
        b.connect(exc, inh, 0, conn, WeightRule.constant(6.0), delay);
        b.connect(inh, exc, 1, conn, WeightRule.constant(67.0), delay);
        b.connect(inh, inh, 1, conn, WeightRule.constant(67.0), delay);
        Network n = b.build();
        return Simulation.create(n, config);
    }

    Simulation fromFile(SimulationConfig config) {
        try {
            return Assembler.create(SpecJson.parse(Files.readString(file), file.toString(), file.getParent()), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A simulation built per invocation, outside the timing. */
    @State(Scope.Thread)
    public static class HandBuilt {
        Simulation sim;

        /** Builds it. */
        @Setup(Level.Invocation)
        public void setUp(SpecCobaBenchmark b) {
            sim = b.handBuilt(b.timed());
        }

        /** Frees it. */
        @TearDown(Level.Invocation)
        public void tearDown() {
            sim.close();
        }
    }

    /** A simulation built per invocation from the network file, outside the timing. */
    @State(Scope.Thread)
    public static class FromFile {
        Simulation sim;

        /** Builds it. */
        @Setup(Level.Invocation)
        public void setUp(SpecCobaBenchmark b) {
            sim = b.fromFile(b.timed());
        }

        /** Frees it. */
        @TearDown(Level.Invocation)
        public void tearDown() {
            sim.close();
        }
    }

    /** Baseline: 200 ms of the COBA network built in code. Returns the spike count (consumed by JMH). */
    @Benchmark
    public long handBuilt(HandBuilt s) {
        s.sim.runSteps(STEPS);
        return s.sim.spikeCount();
    }

    /** 200 ms of the same network read from a network file. */
    @Benchmark
    public long fromFile(FromFile s) {
        s.sim.runSteps(STEPS);
        return s.sim.spikeCount();
    }
}
