package org.shnn.engine.encoding;

import java.util.Objects;
import org.shnn.engine.Check;
import org.shnn.engine.random.CounterRng;
import org.shnn.engine.random.RngPurpose;

/**
 * Population coding with Gaussian receptive fields: each value drives {@code m} neurons whose preferred values
 * (centres) are evenly spaced over the range, {@code c_j = lo + j * width / (m - 1)}. Neuron {@code j} fires a
 * Poisson train (Bernoulli per step, as in {@link PoissonRateEncoder}) of rate
 * {@code maxRate * exp(-(x - c_j)^2 / (2 sigma^2))} Hz.
 *
 * <p>Value {@code k} of an input vector drives neurons {@code [k*m, (k+1)*m)}. Decode with
 * {@link PopulationVectorDecoder} over {@link #centres()}; the population vector is the maximum-likelihood
 * estimate where the tuning curves tile the axis, i.e. at least about {@code 2 sigma} inside the range (near
 * the edges it is biased towards the middle).
 *
 * <p>Thread-safety: one instance per thread ({@link #encode} uses scratch space).
 */
public final class GaussianPopulationEncoder {

    private final ValueRange range;
    private final int neuronsPerValue;
    private final double sigma;
    private final double maxRateHz;
    private final double dt;
    private final int windowSteps;
    private final double[] centres;
    private static final int PURPOSE = RngPurpose.encoder(1);

    private final CounterRng rng;
    private final SortedEmitter emitter = new SortedEmitter();

    /**
     * Creates an encoder.
     *
     * @param range           input values; the centres span it
     * @param neuronsPerValue neurons per value, {@code >= 2}
     * @param sigma           receptive-field width (standard deviation) in value units, {@code > 0}
     * @param maxRateHz       rate at the centre, Hz, at most {@code 1000 / dt}
     * @param windowMs        duration of the train, ms (at least one step)
     * @param dt              time step, ms
     * @param seed            random seed
     * @throws IllegalArgumentException naming the bad argument
     */
    public GaussianPopulationEncoder(ValueRange range, int neuronsPerValue, double sigma, double maxRateHz,
                                     double windowMs, double dt, long seed) {
        this.range = Objects.requireNonNull(range, "range");
        if (neuronsPerValue < 2) {
            throw new IllegalArgumentException("neuronsPerValue = " + neuronsPerValue + " must be >= 2");
        }
        this.neuronsPerValue = neuronsPerValue;
        this.sigma = Check.positive("sigma", sigma, "(value units)");
        this.dt = Check.dt(dt);
        this.maxRateHz = Check.positive("maxRateHz", maxRateHz, "Hz");
        if (maxRateHz * dt / 1000.0 > 1) {
            throw new IllegalArgumentException("maxRateHz = " + maxRateHz + " Hz exceeds one spike per step (1000 / dt = "
                    + 1000.0 / dt + " Hz)");
        }
        this.windowSteps = Check.steps("windowMs", windowMs, dt, 1);
        this.centres = new double[neuronsPerValue];
        for (int j = 0; j < neuronsPerValue; j++) {
            centres[j] = range.denormalize((double) j / (neuronsPerValue - 1));
        }
        this.rng = new CounterRng(seed);
    }

    /** Neurons per encoded value. */
    public int neuronsPerValue() {
        return neuronsPerValue;
    }

    /** Window length in steps. */
    public int windowSteps() {
        return windowSteps;
    }

    /** The preferred value of each neuron of a group (a copy). */
    public double[] centres() {
        return centres.clone();
    }

    /** The firing rate (Hz) of group neuron {@code j} for {@code value} (clamped to the range). */
    public double rateHz(double value, int j) {
        Objects.checkIndex(j, neuronsPerValue);
        double x = range.denormalize(range.normalize(value));
        double d = (x - centres[j]) / sigma;
        return maxRateHz * Math.exp(-0.5 * d * d);
    }

    /**
     * Encodes {@code values[k]} on neurons {@code [k*m, (k+1)*m)} over steps
     * {@code [startStep, startStep + windowSteps())}, emitted in ascending (step, neuron) order.
     *
     * @throws IllegalArgumentException if a value is NaN, startStep is negative or the neuron count exceeds int
     */
    public void encode(double[] values, long startStep, SpikeTrainSink sink) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(sink, "sink");
        Check.atLeast("start step", startStep, 0);
        Check.fitsInt("neurons (values x neuronsPerValue)", (long) values.length * neuronsPerValue);
        for (int k = 0; k < values.length; k++) {
            for (int j = 0; j < neuronsPerValue; j++) {
                emitter.addBernoulli(rng, PURPOSE, k * neuronsPerValue + j, startStep, windowSteps,
                        rateHz(values[k], j) * dt / 1000.0);
            }
        }
        emitter.flush(sink);
    }
}
