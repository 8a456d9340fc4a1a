package org.shnn.engine.input;

import java.util.Arrays;

/**
 * Independent Poisson spike trains, one per generator neuron (PyNN {@code SpikeSourcePoisson}, Brian2's
 * {@code PoissonGroup}; with rate changes NEST's {@code inhomogeneous_poisson_generator}): neuron {@code i}
 * spikes at step {@code t} when {@code u < rate_i(t) * dt} (at most one spike per step, so rates must satisfy
 * {@code rate * dt <= 1}). The uniform {@code u} (32 bits) is word {@code neuron mod 4} of the counter-based
 * block keyed by (seed, population, neuron / 4, step), so trains are the same for any thread count, and a
 * rate change does not shift the draws of other steps.
 *
 * <p>Time semantics ({@link PoissonRates} samples them on the step grid; a time {@code t} ms is step
 * {@code round(t / dt)}): neuron {@code i} may spike at steps in {@code [start_i, start_i + duration_i)}
 * (PyNN's window); its rate is {@code ratesHz[i]} until the first change time, then
 * {@code changeRatesHz[k]} (one rate for all neurons or one per neuron) from {@code changeTimesMs[k]} on.
 * NEST's {@code inhomogeneous_poisson_generator}, whose rate is 0 before its first {@code rate_times} entry,
 * is {@code ratesHz} = 0 with the changes as given.
 *
 * @param ratesHz rate per neuron before the first change (Hz, finite, {@code >= 0}), length = population size;
 *     copied
 * @param startMs start of each neuron's window (ms, {@code >= 0}), same length; copied
 * @param durationMs length of each neuron's window (ms, {@code >= 0}, may be +infinity), same length; copied
 * @param changeTimesMs times of rate changes (ms, strictly increasing, {@code >= 0}); copied
 * @param changeRatesHz the rates from each change on: per change an array of one rate (all neurons) or one per
 *     neuron (Hz, finite, {@code >= 0}); copied
 */
