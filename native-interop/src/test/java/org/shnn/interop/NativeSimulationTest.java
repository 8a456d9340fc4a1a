package org.shnn.interop;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * The simulation entries of the upcall table, called as C calls them (downcalls on the stubs), against
 * the same simulation run directly in Java.
 */
class NativeSimulationTest {

    private static final MemorySegment T = NativeApi.table();

    private static int call(String entry, Object... args) throws Throwable {
        return (int) NativeApiTest.entry(T, entry).invokeWithArguments(args);
    }

    private static long create(Arena a, String model, long neurons, long seed, int threads) throws Throwable {
        MemorySegment h = a.allocate(JAVA_LONG);
        int rc = call("sim_create_builtin", a.allocateFrom(model), neurons, seed, threads, h);
        assertEquals(Status.OK, rc, LastError.get());
        return h.get(JAVA_LONG, 0);
    }

    @Test
    void nativeRunMatchesJavaRun() throws Throwable {
        long seed = 20261125L;
        try (Arena a = Arena.ofConfined();
                Simulation ref = Simulation.create(BuiltinNetworks.coba(800, seed), SimulationConfig.defaults())) {
            long h = create(a, "coba", 800, seed, 2);
            assertEquals(Status.OK, call("sim_run", h, 100.0));
            ref.run(100.0);

            MemorySegment n = a.allocate(JAVA_LONG);
            assertEquals(Status.OK, call("sim_spike_count", h, n));
            SpikeRecorder r = ref.spikes();
            assertEquals(r.count(), n.get(JAVA_LONG, 0), "seed " + seed);
            assertTrue(r.count() > 0, "seed " + seed + ": COBA should spike in 100 ms");
            assertEquals(Status.OK, call("sim_neuron_count", h, n));
            assertEquals(ref.neuronCount(), n.get(JAVA_LONG, 0));

            MemorySegment step = a.allocate(JAVA_LONG);
            MemorySegment ms = a.allocate(JAVA_DOUBLE);
            assertEquals(Status.OK, call("sim_time", h, step, ms));
            assertEquals(1000, step.get(JAVA_LONG, 0));
            assertEquals(ref.timeMs(), ms.get(JAVA_DOUBLE, 0));
            assertEquals(Status.OK, call("sim_time", h, MemorySegment.NULL, MemorySegment.NULL));
            assertEquals(Status.OK, call("sim_dt", h, ms));
            assertEquals(0.1, ms.get(JAVA_DOUBLE, 0));

            MemorySegment hash = a.allocate(32);
            assertEquals(Status.OK, call("sim_raster_sha256", h, hash));
            assertArrayEquals(ref.rasterSha256(), hash.toArray(JAVA_BYTE), "seed " + seed);

            // Batch reads in uneven pieces reproduce the recorder.
            long count = r.count();
            int batch = 333;
            MemorySegment steps = a.allocate(JAVA_LONG, batch);
            MemorySegment neurons = a.allocate(JAVA_INT, batch);
            MemorySegment got = a.allocate(JAVA_LONG);
            long offset = 0;
            while (offset < count) {
                assertEquals(Status.OK, call("sim_read_spikes", h, offset, (long) batch, steps, neurons, got));
                long g = got.get(JAVA_LONG, 0);
                assertEquals(Math.min(batch, count - offset), g);
                for (int i = 0; i < g; i++) {
                    assertEquals(r.step(offset + i), steps.getAtIndex(JAVA_LONG, i));
                    assertEquals(r.neuron(offset + i), neurons.getAtIndex(JAVA_INT, i));
                }
                offset += g;
            }
            assertEquals(Status.OK, call("sim_read_spikes", h, count, 5L, steps, neurons, got));
            assertEquals(0, got.get(JAVA_LONG, 0));
            assertEquals(Status.E_ARGUMENT, call("sim_read_spikes", h, count + 1, 5L, steps, neurons, got));
            assertTrue(LastError.get().contains("offset " + (count + 1) + " outside [0, " + count + "]"), LastError.get());
            assertEquals(Status.E_ARGUMENT, call("sim_read_spikes", h, 0L, -1L, steps, neurons, got));
            assertEquals(Status.E_ARGUMENT, call("sim_read_spikes", h, 0L, 5L, MemorySegment.NULL, neurons, got));
            assertEquals(Status.OK, call("sim_destroy", h));
        }
    }

