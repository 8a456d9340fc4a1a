package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.shnn.engine.neuron.NeuronModel;
import org.shnn.engine.neuron.PopulationState;

/**
 * Gets the neuron models' {@code step} compiled by C2 before a run, by stepping scratch copies of each
 * population's first neurons until the JIT has nothing left to compile.
 *
 * <p>Why: the vector kernels run thousands of times slower interpreted or in C1 (the Vector API is only
 * intrinsified by C2, and until then every vector is a heap object), and C2 compiles a method only after
 * thousands of calls. In a run that cost is paid in the first hundreds of steps: about 0.4 s of a 1 s,
 * 4,000-neuron CUBA run. Stepping 128 scratch neurons reaches the thresholds in a fraction of that, and
 * {@link Simulation} reports the time apart from the run, as Brian2 reports its C++ compilation apart.
 *
 * <p>The scratch state is a copy, in an arena freed on return; the simulation's own state, inputs, random
 * streams and clock are not touched, so warm-up cannot change a result. The scratch inputs drive the neurons
 * hard enough to fire and to become refractory, and spikes go to a {@link SpikeEmitter} as in the run, so the
 * profile C2 compiles from covers the paths the run takes. The scratch arena is a shared one because every
 * state segment comes from a shared session (the {@code ArenaPool}s, mapped checkpoints): segment accesses
 * profile the session's class, and a confined scratch session made C2 compile code whose loop predicates
 * failed in the run, over and over (a deoptimisation storm that made a 1 s CUBA run take 3-5 s).
 *
 * <p>Thread-safety: call from one thread, between runs.
 */
final class KernelWarmUp {

    /** Scratch neurons per model: two 64-neuron blocks, a whole number of vectors at any lane count. */
    private static final int NEURONS = 128;
    /** Calls per model per round. */
    private static final int CALLS_PER_ROUND = 100;
    /**
     * At least this many rounds: 2,000 calls, past tiered compilation's C2 thresholds for a method with loops
     * (600 invocations and 15,000 invocations plus loop back-edges).
     */
    private static final int MIN_ROUNDS = 20;
    /** Done once the JIT's total compilation time has not moved for this many rounds. */
    private static final int QUIET_ROUNDS = 3;
    /** Upper bound on the wall time spent, whatever the JIT does. */
    private static final long MAX_NANOS = 3_000_000_000L;

    private KernelWarmUp() {
    }

    /**
     * Steps scratch copies of each distinct (model class, external current or not) pair among
     * {@code populations}; returns the wall time spent in seconds.
     */
    static double run(PopulationRuntime[] populations) {
        long start = System.nanoTime();
        try (Arena arena = Arena.ofShared()) { // shared, like every state segment: see the class comment
            List<Scratch> scratch = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (PopulationRuntime p : populations) {
                if (p.model != null && seen.add(p.model.getClass().getName() + (p.external != null))) {
                    scratch.add(new Scratch(p, arena));
                }
            }
            if (scratch.isEmpty()) {
                return 0;
            }
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
            long lastCompileMs = -1;
            int quiet = 0;
            for (int round = 0; ; round++) {
                for (Scratch s : scratch) {
                    for (int k = 0; k < CALLS_PER_ROUND; k++) {
                        s.step(round * CALLS_PER_ROUND + k);
                    }
                }
                long compileMs = timed ? jit.getTotalCompilationTime() : 0;
                quiet = compileMs == lastCompileMs ? quiet + 1 : 0;
                lastCompileMs = compileMs;
                if ((round + 1 >= MIN_ROUNDS && quiet >= QUIET_ROUNDS) || System.nanoTime() - start > MAX_NANOS) {
                    break;
                }
            }
        }
        return (System.nanoTime() - start) * 1e-9;
    }

    /** A 64-neuron copy of one population with its own inputs and spike buffer. */
    private static final class Scratch {

        private final NeuronModel model;
        private final PopulationState state;
        private final MemorySegment[] input;
        private final MemorySegment external;
        private final SpikeEmitter sink = new SpikeEmitter();
        private final float excitation;
        private final float inhibition;

        Scratch(PopulationRuntime p, Arena arena) {
            model = p.model;
            state = model.allocateState(arena, NEURONS);
            int copied = Math.min(NEURONS, p.count);
            for (int c = 0; c < state.layout().columnCount(); c++) {
                long bytes = state.layout().column(c).elementSize() * copied;
                MemorySegment.copy(p.state.column(c), 0, state.column(c), 0, bytes);
            }
            input = new MemorySegment[model.receptorCount()];
            for (int r = 0; r < input.length; r++) {
                input[r] = arena.allocate((long) Float.BYTES * NEURONS, 64);
            }
            external = p.external == null ? null : arena.allocate((long) Double.BYTES * NEURONS, 64);
            sink.buffer = arena.allocate((long) Integer.BYTES * NEURONS, 64);
            // Kicks that make each model fire now and then, in its input unit.
            switch (model.inputUnit()) {
                case "nS" -> {
                    excitation = 12f;
                    inhibition = 20f;
                }
                case "mV" -> {
                    excitation = 6f;
                    inhibition = -4f;
                }
                default -> {
                    excitation = 900f;
                    inhibition = -600f;
                }
            }
        }

        /** One step of the scratch neurons with a deterministic pattern of kicks. */
        void step(int call) {
            for (int i = 0; i < NEURONS; i++) {
                input[0].setAtIndex(JAVA_FLOAT, i, (i + call) % 5 == 0 ? excitation : 0f);
                if (input.length > 1) {
                    input[1].setAtIndex(JAVA_FLOAT, i, (i + 2 * call) % 11 == 0 ? inhibition : 0f);
                }
            }
            sink.count = 0;
            model.step(state, 0, NEURONS, input, external, sink);
        }
    }
}