public record PoissonGenerator(double[] ratesHz, double[] startMs, double[] durationMs, double[] changeTimesMs,
        double[][] changeRatesHz) implements SpikeGenerator {

    /** @throws IllegalArgumentException naming the neuron or change whose value is out of range */
    public PoissonGenerator {
        int n = ratesHz.length;
        ratesHz = rates(ratesHz, "rate of neuron ");
        startMs = startMs.clone();
        durationMs = durationMs.clone();
        changeTimesMs = changeTimesMs.clone();
        if (startMs.length != n || durationMs.length != n || changeRatesHz.length != changeTimesMs.length) {
            throw new IllegalArgumentException("Poisson generator: " + n + " rates, " + startMs.length + " starts, "
                    + durationMs.length + " durations (expected as many of each), " + changeTimesMs.length
                    + " change times and " + changeRatesHz.length + " rate sets (expected as many of each)");
        }
        for (int i = 0; i < n; i++) {
            if (!(startMs[i] >= 0) || Double.isInfinite(startMs[i]) || !(durationMs[i] >= 0)) {
                throw new IllegalArgumentException("Poisson generator neuron " + i + ": start " + startMs[i]
                        + " ms must be finite and >= 0, duration " + durationMs[i] + " ms >= 0");
            }
        }
        double[][] sets = new double[changeRatesHz.length][];
        for (int k = 0; k < sets.length; k++) {
            if (!(changeTimesMs[k] >= 0) || Double.isInfinite(changeTimesMs[k])
                    || (k > 0 && !(changeTimesMs[k] > changeTimesMs[k - 1]))) {
                throw new IllegalArgumentException("Poisson generator change time " + k + " = " + changeTimesMs[k]
                        + " ms must be finite, >= 0 and greater than the previous one");
            }
            if (changeRatesHz[k].length != 1 && changeRatesHz[k].length != n) {
                throw new IllegalArgumentException("Poisson generator change " + k + ": " + changeRatesHz[k].length
                        + " rates; expected 1 (all neurons) or " + n + " (one per neuron)");
            }
            sets[k] = rates(changeRatesHz[k], "rate of change " + k + ", neuron ");
        }
        changeRatesHz = sets;
    }

    /** Constant rates (Hz) per neuron from time 0 on, for ever. */
    public PoissonGenerator(double[] ratesHz) {
        this(ratesHz, new double[ratesHz.length], filled(ratesHz.length, Double.POSITIVE_INFINITY), new double[0],
                new double[0][]);
    }

    /** {@code count} generators at the same rate (Hz). */
    public static PoissonGenerator uniform(int count, double rateHz) {
        return new PoissonGenerator(filled(count, rateHz));
    }

    /**
     * PyNN's {@code SpikeSourcePoisson(rate, start, duration)} with the same values for all {@code count} neurons.
     */
    public static PoissonGenerator window(int count, double rateHz, double startMs, double durationMs) {
        return new PoissonGenerator(filled(count, rateHz), filled(count, startMs), filled(count, durationMs), new double[0],
                new double[0][]);
    }

    /** The same generator with rate changes (see the record); replaces any it had. */
    public PoissonGenerator withChanges(double[] timesMs, double[][] rates) {
        return new PoissonGenerator(ratesHz, startMs, durationMs, timesMs, rates);
    }

    /** The same generator cut to its first {@code n} neurons. */
    public PoissonGenerator head(int n) {
        double[][] sets = new double[changeRatesHz.length][];
        for (int k = 0; k < sets.length; k++) {
            sets[k] = changeRatesHz[k].length == 1 ? changeRatesHz[k] : Arrays.copyOf(changeRatesHz[k], n);
        }
        return new PoissonGenerator(Arrays.copyOf(ratesHz, n), Arrays.copyOf(startMs, n), Arrays.copyOf(durationMs, n),
                changeTimesMs, sets);
    }

    /** The largest rate any neuron has at any time (Hz). */
    public double maxRateHz() {
        double m = 0;
        for (double r : ratesHz) {
            m = Math.max(m, r);
        }
        for (double[] set : changeRatesHz) {
            for (double r : set) {
                m = Math.max(m, r);
            }
        }
        return m;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[] rates(double[] r, String what) {
        double[] copy = r.clone();
        for (int i = 0; i < copy.length; i++) {
            if (!(copy[i] >= 0) || Double.isInfinite(copy[i])) {
                throw new IllegalArgumentException("Poisson " + what + i + " is " + copy[i] + " Hz; must be finite and >= 0");
            }
        }
        return copy;
    }

    @Override
    public double[] ratesHz() {
        return ratesHz.clone();
    }

    @Override
    public double[] startMs() {
        return startMs.clone();
    }

    @Override
    public double[] durationMs() {
        return durationMs.clone();
    }

    @Override
    public double[] changeTimesMs() {
        return changeTimesMs.clone();
    }

    @Override
    public double[][] changeRatesHz() {
        double[][] out = new double[changeRatesHz.length][];
        for (int k = 0; k < out.length; k++) {
            out[k] = changeRatesHz[k].clone();
        }
        return out;
    }

    /** The rates before the first change, not copied: do not write. */
    double[] baseRates() {
        return ratesHz;
    }

    /** The rate set of change {@code k} as stored (length 1 or the population size), not copied: do not write. */
    double[] changeRates(int k) {
        return changeRatesHz[k];
    }

    /** Neurons. */
    public int count() {
        return ratesHz.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoissonGenerator p && Arrays.equals(ratesHz, p.ratesHz) && Arrays.equals(startMs, p.startMs)
                && Arrays.equals(durationMs, p.durationMs) && Arrays.equals(changeTimesMs, p.changeTimesMs)
                && Arrays.deepEquals(changeRatesHz, p.changeRatesHz);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ratesHz) * 31 + Arrays.hashCode(changeTimesMs);
    }

    @Override
    public String toString() {
        return "PoissonGenerator[" + ratesHz.length + " neurons, " + changeTimesMs.length + " rate changes]";
    }
}