    @Test
    void stateColumnIsTheEnginesMemory() throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            long h = create(a, "coba", 500, 77, 1);
            assertEquals(Status.OK, call("sim_run", h, 20.0));
            MemorySegment data = a.allocate(ADDRESS);
            MemorySegment count = a.allocate(JAVA_LONG);
            MemorySegment type = a.allocate(JAVA_INT);
            assertEquals(Status.OK, call("sim_state_column", h, a.allocateFrom("exc"), a.allocateFrom("v"), data, count,
                    type), LastError.get());
            assertEquals(400, count.get(JAVA_LONG, 0));
            assertEquals(ColumnType.F64, type.get(JAVA_INT, 0));
            SimulationSession.StateColumn c = NativeEntryPoints.SIMULATIONS.get(h).stateColumn("exc", "v");
            assertEquals(c.segment().address(), data.get(ADDRESS, 0).address(), "zero copy: the engine's own column");
            MemorySegment v = data.get(ADDRESS, 0).reinterpret(400 * 8L);
            for (int i = 0; i < 400; i++) {
                double mv = v.getAtIndex(JAVA_DOUBLE, i);
                assertTrue(mv >= -80.0 && mv <= -50.0, "seed 77: v[" + i + "] = " + mv + " mV outside [-80, -50]");
            }
            assertEquals(Status.OK, call("sim_state_column", h, a.allocateFrom("inh"), a.allocateFrom("refractory"),
                    data, count, type));
            assertEquals(100, count.get(JAVA_LONG, 0));
            assertEquals(ColumnType.I32, type.get(JAVA_INT, 0));
            assertEquals(Status.E_ARGUMENT, call("sim_state_column", h, a.allocateFrom("exc"), a.allocateFrom("q"), data,
                    count, type));
            assertTrue(LastError.get().contains("has no column 'q'; columns: v, "), LastError.get());
            assertEquals(Status.E_ARGUMENT, call("sim_state_column", h, a.allocateFrom("nope"), a.allocateFrom("v"), data,
                    count, type));
            assertTrue(LastError.get().contains("no population named 'nope'"), LastError.get());
            assertEquals(Status.OK, call("sim_destroy", h));
        }
    }

    /** Spike steps of neuron {@code id} in the recorded raster of {@code sim} from step {@code from}. */
    private static List<Long> spikeSteps(long handle, int id, long from) {
        SimulationSession s = NativeEntryPoints.SIMULATIONS.get(handle);
        MemorySegment steps = Arena.ofAuto().allocate(JAVA_LONG, 1 << 16);
        MemorySegment ids = Arena.ofAuto().allocate(JAVA_INT, 1 << 16);
        long n = s.readSpikes(0, 1 << 16, steps, ids);
        java.util.ArrayList<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (ids.getAtIndex(JAVA_INT, i) == id && steps.getAtIndex(JAVA_LONG, i) >= from) {
                out.add(steps.getAtIndex(JAVA_LONG, i));
            }
        }
        return out;
    }

    @Test
    void injectedInputArrivesAtTheSecondStepAndIsThreadIndependent() throws Throwable {
        long seed = 31;
        try (Arena a = Arena.ofConfined()) {
            long one = create(a, "coba", 500, seed, 1);
            long two = create(a, "coba", 500, seed, 2);
            long none = create(a, "coba", 500, seed, 1);
            for (long h : new long[] {one, two, none}) {
                assertEquals(Status.OK, call("sim_run", h, 10.0));
            }
            // Inhibitory neurons 3..7 (global 403..407) that are neither refractory nor firing by themselves soon.
            SimulationSession.StateColumn ref = NativeEntryPoints.SIMULATIONS.get(one).stateColumn("inh", "refractory");
            int[] targets = java.util.stream.IntStream.range(0, 100)
                    .filter(i -> ref.segment().getAtIndex(JAVA_INT, i) == 0 && spikeSteps(none, 400 + i, 100).isEmpty())
                    .limit(5).toArray();
            assertEquals(5, targets.length, "seed " + seed);
            MemorySegment ids = a.allocateFrom(JAVA_INT, targets);
            MemorySegment ws = a.allocateFrom(JAVA_FLOAT, new float[] {5000f, 5000f, 5000f, 5000f, 5000f});
            for (long h : new long[] {one, two}) {
                assertEquals(Status.OK, call("sim_inject", h, a.allocateFrom("inh"), 0, ids, ws, 5L), LastError.get());
            }
            for (long h : new long[] {one, two, none}) {
                assertEquals(Status.OK, call("sim_run_steps", h, 3L));
            }
            // Queued at 100 steps done: the input arrives at step 101, as a spike through a one-step synapse
            // would; the COBA neuron's voltage answers at the following update, so it fires at step 102.
            for (int t : targets) {
                assertEquals(List.of(102L), spikeSteps(one, 400 + t, 100), "seed " + seed + ", inh neuron " + t);
                assertTrue(spikeSteps(none, 400 + t, 100).isEmpty(), "seed " + seed + ", inh neuron " + t);
            }
            MemorySegment h1 = a.allocate(32);
            MemorySegment h2 = a.allocate(32);
            assertEquals(Status.OK, call("sim_raster_sha256", one, h1));
            assertEquals(Status.OK, call("sim_raster_sha256", two, h2));
            assertArrayEquals(h1.toArray(JAVA_BYTE), h2.toArray(JAVA_BYTE), "seed " + seed + ": 1 vs 2 threads");

            // Bad input queues nothing.
            assertEquals(Status.E_ARGUMENT, call("sim_inject", one, a.allocateFrom("inh"), 2, ids, ws, 5L));
            assertTrue(LastError.get().contains("receptor 2 out of range [0, 2)"), LastError.get());
            MemorySegment bad = a.allocateFrom(JAVA_INT, 0, 100);
            assertEquals(Status.E_ARGUMENT, call("sim_inject", one, a.allocateFrom("inh"), 0, bad, ws, 2L));
            assertTrue(LastError.get().contains("neurons[1] = 100 out of range [0, 100)"), LastError.get());
            MemorySegment nan = a.allocateFrom(JAVA_FLOAT, Float.NaN);
            assertEquals(Status.E_ARGUMENT, call("sim_inject", one, a.allocateFrom("inh"), 0, ids, nan, 1L));
            assertEquals(Status.E_ARGUMENT, call("sim_inject", one, a.allocateFrom("xyz"), 0, ids, ws, 1L));
            assertEquals(Status.E_ARGUMENT, call("sim_inject", one, a.allocateFrom("inh"), 0, MemorySegment.NULL, ws, 1L));
            assertEquals(Status.OK, call("sim_inject", one, a.allocateFrom("inh"), 0, MemorySegment.NULL,
                    MemorySegment.NULL, 0L));
            for (long h : new long[] {one, two, none}) {
                assertEquals(Status.OK, call("sim_destroy", h));
            }
        }
    }

    @Test
    void handlesAreValidated() throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_LONG);
            long h = create(a, "cuba", 100, 1, 1);
            assertEquals(Status.E_HANDLE, call("sim_spike_count", 0L, n));
            assertEquals(Status.E_HANDLE, call("sim_run", -7L, 1.0));
            assertEquals("SHNN_E_HANDLE: simulation handle -7 is not open (closed, or never issued; valid handles are >= 1)",
                    LastError.get());
            assertEquals(Status.E_ARGUMENT, call("sim_run", h, Double.NaN));
            assertEquals(Status.E_ARGUMENT, call("sim_run_steps", h, -1L));
            assertEquals(Status.E_ARGUMENT, call("sim_spike_count", h, MemorySegment.NULL));
            assertEquals(Status.OK, call("sim_destroy", h));
            assertEquals(Status.E_HANDLE, call("sim_spike_count", h, n));
            assertEquals(Status.E_HANDLE, call("sim_destroy", h));
        }
    }

    @Test
    void badModelsAndSizesAreArgumentErrors() throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(JAVA_LONG);
            h.set(JAVA_LONG, 0, -5);
            assertEquals(Status.E_ARGUMENT, call("sim_create_builtin", a.allocateFrom("hh"), 100L, 1L, 1, h));
            assertEquals("SHNN_E_ARGUMENT: unknown model \"hh\" (known: coba, cuba, brunel:<regime>)", LastError.get());
            assertEquals(-5, h.get(JAVA_LONG, 0), "the out pointer is untouched on failure");
            assertEquals(Status.E_ARGUMENT, call("sim_create_builtin", a.allocateFrom("coba"), 0L, 1L, 1, h));
            assertEquals(Status.E_ARGUMENT, call("sim_create_builtin", a.allocateFrom("coba"), 1L << 40, 1L, 1, h));
            assertEquals(Status.E_ARGUMENT, call("sim_create_builtin", a.allocateFrom("coba"), 100L, 1L, 0, h));
            assertEquals(Status.E_ARGUMENT, call("sim_create_builtin", MemorySegment.NULL, 100L, 1L, 1, h));
            assertEquals(Status.OK, call("sim_create_builtin", a.allocateFrom("brunel:ai"), 200L, 1L, 1, h), LastError.get());
            assertEquals(Status.OK, call("sim_destroy", h.get(JAVA_LONG, 0)));
        }
    }

    @Test
    void exportWritesCsvAndReportsBadPaths(@TempDir Path dir) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            long h = create(a, "coba", 300, 9, 1);
            assertEquals(Status.OK, call("sim_run", h, 30.0));
            MemorySegment n = a.allocate(JAVA_LONG);
            assertEquals(Status.OK, call("sim_spike_count", h, n));
            Path csv = dir.resolve("s.csv");
            assertEquals(Status.OK, call("sim_export_spikes", h, a.allocateFrom(csv.toString())), LastError.get());
            List<String> lines = Files.readAllLines(csv);
            assertEquals("neuron_id,time_ms", lines.getFirst());
            assertEquals(n.get(JAVA_LONG, 0), lines.size() - 1);
            String missing = dir.resolve("no/such/dir/s.csv").toString();
            assertEquals(Status.E_IO, call("sim_export_spikes", h, a.allocateFrom(missing)));
            assertTrue(LastError.get().contains("no/such/dir"), LastError.get());
            assertEquals(Status.E_ARGUMENT, call("sim_export_spikes", h, a.allocateFrom(dir.resolve("s.txt").toString())));
            assertEquals(Status.OK, call("sim_destroy", h));
        }
    }

    @Test
    void saveAndOpenContinueBitIdentically(@TempDir Path dir) throws Throwable {
        long seed = 4242;
        try (Arena a = Arena.ofConfined()) {
            long straight = create(a, "coba", 600, seed, 1);
            assertEquals(Status.OK, call("sim_run", straight, 60.0));
            long first = create(a, "coba", 600, seed, 1);
            assertEquals(Status.OK, call("sim_run", first, 25.0));
            MemorySegment file = a.allocateFrom(dir.resolve("net.shnn").toString());
            assertEquals(Status.OK, call("sim_save", first, file), LastError.get());
            assertEquals(Status.OK, call("sim_destroy", first));
            MemorySegment h = a.allocate(JAVA_LONG);
            assertEquals(Status.OK, call("sim_open", file, 2, 0, h), LastError.get());
            long resumed = h.get(JAVA_LONG, 0);
            MemorySegment step = a.allocate(JAVA_LONG);
            assertEquals(Status.OK, call("sim_time", resumed, step, MemorySegment.NULL));
            assertEquals(250, step.get(JAVA_LONG, 0));
            assertEquals(Status.OK, call("sim_run", resumed, 35.0));
            MemorySegment x = a.allocate(32);
            MemorySegment y = a.allocate(32);
            assertEquals(Status.OK, call("sim_raster_sha256", straight, x));
            assertEquals(Status.OK, call("sim_raster_sha256", resumed, y));
            assertArrayEquals(x.toArray(JAVA_BYTE), y.toArray(JAVA_BYTE), "seed " + seed + ": resumed raster differs");
            assertEquals(Status.OK, call("sim_destroy", straight));
            assertEquals(Status.OK, call("sim_destroy", resumed));
        }
    }

    @Test
    void badCheckpointsAreIoErrors(@TempDir Path dir) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(JAVA_LONG);
            assertEquals(Status.E_IO, call("sim_open", a.allocateFrom(dir.resolve("missing.shnn").toString()), 1, 0, h));
            assertTrue(LastError.get().contains("missing.shnn"), LastError.get());
            Path junk = dir.resolve("junk.shnn");
            Files.write(junk, new byte[300]);
            assertEquals(Status.E_IO, call("sim_open", a.allocateFrom(junk.toString()), 1, 0, h));
            assertTrue(LastError.get().contains("magic"), LastError.get());
            long sim = create(a, "coba", 100, 1, 1);
            assertEquals(Status.E_IO, call("sim_save", sim, a.allocateFrom(dir.resolve("no/dir/x.shnn").toString())));
            assertEquals(Status.E_ARGUMENT, call("sim_open", a.allocateFrom(junk.toString()), 0, 0, h));
            assertEquals(Status.E_ARGUMENT, call("sim_open", a.allocateFrom(junk.toString()), 1, 3, h));
            assertEquals(Status.OK, call("sim_destroy", sim));
        }
    }

    /** Destroy racing with runs on the same handle: every call returns OK or E_HANDLE, never crashes. */
    @Test
    void destroyRacingWithCallsIsSafe() throws Throwable {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (Arena a = Arena.ofShared()) {
            for (int round = 0; round < 5; round++) {
                long h = create(a, "coba", 200, round, 1);
                MemorySegment n = a.allocate(JAVA_LONG);
                List<Future<Integer>> fs = List.of(
                        pool.submit(() -> loop(h, n)),
                        pool.submit(() -> loop(h, n)),
                        pool.submit(() -> destroy(h)));
                for (Future<Integer> f : fs) {
                    int rc = f.get(60, TimeUnit.SECONDS);
                    assertTrue(rc == Status.OK || rc == Status.E_HANDLE, "round " + round + ": " + rc);
                }
                assertEquals(Status.E_HANDLE, call("sim_run_steps", h, 1L));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int destroy(long h) {
        try {
            return call("sim_destroy", h);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static int loop(long h, MemorySegment n) {
        try {
            for (int i = 0; i < 200; i++) {
                int rc = call("sim_run_steps", h, 5L);
                if (rc != Status.OK) {
                    return rc;
                }
                rc = call("sim_spike_count", h, n);
                if (rc != Status.OK) {
                    return rc;
                }
            }
            return Status.OK;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
