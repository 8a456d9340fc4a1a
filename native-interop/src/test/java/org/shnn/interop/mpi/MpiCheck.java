package org.shnn.interop.mpi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.shnn.engine.run.RankComm;

/**
 * The ranks {@link MpiTest} starts: {@code collectives} checks every {@link Mpi} collective against values each
 * rank can compute for all ranks and prints one {@code ok} line per rank; {@code barriers} prints its pid and then
 * meets the others at barriers for ever (a test kills one rank); {@code fail} fails on rank 1 and aborts the job.
 */
public final class MpiCheck {

    private MpiCheck() {
    }

    public static void main(String[] args) {
        RankComm comm = RankComm.join();
        int rank = comm.rank();
        int size = comm.size();
        switch (args[0]) {
            case "collectives" -> collectives(comm, rank, size);
            case "barriers" -> {
                System.out.println("rank " + rank + " pid " + ProcessHandle.current().pid());
                System.out.flush();
                while (true) {
                    comm.barrier();
                }
            }
            case "fail" -> {
                comm.barrier();
                if (rank == 1) {
                    comm.abort("rank 1 fails on purpose", 3);
                }
                comm.barrier(); // the others wait here until the abort ends them
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        comm.close();
    }

    private static void collectives(RankComm comm, int rank, int size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counts = arena.allocate(JAVA_INT, size);
            comm.allgather(rank + 1, counts);
            MemorySegment displs = arena.allocate(JAVA_INT, size);
            int total = 0;
            for (int r = 0; r < size; r++) {
                check(counts.getAtIndex(JAVA_INT, r) == r + 1, "allgather: counts[" + r + "] = "
                        + counts.getAtIndex(JAVA_INT, r) + ", expected " + (r + 1));
                displs.setAtIndex(JAVA_INT, r, total);
                total += r + 1;
            }
            MemorySegment send = arena.allocate(JAVA_INT, rank + 1);
            for (int k = 0; k <= rank; k++) {
                send.setAtIndex(JAVA_INT, k, 1000 * rank + k);
            }
            MemorySegment recv = arena.allocate(JAVA_INT, total);
            comm.allgatherv(send, rank + 1, recv, counts, displs);
            for (int r = 0, i = 0; r < size; r++) {
                for (int k = 0; k <= r; k++, i++) {
                    check(recv.getAtIndex(JAVA_INT, i) == 1000 * r + k, "allgatherv: recv[" + i + "] = "
                            + recv.getAtIndex(JAVA_INT, i) + ", expected " + (1000 * r + k));
                }
            }
            MemorySegment sums = arena.allocate(JAVA_LONG, 2);
            sums.setAtIndex(JAVA_LONG, 0, 1L << 40 | rank);
            sums.setAtIndex(JAVA_LONG, 1, -rank);
            comm.allreduceSum(sums, 2);
            long expected = (long) size * (1L << 40) + (long) size * (size - 1) / 2;
            check(sums.getAtIndex(JAVA_LONG, 0) == expected, "allreduce: " + sums.getAtIndex(JAVA_LONG, 0) + ", expected "
                    + expected);
            check(sums.getAtIndex(JAVA_LONG, 1) == -(long) size * (size - 1) / 2, "allreduce: second value "
                    + sums.getAtIndex(JAVA_LONG, 1));
            comm.barrier();
            System.out.println("ok " + comm.describe());
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
