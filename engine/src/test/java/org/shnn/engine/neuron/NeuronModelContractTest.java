package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.shnn.layouts.state.NeuronStateLayouts;

/** Properties every model must have: partition independence, determinism, ordered spikes, checked arguments. */
class NeuronModelContractTest {

    static Stream<NeuronModel> models() {
        return Stream.of(
                new LifCubaModel(LifCubaParams.defaults(), 0.1),
                new LifCobaModel(LifCobaParams.brian2Coba(), 0.1),
                new FixedPointLifModel(LifCubaParams.defaults(), 0.1),
                new AdExModel(AdExParams.defaults().withTRef(1.0).withIE(800), 0.1),
                new IzhikevichModel(IzhikevichParams.Preset.CH.params(), 0.1),
                new LifDeltaModel(LifDeltaParams.defaults(), 0.1),
                new LifCubaAlphaModel(LifCubaParams.defaults(), 0.1),
                new LifCobaAlphaModel(LifCobaParams.brian2Coba(), 0.1),
                new LifCobaSfaRrModel(LifCobaSfaRrParams.defaults().withIE(450), 0.1),
                new AdExAlphaModel(AdExParams.defaults().withTRef(1.0).withIE(1500), 0.1),
                new HhTraubModel(HhTraubParams.defaults().withIE(300), 0.1),
                new PiecewiseModel(new NeuronModel[] {new LifCubaModel(LifCubaParams.defaults(), 0.1),
                    new LifCubaModel(LifCubaParams.defaults().withTauM(15), 0.1)}, new int[] {0, 3, 17, 40},
                        new int[] {0, 1, 0, 1}));
    }

    /** Drive strong enough that every model fires now and then: pA, or nS for conductance models. */
    private static float weight(NeuronModel model, int receptor, SplittableRandom rnd) {
        double scale = switch (model.inputUnit()) {
            case "nS" -> receptor == 0 ? 12 : 20;
            case "mV" -> receptor == 0 ? 6 : -4;
            default -> receptor == 0 ? 900 : -600;
        };
        return (float) (scale * rnd.nextDouble());
    }

    /** Runs {@code steps} steps of {@code n} neurons split at {@code cuts}; returns (step, neuron) pairs and the final state. */
    private static Object[] run(NeuronModel model, int n, int steps, int[] cuts, long seed) {
        return run(model, n, steps, cuts, seed, true);
    }

