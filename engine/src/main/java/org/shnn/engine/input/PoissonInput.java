package org.shnn.engine.input;

/**
 * External Poisson drive without synapses (Brian2's {@code PoissonInput}): every neuron of the target
 * population receives {@code sources} independent Poisson trains of {@code rateHz} each, through
 * synapses of {@code weight} on {@code receptor}. Each step adds {@code weight * k} to the neuron's
 * input for this step, with {@code k ~ Poisson(sources * rateHz * dt)} drawn from the counter-based
 * generator keyed by (seed, input, neuron, step).
 *
 * @param population target population index
 * @param receptor target receptor index
 * @param sources number of independent trains per neuron (>= 1)
 * @param rateHz rate of each train (Hz, >= 0)
 * @param weight weight per spike in the receptor's unit (nS or pA)
 */
public record PoissonInput(int population, int receptor, int sources, double rateHz, float weight) {

    /** @throws IllegalArgumentException on a negative index, count or rate, or a non-finite value */
    public PoissonInput {
        if (population < 0 || receptor < 0 || sources < 1 || !(rateHz >= 0) || Double.isInfinite(rateHz)
                || !Float.isFinite(weight)) {
            throw new IllegalArgumentException("Poisson input: population " + population + ", receptor " + receptor
                    + " (>= 0), sources " + sources + " (>= 1), rate " + rateHz + " Hz (finite, >= 0), weight " + weight
                    + " (finite)");
        }
    }

    /** Mean spike count per neuron and step of {@code dt} ms. */
    public double meanPerStep(double dt) {
        return sources * rateHz * dt * 1e-3;
    }
}
