package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** Drives one model over a small population in a confined arena, the way the network does. */
final class Harness implements AutoCloseable {

    final Arena arena = Arena.ofConfined();
    final NeuronModel model;
    final int count;
    final PopulationState state;
    final MemorySegment[] input;
    MemorySegment external;
    long step;

    Harness(NeuronModel model, int count) {
        this.model = model;
        this.count = count;
        this.state = model.allocateState(arena, count);
        this.input = new MemorySegment[model.receptorCount()];
        for (int r = 0; r < input.length; r++) {
            input[r] = arena.allocate(4L * count, 64);
        }
    }

    /** Adds weight {@code w} for receptor {@code r} of neuron {@code i} in the next step. */
    void input(int r, int i, float w) {
        input[r].set(JAVA_FLOAT, 4L * i, input[r].get(JAVA_FLOAT, 4L * i) + w);
    }

    /** Sets the injected current of neuron {@code i}, pA, until changed. */
    void external(int i, double pA) {
        if (external == null) {
            external = arena.allocate(8L * count, 64);
        }
        external.set(JAVA_DOUBLE, 8L * i, pA);
    }

    /** One step over all neurons; returns the neurons that fired (ascending) and clears the input. */
    List<Integer> step() {
        return step(0, count);
    }

    List<Integer> step(int from, int to) {
        List<Integer> fired = new ArrayList<>();
        model.step(state, from, to, input, external, fired::add);
        for (MemorySegment in : input) {
            in.asSlice(4L * from, 4L * (to - from)).fill((byte) 0);
        }
        step++;
        return fired;
    }

    /** Runs {@code steps} steps; returns the step indices at which neuron {@code i} fired. */
    List<Long> run(long steps, int i) {
        List<Long> spikes = new ArrayList<>();
        for (long k = 0; k < steps; k++) {
            long now = step;
            if (step().contains(i)) {
                spikes.add(now);
            }
        }
        return spikes;
    }

    double v(int i) {
        return model.membranePotential(state, i);
    }

    @Override
    public void close() {
        arena.close();
    }
}
