package org.shnn.bench.mpi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import org.shnn.interop.mpi.Mpi;

/**
 * The cost of the spike exchange per min-delay interval through SHNN's MPI binding ({@link Mpi}), the Java half of
 * a comparison whose C half is {@code bench/mpi/exchange.c} (issue 16's goal: within 1.1x of C). Per interval every
 * rank does what the engine's {@code RankExchange} does: {@link Mpi#allgather} of its count, prefix sums into the
 * displacements, {@link Mpi#allgatherv} of its block, from and into off-heap segments allocated once at the
 * trace's largest size. The counts replay a trace of a real run (written by {@code bench/mpi_bench.py}: ranks,
 * intervals, steps per interval, then intervals x ranks counts, little-endian int32), so Java and C move the
 * message sizes that run moved. Each block's first int is its rank, checked after every Allgatherv, as in C.
 *
 * <p>Not JMH: the measured code is a collective that needs every rank of an {@code mpirun} job in step, and JMH's
 * forked JVMs would each be a separate singleton MPI process. The driver runs the C and Java programs alternately
 * under the same launcher flags and reports the ratio of their medians.
 *
 * <p>Usage: {@code mpirun -n R java @scripts/jvm.args -cp benchmarks.jar org.shnn.bench.mpi.ExchangeCost TRACE
 * REPETITIONS WARMUP_REPETITIONS}; prints one JSON line on rank 0 with the wall of each measured repetition of the
 * whole trace, in seconds.
 */
public final class ExchangeCost {

    private ExchangeCost() {
    }

    /** Runs the measurement; see the class comment. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ExchangeCost TRACE REPETITIONS WARMUP_REPETITIONS");
        }
        int reps = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        try (Mpi mpi = Mpi.open(); Arena arena = Arena.ofConfined()) {
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
            MemorySegment send = arena.allocate(JAVA_INT, most + 1);
            MemorySegment recv = arena.allocate(JAVA_INT, sum + 1);
            MemorySegment counts = arena.allocate(JAVA_INT, size);
            MemorySegment displs = arena.allocate(JAVA_INT, size);
            for (long k = 0; k <= most; k++) {
                send.setAtIndex(JAVA_INT, k, rank);
            }
            double[] wall = new double[reps];
            for (int rep = 0; rep < warmup + reps; rep++) {
                mpi.barrier();
                long t0 = System.nanoTime();
                replay(mpi, trace, intervals, send, recv, counts, displs);
                double t = (System.nanoTime() - t0) * 1e-9;
                if (rep >= warmup) {
                    wall[rep - warmup] = t;
                }
            }
            if (rank == 0) {
                StringJoiner w = new StringJoiner(", ", "[", "]");
                for (double t : wall) {
                    w.add(String.format(Locale.ROOT, "%.9f", t));
                }
                System.out.println("{\"impl\": \"java\", \"ranks\": " + size + ", \"intervals\": " + intervals
                        + ", \"wall_s\": " + w + "}");
            }
        }
    }

    /** One pass over the trace: per interval, Allgather of the count, displacements, Allgatherv, check. */
    private static void replay(Mpi mpi, int[] trace, int intervals, MemorySegment send, MemorySegment recv,
            MemorySegment counts, MemorySegment displs) {
        int size = mpi.size();
        int rank = mpi.rank();
        for (int i = 0; i < intervals; i++) {
            int mine = trace[i * size + rank];
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
