package org.shnn.cli;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.shnn.engine.run.RankComm;
import org.shnn.engine.run.Simulation;

/**
 * The figures of a run that add up over the ranks of a distributed run (each rank holds the synapses onto its own
 * neurons, so one rank's count is about 1/ranks of the network's): synapses and their bytes summed, off-heap bytes
 * in use summed, and the largest rank's off-heap peak (the memory one node needs). For one process, its own.
 *
 * @param synapses synapses of all ranks (the network's)
 * @param synapseBytes CSR bytes of all ranks
 * @param offHeapInUse off-heap bytes in use, summed over the ranks
 * @param offHeapPeakMax the largest off-heap peak of one rank (bytes, to the KiB)
 */
record RankTotals(long synapses, long synapseBytes, long offHeapInUse, long offHeapPeakMax) {

    /** Gathers the totals; collective on {@code sim.ranks()} (every rank calls it, from the communicator's thread). */
    static RankTotals of(Simulation sim) {
        RankComm comm = sim.ranks();
        long peak = sim.offHeapStats().peakBytes();
        if (comm.size() == 1) {
            return new RankTotals(sim.synapseCount(), sim.synapseBytes(), sim.offHeapStats().inUseBytes(), peak);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sums = arena.allocate(JAVA_LONG, 3);
            sums.setAtIndex(JAVA_LONG, 0, sim.synapseCount());
            sums.setAtIndex(JAVA_LONG, 1, sim.synapseBytes());
            sums.setAtIndex(JAVA_LONG, 2, sim.offHeapStats().inUseBytes());
            comm.allreduceSum(sums, 3);
            MemorySegment peaksKib = arena.allocate(JAVA_INT, comm.size());
            comm.allgather((int) Math.min(Integer.MAX_VALUE, (peak + 1023) / 1024), peaksKib);
            long max = 0;
            for (int r = 0; r < comm.size(); r++) {
                max = Math.max(max, peaksKib.getAtIndex(JAVA_INT, r) * 1024L);
            }
            return new RankTotals(sums.getAtIndex(JAVA_LONG, 0), sums.getAtIndex(JAVA_LONG, 1),
                    sums.getAtIndex(JAVA_LONG, 2), max);
        }
    }
}
