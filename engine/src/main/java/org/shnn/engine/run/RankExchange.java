package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.memory.pool.ArenaPool;

/**
 * The spikes the ranks of a distributed run hand each other once per interval ({@link RankComm}): between phase
 * {@code i} and {@code i + 1} ({@link StepPhaser.Gate}) the controlling thread packs the spikes this rank's
 * ranges wrote in interval {@code i} into one block, gathers every rank's count ({@code allgather}) and then
 * every rank's block ({@code allgatherv}) straight into {@link #received()}; in phase {@code i + 1} every range
 * of every rank delivers the same blocks in rank order, hence ascending global id order per step (ranks own
 * consecutive id blocks, their ranges consecutive sub-blocks), exactly as a single process delivers its ranges.
 *
 * <pre>
 *  a rank's block (ints, native order), steps = the interval's steps:
 *   | end of step 0 | ... | end of step steps-1 | ids of step 0 | ids of step 1 | ...
 *     (ends exclusive, counted from the first id)   (global ids, ascending per step)
 *  received: rank 0's block at displs[0], rank 1's at displs[1], ... (prefix sums of the gathered counts)
 * </pre>
 *
 * <p>Why one block per rank with per-step ends rather than the step in each id's high bits: ids keep all 31 bits
 * (networks up to 2^31 neurons) for {@code steps} ints more per rank and interval.
 *
 * <p>Ownership: the segments come from the simulation's pool and grow (doubling) inside a run when a block
 * does not fit; the old one goes back to the pool at once (nothing holds it: the gate runs while no range
 * reads). Thread-safety: {@link #exchange} runs on the communicator's thread while no range runs; the ranges
 * read {@link #received()} in the next phase (published by the phaser's gate).
 */
final class RankExchange {

    private final RankComm comm;
    private final ArenaPool memory;
    private final MemorySegment counts;
    private final MemorySegment displs;
    private MemorySegment send;
    private MemorySegment received;
    private int steps;
    /** Ints this rank sent, summed over the run's intervals (figures: bytes per rank). */
    long sentInts;
    /**
     * Nanoseconds this rank spent in the two collectives, summed over the intervals (figures: the exchange's share
     * of the loop, bench/RESULTS.md section "Distributed runs"); includes waiting for the slowest rank to arrive.
     */
    long exchangeNanos;

    RankExchange(RankComm comm, ArenaPool memory) {
        this.comm = comm;
        this.memory = memory;
        int ranks = comm.size();
        counts = memory.allocate((long) ranks * Integer.BYTES, 64);
        displs = memory.allocate((long) ranks * Integer.BYTES, 64);
        send = memory.allocate(4096, 64);
        received = memory.allocate(4096L * ranks, 64);
    }

    /** Number of ranks. */
    int ranks() {
        return comm.size();
    }

    /**
     * Packs this rank's spikes of the interval's {@code n} steps (parity {@code p} of {@code local}), exchanges
     * blocks with every rank. Collective: every rank calls it with the same {@code n}.
     */
    void exchange(SpikeExchange local, int p, int n) {
        long ids = 0;
        for (int r = 0; r < local.ranges(); r++) {
            ids += local.end(p, r, n - 1);
        }
        long total = n + ids;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalStateException("rank " + comm.rank() + " emitted " + ids + " spikes in one interval of "
                    + n + " steps: more than an MPI count (2^31 - 1 ints) can carry");
        }
        send = fit(send, total);
        int cursor = n;
        for (int j = 0; j < n; j++) {
            for (int r = 0; r < local.ranges(); r++) {
                int a = local.start(p, r, j);
                int b = local.end(p, r, j);
                MemorySegment.copy(local.spikes(p, r), (long) a * Integer.BYTES, send, (long) cursor * Integer.BYTES,
                        (long) (b - a) * Integer.BYTES);
                cursor += b - a;
            }
            send.setAtIndex(JAVA_INT, j, cursor - n);
        }
        long t0 = System.nanoTime();
        comm.allgather(cursor, counts);
        long sum = 0;
        for (int r = 0, ranks = comm.size(); r < ranks; r++) {
            displs.setAtIndex(JAVA_INT, r, (int) sum);
            sum += counts.getAtIndex(JAVA_INT, r);
        }
        if (sum > Integer.MAX_VALUE) {
            throw new IllegalStateException("the ranks emitted " + sum + " ints of spikes in one interval of " + n
                    + " steps: more than an MPI displacement (2^31 - 1) can address");
        }
        received = fit(received, sum);
        comm.allgatherv(send, cursor, received, counts, displs);
        exchangeNanos += System.nanoTime() - t0;
        steps = n;
        sentInts += cursor;
    }

    /** The gathered blocks (see the class comment); valid for the phase after {@link #exchange}. */
    MemorySegment received() {
        return received;
    }

    /** Index in {@link #received()} of rank {@code r}'s first spike of step {@code j}. */
    int start(int r, int j) {
        int base = displs.getAtIndex(JAVA_INT, r); // plain: written by the gate, published by the phaser
        return base + steps + (j == 0 ? 0 : received.getAtIndex(JAVA_INT, base + j - 1));
    }

    /** One past rank {@code r}'s last spike of step {@code j}. */
    int end(int r, int j) {
        int base = displs.getAtIndex(JAVA_INT, r);
        return base + steps + received.getAtIndex(JAVA_INT, base + j);
    }

    /** {@code s} if it holds {@code ints}, else a segment twice as large (or as large as needed); {@code s} is freed. */
    private MemorySegment fit(MemorySegment s, long ints) {
        long bytes = ints * Integer.BYTES;
        if (bytes <= s.byteSize()) {
            return s;
        }
        memory.free(s);
        return memory.allocate(Math.max(bytes, 2 * s.byteSize()), 64);
    }
}
