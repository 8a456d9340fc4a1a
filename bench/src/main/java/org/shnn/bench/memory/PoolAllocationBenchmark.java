package org.shnn.bench.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Threads;
import org.shnn.memory.pool.ArenaPool;

/**
 * One request's life, allocate + touch + give back, for 64 B, 4 KiB and 64 KiB, on 1 and 2 threads:
 * <ul>
 *   <li>{@code pooled*}: {@link ArenaPool#allocate(long)} + {@link ArenaPool#free(MemorySegment)} on one
 *       pool shared by all benchmark threads (free-list reuse, accounting included);</li>
 *   <li>{@code confinedArena*} (baseline): {@code Arena.ofConfined()}, {@code allocate(size, 64)},
 *       {@code close()} per request (malloc + free underneath);</li>
 *   <li>{@code allocateDirect*} (baseline): {@link ByteBuffer#allocateDirect(int)}, whose memory the
 *       garbage collector's cleaner frees later, so its real cost includes that deferred work.</li>
 * </ul>
 * All three hand out zeroed memory. Each writes one long so the memory is really used.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class PoolAllocationBenchmark {

    /** Request size in bytes. */
    @Param({"64", "4096", "65536"})
    public int size;

    private ArenaPool pool;

    /** One pool for the whole trial, shared by the benchmark threads. */
    @Setup(Level.Trial)
    public void setUp() {
        pool = ArenaPool.create("bench");
    }

    /** Closes the pool; every request freed its segment, so the leak report must be clean. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.closeAndReport().assertClean();
    }

    private long pooledOnce() {
        MemorySegment s = pool.allocate(size);
        s.set(ValueLayout.JAVA_LONG, 0, size);
        long address = s.address();
        pool.free(s);
        return address;
    }

    private long confinedArenaOnce() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(size, 64);
            s.set(ValueLayout.JAVA_LONG, 0, size);
            return s.address();
        }
    }

    private ByteBuffer allocateDirectOnce() {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        b.putLong(0, size);
        return b;
    }

    /** Pool, one thread. */
    @Benchmark
    @Threads(1)
    public long pooled1T() {
        return pooledOnce();
    }

    /** Baseline: arena per request, one thread. */
    @Benchmark
    @Threads(1)
    public long confinedArena1T() {
        return confinedArenaOnce();
    }

    /** Baseline: direct buffer per request, one thread. */
    @Benchmark
    @Threads(1)
    public ByteBuffer allocateDirect1T() {
        return allocateDirectOnce();
    }

    /** Pool, two threads sharing it. */
    @Benchmark
    @Threads(2)
    public long pooled2T() {
        return pooledOnce();
    }

    /** Baseline: arena per request, two threads. */
    @Benchmark
    @Threads(2)
    public long confinedArena2T() {
        return confinedArenaOnce();
    }

    /** Baseline: direct buffer per request, two threads. */
    @Benchmark
    @Threads(2)
    public ByteBuffer allocateDirect2T() {
        return allocateDirectOnce();
    }
}