    /** As {@link #run(NeuronModel, int, int, int[], long)}; without external current when {@code withExternal} is false. */
    private static Object[] run(NeuronModel model, int n, int steps, int[] cuts, long seed, boolean withExternal) {
        try (Arena arena = Arena.ofConfined()) {
            PopulationState s = model.allocateState(arena, n);
            MemorySegment[] input = new MemorySegment[model.receptorCount()];
            for (int r = 0; r < input.length; r++) {
                input[r] = arena.allocate(4L * n, 64);
            }
            MemorySegment external = arena.allocate(8L * n, 64);
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < n; i++) {
                model.setMembranePotential(s, i, model.membranePotential(s, i) + 5 * rnd.nextDouble());
                external.set(JAVA_DOUBLE, 8L * i, model.inputUnit().equals("mV") ? 5 * rnd.nextDouble() : 200 * rnd.nextDouble());
            }
            List<long[]> spikes = new ArrayList<>();
            for (int k = 0; k < steps; k++) {
                for (int r = 0; r < input.length; r++) {
                    for (int i = 0; i < n; i++) {
                        input[r].set(JAVA_FLOAT, 4L * i, rnd.nextInt(10) == 0 ? weight(model, r, rnd) : 0f);
                    }
                }
                long step = k;
                int from = 0;
                for (int cut : cuts) {
                    int lo = from;
                    model.step(s, from, cut, input, withExternal ? external : null, i -> {
                        assertTrue(i >= lo, "spike index " + i + " below from " + lo);
                        spikes.add(new long[] {step, i});
                    });
                    from = cut;
                }
            }
            byte[] bytes = s.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            return new Object[] {spikes, bytes};
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void partitionedStepsAreBitIdenticalToOneRange(NeuronModel model) {
        long seed = 42;
        Object[] whole = run(model, 101, 2000, new int[] {101}, seed);
        Object[] split = run(model, 101, 2000, new int[] {13, 13, 50, 101}, seed);
        @SuppressWarnings("unchecked")
        List<long[]> spikes = (List<long[]>) whole[0];
        assertTrue(spikes.size() > 20, model.name() + " should fire under this drive; spikes " + spikes.size() + " seed " + seed);
        assertSameSpikes(spikes, split[0]);
        assertArrayEquals((byte[]) whole[1], (byte[]) split[1], "state bytes, seed " + seed);
        // spikes within a step come in ascending neuron order
        for (int j = 1; j < spikes.size(); j++) {
            long[] a = spikes.get(j - 1);
            long[] b = spikes.get(j);
            assertTrue(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]), "order at " + j);
        }
    }

    /**
     * One neuron per call runs every neuron through the scalar loop (no whole vector fits); one range runs
     * most through the vector kernel ({@link Simd}). The two must agree bit for bit.
     */
    @ParameterizedTest
    @MethodSource("models")
    void vectorKernelsAreBitIdenticalToTheScalarLoop(NeuronModel model) {
        assertTrue(Simd.ENABLED, "tests run with scripts/jvm.args (--add-modules=jdk.incubator.vector), so the kernels are on");
        int n = 136; // two 64-blocks plus one whole 8-lane vector
        int[] single = new int[n];
        for (int i = 0; i < n; i++) {
            single[i] = i + 1;
        }
        for (boolean withExternal : new boolean[] {true, false}) { // the kernels have a path for each
            Object[] vector = run(model, n, 1500, new int[] {n}, 5, withExternal);
            Object[] scalar = run(model, n, 1500, single, 5, withExternal);
            // synaptic input alone does not make every model fire; the state bytes are compared either way
            assertTrue(!withExternal || ((List<?>) vector[0]).size() > 20, model.name() + " should fire under this drive");
            assertSameSpikes((List<?>) vector[0], scalar[0]);
            assertArrayEquals((byte[]) vector[1], (byte[]) scalar[1], "state bytes, external " + withExternal);
        }
    }

    /**
     * A vector kernel runs at most {@code SPIKE_MASK_NEURONS} (4,096) neurons per call: ranges longer than that, and
     * one that starts off a multiple of 64 (so its chunks and blocks start at {@code from}, not at a multiple of 64),
     * agree bit for bit with the scalar loop, spikes in the same order.
     */
    @ParameterizedTest
    @MethodSource("models")
    void vectorKernelsAgreeWithTheScalarLoopAcrossChunks(NeuronModel model) {
        int n = 2 * NeuronModelBase.SPIKE_MASK_NEURONS + 3 * 64 + 11; // the second range crosses two chunk ends
        int[] single = new int[n];
        for (int i = 0; i < n; i++) {
            single[i] = i + 1;
        }
        Object[] vector = run(model, n, 300, new int[] {37, n}, 9, true);
        Object[] scalar = run(model, n, 300, single, 9, true);
        if (model instanceof LifCubaModel || model instanceof LifCobaModel || model instanceof LifDeltaModel) {
            // the models whose kernels run in chunks must fire here, or their spike bits go untested
            assertTrue(((List<?>) vector[0]).size() > 20, model.name() + " should fire under this drive");
        }
        assertSameSpikes((List<?>) vector[0], scalar[0]);
        assertArrayEquals((byte[]) vector[1], (byte[]) scalar[1], "state bytes");
    }

    /** A consuming model zeroes exactly [from, to) of every input; any other model leaves the inputs as they were. */
    @ParameterizedTest
    @MethodSource("models")
    void inputsAreConsumedExactlyInTheRangeOrNotAtAll(NeuronModel model) {
        int n = 101;
        int from = 10;
        int to = 90;
        try (Arena arena = Arena.ofConfined()) {
            PopulationState s = model.allocateState(arena, n);
            MemorySegment[] input = new MemorySegment[model.receptorCount()];
            for (int r = 0; r < input.length; r++) {
                input[r] = arena.allocate(4L * n, 64);
                for (int i = 0; i < n; i++) {
                    input[r].setAtIndex(JAVA_FLOAT, i, 0.25f + i);
                }
            }
            model.step(s, from, to, input, null, i -> { });
            for (int r = 0; r < input.length; r++) {
                for (int i = 0; i < n; i++) {
                    float expected = model.consumesInput() && i >= from && i < to ? 0f : 0.25f + i;
                    assertEquals(expected, input[r].getAtIndex(JAVA_FLOAT, i),
                            model.name() + " receptor " + r + " neuron " + i + " (consumes: " + model.consumesInput() + ")");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void repeatedRunsAreBitIdentical(NeuronModel model) {
        Object[] a = run(model, 64, 1000, new int[] {64}, 7);
        Object[] b = run(model, 64, 1000, new int[] {64}, 7);
        assertSameSpikes((List<?>) a[0], b[0]);
        assertArrayEquals((byte[]) a[1], (byte[]) b[1]);
    }

    private static void assertSameSpikes(List<?> expected, Object actual) {
        List<?> other = (List<?>) actual;
        assertEquals(expected.size(), other.size(), "spike count");
        for (int j = 0; j < expected.size(); j++) {
            assertArrayEquals((long[]) expected.get(j), (long[]) other.get(j), "spike " + j);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void badStepArgumentsAreRejectedBeforeTouchingMemory(NeuronModel model) {
        try (Arena arena = Arena.ofConfined()) {
            PopulationState s = model.allocateState(arena, 10);
            MemorySegment[] input = {arena.allocate(40, 64), arena.allocate(40, 64)};
            SpikeSink sink = i -> { };
            assertThrows(IndexOutOfBoundsException.class, () -> model.step(s, 5, 4, input, null, sink));
            assertThrows(IndexOutOfBoundsException.class, () -> model.step(s, 0, 11, input, null, sink));
            assertThrows(IndexOutOfBoundsException.class, () -> model.step(s, -1, 3, input, null, sink));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.step(s, 0, 10, new MemorySegment[] {input[0]}, null, sink));
            assertTrue(e.getMessage().contains("1 receptor"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> model.step(s, 0, 10, new MemorySegment[] {input[0], arena.allocate(36, 64)}, null, sink));
            assertTrue(e.getMessage().contains("input[1]") && e.getMessage().contains("36"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> model.step(s, 0, 10, input, arena.allocate(79, 64), sink));
            assertTrue(e.getMessage().contains("79"), e.getMessage());
            PopulationState other = PopulationState.allocate(
                    model.stateLayout() == NeuronStateLayouts.IZHIKEVICH ? NeuronStateLayouts.LIF_CUBA : NeuronStateLayouts.IZHIKEVICH,
                    arena, 10);
            e = assertThrows(IllegalArgumentException.class, () -> model.step(other, 0, 10, input, null, sink));
            assertTrue(e.getMessage().contains(model.stateLayout().name()), e.getMessage());
            model.step(s, 3, 3, input, null, sink); // empty range is fine
            assertThrows(IllegalArgumentException.class, () -> model.allocateState(arena, -1));
            assertThrows(IllegalArgumentException.class, () -> model.setMembranePotential(s, 0, Double.NaN));
            assertThrows(IndexOutOfBoundsException.class, () -> model.membranePotential(s, 10));
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void stateIsAllocatedAlignedAndSetMembranePotentialRoundTrips(NeuronModel model) {
        try (Arena arena = Arena.ofConfined()) {
            PopulationState s = model.allocateState(arena, 1000);
            assertEquals(0, s.segment().address() % 64);
            assertEquals(model.stateLayout().byteSize(1000), s.segment().byteSize());
            model.setMembranePotential(s, 999, -61.25);
            assertEquals(-61.25, model.membranePotential(s, 999), 1e-4);
            assertEquals(model.name(), model.stateLayout().name());
            assertTrue(model.dt() > 0);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyNeuronFiringInOneStepIsReportedOnceInAscendingOrder(NeuronModel model) {
        // Models may collect spikes per block of neurons (a bit mask per 64) before calling the sink: all bits set,
        // blocks not aligned with the range, and a range ending inside a block.
        try (Arena arena = Arena.ofConfined()) {
            int n = 200;
            PopulationState s = model.allocateState(arena, n);
            MemorySegment[] input = new MemorySegment[model.receptorCount()];
            for (int r = 0; r < input.length; r++) {
                input[r] = arena.allocate(4L * n, 64);
            }
            for (int i = 0; i < n; i++) {
                model.setMembranePotential(s, i, 100.0); // far above every model's threshold
            }
            List<Integer> fired = new ArrayList<>();
            model.step(s, 37, 173, input, null, fired::add);
            List<Integer> expected = new ArrayList<>();
            for (int i = 37; i < 173; i++) {
                expected.add(i);
            }
            assertEquals(expected, fired, model.name());
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void stepDoesNotAllocate(NeuronModel model) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        try (Arena arena = Arena.ofConfined()) {
            int n = 256;
            PopulationState s = model.allocateState(arena, n);
            MemorySegment[] input = {arena.allocate(4L * n, 64), arena.allocate(4L * n, 64)};
            MemorySegment external = arena.allocate(8L * n, 64);
            external.fill((byte) 0);
            long[] spikes = {0};
            SpikeSink sink = i -> spikes[0]++;
            // Until C2 has compiled step (and, for the vector kernels, intrinsified the Vector API, whose
            // interpreted form boxes every vector), a window may allocate; a compiled step must not. Up to 40
            // windows of 2000 steps, each a few ms once compiled.
            mx.getThreadAllocatedBytes(thread);
            long allocated = Long.MAX_VALUE;
            for (int window = 0; window < 40 && allocated >= 1024; window++) {
                long before = mx.getThreadAllocatedBytes(thread);
                for (int k = 0; k < 2000; k++) {
                    model.step(s, 0, n, input, external, sink);
                }
                allocated = mx.getThreadAllocatedBytes(thread) - before;
            }
            assertTrue(allocated < 1024, model.name() + ": 2000 steps (last of 40 windows) allocated " + allocated + " bytes");
        }
    }
}
