package org.shnn.bench.mpi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import org.shnn.interop.mpi.Mpi;
import org.shnn.memory.pool.ArenaPool;

/**
 * The cost of the spike exchange per min-delay interval through SHNN's MPI binding ({@link Mpi}), the Java half of
 * a comparison whose C half is {@code bench/mpi/exchange.c} (issue 16's goal: within 1.1x of C). Per interval every
 * rank does what the engine's {@code RankExchange} does: {@link Mpi#allgather} of its count, prefix sums into the
 * displacements, {@link Mpi#allgatherv} of its block, from and into off-heap segments allocated once at the
 * trace's largest size from an {@link ArenaPool}, the engine's memory (a shared arena: the downcall acquires and
 * releases each segment argument atomically, as it does the engine's; confined segments would make the Java side
 * cheaper than the engine). The counts replay a trace of a real run (written by {@code bench/mpi_bench.py}: ranks,
 * intervals, steps per interval, then intervals x ranks counts, little-endian int32), so Java and C move the
 * message sizes that run moved. Each block's first int is its rank, checked after every Allgatherv, as in C.
 *
 * <p>Not JMH: the measured code is a collective that needs every rank of an {@code mpirun} job in step, and JMH's
 * forked JVMs would each be a separate singleton MPI process. The driver runs the C and Java programs alternately
 * under the same launcher flags and reports the ratio of their medians.
 *
 * <p>With the system property {@code shnn.bench.exchangeLibrary} naming {@code exchange.c} built as a shared library,
 * each pass is instead one downcall to its {@code shnn_exchange_pass}: C's own loop, run inside this JVM process
 * ({@code "impl": "c_in_jvm"}). Java against that is the binding's cost; that against the C program is the host
 * process's (bench/RESULTS.md section 42 found the latter, not the binding, behind most of the 2-rank gap).
 *
 * <p>Usage: {@code mpirun -n R java @scripts/jvm.args -cp benchmarks.jar org.shnn.bench.mpi.ExchangeCost TRACE
 * REPETITIONS WARMUP_REPETITIONS [WARMUP_SECONDS]}: at least WARMUP_REPETITIONS unmeasured passes, more until
 * WARMUP_SECONDS of rank 0's wall have passed (rank 0 decides after each pass, an Allreduce tells the others), as
 * {@code exchange.c}; the driver adds {@code -Xbatch}, since on a busy machine C2's compiler thread waits seconds
 * for a core. Prints one JSON line on rank 0 with the wall and the CPU time of the calling thread
 * (CLOCK_THREAD_CPUTIME_ID, as C) of each measured repetition of the whole trace, in seconds.
 */
public final class ExchangeCost {

    /** C's pass over the trace, {@code exchange.c}'s {@code shnn_exchange_pass}, or null for the Java loop. */
    private static final MethodHandle C_PASS = cPass(System.getProperty("shnn.bench.exchangeLibrary"));

    private ExchangeCost() {
    }

