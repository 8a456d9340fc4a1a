package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.shnn.engine.neuron.NeuronModel;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.engine.neuron.SpikeSink;
import org.shnn.layouts.state.SoaLayout;

/**
 * A test double of {@link NeuronModel} that records what the engine hands it: the step counter,
 * the first step with excitatory input, summed input per receptor, the last external current; it
 * fires at the step given in its {@code fire_at} column (or every step when {@code fire_at} is -2),
 * and throws at step {@code throwAt} to test failure handling.
 */
final class ProbeModel implements NeuronModel {

    static final SoaLayout LAYOUT = SoaLayout.of("probe",
            new SoaLayout.Column("steps", JAVA_DOUBLE, "1", "steps seen"),
            new SoaLayout.Column("arrival", JAVA_DOUBLE, "step", "first step with receptor-0 input, -1 if none"),
            new SoaLayout.Column("sum0", JAVA_DOUBLE, "1", "summed receptor-0 input"),
            new SoaLayout.Column("sum1", JAVA_DOUBLE, "1", "summed receptor-1 input"),
            new SoaLayout.Column("ext", JAVA_DOUBLE, "pA", "last external current"),
            new SoaLayout.Column("fire_at", JAVA_DOUBLE, "step", "step to fire at (-1 never, -2 always)"));

    private final double dt;
    private final long throwAt;

    ProbeModel(double dt, long throwAt) {
        this.dt = dt;
        this.throwAt = throwAt;
    }

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public SoaLayout stateLayout() {
        return LAYOUT;
    }

    @Override
    public int receptorCount() {
        return 2;
    }

    @Override
    public double dt() {
        return dt;
    }

    @Override
    public PopulationState allocateState(SegmentAllocator alloc, int count) {
        PopulationState s = PopulationState.allocate(LAYOUT, alloc, count);
        for (int i = 0; i < count; i++) {
            s.setDouble("arrival", i, -1);
            s.setDouble("fire_at", i, -1);
        }
        return s;
    }

    @Override
    public void step(PopulationState s, int from, int to, MemorySegment[] input, MemorySegment external, SpikeSink sink) {
        for (int i = from; i < to; i++) {
            double step = s.getDouble("steps", i);
            if (step == throwAt) {
                throw new IllegalStateException("probe failure at step " + (long) step);
            }
            float in0 = input[0].getAtIndex(JAVA_FLOAT, i);
            if (in0 != 0 && s.getDouble("arrival", i) < 0) {
                s.setDouble("arrival", i, step);
            }
            s.setDouble("sum0", i, s.getDouble("sum0", i) + in0);
            s.setDouble("sum1", i, s.getDouble("sum1", i) + input[1].getAtIndex(JAVA_FLOAT, i));
            s.setDouble("ext", i, external == null ? Double.NaN : external.getAtIndex(JAVA_DOUBLE, i));
            double fireAt = s.getDouble("fire_at", i);
            if (fireAt == step || fireAt == -2) {
                sink.spike(i);
            }
            s.setDouble("steps", i, step + 1);
        }
    }
}
