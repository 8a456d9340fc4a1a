package org.shnn.bench.neuron;


import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.shnn.bench.EngineFlags;
import org.shnn.engine.neuron.LifCobaModel;
import org.shnn.engine.neuron.LifCobaParams;
import org.shnn.engine.neuron.PopulationState;

/**
 * One time step of the conductance-based LIF update (exponential Euler with midpoint conductances, one
 * {@code exp} and one division per neuron) for a population: the engine's {@link LifCobaModel#step} on its
 * off-heap state, with its vector kernel ({@link #engineStep}) and with its scalar loop
 * ({@link #engineStepScalar}, a fork with {@code -Dshnn.simd=false}), against the same arithmetic on plain heap
 * {@code double[]}/{@code int[]}/{@code float[]} columns with {@link Math#exp} ({@link #heapArrays}; the engine
 * uses its own deterministic exp, which differs from {@code Math.exp} by at most 1 ulp). Brian2's COBA
 * parameters, dt 0.1 ms, constant random conductance input per neuron (0-1 nS excitatory, 0-0.5 nS inhibitory
 * per step: steady conductances up to 50 nS each, so some neurons fire regularly and some stay below
 * threshold). {@link #setUp} runs engine and heap copy for 1000 steps and fails unless they fire the same
 * number of spikes, so they do the same work. Single-threaded; one instance per JMH thread. Score: ns per step
 * of the whole population.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = EngineFlags.ARGFILE)
public class LifCobaStepBenchmark {

    private static final double DT = 0.1;

    /** Population size: the 4,000 of the Vogels-Abbott benchmark, and 40,000. */
    @Param({"4000", "40000"})
    public int neurons;

    private Arena arena;
    private LifCobaModel model;
    private PopulationState state;
    private StepInput in;
    private long spikes;

    private double[] v;
    private double[] gExc;
    private double[] gInh;
    private int[] refractory;
    private double p11Exc;
    private double p11Inh;
    private double halfExc;
    private double halfInh;
    private double minusDtOverC;
    private int refractorySteps;
    private LifCobaParams p;

    /** Builds both populations with the same random initial potentials and inputs; checks equal spike counts. */
    @Setup(Level.Trial)
    public void setUp() {
        p = LifCobaParams.brian2Coba();
        model = new LifCobaModel(p, DT);
        arena = Arena.ofShared();
        state = model.allocateState(arena, neurons);
        v = new double[neurons];
        gExc = new double[neurons];
        gInh = new double[neurons];
        refractory = new int[neurons];
        float[] exc = new float[neurons];
        float[] inh = new float[neurons];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < neurons; i++) {
            double v0 = -60 + 10 * r.nextDouble();
            model.setMembranePotential(state, i, v0);
            v[i] = v0;
            float e = (float) r.nextDouble();
            float in = (float) (0.5 * r.nextDouble());
            exc[i] = e;
            inh[i] = in;
        }
        in = new StepInput(arena, exc, inh);
        p11Exc = Math.exp(-DT / p.tauSynExc());
        p11Inh = Math.exp(-DT / p.tauSynInh());
        halfExc = Math.exp(-0.5 * DT / p.tauSynExc());
        halfInh = Math.exp(-0.5 * DT / p.tauSynInh());
        minusDtOverC = -DT / p.cM();
        refractorySteps = model.refractorySteps();
        long engineSpikes = 0;
        long heapSpikes = 0;
        for (int k = 0; k < 1000; k++) {
            spikes = 0;
            in.refillEngine();
            model.step(state, 0, neurons, in.engine, null, i -> spikes++);
            engineSpikes += spikes;
            in.refillHeap();
            heapSpikes += heapStep();
        }
        if (engineSpikes != heapSpikes || engineSpikes == 0) {
            throw new IllegalStateException("engine fired " + engineSpikes + " spikes, heap copy " + heapSpikes);
        }
    }

    /** Frees the off-heap state. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** The engine: {@link LifCobaModel#step} over the whole population, vector kernel (if the JVM has it). */
    @Benchmark
    public long engineStep() {
        spikes = 0;
        in.refillEngine();
        model.step(state, 0, neurons, in.engine, null, i -> spikes++);
        return spikes;
    }

    /** The engine's scalar loop: the same as {@link #engineStep} in a fork with {@code -Dshnn.simd=false}. */
    @Benchmark
    @Fork(value = 1, jvmArgsPrepend = EngineFlags.ARGFILE, jvmArgsAppend = "-Dshnn.simd=false")
    public long engineStepScalar() {
        return engineStep();
    }

    /** The same update on heap arrays, with {@link Math#exp}. */
    @Benchmark
    public long heapArrays() {
        in.refillHeap();
        return heapStep();
    }

    private long heapStep() {
        double gL = p.gL();
        double gLeL = p.gL() * p.eL();
        double eExc = p.eExc();
        double eInh = p.eInh();
        double iE = p.iE();
        double vTh = p.vTh();
        double vReset = p.vReset();
        long fired = 0;
        for (int i = 0; i < neurons; i++) {
            double vi = v[i];
            double ge = gExc[i];
            double gi = gInh[i];
            int ref = refractory[i];
            if (ref == 0) {
                double geMid = ge * halfExc;
                double giMid = gi * halfInh;
                double gTot = gL + geMid + giMid;
                double vInf = (gLeL + geMid * eExc + giMid * eInh + iE) / gTot;
                vi = vInf + (vi - vInf) * Math.exp(minusDtOverC * gTot);
            } else {
                ref--;
            }
            ge = ge * p11Exc + in.exc[i];
            gi = gi * p11Inh + in.inh[i];
            in.exc[i] = 0f; // consumed, as the engine's step does (NeuronModel.consumesInput)
            in.inh[i] = 0f;
            if (vi >= vTh) {
                vi = vReset;
                ref = refractorySteps;
                fired++;
            }
            v[i] = vi;
            gExc[i] = ge;
            gInh[i] = gi;
            refractory[i] = ref;
        }
        return fired;
    }
}
