package org.shnn.interop.mpi;

import org.shnn.engine.run.RankComm;

/**
 * Registers {@link Mpi} with the engine ({@code META-INF/services/org.shnn.engine.run.RankComm$Provider}): a
 * process started by an MPI launcher has one of {@link RankComm#LAUNCHER_VARIABLES} in its environment
 * ({@code OMPI_COMM_WORLD_SIZE} from Open MPI's mpirun, {@code PMI_SIZE} from MPICH's hydra, {@code PMIX_RANK} from
 * a PMIx launcher such as Slurm's srun). Without one the engine runs without MPI at all. Stateless, thread-safe.
 */
public final class MpiProvider implements RankComm.Provider {

    @Override
    public boolean launched() {
        for (String v : RankComm.LAUNCHER_VARIABLES) {
            if (System.getenv(v) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public RankComm open() {
        return Mpi.open();
    }
}
