package org.shnn.engine.encoding;

import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Phase-of-firing coding relative to a background oscillation (as in hippocampal theta phase precession):
 * each value fires once per oscillation cycle, stronger values earlier in the cycle. The oscillation has
 * phase 0 at the start step and a period of {@code S = 1000 / (f dt)} steps (must be a whole number, at
 * least 2); the value fires at cycle offset {@code o(x) = round((1 - normalize(x)) * (S - 1))} steps, i.e.
 * at phase {@code 2 pi o / S}. {@link PhaseDecoder} then {@link #valueOfPhase} recover the value within
 * {@code width / (2 (S - 1))}.
 *
 * <p>Thread-safety: immutable.
 */
public final class PhaseEncoder {

    private final ValueRange range;
    private final int stepsPerCycle;
    private final int cycles;

    /**
     * Creates an encoder.
     *
     * @param range       input values
     * @param frequencyHz oscillation frequency, Hz; {@code 1000 / (frequencyHz * dt)} must be a whole number >= 2
     * @param cycles      number of cycles encoded per call, {@code >= 1}
     * @param dt          time step, ms
     * @throws IllegalArgumentException naming the bad argument
     */
    public PhaseEncoder(ValueRange range, double frequencyHz, int cycles, double dt) {
        this.range = Objects.requireNonNull(range, "range");
        this.stepsPerCycle = PhaseDecoder.stepsPerCycle(frequencyHz, dt);
        if (cycles < 1) {
            throw new IllegalArgumentException("cycles = " + cycles + " must be >= 1");
        }
        this.cycles = cycles;
    }

    /** The oscillation period in steps. */
    public int stepsPerCycle() {
        return stepsPerCycle;
    }

    /** The spike's offset within each cycle, steps, for {@code value}. */
    public int offsetSteps(double value) {
        return (int) Math.rint((1 - range.normalize(value)) * (stepsPerCycle - 1));
    }

    /** The value firing at phase {@code phase} (radians in [0, 2 pi)), clamped to the range. */
    public double valueOfPhase(double phase) {
        double offset = phase / (2 * Math.PI) * stepsPerCycle;
        double fraction = 1 - offset / (stepsPerCycle - 1);
        return range.denormalize(Math.max(0, Math.min(1, fraction)));
    }

    /** The largest decoding error caused by rounding phases to steps, in value units. */
    public double resolution() {
        return range.width() / (2.0 * (stepsPerCycle - 1));
    }

    /**
     * Emits, for each cycle, one spike per value (neuron {@code i} at {@code startStep + c*S + offset(values[i])}),
     * in ascending (step, neuron) order.
     *
     * @throws IllegalArgumentException if a value is NaN or startStep is negative
     */
    public void encode(double[] values, long startStep, SpikeTrainSink sink) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(sink, "sink");
        Check.atLeast("start step", startStep, 0);
        SortedEmitter emitter = new SortedEmitter();
        for (int c = 0; c < cycles; c++) {
            for (int i = 0; i < values.length; i++) {
                emitter.add(startStep + (long) c * stepsPerCycle + offsetSteps(values[i]), i);
            }
        }
        emitter.flush(sink);
    }
}