    private static MethodHandle cPass(String library) {
        if (library == null) {
            return null;
        }
        MemorySegment symbol = SymbolLookup.libraryLookup(Path.of(library), Arena.global()).find("shnn_exchange_pass")
                .orElseThrow(() -> new IllegalArgumentException(library + " has no symbol shnn_exchange_pass"));
        // (const int32_t *trace, long intervals, int rank, int size, const int32_t *send, int32_t *recv, int *counts,
        //  int *displs)
        return Linker.nativeLinker().downcallHandle(symbol, FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    }

    /** Runs the measurement; see the class comment. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: ExchangeCost TRACE REPETITIONS WARMUP_REPETITIONS [WARMUP_SECONDS]");
        }
        int reps = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        double warmupSeconds = args.length == 4 ? Double.parseDouble(args[3]) : 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Mpi mpi = Mpi.open(); ArenaPool memory = ArenaPool.create("exchange-cost")) {
            int rank = mpi.rank();
            int size = mpi.size();
            int[] trace = readTrace(Path.of(args[0]), size);
            int intervals = trace.length / size;
            long most = 0;
            long sum = 0;
            for (int i = 0; i < intervals; i++) {
                long s = 0;
                for (int r = 0; r < size; r++) {
                    s += trace[i * size + r];
                }
                most = Math.max(most, trace[i * size + rank]);
                sum = Math.max(sum, s);
            }
            MemorySegment traceInts = memory.allocate((long) Integer.BYTES * trace.length);
            MemorySegment.copy(trace, 0, traceInts, JAVA_INT, 0, trace.length);
            MemorySegment send = memory.allocate(Integer.BYTES * (most + 1));
            MemorySegment recv = memory.allocate(Integer.BYTES * (sum + 1));
            MemorySegment counts = memory.allocate(Integer.BYTES * size);
            MemorySegment displs = memory.allocate(Integer.BYTES * size);
            for (long k = 0; k <= most; k++) {
                send.setAtIndex(JAVA_INT, k, rank);
            }
            double[] wall = new double[reps];
            double[] cpu = new double[reps];
            MemorySegment more = memory.allocate(Long.BYTES);
            int warmed = 0;
            for (long w0 = System.nanoTime();; warmed++) {
                if (warmed >= warmup) {
                    more.set(JAVA_LONG, 0, rank == 0 && (System.nanoTime() - w0) * 1e-9 < warmupSeconds ? 1 : 0);
                    mpi.allreduceSum(more, 1);
                    if (more.get(JAVA_LONG, 0) == 0) {
                        break;
                    }
                }
                replay(mpi, trace, traceInts, intervals, send, recv, counts, displs);
            }
            for (int rep = 0; rep < reps; rep++) {
                mpi.barrier();
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                replay(mpi, trace, traceInts, intervals, send, recv, counts, displs);
                long t1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                wall[rep] = (t1 - t0) * 1e-9;
                cpu[rep] = (c1 - c0) * 1e-9;
            }
            if (rank == 0) {
                System.out.println("{\"impl\": \"" + (C_PASS == null ? "java" : "c_in_jvm") + "\", \"ranks\": " + size
                        + ", \"intervals\": " + intervals
                        + ", \"warmup_passes\": " + warmed + ", \"wall_s\": " + json(wall) + ", \"cpu_s\": " + json(cpu)
                        + "}");
            }
            for (MemorySegment s : new MemorySegment[] {traceInts, send, recv, counts, displs, more}) {
                memory.free(s);
            }
        }
    }

    /**
     * One pass over the trace. The interval is a method of its own so that C2 compiles it from its invocation
     * count: this loop runs once per pass, a few times per launch, and each call of it starts in the interpreter
     * until an on-stack replacement, ~1000 iterations later. With the body inline, those iterations ran interpreted
     * (~2 us each, the method handles' lambda forms included): ~2 ms per pass, ~200 ns per interval of a 10,000
     * interval trace, half of a 2,000-interval one; C has no such start. Now only this loop's own few instructions
     * run interpreted.
     */
    private static void replay(Mpi mpi, int[] trace, MemorySegment traceInts, int intervals, MemorySegment send,
            MemorySegment recv, MemorySegment counts, MemorySegment displs) {
        int size = mpi.size();
        int rank = mpi.rank();
        if (C_PASS != null) {
            try {
                C_PASS.invokeExact(traceInts, (long) intervals, rank, size, send, recv, counts, displs);
            } catch (Throwable e) {
                throw new IllegalStateException("shnn_exchange_pass", e);
            }
            return;
        }
        for (int i = 0; i < intervals; i++) {
            interval(mpi, trace[i * size + rank], i, send, recv, counts, displs);
        }
    }

    /** One interval: Allgather of the count, displacements, Allgatherv, check (as exchange.c). */
    private static void interval(Mpi mpi, int mine, int i, MemorySegment send, MemorySegment recv,
            MemorySegment counts, MemorySegment displs) {
        int size = mpi.size();
        mpi.allgather(mine, counts);
        int d = 0;
        for (int r = 0; r < size; r++) {
            displs.setAtIndex(JAVA_INT, r, d);
            d += counts.getAtIndex(JAVA_INT, r);
        }
        mpi.allgatherv(send, mine, recv, counts, displs);
        for (int r = 0; r < size; r++) {
            if (counts.getAtIndex(JAVA_INT, r) > 0 && recv.getAtIndex(JAVA_INT, displs.getAtIndex(JAVA_INT, r)) != r) {
                mpi.abort("ExchangeCost: interval " + i + ": rank " + r + "'s block does not start with its rank", 2);
            }
        }
    }

    private static String json(double[] seconds) {
        StringJoiner w = new StringJoiner(", ", "[", "]");
        for (double t : seconds) {
            w.add(String.format(Locale.ROOT, "%.9f", t));
        }
        return w.toString();
    }

    /** The counts of a trace written for {@code ranks} ranks (see the class comment), interval-major. */
    private static int[] readTrace(Path file, int ranks) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12) {
            throw new IOException(file + ": " + b.remaining() + " bytes, expected a 12-byte header");
        }
        int tr = b.getInt();
        int intervals = b.getInt();
        b.getInt(); // steps per interval: the driver's, for its figures
        if (tr != ranks) {
            throw new IOException(file + ": trace for " + tr + " ranks, this job has " + ranks);
        }
        long want = 12L + 4L * intervals * ranks;
        if (intervals < 0 || b.capacity() != want) {
            throw new IOException(file + ": " + b.capacity() + " bytes, expected " + want + " for " + intervals
                    + " intervals of " + ranks + " ranks");
        }
        int[] trace = new int[intervals * ranks];
        b.asIntBuffer().get(trace);
        return trace;
    }
}
