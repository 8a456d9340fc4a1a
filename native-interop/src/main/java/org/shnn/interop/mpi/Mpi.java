package org.shnn.interop.mpi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import org.shnn.engine.run.RankComm;

/**
 * {@link RankComm} over the system's MPI ({@link MpiLibrary}), on {@code MPI_COMM_WORLD}: joined with
 * {@code MPI_Init_thread(MPI_THREAD_FUNNELED)} by the thread that calls {@link #open()}, which makes every later
 * call (checked: another thread gets an {@link IllegalStateException}). Buffers go to MPI as they are: the
 * segments' addresses, no copies, no heap arrays.
 *
 * <p>Errors: MPI's default handler ({@code MPI_ERRORS_ARE_FATAL}) ends the job on a failed call; a nonzero return
 * that still comes back is thrown as {@link IllegalStateException} naming the function and the rank.
 *
 * <p>Ownership: one per process ({@link #open()} twice is refused, MPI cannot be initialised twice); the small
 * scratch buffers are freed by {@link #close()}, which calls {@code MPI_Finalize}. Thread-safety: confined to the
 * opening thread.
 */
public final class Mpi implements RankComm {

    private static Mpi opened;

    private final MpiLibrary lib;
    private final Thread owner;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment one;
    private final MemorySegment sums;
    private final int rank;
    private final int size;
    private final String version;
    private volatile boolean closed; // volatile: read by the shutdown hook's thread

    private Mpi(MpiLibrary lib) {
        this.lib = lib;
        this.owner = Thread.currentThread();
        MemorySegment out = arena.allocate(JAVA_INT);
        try {
            check("MPI_Init_thread", (int) lib.initThread.invokeExact(MemorySegment.NULL, MemorySegment.NULL,
                    MpiLibrary.THREAD_FUNNELED, out));
            int provided = out.get(JAVA_INT, 0);
            if (provided < MpiLibrary.THREAD_FUNNELED) {
                throw new IllegalStateException("MPI library " + lib.path + " provides thread level " + provided
                        + "; SHNN needs MPI_THREAD_FUNNELED (1): the run's worker threads exist beside the MPI thread");
            }
            check("MPI_Comm_rank", (int) lib.commRank.invokeExact(lib.commWorld, out));
            rank = out.get(JAVA_INT, 0);
            check("MPI_Comm_size", (int) lib.commSize.invokeExact(lib.commWorld, out));
            size = out.get(JAVA_INT, 0);
            checkLauncherSize(lib, size);
            MemorySegment text = arena.allocate(8192); // MPI_MAX_LIBRARY_VERSION_STRING: 256 (Open MPI), 8192 (MPICH)
            check("MPI_Get_library_version", (int) lib.libraryVersion.invokeExact(text, out));
            String v = text.getString(0, StandardCharsets.US_ASCII).strip();
            int end = v.indexOf('\n');
            v = end > 0 ? v.substring(0, end) : v; // MPICH's text is many lines: "MPICH Version:\t4.0.2", configure, ...
            int comma = v.indexOf(',');
            version = (comma > 0 ? v.substring(0, comma) : v).replace('\t', ' ').replaceAll(" +", " ").strip();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("MPI initialisation through " + lib.path + " failed: " + e, e);
        }
        one = arena.allocate(JAVA_INT);
        sums = arena.allocate(JAVA_LONG, 64);
    }

