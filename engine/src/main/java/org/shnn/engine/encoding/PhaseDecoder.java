package org.shnn.engine.encoding;

import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Measures each neuron's firing phase relative to an oscillation of phase 0 at a reference step: the circular
 * mean (the angle of the mean unit vector) of the phases {@code 2 pi ((step - reference) mod S) / S} of its
 * spikes, {@code S} the period in steps. Spikes before the reference step are ignored.
 *
 * <p>Thread-safety: none.
 */
public final class PhaseDecoder implements SpikeTrainSink {

    private final int stepsPerCycle;
    private final long referenceStep;
    private final double[] sumCos;
    private final double[] sumSin;
    private final int[] counts;

    /**
     * Creates a decoder.
     *
     * @param neurons       neurons observed, {@code >= 1}
     * @param frequencyHz   oscillation frequency, Hz ({@code 1000 / (frequencyHz * dt)} a whole number >= 2)
     * @param dt            time step, ms
     * @param referenceStep step at which the oscillation has phase 0
     */
    public PhaseDecoder(int neurons, double frequencyHz, double dt, long referenceStep) {
        if (neurons < 1) {
            throw new IllegalArgumentException("neurons = " + neurons + " must be >= 1");
        }
        Check.atLeast("start step", referenceStep, 0);
        this.stepsPerCycle = stepsPerCycle(frequencyHz, dt);
        this.referenceStep = referenceStep;
        this.sumCos = new double[neurons];
        this.sumSin = new double[neurons];
        this.counts = new int[neurons];
    }

    static int stepsPerCycle(double frequencyHz, double dt) {
        Check.dt(dt);
        Check.positive("frequencyHz", frequencyHz, "Hz");
        double steps = 1000.0 / (frequencyHz * dt);
        double whole = Math.rint(steps);
        if (Math.abs(steps - whole) > 1e-9 * whole || whole < 2 || whole > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("oscillation period 1000 / (" + frequencyHz + " Hz * " + dt + " ms) = "
                    + steps + " steps must be a whole number >= 2");
        }
        return (int) whole;
    }

    /**
     * Adds one spike.
     *
     * @throws IndexOutOfBoundsException if {@code neuron} is not observed
     */
    @Override
    public void spike(long step, int neuron) {
        Objects.checkIndex(neuron, counts.length);
        if (step < referenceStep) {
            return;
        }
        double phase = 2 * Math.PI * ((step - referenceStep) % stepsPerCycle) / stepsPerCycle;
        sumCos[neuron] += Math.cos(phase);
        sumSin[neuron] += Math.sin(phase);
        counts[neuron]++;
    }

    /** Spikes of {@code neuron} counted. */
    public int count(int neuron) {
        return counts[Objects.checkIndex(neuron, counts.length)];
    }

    /** The circular-mean firing phase of {@code neuron} in radians in [0, 2 pi), or NaN if it never fired. */
    public double phase(int neuron) {
        if (count(neuron) == 0) {
            return Double.NaN;
        }
        double p = Math.atan2(sumSin[neuron], sumCos[neuron]);
        return p < 0 ? p + 2 * Math.PI : p;
    }
}
