package org.shnn.engine.input;

import java.util.Arrays;

/**
 * A {@link PoissonGenerator} on the step grid of {@code dt} ms: each neuron's spike probability per step,
 * {@code rate * dt}, in force at the current step (0 outside the neuron's window). The step loop calls
 * {@link #update} for its own neurons at the first step of a run and at every step where some probability
 * changes ({@link #changesAt}: a window edge or a rate change), then reads {@link #probability}.
 *
 * <p>Thread-safety: {@link #update} writes only the entries of the range it is given; each worker updates and
 * reads only its own range, so workers share no entry. The rest is immutable.
 */
public final class PoissonRates {

    private final PoissonGenerator generator;
    private final double dt;
    private final long[] startSteps;
    private final long[] stopSteps;
    private final long[] changeSteps;
    /** Steps where some probability may change, ascending and distinct. */
    private final long[] events;
    private final double[] probabilities;

    /**
     * @param generator the generator
     * @param dt the time step, ms
     * @throws IllegalArgumentException if a rate exceeds {@code 1 / dt}, or two changes fall on one step
     */
    public PoissonRates(PoissonGenerator generator, double dt) {
        this.generator = generator;
        this.dt = dt;
        int n = generator.count();
        double max = generator.maxRateHz();
        if (max * dt * 1e-3 > 1) {
            throw new IllegalArgumentException("Poisson generator: rate " + max + " Hz exceeds 1/dt = " + 1e3 / dt
                    + " Hz (at most one spike per step)");
        }
        double[] start = generator.startMs();
        double[] duration = generator.durationMs();
        startSteps = new long[n];
        stopSteps = new long[n];
        for (int i = 0; i < n; i++) {
            startSteps[i] = Math.round(start[i] / dt);
            stopSteps[i] = Math.round((start[i] + duration[i]) / dt); // +infinity: Long.MAX_VALUE, never
        }
        double[] times = generator.changeTimesMs();
        changeSteps = new long[times.length];
        for (int k = 0; k < times.length; k++) {
            changeSteps[k] = Math.round(times[k] / dt);
            if (k > 0 && changeSteps[k] == changeSteps[k - 1]) {
                throw new IllegalArgumentException("Poisson generator rate changes at " + times[k - 1] + " and " + times[k]
                        + " ms fall on one step of " + dt + " ms");
            }
        }
        long[] all = new long[2 * n + changeSteps.length];
        System.arraycopy(startSteps, 0, all, 0, n);
        System.arraycopy(stopSteps, 0, all, n, n);
        System.arraycopy(changeSteps, 0, all, 2 * n, changeSteps.length);
        events = Arrays.stream(all).sorted().distinct().toArray();
        probabilities = new double[n];
    }

    /** Whether some neuron's probability may differ between steps {@code step - 1} and {@code step}. */
    public boolean changesAt(long step) {
        return Arrays.binarySearch(events, step) >= 0;
    }

    /** Sets the probabilities of neurons {@code [from, to)} to those in force at {@code step}. Allocates nothing. */
    public void update(long step, int from, int to) {
        int k = Arrays.binarySearch(changeSteps, step);
        int change = k >= 0 ? k : -k - 2;
        double[] base = generator.baseRates();
        double[] set = change < 0 ? null : generator.changeRates(change);
        for (int i = from; i < to; i++) {
            double rate = set == null ? base[i] : set[set.length == 1 ? 0 : i];
            probabilities[i] = step >= startSteps[i] && step < stopSteps[i] ? rate * dt * 1e-3 : 0.0;
        }
    }

    /** The spike probability of neuron {@code i} at the step of the last {@link #update} of its range. */
    public double probability(int i) {
        return probabilities[i];
    }
}
