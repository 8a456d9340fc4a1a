package org.shnn.bench.codec;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.MappedBytes;
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
 * The same save and open as {@link SaveBenchmark} / {@link OpenBenchmark}, through Chronicle Bytes
 * {@code MappedBytes} (the library the design names): the four off-heap segments are copied into a mapped
 * file with {@code unsafeWrite(address, length)} (Chronicle's bulk path from native memory), each preceded
 * by its length, then {@code FileChannel.force} of the file for durability (its {@code sync()}
 * msyncs the current chunk only); open = {@code MappedBytes.readOnly} plus reading
 * the four lengths. No checksum, no atomic replace. Single-shot ms. Needs the fork flags below (see
 * {@code shared/notes/toolchain.md}); the SHNN contenders run in the same invocation for the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx3g",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-Dchronicle.analytics.disable=true"})
public class ChronicleBenchmark {

    /** Size of the state in MiB. */
    @Param({"256", "1024"})
    public int sizeMiB;

    /** Chronicle's mapping chunk, bytes. */
    private static final long CHUNK = 64L << 20;
    /** Bytes per {@code unsafeWrite} call (its length is an int). */
    private static final long PIECE = 16L << 20;

    Arena arena;
    MemorySegment[] state;
    Path dir;

    /** Allocates the off-heap state and a directory. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        arena = Arena.ofShared();
        state = StateFiles.offHeap(arena, sizeMiB * (1L << 20));
        dir = StateFiles.newDir();
        saveChronicle(); // so that the open benchmarks find a file
        StateFiles.saveShnn(dir.resolve("state.shnn"), state);
    }

    /** Frees the state and deletes the files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        arena.close();
        StateFiles.deleteDir(dir);
    }

    /** Chronicle: bulk-copy the segments into MappedBytes, then msync. */
    @Benchmark
    public long chronicleSave() throws IOException {
        return saveChronicle();
    }

    private long saveChronicle() throws IOException {
        Path file = dir.resolve("state.chronicle");
        MappedBytes mb = MappedBytes.mappedBytes(file.toFile(), CHUNK);
        long written;
        try {
            for (MemorySegment s : state) {
                mb.writeLong(s.byteSize());
                for (long off = 0; off < s.byteSize(); off += PIECE) {
                    mb.unsafeWrite(s.address() + off, (int) Math.min(PIECE, s.byteSize() - off));
                }
            }
            written = mb.writePosition();
        } finally {
            mb.releaseLast();
        }
        // MappedBytes.sync() msyncs the current chunk only: force the whole file, as the other contenders do.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return written;
    }

    /** SHNN in the same fork: ShnnWriter (checksums, fsync, atomic rename). */
    @Benchmark
    public Path shnnSave() throws IOException {
        Path p = dir.resolve("state.shnn");
        StateFiles.saveShnn(p, state);
        return p;
    }

    /** Chronicle: map read-only and read the four lengths (skipping the arrays). */
    @Benchmark
    public long chronicleOpen() throws IOException {
        MappedBytes mb = MappedBytes.readOnly(dir.resolve("state.chronicle").toFile());
        try {
            long sum = 0;
            long pos = 0;
            for (int k = 0; k < 4; k++) {
                long n = mb.readLong(pos); // absolute: a read-only MappedBytes starts with readLimit 0
                sum += n;
                pos += 8 + n;
            }
            return sum;
        } finally {
            mb.releaseLast();
        }
    }

    /** SHNN in the same fork: map and validate. */
    @Benchmark
    public int shnnOpen() throws IOException {
        try (org.shnn.codec.ShnnFile f = org.shnn.codec.ShnnFile.open(dir.resolve("state.shnn"))) {
            return f.sections().size();
        }
    }
}
