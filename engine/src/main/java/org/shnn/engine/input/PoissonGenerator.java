package org.shnn.engine.input;

import java.util.Arrays;

/**
 * Independent Poisson spike trains, one per generator neuron, at a rate in Hz per neuron: neuron
 * {@code i} spikes at step {@code t} when {@code u < rate[i] * dt} (Brian2's {@code PoissonGroup};
 * at most one spike per step, so rates must satisfy {@code rate * dt <= 1}). The uniform {@code u}
 * (32 bits) is word {@code neuron mod 4} of the counter-based block keyed by (seed, population,
 * neuron / 4, step), so trains are the same for any thread count.
 *
 * @param ratesHz rate per neuron (Hz), length = population size; copied
 */
public record PoissonGenerator(double[] ratesHz) implements SpikeGenerator {

    /** @throws IllegalArgumentException if a rate is negative or not finite */
    public PoissonGenerator {
        ratesHz = ratesHz.clone();
        for (int i = 0; i < ratesHz.length; i++) {
            if (!(ratesHz[i] >= 0) || Double.isInfinite(ratesHz[i])) {
                throw new IllegalArgumentException("Poisson rate of neuron " + i + " is " + ratesHz[i]
                        + " Hz; must be finite and >= 0");
            }
        }
    }

    /** {@code count} generators at the same rate (Hz). */
    public static PoissonGenerator uniform(int count, double rateHz) {
        double[] r = new double[count];
        Arrays.fill(r, rateHz);
        return new PoissonGenerator(r);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoissonGenerator p && Arrays.equals(ratesHz, p.ratesHz);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ratesHz);
    }

    @Override
    public String toString() {
        return "PoissonGenerator[" + ratesHz.length + " neurons]";
    }
}
