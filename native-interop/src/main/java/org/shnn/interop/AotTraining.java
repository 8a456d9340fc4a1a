package org.shnn.interop;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the JVM's AOT cache for {@code libshnn.so} (JEP 483 class loading and linking, JEP 515
 * method profiles): what an embedding host does first, done once at build time so that every embedded JVM
 * starts with those classes already parsed and linked. {@code scripts/build-native} runs
 * {@code java @scripts/jvm.args -Xrs -Xmx1g -XX:AOTCacheOutput=<libshnn.aot> -cp <embed jar>
 * org.shnn.interop.AotTraining <network.json> <ms>} (the embedded JVM's own options: a cache is used only with
 * the class path and flags it was trained with), and {@code libshnn.so} passes {@code -XX:AOTCache} to the JVM
 * it creates while the jar is the one trained on (bench/RESULTS.md section 19).
 *
 * <p>The run goes through the upcall table as a host's calls do: {@link NativeApi#table()} builds the stubs, and
 * each call below is a downcall into a stub (the C side of {@code shnn_net_from_json}, {@code shnn_sim_create},
 *, {@code shnn_sim_run}, {@code shnn_sim_read_spikes} ...), so the cache holds the
 * linker's classes and the engine's as Python's {@code shnn} package and PyNN's backend use them: a network file
 * of PyNN cell types and connectors, its build, the JIT warm-up and a run. Not part of the API.
 */
public final class AotTraining {

    private AotTraining() {
    }

    /**
     * Builds {@code args[0]} (a network file) through the upcall table and runs it {@code args[1]} ms; prints the spike count. Exits with an exception if any call fails.
     */
    public static void main(String[] args) throws Throwable {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: AotTraining <network.json> <ms> (got " + args.length + " arguments)");
        }
        Path file = Path.of(args[0]);
        double ms = Double.parseDouble(args[1]);
        MemorySegment table = NativeApi.table();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment net = arena.allocate(JAVA_LONG);
            call(table, arena, "net_from_json", arena.allocateFrom(Files.readString(file)),
                    arena.allocateFrom(file.toAbsolutePath().getParent().toString()), net);
            long n = net.get(JAVA_LONG, 0);
            MemorySegment handle = arena.allocate(JAVA_LONG);
            call(table, arena, "sim_create", n, 1, handle);
            long h = handle.get(JAVA_LONG, 0);
            call(table, arena, "sim_run", h, ms);
            MemorySegment count = arena.allocate(JAVA_LONG);
            call(table, arena, "sim_spike_count", h, count);
            long spikes = count.get(JAVA_LONG, 0);
            int max = (int) Math.min(spikes, 1 << 20);
            MemorySegment got = arena.allocate(JAVA_LONG);
            call(table, arena, "sim_read_spikes", h, 0L, (long) max, arena.allocate(JAVA_LONG, Math.max(1, max)),
                    arena.allocate(JAVA_INT, Math.max(1, max)), got);
            call(table, arena, "sim_raster_sha256", h, arena.allocate(32));
            call(table, arena, "sim_destroy", h);
            call(table, arena, "net_destroy", n);
            System.out.println("AOT training: " + file + ", " + ms + " ms, " + spikes + " spikes");
        }
    }

    /** Calls table entry {@code name} through its stub; throws with the entry's last error if it fails. */
    private static void call(MemorySegment table, Arena arena, String name, Object... args) throws Throwable {
        ApiTable.Entry entry = ApiTable.ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
        MemorySegment stub = table.get(ADDRESS, ApiTable.offsetOf(name));
        MethodHandle h = Linker.nativeLinker().downcallHandle(stub, entry.descriptor());
        int status = (int) h.invokeWithArguments(args);
        if (status != Status.OK) {
            MemorySegment text = arena.allocate(4096);
            NativeEntryPoints.lastError(text, text.byteSize(), MemorySegment.NULL);
            throw new IllegalStateException(name + " returned status " + status + ": " + text.getString(0));
        }
    }
}
