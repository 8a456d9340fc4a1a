package org.shnn.bench.plasticity;

import java.lang.foreign.Arena;
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
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.InitialValue;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.LifCobaModel;
import org.shnn.engine.neuron.LifCobaParams;
import org.shnn.engine.plasticity.PairStdp;
import org.shnn.engine.plasticity.PlasticProjection;
import org.shnn.engine.plasticity.StdpParams;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * COBA (Vogels-Abbott, 4000 neurons, dt 0.1 ms) for 200 ms of model time, static against the same network with
 * pair STDP (additive, the original's amplitudes, weights in [0, 12] nS) on the E->E projection. Both store
 * per-synapse E->E weights (a constant weight cannot be plastic), so the difference is the plasticity alone.
 * The simulation is built per invocation, outside the timing. Report: {@code stdp / static}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsPrepend = EngineFlags.ARGFILE)
public class StdpCobaBenchmark {

    private static final double DT = 0.1;

    /** Worker threads. */
    @Param({"1"})
    public int threads;

    private Arena arena;
    private Simulation sim;

    /** The COBA network of {@code BuiltinNetworks.coba} with per-synapse excitatory weights. */
    static Network coba(int neurons, long seed) {
        LifCobaModel model = new LifCobaModel(LifCobaParams.brian2Coba().withIE(200.0), DT);
        int ne = neurons * 4 / 5;
        NetworkBuilder b = new NetworkBuilder("coba-plastic", DT, seed);
        Population exc = b.population("exc", model, ne);
        Population inh = b.population("inh", model, neurons - ne);
        b.initialize(exc, "v", new InitialValue.Normal(-55.0, 5.0));
        b.initialize(inh, "v", new InitialValue.Normal(-55.0, 5.0));
        Connectivity conn = Connectivity.fixedProbability(80.0 / neurons);
        b.connect(exc, exc, 0, conn, WeightRule.uniform(6.0, 6.0), DelayRule.constant(1));
        b.connect(exc, inh, 0, conn, WeightRule.constant(6.0), DelayRule.constant(1));
        b.connect(inh, exc, 1, conn, WeightRule.constant(67.0), DelayRule.constant(1));
        b.connect(inh, inh, 1, conn, WeightRule.constant(67.0), DelayRule.constant(1));
        return b.build();
    }

    /** Refuses a fork whose engine would run its scalar loops (see {@link EngineFlags}). */
    @Setup(Level.Trial)
    public void requireVectorKernels() {
        EngineFlags.requireVectorKernels("StdpCobaBenchmark");
    }

    private void create(boolean plastic) {
        arena = Arena.ofShared();
        sim = Simulation.create(coba(4000, 12345L), SimulationConfig.defaults().withThreads(threads).withRecordSpikes(false));
        if (plastic) {
            PlasticProjection.attach(sim, 0, new PairStdp(StdpParams.defaults().withBounds(0, 12), DT), arena);
        }
    }

    /** Per-invocation state for the static run. */
    @State(Scope.Thread)
    public static class StaticSim {
        StdpCobaBenchmark owner = new StdpCobaBenchmark();

        /** Builds the static simulation. */
        @Setup(Level.Invocation)
        public void setUp(StdpCobaBenchmark b) {
            owner.threads = b.threads;
            owner.create(false);
        }

        /** Frees it. */
        @TearDown(Level.Invocation)
        public void tearDown() {
            owner.close();
        }
    }

    /** Per-invocation state for the plastic run. */
    @State(Scope.Thread)
    public static class PlasticSim {
        StdpCobaBenchmark owner = new StdpCobaBenchmark();

        /** Builds the plastic simulation. */
        @Setup(Level.Invocation)
        public void setUp(StdpCobaBenchmark b) {
            owner.threads = b.threads;
            owner.create(true);
        }

        /** Frees it. */
        @TearDown(Level.Invocation)
        public void tearDown() {
            owner.close();
        }
    }

    private void close() {
        sim.close();
        arena.close();
    }

    /** Baseline: 200 ms of static COBA. Returns the spike count (consumed by JMH). */
    @Benchmark
    public long staticCoba(StaticSim s) {
        s.owner.sim.runSteps(2000);
        return s.owner.sim.spikeCount();
    }

    /** 200 ms of COBA with pair STDP on E->E. */
    @Benchmark
    public long stdpCoba(PlasticSim s) {
        s.owner.sim.runSteps(2000);
        return s.owner.sim.spikeCount();
    }
}