    /**
     * Refuses a library that is not the launcher's MPI: another MPI's library initialises each rank as a singleton
     * (rank 0 of 1), and every rank would run the whole network alone.
     */
    private static void checkLauncherSize(MpiLibrary lib, int size) {
        for (String v : new String[] {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
            String launched = System.getenv(v);
            if (launched != null && !launched.equals(Integer.toString(size))) {
                throw new IllegalStateException("the launcher started " + launched + " ranks (" + v + "=" + launched
                        + ") but the MPI library " + lib.path + " reports " + size + ": it is not the MPI of this launcher"
                        + " (mpirun.openmpi goes with libmpi.so.40, mpiexec.mpich with libmpich.so.12); name the"
                        + " library with -Dshnn.mpi.library=PATH or SHNN_MPI_LIB=PATH");
            }
        }
    }

    /**
     * Loads MPI and joins the job on the calling thread (see the class comment). A process started without a
     * launcher joins as rank 0 of 1 (MPI's singleton init).
     *
     * @throws IllegalStateException if no MPI library can be used (naming what was tried) or MPI was opened already
     */
    public static synchronized Mpi open() {
        if (opened != null) {
            throw new IllegalStateException("MPI was opened already in this process (" + opened.describe()
                    + "); MPI_Init may be called once per process");
        }
        Mpi mpi = new Mpi(MpiLibrary.load());
        opened = mpi;
        // A rank ended by a signal (mpirun sends SIGTERM to every rank when one dies or the job is cancelled)
        // says so; a rank that finalized (or aborted, which halts) says nothing.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            if (!mpi.closed) {
                System.err.println("shnn: " + mpi.describe() + ": ended before MPI_Finalize (the launcher ends every"
                        + " rank when one rank dies, fails or the job is cancelled; see the first error above)");
            }
        }));
        return mpi;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    /** Open MPI or MPICH (ABI of the loaded library). */
    public String flavour() {
        return lib.flavour == MpiLibrary.Flavour.OPEN_MPI ? "Open MPI" : "MPICH";
    }

    @Override
    public void allgather(int mine, MemorySegment out) {
        checkCall("MPI_Allgather");
        one.set(JAVA_INT, 0, mine);
        try {
            check("MPI_Allgather", (int) Collectives.ALLGATHER.invokeExact(one, 1, Collectives.INT, out, 1,
                    Collectives.INT, Collectives.COMM_WORLD));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void allgatherv(MemorySegment send, int count, MemorySegment recv, MemorySegment counts, MemorySegment displs) {
        checkCall("MPI_Allgatherv");
        try {
            check("MPI_Allgatherv", (int) Collectives.ALLGATHERV.invokeExact(send, count, Collectives.INT, recv, counts,
                    displs, Collectives.INT, Collectives.COMM_WORLD));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void allreduceSum(MemorySegment values, int n) {
        checkCall("MPI_Allreduce");
        MemorySegment send = n == 1 ? sums : arena.allocate(JAVA_LONG, n); // between runs only: the arena may grow
        MemorySegment.copy(values, 0, send, 0, (long) n * Long.BYTES);
        try {
            check("MPI_Allreduce", (int) lib.allreduce.invokeExact(send, values, n, lib.longLongType, lib.opSum,
                    lib.commWorld));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void barrier() {
        checkCall("MPI_Barrier");
        try {
            check("MPI_Barrier", (int) lib.barrier.invokeExact(lib.commWorld));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void abort(String message, int status) {
        System.out.flush();
        System.err.println(message);
        System.err.flush();
        try {
            int rc = (int) lib.abort.invokeExact(lib.commWorld, status);
            System.err.println("MPI_Abort returned " + rc + " on " + describe());
        } catch (Throwable e) {
            System.err.println("MPI_Abort failed on " + describe() + ": " + e);
        }
        Runtime.getRuntime().halt(status);
    }

    @Override
    public String describe() {
        return version + ", rank " + rank + " of " + size;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkCall("MPI_Finalize");
        closed = true;
        try {
            check("MPI_Finalize", (int) lib.finalizeMpi.invokeExact());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        } finally {
            arena.close();
        }
    }

    private void checkCall(String function) {
        if (closed) {
            throw new IllegalStateException(function + " on " + describe() + ": MPI was finalized (closed)");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(function + " on " + describe() + " from thread '"
                    + Thread.currentThread().getName() + "': MPI was opened with MPI_THREAD_FUNNELED by thread '"
                    + owner.getName() + "', which must make every call");
        }
    }

    private void check(String function, int rc) {
        if (rc != 0) {
            throw new IllegalStateException(function + " returned error " + rc + " on " + (size > 0 ? describe()
                    : "a rank not yet initialised") + " (" + lib.path + ")");
        }
    }

    /**
     * The two collectives of every interval ({@link #allgather}, {@link #allgatherv}) and their handles as constants
     * of the JIT. A method handle read from an object's field (the {@link MpiLibrary}'s) is not one: C2 then calls
     * it through its lambda forms instead of inlining the downcall, which cost 0.3-0.4 us more per interval in a
     * 2-rank exchange than these (bench/RESULTS.md section 42). Initialised by the first collective, which only the
     * one {@code Mpi} of the process ({@link #opened}, set by its thread before) can make.
     */
    private static final class Collectives {
        static final MethodHandle ALLGATHER = opened.lib.allgather;
        static final MethodHandle ALLGATHERV = opened.lib.allgatherv;
        static final long INT = opened.lib.intType;
        static final long COMM_WORLD = opened.lib.commWorld;
    }
}
