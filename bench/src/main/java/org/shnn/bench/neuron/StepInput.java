package org.shnn.bench.neuron;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The same constant per-neuron input for the engine's step and for a heap-array copy, restored before every
 * step: the engine's LIF models consume (zero) their input as they read it ({@code NeuronModel.consumesInput}),
 * and the heap loops of the benchmarks do the same, so both start each step from the same values again and pay
 * the same restoring copy.
 *
 * <p>Ownership: the segments belong to the arena given to the constructor. Thread-safety: one benchmark
 * thread.
 */
final class StepInput {

    /** The engine's two receptor buffers (native-order floats, one per neuron). */
    final MemorySegment[] engine;
    /** The heap copy's excitatory input. */
    final float[] exc;
    /** The heap copy's inhibitory input. */
    final float[] inh;
    private final MemorySegment[] engineTemplate;
    private final float[] excTemplate;
    private final float[] inhTemplate;

    /** Input {@code exc[i]}, {@code inh[i]} for neuron {@code i}, in buffers from {@code arena}. */
    StepInput(Arena arena, float[] exc, float[] inh) {
        int n = exc.length;
        engine = new MemorySegment[] {arena.allocate(4L * n, 64), arena.allocate(4L * n, 64)};
        engineTemplate = new MemorySegment[] {arena.allocate(4L * n, 64), arena.allocate(4L * n, 64)};
        for (int i = 0; i < n; i++) {
            engineTemplate[0].setAtIndex(JAVA_FLOAT, i, exc[i]);
            engineTemplate[1].setAtIndex(JAVA_FLOAT, i, inh[i]);
        }
        this.exc = exc.clone();
        this.inh = inh.clone();
        excTemplate = exc.clone();
        inhTemplate = inh.clone();
    }

    /** Restores the engine's buffers. */
    void refillEngine() {
        engine[0].copyFrom(engineTemplate[0]);
        engine[1].copyFrom(engineTemplate[1]);
    }

    /** Restores the heap copy's arrays. */
    void refillHeap() {
        System.arraycopy(excTemplate, 0, exc, 0, exc.length);
        System.arraycopy(inhTemplate, 0, inh, 0, inh.length);
    }
}
