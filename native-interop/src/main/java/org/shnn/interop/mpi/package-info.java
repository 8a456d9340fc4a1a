/**
 * MPI through the FFM API: {@link org.shnn.interop.mpi.Mpi} binds the system's MPI library (Open MPI, or MPICH
 * with {@code UCX_ERROR_SIGNALS=}) by downcalls and implements the engine's {@code RankComm}, the spike exchange of
 * a distributed run; {@link org.shnn.interop.mpi.MpiProvider} lets the engine find it at run time.
 */
package org.shnn.interop.mpi;
