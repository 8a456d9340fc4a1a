package org.shnn.interop.mpi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The system's MPI library, loaded with {@link SymbolLookup#libraryLookup} and bound through FFM downcalls: the
 * dozen MPI functions SHNN calls, and the handles it passes (world communicator, {@code MPI_INT},
 * {@code MPI_LONG_LONG_INT}, {@code MPI_SUM}).
 *
 * <p>Two ABIs, told apart by symbols: Open MPI (the reference; Debian's {@code libopenmpi3},
 * {@code libmpi.so.40}) exports its handles as globals ({@code ompi_mpi_comm_world}, ...) and an {@code MPI_Comm}
 * is a pointer to one; MPICH and its derivatives ({@code libmpich.so.12}) use {@code int} handles with fixed
 * values from its {@code mpi.h}. Both reach Java as a {@code long}: every bound handle takes {@code long} for a
 * handle argument, adapted to a pointer ({@link MemorySegment#ofAddress}) or narrowed to an {@code int}. Measured
 * facts behind this (signals, RTLD_LOCAL, thread levels): {@code /work/shared/notes/mpi.md} of the project.
 *
 * <p>MPICH loads UCX, whose {@code libucs} replaces the JVM's SIGSEGV/SIGBUS/SIGFPE/SIGILL handlers: the JVM's
 * first implicit null check then kills the process. {@link #load} refuses MPICH unless {@code UCX_ERROR_SIGNALS}
 * is set (to empty: UCX then leaves the handlers alone) or {@code libjsig.so} is preloaded.
 *
 * <p>Ownership: the library stays loaded for the life of the process ({@link Arena#global()}). Thread-safety:
 * the handles are immutable; MPI itself is called from one thread ({@link Mpi}).
 */
final class MpiLibrary {

    /** Which ABI the loaded library has. */
    enum Flavour { OPEN_MPI, MPICH }

    /** {@code MPI_THREAD_FUNNELED}, the same value (1) in both ABIs. */
    static final int THREAD_FUNNELED = 1;

    /** Candidate sonames, in order, when nothing is configured: Open MPI's Debian soname, MPICH's, the dev link. */
    private static final List<String> CANDIDATES = List.of("libmpi.so.40", "libmpich.so.12", "libmpi.so.12", "libmpi.so");
    /**
     * The candidates under MPICH's hydra launcher ({@code PMI_SIZE} set, no Open MPI variable): MPICH's library
     * first. With both MPIs installed (Debian allows it), Open MPI's library under hydra would initialise every rank
     * as a singleton, rank 0 of 1.
     */
    private static final List<String> HYDRA_CANDIDATES = List.of("libmpich.so.12", "libmpi.so.12", "libmpi.so.40",
            "libmpi.so");

    /** MPICH's handle values (mpich/mpi.h, 4.0): MPI_COMM_WORLD, MPI_INT, MPI_LONG_LONG_INT, MPI_SUM. */
    private static final Map<String, Long> MPICH_HANDLES = Map.of("comm_world", 0x44000000L, "int", 0x4c000405L,
            "long_long_int", 0x4c000809L, "op_sum", 0x58000003L);

    final Flavour flavour;
    final String path;
    final long commWorld;
    final long intType;
    final long longLongType;
    final long opSum;

    final MethodHandle initThread;   // (MemorySegment argc, MemorySegment argv, int required, MemorySegment provided)int
    final MethodHandle initialized;  // (MemorySegment flag)int
    final MethodHandle finalized;    // (MemorySegment flag)int
    final MethodHandle finalizeMpi;  // ()int
    final MethodHandle commRank;     // (long comm, MemorySegment rank)int
    final MethodHandle commSize;     // (long comm, MemorySegment size)int
    final MethodHandle allgather;    // (MemorySegment, int, long, MemorySegment, int, long, long comm)int
    final MethodHandle allgatherv;   // (MemorySegment, int, long, MemorySegment, MemorySegment, MemorySegment, long, long)int
    final MethodHandle allreduce;    // (MemorySegment, MemorySegment, int, long type, long op, long comm)int
    final MethodHandle barrier;      // (long comm)int
    final MethodHandle abort;        // (long comm, int code)int
    final MethodHandle libraryVersion; // (MemorySegment text, MemorySegment length)int

    private final SymbolLookup lookup;
    private final MemoryLayout handleLayout;

    private MpiLibrary(String path, SymbolLookup lookup) {
        this.path = path;
        this.lookup = lookup;
        this.flavour = lookup.find("ompi_mpi_comm_world").isPresent() ? Flavour.OPEN_MPI : Flavour.MPICH;
        this.handleLayout = flavour == Flavour.OPEN_MPI ? ADDRESS : JAVA_INT;
        commWorld = handle("comm_world");
        intType = handle("int");
        longLongType = handle("long_long_int");
        opSum = handle("op_sum");
        initThread = bind("MPI_Init_thread", "PPIP");
        initialized = bind("MPI_Initialized", "P");
        finalized = bind("MPI_Finalized", "P");
        finalizeMpi = bind("MPI_Finalize", "");
        commRank = bind("MPI_Comm_rank", "HP");
        commSize = bind("MPI_Comm_size", "HP");
        allgather = bind("MPI_Allgather", "PIHPIHH");
        allgatherv = bind("MPI_Allgatherv", "PIHPPPHH");
        allreduce = bind("MPI_Allreduce", "PPIHHH");
        barrier = bind("MPI_Barrier", "H");
        abort = bind("MPI_Abort", "HI");
        libraryVersion = bind("MPI_Get_library_version", "PP");
    }

    /**
     * Loads the MPI library: the path in system property {@code shnn.mpi.library} or environment variable
     * {@code SHNN_MPI_LIB} if set, else the first of {@link #CANDIDATES} the dynamic linker finds (of
     * {@link #HYDRA_CANDIDATES} when MPICH's launcher started this process).
     *
     * @throws IllegalStateException naming every library tried, or the MPICH signal setting that is missing
     */
    static MpiLibrary load() {
        String configured = System.getProperty("shnn.mpi.library", System.getenv("SHNN_MPI_LIB"));
        boolean hydra = System.getenv("PMI_SIZE") != null && System.getenv("OMPI_COMM_WORLD_SIZE") == null;
        List<String> tried = configured != null && !configured.isEmpty() ? List.of(configured)
                : hydra ? HYDRA_CANDIDATES : CANDIDATES;
        List<String> failures = new ArrayList<>();
        for (String name : tried) {
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                failures.add(name + " (" + e.getMessage() + ")");
                continue;
            }
            if (lookup.find("MPI_Init_thread").isEmpty()) {
                failures.add(name + " (loaded, but it exports no MPI_Init_thread)");
                continue;
            }
            MpiLibrary lib = new MpiLibrary(name, lookup);
            lib.checkSignals();
            return lib;
        }
        throw new IllegalStateException("no usable MPI library: tried " + String.join(", ", failures)
                + "; install Open MPI (Debian: apt-get install openmpi-bin libopenmpi3) or MPICH (mpich libmpich12),"
                + " or name the library with -Dshnn.mpi.library=PATH or SHNN_MPI_LIB=PATH");
    }

    /** Refuses MPICH when UCX would take over the JVM's signal handlers (see the class comment). */
    private void checkSignals() {
        if (flavour != Flavour.MPICH) {
            return;
        }
        String ucx = System.getenv("UCX_ERROR_SIGNALS");
        String preload = System.getenv("LD_PRELOAD");
        if (ucx == null && (preload == null || !preload.contains("libjsig"))) {
            throw new IllegalStateException("MPI library " + path + " is MPICH, which loads UCX; UCX replaces the JVM's"
                    + " SIGSEGV handler and the JVM's first null check would kill this process. Set UCX_ERROR_SIGNALS="
                    + " (empty) in the environment of every rank (mpiexec.mpich -genv UCX_ERROR_SIGNALS= ...), or"
                    + " LD_PRELOAD=$JAVA_HOME/lib/libjsig.so; UCX_ERROR_SIGNALS is unset and LD_PRELOAD is "
                    + (preload == null ? "unset" : "'" + preload + "'"));
        }
    }

    /** A predefined handle as a long: the address of Open MPI's global {@code ompi_mpi_<name>}, or MPICH's value. */
    private long handle(String name) {
        if (flavour == Flavour.MPICH) {
            return MPICH_HANDLES.get(name);
        }
        String symbol = "ompi_mpi_" + name;
        return lookup.find(symbol).orElseThrow(() -> new IllegalStateException("MPI library " + path
                + " is Open MPI (it exports ompi_mpi_comm_world) but has no symbol " + symbol)).address();
    }

    /**
     * Binds {@code name} returning {@code int}, with arguments by letter: {@code P} pointer (MemorySegment),
     * {@code I} int, {@code H} handle (long on the Java side, adapted to this library's handle type).
     */
    private MethodHandle bind(String name, String args) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new IllegalStateException("MPI library " + path
                + " (" + flavour + ") has no symbol " + name));
        MemoryLayout[] layouts = new MemoryLayout[args.length()];
        for (int i = 0; i < layouts.length; i++) {
            layouts[i] = switch (args.charAt(i)) {
                case 'P' -> ADDRESS;
                case 'I' -> JAVA_INT;
                default -> handleLayout;
            };
        }
        MethodHandle h = Linker.nativeLinker().downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, layouts));
        for (int i = 0; i < layouts.length; i++) {
            if (args.charAt(i) != 'H') {
                continue;
            }
            if (flavour == Flavour.OPEN_MPI) {
                h = MethodHandles.filterArguments(h, i, OF_ADDRESS);
            } else {
                h = MethodHandles.explicitCastArguments(h, h.type().changeParameterType(i, long.class));
            }
        }
        return h;
    }

    private static final MethodHandle OF_ADDRESS;

    static {
        try {
            OF_ADDRESS = MethodHandles.lookup().findStatic(MemorySegment.class, "ofAddress",
                    MethodType.methodType(MemorySegment.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
