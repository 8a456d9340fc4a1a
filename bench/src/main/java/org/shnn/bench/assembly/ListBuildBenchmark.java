package org.shnn.bench.assembly;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.shnn.codec.Dtype;
import org.shnn.codec.npy.NpyFile;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Projection;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.ProjectionSpec;
import org.shnn.engine.spec.Value;
import org.shnn.engine.synapse.CsrBuilder;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * Building a projection from an explicit list in {@code .npy} files versus building the same synapses from the
 * built-in connector that made them (issue 13: explicit arrays at least as fast as a connector, heap independent
 * of the list size). Setup draws a fixed-probability projection of about {@code synapses} synapses between two
 * populations of {@code neurons} ({@code p = synapses / neurons^2}) and writes its synapses, in CSR order, as two
 * int32 {@code .npy} files. Each contender goes from the description to the off-heap CSR:
 * <ul>
 * <li>{@code connector}: {@code Assembler.network} of a {@code FixedProbabilityConnector}, then
 *     {@code CsrBuilder.build};</li>
 * <li>{@code list}: {@code Assembler.network} of a {@code FromListConnector} over the two mapped files (which
 *     reads and checks the whole list once), then {@code CsrBuilder.build} (counts rows, scatters, checks each
 *     row's order).</li>
 * </ul>
 * The fork runs with {@code -Xmx256m}: at 10^8 synapses the lists are 800 MB, so building from them cannot go
 * through the heap. Single-shot time per build in ms, {@code threads} builder threads.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsPrepend = EngineFlags.ARGFILE, jvmArgsAppend = "-Xmx256m")
@State(Scope.Benchmark)
public class ListBuildBenchmark {

    /** Synapses (about). */
    @Param({"10000000"})
    public long synapses;

    /** Builder threads. */
    @Param({"2"})
    public int threads;

    private Path dir;
    private NetworkSpec connectorSpec;
    private NetworkSpec listSpec;
    private Arena arena;

    /** Draws the projection once and writes its list. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int neurons = (int) Math.max(100, Math.round(Math.sqrt(synapses / 0.25)));
        double p = Math.min(1.0, synapses / ((double) neurons * neurons));
        connectorSpec = spec(neurons, new Connector.FixedProbability(p, true));
        dir = Files.createTempDirectory("shnn-list-bench");
        Path pre = dir.resolve("pre.npy");
        Path post = dir.resolve("post.npy");
        try (Arena a = Arena.ofShared()) {
            CsrMatrix m = build(connectorSpec, a);
            long n = m.synapseCount();
            MemorySegment s = a.allocate(n * Integer.BYTES, 64);
            MemorySegment t = a.allocate(n * Integer.BYTES, 64);
            long k = 0;
            for (int r = 0; r < m.rows(); r++) {
                for (long e = m.rowStart(r); e < m.rowStart(r) + m.rowLength(r); e++, k++) {
                    s.setAtIndex(ValueLayout.JAVA_INT, k, r);
                    t.setAtIndex(ValueLayout.JAVA_INT, k, m.target(e));
                }
            }
            NpyFile.write(pre, Dtype.INT32, new long[] {n}, s);
            NpyFile.write(post, Dtype.INT32, new long[] {n}, t);
        }
        listSpec = spec(neurons, new Connector.FromList(new ArrayRef.Stored(pre, null), new ArrayRef.Stored(post, null),
                null, null));
    }

    private static NetworkSpec spec(int neurons, Connector c) {
        PopulationSpec a = new PopulationSpec("a", neurons, CellType.IF_COND_EXP, Map.of());
        PopulationSpec b = new PopulationSpec("b", neurons, CellType.IF_COND_EXP, Map.of());
        return new NetworkSpec("list-bench", 0.1, 7, List.of(a, b),
                List.of(new ProjectionSpec("a", "b", "excitatory", c, Value.of(0.001), Value.of(0.1))));
    }

    private CsrMatrix build(NetworkSpec spec, Arena a) {
        Network n = Assembler.network(spec);
        Projection pr = n.projections().get(0);
        return CsrBuilder.build(pr, n.populations().get(0).count(), n.populations().get(1).count(), false, n.seed(), a,
                threads);
    }

    /** A fresh arena per build. */
    @Setup(Level.Invocation)
    public void arena() {
        arena = Arena.ofShared();
    }

    /** Frees the build. */
    @TearDown(Level.Invocation)
    public void free() {
        arena.close();
    }

    /** Removes the files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(dir.resolve("pre.npy"));
        Files.deleteIfExists(dir.resolve("post.npy"));
        Files.deleteIfExists(dir);
    }

    /** From the built-in connector. */
    @Benchmark
    public long connector() {
        return build(connectorSpec, arena).synapseCount();
    }

    /** From the mapped list. */
    @Benchmark
    public long list() {
        return build(listSpec, arena).synapseCount();
    }
}
