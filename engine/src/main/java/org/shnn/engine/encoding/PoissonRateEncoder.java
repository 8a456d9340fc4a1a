package org.shnn.engine.encoding;

import java.util.Objects;
import org.shnn.engine.Check;
import org.shnn.engine.random.CounterRng;
import org.shnn.engine.random.RngPurpose;

/**
 * Rate coding: value {@code x} in a {@link ValueRange} becomes a Poisson spike train of rate
 * {@code r(x) = minRate + normalize(x) * (maxRate - minRate)} Hz over a window, one neuron per value.
 *
 * <p>The train is a Bernoulli process on the step grid (the standard discretisation of a Poisson process:
 * each step fires with probability {@code r * dt / 1000}, independently, at most once), drawn by geometric
 * jumps from a {@link CounterRng} stream keyed by {@code (seed, neuron, startStep)}. The spike count in a window of
 * {@code n} steps has mean {@code n p} and variance {@code n p (1 - p)}, Fano factor {@code 1 - p}
 * (0.99 at 100 Hz, dt = 0.1 ms). {@link #valueOfRate} inverts the mapping (use with {@link RateDecoder}).
 *
 * <p>Defaults follow the original framework: 0.1 to 100 Hz over 100 ms for values in [0, 1].
 * Thread-safety: immutable configuration, but {@link #encode} uses internal scratch space, so one instance
 * per thread.
 */
public final class PoissonRateEncoder {

    private final ValueRange range;
    private final double minRateHz;
    private final double maxRateHz;
    private final double dt;
    private final int windowSteps;
    private static final int PURPOSE = RngPurpose.encoder(0);

    private final CounterRng rng;
    private final SortedEmitter emitter = new SortedEmitter();

    /**
     * Creates an encoder.
     *
     * @param range     input values
     * @param minRateHz rate of {@code range.lo()}, Hz, {@code >= 0}
     * @param maxRateHz rate of {@code range.hi()}, Hz, {@code > minRateHz} and {@code <= 1000 / dt}
     * @param windowMs  duration of the encoded train, ms (at least one step)
     * @param dt        time step, ms
     * @param seed      random seed
     * @throws IllegalArgumentException naming the bad argument
     */
    public PoissonRateEncoder(ValueRange range, double minRateHz, double maxRateHz, double windowMs, double dt,
                              long seed) {
        this.range = Objects.requireNonNull(range, "range");
        this.dt = Check.dt(dt);
        this.minRateHz = Check.nonNegative("minRateHz", minRateHz, "Hz");
        this.maxRateHz = Check.positive("maxRateHz", maxRateHz, "Hz");
        if (!(maxRateHz > minRateHz)) {
            throw new IllegalArgumentException("maxRateHz = " + maxRateHz + " Hz must be > minRateHz = " + minRateHz + " Hz");
        }
        if (maxRateHz * dt / 1000.0 > 1) {
            throw new IllegalArgumentException("maxRateHz = " + maxRateHz + " Hz exceeds one spike per step (1000 / dt = "
                    + 1000.0 / dt + " Hz)");
        }
        this.windowSteps = Check.steps("windowMs", windowMs, dt, 1);
        this.rng = new CounterRng(seed);
    }

    /** The original's defaults: values in [0, 1], 0.1 to 100 Hz, 100 ms window. */
    public static PoissonRateEncoder defaults(double dt, long seed) {
        return new PoissonRateEncoder(ValueRange.UNIT, 0.1, 100, 100, dt, seed);
    }

    /** Window length in steps. */
    public int windowSteps() {
        return windowSteps;
    }

    /** Window length in ms ({@code windowSteps * dt}). */
    public double windowMs() {
        return windowSteps * dt;
    }

    /** The rate (Hz) value {@code value} is encoded with (clamped to the range). */
    public double rateHz(double value) {
        return minRateHz + range.normalize(value) * (maxRateHz - minRateHz);
    }

    /** The value whose rate is {@code rateHz}, clamped to the range: the inverse of {@link #rateHz}. */
    public double valueOfRate(double rateHz) {
        double fraction = (rateHz - minRateHz) / (maxRateHz - minRateHz);
        return range.denormalize(Math.max(0, Math.min(1, fraction)));
    }

    /**
     * Encodes {@code values[i]} as the spike train of neuron {@code i} over steps
     * {@code [startStep, startStep + windowSteps())}, emitted in ascending (step, neuron) order.
     *
     * @throws IllegalArgumentException if a value is NaN or startStep is negative
     */
    public void encode(double[] values, long startStep, SpikeTrainSink sink) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(sink, "sink");
        Check.atLeast("start step", startStep, 0);
        for (int i = 0; i < values.length; i++) {
            emitter.addBernoulli(rng, PURPOSE, i, startStep, windowSteps, rateHz(values[i]) * dt / 1000.0);
        }
        emitter.flush(sink);
    }
}
