package org.shnn.bench.codec;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
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

/**
 * Saving {@code sizeMiB} of state, forced to disk: SHNN's {@link org.shnn.codec.ShnnWriter} (off-heap
 * segments streamed with positional channel writes, CRC32C on the fly, temporary file + fsync + atomic
 * rename) against {@code DataOutputStream} (element by element) and {@code ObjectOutputStream}
 * ({@code writeObject} of each array) over a 64 KiB {@code BufferedOutputStream}, then {@code fsync}.
 * Single-shot time per save in ms; throughput = sizeMiB / time.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
@State(Scope.Benchmark)
public class SaveBenchmark {

    /** Size of the state in MiB (four arrays of a quarter each). */
    @Param({"256", "1024"})
    public int sizeMiB;

    /** The off-heap state and the target directory. */
    @State(Scope.Benchmark)
    public static class OffHeap {
        Arena arena;
        MemorySegment[] state;
        Path dir;

        /** Allocates and fills the state. */
        @Setup(Level.Trial)
        public void setUp(SaveBenchmark b) throws IOException {
            arena = Arena.ofShared();
            state = StateFiles.offHeap(arena, b.sizeMiB * (1L << 20));
            dir = StateFiles.newDir();
        }

        /** Frees the state and deletes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            arena.close();
            StateFiles.deleteDir(dir);
        }
    }

    /** The on-heap state and the target directory. */
    @State(Scope.Benchmark)
    public static class OnHeap {
        Object[] state;
        Path dir;

        /** Allocates and fills the arrays. */
        @Setup(Level.Trial)
        public void setUp(SaveBenchmark b) throws IOException {
            state = StateFiles.onHeap(b.sizeMiB * (1L << 20));
            dir = StateFiles.newDir();
        }

        /** Deletes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            StateFiles.deleteDir(dir);
        }
    }

    /** SHNN: ShnnWriter of four sections, committed (fsync + rename + directory fsync). */
    @Benchmark
    public Path shnnWriter(OffHeap s) throws IOException {
        Path p = s.dir.resolve("state.shnn");
        StateFiles.saveShnn(p, s.state);
        return p;
    }

    /** Baseline: DataOutputStream, element by element, then fsync. */
    @Benchmark
    public Path dataOutputStream(OnHeap s) throws IOException {
        Path p = s.dir.resolve("state.data");
        StateFiles.saveData(p, s.state);
        return p;
    }

    /** Baseline: ObjectOutputStream.writeObject of each array, then fsync. */
    @Benchmark
    public Path objectOutputStream(OnHeap s) throws IOException {
        Path p = s.dir.resolve("state.ser");
        StateFiles.saveObject(p, s.state);
        return p;
    }
}
