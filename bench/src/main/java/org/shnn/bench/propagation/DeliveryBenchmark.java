package org.shnn.bench.propagation;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
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
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Projection;
import org.shnn.engine.network.TsodyksMarkram;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.synapse.CsrBuilder;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.engine.synapse.DeliveryBatch;
import org.shnn.engine.synapse.ShortTermState;

/**
 * One step's spike delivery at the size of the COBA benchmark at 40,000 neurons, where the matrix does
 * not fit in the caches: a 40,000 x 40,000 projection drawn with p = 0.002 (80 synapses per row, about
 * 3.2 million, 12.8 MB of targets), constant weight, and {@value #SPIKES} spiking rows per operation
 * (COBA's mean per 0.1 ms step), from {@value #SETS} fixed sorted spike sets cycled, so rows come
 * from all over the matrix. The 40,000-float destination is not cleared (the engine clears a ring row
 * in the neuron phase, not in delivery).
 *
 * <ul>
 *   <li>{@link #shnnCsr}: the engine's {@link CsrMatrix} and {@link DeliveryBatch} with {@link #batch}
 *       rows per batch; the engine uses 32, and 1 is row-at-a-time delivery (each row's offsets and
 *       first targets are loaded just before its additions);</li>
 *   <li>{@link #shnnCsrShortTerm}: {@link #shnnCsr} with Tsodyks-Markram synapses: each spiking row's
 *       {@link ShortTermState#release} (three exponentials) and its weights scaled by the result, spikes
 *       10 steps apart;</li>
 *   <li>{@link #heapCsr}: the same rows as heap {@code int[]} row pointers and targets (no padding),
 *       delivered row at a time into a {@code float[]};</li>
 *   <li>{@link #heapBatch}: the engine's delivery algorithm and padded layout on heap arrays
 *       ({@link HeapDeliveryBatch}, {@link #batch} rows per batch): the off-heap price for the engine's own
 *       pattern.</li>
 *   <li>{@link #shnnCsrSecondHalf} and {@link #shnnCsrSecondHalfRowStarts}: the engine's delivery into targets
 *       [N/2, N) only, as the second of two worker ranges does: each row's start in the range found by binary
 *       search every time, or kept in a table of row starts after the first search.</li>
 * </ul>
 *
 * <p>{@link #setUp} delivers every spike set with both contenders into zeroed buffers and fails unless
 * they are bit-identical. Single-threaded; one instance per JMH thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = EngineFlags.ARGFILE)
public class DeliveryBenchmark {

    /** Sources and targets. */
    static final int N = 40_000;
    /** Synapse probability per pair (80 per row on average). */
    static final double DENSITY = 0.002;
    /** Spiking rows per operation. */
    static final int SPIKES = 85;
    /** Spike sets cycled through (a power of two). */
    static final int SETS = 1024;
    /** The synapses' weight. */
    static final float WEIGHT = 0.25f;
    /** Seed of the matrix and of the spike sets. */
    static final long SEED = 20261125L;

    /** Rows per {@link DeliveryBatch}: 1 = row at a time, 32 = the engine's choice. */
    @Param({"1", "8", "32", "128"})
    public int batch;

    private Arena arena;
    private CsrMatrix csr;
    private DeliveryBatch rows;
    private MemorySegment rowStarts;
    private MemorySegment outSegment;
    private int[] rowPtr;
    private int[] targets;
    private float[] out;
    private HeapDeliveryBatch heapRows;
    private float[] outBatch;
    private int[][] spikeSets;
    private int next;
    private ShortTermState shortTerm;
    private long step;

    /**
     * Builds the matrix, its heap copy and the spike sets; checks that both contenders agree.
     *
     * @throws IllegalStateException if the engine matrix has per-synapse weights or delays, or the
     *         contenders disagree (the message names the set and the target)
     */
    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        Projection p = new Projection(0, 0, 0, 0, new Connectivity.FixedProbability(DENSITY),
                new WeightRule.Constant(WEIGHT), new DelayRule.Constant(1), true);
        csr = CsrBuilder.build(p, N, N, false, SEED, arena, 1);
        if (csr.hasWeightArray() || csr.hasDelayArray()) {
            throw new IllegalStateException("engine CSR: expected constant weight and delay");
        }
        rows = new DeliveryBatch(1, batch);
        shortTerm = ShortTermState.allocate(arena, new TsodyksMarkram(0.5, 100, 50, 3), 0.1, N, 1);
        rowStarts = DeliveryBatch.rowStarts(csr, N / 2, arena);
        heapRows = new HeapDeliveryBatch(csr, batch);
        outBatch = new float[N];
        outSegment = arena.allocate((long) N * Float.BYTES, 64);
        out = new float[N];
        rowPtr = new int[N + 1];
        targets = new int[Math.toIntExact(csr.synapseCount())];
        int q = 0;
        for (int r = 0; r < N; r++) {
            int len = csr.rowLength(r);
            for (long k = csr.rowStart(r); k < csr.rowStart(r) + len; k++) {
                targets[q++] = csr.target(k);
            }
            rowPtr[r + 1] = q;
        }
        SplittableRandom rnd = new SplittableRandom(SEED);
        spikeSets = new int[SETS][];
        for (int s = 0; s < SETS; s++) {
            spikeSets[s] = rnd.ints(0, N).distinct().limit(SPIKES).sorted().toArray();
        }
        for (int s = 0; s < SETS; s++) {
            outSegment.fill((byte) 0);
            Arrays.fill(out, 0f);
            Arrays.fill(outBatch, 0f);
            next = s;
            float[] engine = shnnCsr().toArray(JAVA_FLOAT);
            next = s;
            float[] heap = heapCsr();
            next = s;
            float[] heapB = heapBatch();
            for (float[] other : new float[][] {heap, heapB}) {
                int i = Arrays.mismatch(engine, other);
                if (i >= 0) {
                    throw new IllegalStateException("spike set " + s + ": " + (other == heap ? "heapCsr" : "heapBatch")
                            + " gives " + other[i] + " at target " + i + ", shnnCsr " + engine[i]);
                }
            }
        }
        next = 0;
    }

    /** Frees the matrix and the off-heap buffer. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private int[] nextSet() {
        int[] set = spikeSets[next];
        next = (next + 1) & (SETS - 1);
        return set;
    }

    /**
     * The engine's delivery.
     *
     * @return the buffer (the benchmark's own segment, valid until tear-down)
     */
    @Benchmark
    public MemorySegment shnnCsr() {
        DeliveryBatch b = rows;
        MemorySegment dst = outSegment;
        b.target(0, csr, 0, N, dst);
        for (int row : nextSet()) {
            b.add(0, row);
        }
        b.flush();
        return dst;
    }

    /**
     * The engine's delivery through Tsodyks-Markram synapses (a row factor per spike).
     *
     * @return the buffer (the benchmark's own segment, valid until tear-down)
     */
    @Benchmark
    public MemorySegment shnnCsrShortTerm() {
        DeliveryBatch b = rows;
        MemorySegment dst = outSegment;
        ShortTermState stp = shortTerm;
        long t = step += 10;
        b.target(0, csr, 0, N, dst);
        for (int row : nextSet()) {
            b.add(0, row, stp.release(0, row, t));
        }
        b.flush();
        return dst;
    }

    /**
     * The engine's delivery into the second half of the targets, the range's start in each row by binary search.
     *
     * @return the buffer
     */
    @Benchmark
    public MemorySegment shnnCsrSecondHalf() {
        DeliveryBatch b = rows;
        MemorySegment dst = outSegment;
        b.target(0, csr, N / 2, N, dst);
        for (int row : nextSet()) {
            b.add(0, row);
        }
        b.flush();
        return dst;
    }

    /**
     * As {@link #shnnCsrSecondHalf}, with the range's start in each row kept in a table after its first search.
     *
     * @return the buffer
     */
    @Benchmark
    public MemorySegment shnnCsrSecondHalfRowStarts() {
        DeliveryBatch b = rows;
        MemorySegment dst = outSegment;
        b.target(0, csr, N / 2, N, dst, rowStarts);
        for (int row : nextSet()) {
            b.add(0, row);
        }
        b.flush();
        return dst;
    }

    /**
     * The engine's delivery algorithm and padded layout on heap arrays ({@link HeapDeliveryBatch}, {@link #batch}
     * rows per batch): {@link #shnnCsr} with the heap in place of off-heap memory.
     *
     * @return the benchmark's own buffer
     */
    @Benchmark
    public float[] heapBatch() {
        HeapDeliveryBatch b = heapRows;
        float[] o = outBatch;
        b.target(N, o);
        for (int row : nextSet()) {
            b.add(row);
        }
        b.flush();
        return o;
    }

    /**
     * Heap CSR arrays, row at a time.
     *
     * @return the benchmark's own buffer
     */
    @Benchmark
    public float[] heapCsr() {
        float[] o = out;
        int[] ptr = rowPtr;
        int[] tg = targets;
        for (int row : nextSet()) {
            for (int k = ptr[row], e = ptr[row + 1]; k < e; k++) {
                o[tg[k]] += WEIGHT;
            }
        }
        return o;
    }
}
