package org.shnn.bench.propagation;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Projection;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.synapse.CsrBuilder;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.engine.synapse.DeliveryBatch;

/**
 * Spike propagation through a 1000 x 1000 synapse matrix at 10% density: per operation one step's
 * spiking sources (a sorted set of {@link #spikes} distinct rows, cycling through {@value #SETS} fixed
 * sets) add their synapses' weights into a 1000-float input buffer, which is cleared first.
 *
 * <ul>
 *   <li>{@link #shnnCsr}: the engine's off-heap {@link CsrMatrix} (built by {@link CsrBuilder} from an
 *       explicit projection with per-synapse weights and a constant delay) delivered by the engine's
 *       {@link DeliveryBatch}, as the step loop does, into an off-heap float segment;</li>
 *   <li>{@link #heapBatch}: the engine's delivery algorithm and padded layout on heap arrays
 *       ({@link HeapDeliveryBatch}): the off-heap price for the engine's own pattern;</li>
 *   <li>{@link #heapCsr}: the same CSR as plain {@code int[]}/{@code float[]} arrays, row at a time;</li>
 *   <li>{@link #denseRows}: {@code float[source][target]}, skipping zeros;</li>
 *   <li>{@link #objectPerSynapse}: a {@code List} of synapse objects (target + weight) per source;</li>
 *   <li>{@link #denseMatVec}: a target-major {@code float[1000 * 1000]} times the 0/1 spike vector.</li>
 * </ul>
 *
 * <p>{@link #setUp} runs every contender on every spike set and fails unless all five buffers are
 * bit-identical, so the contenders do the same work. Single-threaded; one instance per JMH thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = EngineFlags.ARGFILE)
public class PropagationBenchmark {

    /** Sources and targets. */
    static final int N = 1000;
    /** Synapse probability per (source, target) pair. */
    static final double DENSITY = 0.1;
    /** Seed of the matrix. */
    static final long MATRIX_SEED = 20261125L;
    /** Seed of the spike sets. */
    static final long SPIKE_SEED = 42L;
    /** Number of spike sets cycled through (a power of two). */
    static final int SETS = 16;
    /** Rows per delivery batch, the engine's {@code StepWorker.DELIVERY_BATCH}. */
    static final int BATCH = 32;

    /** Spiking sources per step: 10, 50, 200 = 1%, 5%, 20% of 1000. */
    @Param({"10", "50", "200"})
    public int spikes;

    /** One synapse of the object-per-synapse contender. */
    record Synapse(int target, float weight) {
    }

    private Arena arena;
    private CsrMatrix csr;
    private MemorySegment outSegment;
    private int[] rowPtr;
    private int[] csrTargets;
    private float[] csrWeights;
    private float[][] dense;
    private List<List<Synapse>> objects;
    private float[] matrix;
    private float[] out;
    private int[][] spikeSets;
    private float[][] spikeVectors;
    private int next;
    private DeliveryBatch batch;
    private HeapDeliveryBatch heapBatch;
    private float[] outBatch;

    /**
     * Builds every representation from one {@link SynapseFixture} and checks that all contenders give
     * bit-identical buffers on every spike set.
     *
     * @throws IllegalStateException if the engine CSR is not the per-synapse-weight layout or two
     *         contenders disagree (the message names the set and the target)
     */
    @Setup(Level.Trial)
    public void setUp() {
        SynapseFixture f = new SynapseFixture(N, DENSITY, MATRIX_SEED);
        int[] s = f.sources();
        int[] t = f.targets();
        float[] w = f.weights();
        arena = Arena.ofShared();
        Projection p = new Projection(0, 0, 0, 0, new Connectivity.Explicit(s, t, w, null), new WeightRule.Constant(0f),
                new DelayRule.Constant(1), true);
        csr = CsrBuilder.build(p, N, N, false, MATRIX_SEED, arena, 1);
        if (!csr.hasWeightArray() || csr.hasDelayArray() || csr.synapseCount() != f.synapseCount()) {
            throw new IllegalStateException("engine CSR: weight array " + csr.hasWeightArray() + ", delay array "
                    + csr.hasDelayArray() + ", " + csr.synapseCount() + " synapses, expected per-synapse weights, "
                    + "constant delay and " + f.synapseCount() + " synapses");
        }
        outSegment = arena.allocate(JAVA_FLOAT, N);
        batch = new DeliveryBatch(1, BATCH);
        heapBatch = new HeapDeliveryBatch(csr, BATCH);
        outBatch = new float[N];
        rowPtr = new int[N + 1];
        for (int source : s) {
            rowPtr[source + 1]++;
        }
        for (int i = 0; i < N; i++) {
            rowPtr[i + 1] += rowPtr[i];
        }
        csrTargets = t.clone();
        csrWeights = w.clone();
        dense = new float[N][N];
        objects = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            objects.add(new ArrayList<>());
        }
        matrix = new float[N * N];
        for (int k = 0; k < s.length; k++) {
            dense[s[k]][t[k]] = w[k];
            objects.get(s[k]).add(new Synapse(t[k], w[k]));
            matrix[t[k] * N + s[k]] = w[k];
        }
        out = new float[N];
        spikeSets = f.spikeSets(spikes, SETS, SPIKE_SEED);
        spikeVectors = new float[SETS][N];
        for (int k = 0; k < SETS; k++) {
            for (int i : spikeSets[k]) {
                spikeVectors[k][i] = 1f;
            }
        }
        verify();
    }

    /** Frees the engine CSR and the off-heap buffer. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private void verify() {
        for (int k = 0; k < SETS; k++) {
            next = k;
            float[] expected = shnnCsr().toArray(JAVA_FLOAT);
            float[][] others = new float[5][];
            next = k;
            others[0] = heapCsr().clone();
            next = k;
            others[1] = denseRows().clone();
            next = k;
            others[2] = objectPerSynapse().clone();
            next = k;
            others[3] = denseMatVec().clone();
            next = k;
            others[4] = heapBatch().clone();
            String[] names = {"heapCsr", "denseRows", "objectPerSynapse", "denseMatVec", "heapBatch"};
            for (int c = 0; c < others.length; c++) {
                int i = Arrays.mismatch(expected, others[c]);
                if (i >= 0) {
                    throw new IllegalStateException("spike set " + k + " (" + spikes + " spikes): " + names[c]
                            + " gives " + others[c][i] + " at target " + i + ", shnnCsr " + expected[i]);
                }
            }
        }
        next = 0;
    }

    private int[] nextSet() {
        int[] set = spikeSets[next];
        next = (next + 1) & (SETS - 1);
        return set;
    }

    /**
     * Engine CSR into an off-heap buffer, through the engine's own delivery code: one
     * {@link DeliveryBatch} (capacity {@value #BATCH}, as {@code StepWorker}) gets every spiking row
     * for targets [0, N) and is flushed at the end of the step.
     *
     * @return the buffer (the benchmark's own segment, valid until tear-down)
     */
    @Benchmark
    public MemorySegment shnnCsr() {
        MemorySegment dst = outSegment;
        dst.fill((byte) 0);
        DeliveryBatch b = batch;
        b.target(0, csr, 0, N, dst);
        for (int row : nextSet()) {
            b.add(0, row);
        }
        b.flush();
        return dst;
    }

    /**
     * The engine's delivery algorithm and padded CSR layout on heap arrays ({@link HeapDeliveryBatch}, capacity
     * {@value #BATCH}): {@link #shnnCsr} with the heap in place of off-heap memory.
     *
     * @return the benchmark's own buffer
     */
    @Benchmark
    public float[] heapBatch() {
        float[] o = outBatch;
        Arrays.fill(o, 0f);
        HeapDeliveryBatch b = heapBatch;
        b.target(N, o);
        for (int row : nextSet()) {
            b.add(row);
        }
        b.flush();
        return o;
    }

    /**
     * Heap CSR arrays.
     *
     * @return the benchmark's own buffer
     */
    @Benchmark
    public float[] heapCsr() {
        float[] o = out;
        Arrays.fill(o, 0f);
        int[] ptr = rowPtr;
        int[] tg = csrTargets;
        float[] wt = csrWeights;
        for (int row : nextSet()) {
            for (int k = ptr[row], e = ptr[row + 1]; k < e; k++) {
                o[tg[k]] += wt[k];
            }
        }
        return o;
    }

    /**
     * Dense heap rows, zeros skipped.
     *
     * @return the benchmark's own buffer
     */
    @Benchmark
    public float[] denseRows() {
        float[] o = out;
        Arrays.fill(o, 0f);
        for (int row : nextSet()) {
            float[] r = dense[row];
            for (int j = 0; j < r.length; j++) {
                float w = r[j];
                if (w != 0f) {
                    o[j] += w;
                }
            }
        }
        return o;
    }

    /**
     * One object per synapse in a list per source.
     *
     * @return the benchmark's own buffer
     */
    @Benchmark
    public float[] objectPerSynapse() {
        float[] o = out;
        Arrays.fill(o, 0f);
        for (int row : nextSet()) {
            for (Synapse syn : objects.get(row)) {
                o[syn.target()] += syn.weight();
            }
        }
        return o;
    }

    /**
     * Dense matrix (target-major) times the 0/1 spike vector: every weight is read whatever spiked.
     *
     * @return the benchmark's own buffer
     */
    @Benchmark
    public float[] denseMatVec() {
        float[] o = out;
        float[] m = matrix;
        float[] v = spikeVectors[next];
        nextSet();
        for (int j = 0; j < N; j++) {
            float acc = 0f;
            int base = j * N;
            for (int i = 0; i < N; i++) {
                acc += m[base + i] * v[i];
            }
            o[j] = acc;
        }
        return o;
    }
}
