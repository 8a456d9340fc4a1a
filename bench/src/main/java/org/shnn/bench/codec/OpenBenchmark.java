package org.shnn.bench.codec;

import java.io.IOException;
import java.lang.foreign.Arena;
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
import org.openjdk.jmh.infra.Blackhole;
import org.shnn.codec.ShnnFile;

/**
 * Opening {@code sizeMiB} of saved state (files written once per trial; the page cache is warm for every
 * contender, so this measures the CPU side, not the disk):
 * <ul>
 * <li>{@code shnnOpen}: {@link ShnnFile#open} — map, validate header and table — then close: the state is
 *     usable at this point, pages fault in as they are touched;</li>
 * <li>{@code shnnOpenScan}: the same plus reading every byte once (8 bytes at a time), the fair comparison
 *     with loaders that read everything;</li>
 * <li>{@code shnnOpenVerify}: open with {@code Option.VERIFY} (CRC32C of every section);</li>
 * <li>{@code dataInputStream}, {@code objectInputStream}: read the baseline files back into new heap
 *     arrays.</li>
 * </ul>
 * Single-shot time per open in ms.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
@State(Scope.Benchmark)
public class OpenBenchmark {

    /** Size of the state in MiB. */
    @Param({"256", "1024"})
    public int sizeMiB;

    /** The SHNN file, written once per trial from off-heap state. */
    @State(Scope.Benchmark)
    public static class ShnnSaved {
        Path dir;
        Path file;

        /** Writes the file. */
        @Setup(Level.Trial)
        public void setUp(OpenBenchmark b) throws IOException {
            dir = StateFiles.newDir();
            file = dir.resolve("state.shnn");
            try (Arena arena = Arena.ofConfined()) {
                StateFiles.saveShnn(file, StateFiles.offHeap(arena, b.sizeMiB * (1L << 20)));
            }
        }

        /** Deletes the file. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            StateFiles.deleteDir(dir);
        }
    }

    /** The baseline files, written once per trial from heap arrays. */
    @State(Scope.Benchmark)
    public static class StreamSaved {
        Path dir;
        Path data;
        Path ser;

        /** Writes both files. */
        @Setup(Level.Trial)
        public void setUp(OpenBenchmark b) throws IOException {
            dir = StateFiles.newDir();
            data = dir.resolve("state.data");
            ser = dir.resolve("state.ser");
            Object[] state = StateFiles.onHeap(b.sizeMiB * (1L << 20));
            StateFiles.saveData(data, state);
            StateFiles.saveObject(ser, state);
        }

        /** Deletes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            StateFiles.deleteDir(dir);
        }
    }

    /** SHNN: map and validate; the sections are usable views. */
    @Benchmark
    public int shnnOpen(ShnnSaved s) throws IOException {
        try (ShnnFile f = ShnnFile.open(s.file)) {
            return f.sections().size();
        }
    }

    /** SHNN: map, validate and read every byte once. */
    @Benchmark
    public long shnnOpenScan(ShnnSaved s) throws IOException {
        try (ShnnFile f = ShnnFile.open(s.file)) {
            return StateFiles.scan(f);
        }
    }

    /** SHNN: map, validate and verify every section's CRC32C. */
    @Benchmark
    public int shnnOpenVerify(ShnnSaved s) throws IOException {
        try (ShnnFile f = ShnnFile.open(s.file, ShnnFile.Option.VERIFY)) {
            return f.sections().size();
        }
    }

    /** Baseline: DataInputStream into new heap arrays. */
    @Benchmark
    public void dataInputStream(StreamSaved s, Blackhole bh) throws IOException {
        bh.consume(StateFiles.loadData(s.data));
    }

    /** Baseline: ObjectInputStream.readObject of each array. */
    @Benchmark
    public void objectInputStream(StreamSaved s, Blackhole bh) throws IOException, ClassNotFoundException {
        bh.consume(StateFiles.loadObject(s.ser));
    }
}
