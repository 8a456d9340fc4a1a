package org.shnn.engine.run;

import java.lang.foreign.MemorySegment;

/**
 * The processes ("ranks") of a distributed run, as the step loop needs them: each rank owns a contiguous
 * block of global neuron ids (see {@link Simulation#create(org.shnn.engine.network.Network, SimulationConfig, RankComm)}),
 * and once per min-delay interval every rank hands the
 * ids its neurons fired to all others ({@link #allgather} of the counts, then {@link #allgatherv} of the ids,
 * straight from and into off-heap segments). {@link #single()} is the one-process implementation (no
 * communication at all); the MPI implementation lives in {@code native-interop}
 * ({@code org.shnn.interop.mpi}) and is found at run time through {@link java.util.ServiceLoader} as a
 * {@link Provider}, so that the engine depends on the JDK alone.
 *
 * <p>Contract (MPI's): every method except {@link #rank()}, {@link #size()} and {@link #describe()} is
 * collective: every rank calls it, in the same order, with matching sizes. Segments are native ({@code int}
 * or {@code long} in native byte order), off-heap, and only read or written during the call.
 *
 * <p>Thread-safety: a communicator is used from one thread only, the thread that created it (MPI's
 * {@code MPI_THREAD_FUNNELED}); the engine calls it from the controlling thread of a run.
 */
public interface RankComm extends AutoCloseable {

    /** This process's rank, in [0, {@link #size()}). */
    int rank();

    /** Number of ranks (>= 1). */
    int size();

    /** Gathers one {@code int} per rank: {@code out[r]} is rank r's {@code mine} ({@code out}: {@link #size()} ints). */
    void allgather(int mine, MemorySegment out);

    /**
     * Gathers variable-length blocks of ints: rank r's {@code count} ints from {@code send} land in {@code recv}
     * at int index {@code displs[r]}; {@code counts[r]} must equal rank r's {@code count} (from {@link #allgather}).
     */
    void allgatherv(MemorySegment send, int count, MemorySegment recv, MemorySegment counts, MemorySegment displs);

    /** Sums {@code n} longs of {@code values} over all ranks, in place: afterwards every rank holds the sums. */
    void allreduceSum(MemorySegment values, int n);

    /** Waits until every rank called it. */
    void barrier();

    /**
     * Ends every rank of the job (MPI_Abort) after printing {@code message} on this rank's standard error; does
     * not return. A rank whose run failed calls it so that the others, waiting in a collective, do not hang.
     * Not collective.
     */
    void abort(String message, int status);

    /** What this is, for messages: e.g. {@code "Open MPI v4.1.4, rank 1 of 3"}. Not collective. */
    String describe();

    /** Leaves the job (MPI_Finalize); idempotent. Collective. */
    @Override
    void close();

    /** The communicator of a single process: rank 0 of 1, every collective a local copy. */
    static RankComm single() {
        return SingleRank.INSTANCE;
    }

    /**
     * The ranks this process belongs to: if a {@link Provider} on the class path reports that a launcher started
     * this process, it joins the job (on the calling thread); otherwise {@link #single()}: a process started
     * without a launcher runs without MPI at all.
     *
     * @throws IllegalStateException if a launcher's environment variable ({@link #LAUNCHER_VARIABLES}) is set
     *     but no provider is on the class path (every rank would silently run the whole network alone), or the
     *     provider cannot join (naming why)
     */
    static RankComm join() {
        for (Provider p : java.util.ServiceLoader.load(Provider.class)) {
            if (p.launched()) {
                return p.open();
            }
        }
        for (String v : LAUNCHER_VARIABLES) {
            if (System.getenv(v) != null) {
                throw new IllegalStateException("this process was started by an MPI launcher (" + v + "="
                        + System.getenv(v) + ") but no MPI binding is on the class path: add the shnn-native-interop jar"
                        + " (scripts/run --ranks N does), or start one process without the launcher");
            }
        }
        return single();
    }

    /** Environment variables an MPI launcher sets (Open MPI's mpirun, MPICH's hydra, PMIx launchers such as srun). */
    java.util.List<String> LAUNCHER_VARIABLES = java.util.List.of("OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK");

    /**
     * This process's rank as its launcher's environment gives it ({@code OMPI_COMM_WORLD_RANK}, {@code PMI_RANK},
     * {@code PMIX_RANK}), 0 without a launcher: known before the job is joined, e.g. to print a refusal of the command
     * line once rather than once per rank.
     */
    static int launcherRank() {
        for (String v : java.util.List.of("OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK")) {
            String r = System.getenv(v);
            if (r != null && r.matches("[0-9]{1,9}")) {
                return Integer.parseInt(r);
            }
        }
        return 0;
    }

    /**
     * A communicator implementation found through {@link java.util.ServiceLoader} (native-interop's MPI binding
     * registers one).
     */
    interface Provider {

        /** Whether this process was started by a launcher this provider serves (e.g. mpirun's environment). */
        boolean launched();

        /**
         * Joins the job (MPI_Init_thread) on the calling thread, which must make every later call.
         *
         * @throws IllegalStateException if the library is missing or cannot be used, naming what was tried
         */
        RankComm open();
    }
}
