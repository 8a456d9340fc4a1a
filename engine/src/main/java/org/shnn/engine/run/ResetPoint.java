package org.shnn.engine.run;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.shnn.engine.network.Projection;
import org.shnn.engine.synapse.CsrBuilder;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.memory.pool.ArenaPool;

/**
 * What {@link Simulation#reset()} goes back to, beyond what the description rebuilds by itself: each step hook's
 * state as it was attached (plasticity traces, homeostatic rates; copied before a restored hook reads its saved
 * state) and the weights at t = 0 of every projection whose weights a hook writes (asked for through
 * {@link Simulation#writableSynapses}).
 *
 * <p>The t = 0 weights of such a projection are copied when it is first asked for at step 0, and replaced by
 * every set ({@link Synapses}); on a simulation restored from a checkpoint saved after step 0 they are built again
 * from the description at the first reset (weights set before that save are then not kept: the file holds only
 * the weights as they were when saved).
 *
 * <p>Ownership: copies live in the simulation's memory and are freed with it. Thread-safety: controlling thread,
 * between runs.
 */
final class ResetPoint {

    /** Per hook, its sections as attached (heap copies). */
    private final Map<StepHook, Map<String, MemorySegment>> hookStates = new HashMap<>();
    /** Per projection whose weights a hook writes: its weights at t = 0, or null until built again. */
    private final Map<Integer, MemorySegment> initialWeights = new LinkedHashMap<>();

    /** Copies {@code hook}'s state as attached (before it restores any saved state). */
    void hookAdded(StepHook hook) {
        Map<String, MemorySegment> copy = new LinkedHashMap<>();
        for (NamedSegment s : hook.stateSections()) {
            copy.put(s.name(), copyOf(s.segment()));
        }
        hookStates.put(hook, copy);
    }

    /** Projection {@code index}'s weights (in {@code csr}) are written by a hook from now on. */
    void weightsWritable(int index, CsrMatrix csr, long step, ArenaPool memory) {
        if (!initialWeights.containsKey(index)) {
            initialWeights.put(index, step == 0 && csr.hasWeightArray() ? copyOf(csr.weights(), memory) : null);
        }
    }

    /** The weights of projection {@code index} were set: they are its weights at t = 0 from now on. */
    void weightsSet(int index, CsrMatrix csr, ArenaPool memory) {
        if (initialWeights.containsKey(index) && csr.hasWeightArray()) {
            MemorySegment old = initialWeights.get(index);
            if (old != null && old.byteSize() == csr.weights().byteSize()) {
                old.copyFrom(csr.weights());
            } else {
                initialWeights.put(index, copyOf(csr.weights(), memory));
            }
        }
    }

    /** Puts the hooks' state and the hook-written weights of {@code sim} back to what they were at t = 0. */
    void restore(Simulation sim, StepHook[] hooks) {
        for (StepHook h : hooks) {
            Map<String, MemorySegment> saved = hookStates.get(h);
            if (saved != null && !saved.isEmpty()) {
                h.restoreState(saved::get);
            }
        }
        for (Map.Entry<Integer, MemorySegment> e : initialWeights.entrySet()) {
            CsrMatrix csr = sim.synapses(e.getKey());
            if (e.getValue() == null) {
                e.setValue(rebuiltWeights(sim, e.getKey(), csr));
            }
            csr.weights().copyFrom(e.getValue());
        }
    }

    /** Projection {@code index}'s weights as its description builds them (for a simulation restored after step 0). */
    private static MemorySegment rebuiltWeights(Simulation sim, int index, CsrMatrix now) {
        Projection pr = sim.network().projections().get(index);
        ArenaPool scratch = ArenaPool.create("reset:projection " + index);
        try {
            int[] kept = sim.keptTargets(index);
            CsrMatrix built = CsrBuilder.build(pr, now.rows(), now.columns(), pr.source() == pr.target(),
                    sim.network().seed(), scratch, sim.config().threads(), kept[0], kept[1]);
            if (!built.hasWeightArray() || built.entryCount() != now.entryCount()) {
                throw new IllegalStateException(Synapses.name(sim, index) + ": its weights at t = 0 could not be built "
                        + "again from the description (" + built.entryCount() + " entries, the simulation has "
                        + now.entryCount() + ")");
            }
            return copyOf(built.weights().asSlice(0, now.weights().byteSize()), sim.memory());
        } finally {
            scratch.closeAndReport(); // the built matrix is checked out by design until here
        }
    }

    private static MemorySegment copyOf(MemorySegment s, ArenaPool memory) {
        MemorySegment c = memory.allocate(s.byteSize(), 64);
        c.copyFrom(s);
        return c;
    }

    /** A heap copy (hook state is per neuron, small). */
    private static MemorySegment copyOf(MemorySegment s) {
        MemorySegment c = MemorySegment.ofArray(new long[(int) ((s.byteSize() + 7) / 8)]).asSlice(0, s.byteSize());
        c.copyFrom(s);
        return c;
    }
}
