package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;

/** {@link RankComm#single()}: one process, rank 0 of 1; collectives are local copies. Stateless, thread-safe. */
final class SingleRank implements RankComm {

    static final SingleRank INSTANCE = new SingleRank();

    private SingleRank() {
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public void allgather(int mine, MemorySegment out) {
        out.setAtIndex(JAVA_INT, 0, mine);
    }

    @Override
    public void allgatherv(MemorySegment send, int count, MemorySegment recv, MemorySegment counts, MemorySegment displs) {
        MemorySegment.copy(send, 0, recv, (long) displs.getAtIndex(JAVA_INT, 0) * Integer.BYTES, (long) count * Integer.BYTES);
    }

    @Override
    public void allreduceSum(MemorySegment values, int n) {
        // one rank: the sums are the values
    }

    @Override
    public void barrier() {
        // one rank: nobody to wait for
    }

    @Override
    public void abort(String message, int status) {
        System.err.println(message);
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    @Override
    public String describe() {
        return "one process (no MPI)";
    }

    @Override
    public void close() {
        // nothing to leave
    }
}
