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
import org.shnn.engine.neuron.LifCubaModel;
import org.shnn.engine.neuron.LifCubaParams;
import org.shnn.engine.neuron.PopulationState;

/**
 * One time step of the exact current-based LIF update for a population: the engine's {@link LifCubaModel#step}
 * on its off-heap struct-of-arrays state against the same arithmetic (same propagators, same order, same
 * refractory handling) on plain heap {@code double[]}/{@code int[]}/{@code float[]} columns — the upper bound
 * the JIT reaches for this loop without off-heap memory. Brian2's CUBA parameters (E_L -49 mV above V_th
 * -50 mV, so every neuron fires regularly), dt 0.1 ms, constant synaptic input. {@link #setUp} runs both for
 * 1000 steps and fails unless they fire the same number of spikes, so they do the same work.
 * Single-threaded; one instance per JMH thread. Score: ns per step of the whole population.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = EngineFlags.ARGFILE)
public class LifCubaStepBenchmark {

    private static final double DT = 0.1;

    /** Population size: fits L2 (4,000) or not quite (40,000). */
    @Param({"4000", "40000"})
    public int neurons;

    private Arena arena;
    private LifCubaModel model;
    private PopulationState state;
    private StepInput in;
    private long spikes;

    private double[] v;
    private double[] iExc;
    private double[] iInh;
    private int[] refractory;
    private double p11Exc;
    private double p11Inh;
    private double p22;
    private double p21Exc;
    private double p21Inh;
    private double p20;
    private int refractorySteps;
    private LifCubaParams p;

    /** Builds both populations with the same random initial potentials and checks equal spike counts. */
    @Setup(Level.Trial)
    public void setUp() {
        p = LifCubaParams.defaults().withEL(-49).withVTh(-50).withVReset(-60).withTRef(5);
        model = new LifCubaModel(p, DT);
        arena = Arena.ofShared();
        state = model.allocateState(arena, neurons);
        v = new double[neurons];
        iExc = new double[neurons];
        iInh = new double[neurons];
        refractory = new int[neurons];
        float[] exc = new float[neurons];
        float[] inh = new float[neurons];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < neurons; i++) {
            double v0 = -60 + 10 * r.nextDouble();
            model.setMembranePotential(state, i, v0);
            v[i] = v0;
            float e = (float) (20 * r.nextDouble());
            float in = (float) (-20 * r.nextDouble());
            exc[i] = e;
            inh[i] = in;
        }
        in = new StepInput(arena, exc, inh);
        p11Exc = Math.exp(-DT / p.tauSynExc());
        p11Inh = Math.exp(-DT / p.tauSynInh());
        p22 = Math.exp(-DT / p.tauM());
        p21Exc = p21(p.tauSynExc());
        p21Inh = p21(p.tauSynInh());
        p20 = -p.tauM() / p.cM() * Math.expm1(-DT / p.tauM());
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

    private double p21(double tauSyn) {
        double beta = tauSyn * p.tauM() / (p.tauM() - tauSyn);
        double invBeta = (p.tauM() - tauSyn) / (tauSyn * p.tauM());
        return beta / p.cM() * Math.exp(-DT / tauSyn) * Math.expm1(DT * invBeta);
    }

    /** The engine: {@link LifCubaModel#step} over the whole population. */
    @Benchmark
    public long engineStep() {
        spikes = 0;
        in.refillEngine();
        model.step(state, 0, neurons, in.engine, null, i -> spikes++);
        return spikes;
    }

    /** The same update on heap arrays. */
    @Benchmark
    public long heapArrays() {
        in.refillHeap();
        return heapStep();
    }

    private long heapStep() {
        double eL = p.eL();
        double iE = p.iE();
        double vTh = p.vTh();
        double vReset = p.vReset();
        long fired = 0;
        for (int i = 0; i < neurons; i++) {
            double vi = v[i];
            double ie = iExc[i];
            double ii = iInh[i];
            int ref = refractory[i];
            if (ref == 0) {
                vi = eL + (vi - eL) * p22 + ie * p21Exc + ii * p21Inh + iE * p20;
            } else {
                ref--;
            }
            ie = ie * p11Exc + in.exc[i];
            ii = ii * p11Inh + in.inh[i];
            in.exc[i] = 0f; // consumed, as the engine's step does (NeuronModel.consumesInput)
            in.inh[i] = 0f;
            if (vi >= vTh) {
                vi = vReset;
                ref = refractorySteps;
                fired++;
            }
            v[i] = vi;
            iExc[i] = ie;
            iInh[i] = ii;
            refractory[i] = ref;
        }
        return fired;
    }
}
