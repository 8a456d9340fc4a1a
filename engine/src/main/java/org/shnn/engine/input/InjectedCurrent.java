package org.shnn.engine.input;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.shnn.engine.random.CounterRng;
import org.shnn.engine.random.RngPurpose;

/**
 * A {@link CurrentSource} sampled on the step grid of {@code dt} ms (see {@link CurrentWaveform} for the
 * time semantics): the current in pA each target neuron receives during each step. The step loop adds it
 * into a population's external-current buffer ({@link #addInto}) at the steps where it changes
 * ({@link #changesAt}); the same values answer queries ({@link #valueAt}, {@link #trace}), which is how the
 * injected current is recorded (PyNN's {@code source.record()} / {@code get_data()}): the current is a pure
 * function of (seed, source index, neuron, step), so a trace costs nothing during the run.
 *
 * <p>Changes between runs (PyNN's {@code source.amplitude = x}, NEST's {@code SetStatus} on a generator): a
 * source {@link #changedFrom changed from} step {@code s} keeps its history, the waveform in force before
 * {@code s} and the new one from {@code s} on, so a trace over a whole run stays the current the neurons received.
 * Each waveform keeps its absolute times ({@code start}, {@code stop}, a step source's times); a noise source's
 * draw {@code k} is the same draw before and after a change.
 *
 * <p>Noise ({@link CurrentWaveform.Noisy}): draw {@code k} for neuron {@code i} is the first normal of the
 * counter-based stream {@code (seed, RngPurpose.currentSource(index), i, k)}, so it does not depend on the
 * thread count or on which steps were queried.
 *
 * <p>Thread-safety: immutable; methods that draw take the caller's {@link CounterRng} (one per thread).
 */
public final class InjectedCurrent {

    private final CurrentSource source;
    private final int index;
    private final double dt;
    private final CurrentWaveform waveform;
    private final long seed;
    /** The waveform in force before {@link #from}, or null for the first. */
    private final InjectedCurrent before;
    /** The first step of this waveform (0 for the first). */
    private final long from;
    private final long startStep;
    private final long stopStep;
    /** Step: change steps (ascending, distinct) and the amplitude from each on. */
    private final long[] changeSteps;
    private final double[] changeAmplitudes;
    /** AC: radians per step. */
    private final double radiansPerStep;
    /** AC: phase, radians. */
    private final double phase;
    /** Noise: steps between draws, {@code >= 1}. */
    private final long drawSteps;
    private final int purpose;

    /**
     * Samples {@code source} on steps of {@code dt} ms.
     *
     * @param source the source
     * @param index its position in the network's current sources (keys its noise stream)
     * @param dt the time step, ms, {@code > 0}
     * @param seed the network's seed
     * @throws IllegalArgumentException on a bad dt or index
     */
    public InjectedCurrent(CurrentSource source, int index, double dt, long seed) {
        this(source, index, dt, seed, null, 0);
    }

    private InjectedCurrent(CurrentSource source, int index, double dt, long seed, InjectedCurrent before, long from) {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("injected current: dt = " + dt + " ms must be finite and > 0");
        }
        this.source = source;
        this.index = index;
        this.dt = dt;
        this.waveform = source.waveform();
        this.seed = seed;
        this.before = before;
        this.from = from;
        this.purpose = RngPurpose.currentSource(index);
        long[] steps = new long[0];
        double[] amps = new double[0];
        double omega = 0;
        double ph = 0;
        long every = 1;
        long a = 0;
        long b = 0;
        switch (waveform) {
            case CurrentWaveform.Dc d -> {
                a = step(d.start(), dt);
                b = step(d.stop(), dt);
            }
            case CurrentWaveform.Step s -> {
                Schedule sc = schedule(s, dt);
                steps = sc.steps();
                amps = sc.amplitudes();
            }
            case CurrentWaveform.Ac ac -> {
                a = step(ac.start(), dt);
                b = step(ac.stop(), dt);
                omega = 2 * Math.PI * ac.frequency() * dt * 1e-3;
                ph = Math.toRadians(ac.phase());
            }
            case CurrentWaveform.Noisy nz -> {
                a = step(nz.start(), dt);
                b = step(nz.stop(), dt);
                every = Math.max(1, step(nz.dt(), dt));
            }
        }
        this.startStep = a;
        this.stopStep = b;
        this.changeSteps = steps;
        this.changeAmplitudes = amps;
        this.radiansPerStep = omega;
        this.phase = ph;
        this.drawSteps = every;
    }

    /**
     * This source with {@code next} in force from step {@code step} on and its history before it: the changes it had
     * from {@code step} on are replaced (a change at step 0 replaces the whole history). The targets stay.
     *
     * @param step the first step of {@code next}, {@code >= 0}
     * @param next the waveform from then on (pA, absolute times)
     * @return the changed source; this one is unchanged
     * @throws IllegalArgumentException if {@code step < 0}
     */
    public InjectedCurrent changedFrom(long step, CurrentWaveform next) {
        if (step < 0) {
            throw new IllegalArgumentException("injected current " + index + ": a change at step " + step + " < 0");
        }
        InjectedCurrent keep = this;
        while (keep != null && keep.from >= step) {
            keep = keep.before;
        }
        CurrentSource changed = new CurrentSource(source.population(), source.neurons(), next);
        return new InjectedCurrent(changed, index, dt, seed, keep, keep == null ? 0 : step);
    }

    /** A waveform and the first step it is in force. */
    public record Change(long fromStep, CurrentWaveform waveform) {
    }

    /** The waveforms of this source's history, oldest first; the first is in force from step 0. */
    public List<Change> changes() {
        List<Change> out = new ArrayList<>();
        for (InjectedCurrent c = this; c != null; c = c.before) {
            out.add(0, new Change(c.from, c.waveform));
        }
        return out;
    }

    /** The waveform in force at {@code step} (this one's or one of its history's). */
    private InjectedCurrent at(long step) {
        InjectedCurrent c = this;
        while (step < c.from) {
            c = c.before;
        }
        return c;
    }

    /** A step waveform on the grid: change steps ascending and distinct, the amplitude from each on. */
    private record Schedule(long[] steps, double[] amplitudes) {
    }

    private static Schedule schedule(CurrentWaveform.Step s, double dt) {
        double[] times = s.times();
        double[] values = s.amplitudes();
        long[] steps = new long[times.length];
        double[] amps = new double[times.length];
        int n = 0;
        for (int k = 0; k < times.length; k++) {
            long st = step(times[k], dt);
            if (n > 0 && steps[n - 1] == st) {
                n--; // times rounding to one step: the later amplitude wins, as in PyNN's backends
            }
            steps[n] = st;
            amps[n++] = values[k];
        }
        return new Schedule(Arrays.copyOf(steps, n), Arrays.copyOf(amps, n));
    }

    /** The step of time {@code ms}: {@code round(ms / dt)} (+infinity: never). */
    private static long step(double ms, double dt) {
        return Math.round(ms / dt);
    }

    /** The source sampled, with the waveform in force last. */
    public CurrentSource source() {
        return source;
    }

    /** The position of this source in the network's current sources. */
    public int index() {
        return index;
    }

    /** The target population index. */
    public int population() {
        return source.population();
    }

    /**
     * Whether the current of some target may differ between step {@code step - 1} and {@code step}: the
     * step loop re-sums a population's external buffer only at such steps (and at the first step of a run).
     */
    public boolean changesAt(long step) {
        InjectedCurrent c = at(step);
        return (step == c.from && c.before != null) || c.ownChangesAt(step);
    }

    private boolean ownChangesAt(long step) {
        return switch (waveform) {
            case CurrentWaveform.Dc d -> step == startStep || step == stopStep;
            case CurrentWaveform.Step s -> Arrays.binarySearch(changeSteps, step) >= 0;
            case CurrentWaveform.Ac ac -> step >= startStep && step <= stopStep;
            case CurrentWaveform.Noisy nz -> step == stopStep
                    || (step >= startStep && step < stopStep && (step - startStep) % drawSteps == 0);
        };
    }

    /**
     * Adds this source's current at {@code step} (pA) to {@code external[i]} for each target {@code i} in
     * {@code [from, to)}. Called by the step loop's worker owning that range; allocates nothing.
     *
     * @param external one double per neuron of the population
     * @param rng the calling thread's generator (used for noise only)
     */
    public void addInto(MemorySegment external, long step, int from, int to, CounterRng rng) {
        at(step).ownAddInto(external, step, from, to, rng);
    }

    private void ownAddInto(MemorySegment external, long step, int from, int to, CounterRng rng) {
        int n = source.count();
        int k = source.lowerBound(from);
        if (waveform instanceof CurrentWaveform.Noisy) {
            if (step < startStep || step >= stopStep) {
                return;
            }
            for (; k < n && source.neuron(k) < to; k++) {
                int i = source.neuron(k);
                add(external, i, noise(step, i, rng));
            }
            return;
        }
        double v = uniformValue(step);
        for (; k < n && source.neuron(k) < to; k++) {
            add(external, source.neuron(k), v);
        }
    }

    /** The noise of neuron {@code i} at {@code step}, inside the window. */
    private double noise(long step, int i, CounterRng rng) {
        CurrentWaveform.Noisy nz = (CurrentWaveform.Noisy) waveform;
        return nz.mean() + nz.stdev() * rng.reset(purpose, i, (step - startStep) / drawSteps).nextGaussian();
    }

    private static void add(MemorySegment external, int i, double v) {
        external.setAtIndex(JAVA_DOUBLE, i, external.getAtIndex(JAVA_DOUBLE, i) + v);
    }

    /** The value of a waveform that is the same for every target (all but noise) at {@code step}, pA. */
    private double uniformValue(long step) {
        return switch (waveform) {
            case CurrentWaveform.Dc d -> step >= startStep && step < stopStep ? d.amplitude() : 0.0;
            case CurrentWaveform.Step s -> {
                int k = Arrays.binarySearch(changeSteps, step);
                int idx = k >= 0 ? k : -k - 2;
                yield idx < 0 ? 0.0 : changeAmplitudes[idx];
            }
            case CurrentWaveform.Ac ac -> step >= startStep && step < stopStep
                    ? ac.offset() + ac.amplitude() * Math.sin(radiansPerStep * (step - startStep) + phase) : 0.0;
            case CurrentWaveform.Noisy nz -> throw new IllegalStateException("noise differs per neuron");
        };
    }

    /**
     * The current (pA) neuron {@code neuron} receives from this source during step {@code step}: 0 if it is
     * not a target.
     */
    public double valueAt(long step, int neuron) {
        return trace(neuron, step, step + 1)[0];
    }

    /**
     * The current (pA) neuron {@code neuron} receives from this source during steps {@code [from, to)}, one
     * value per step (the injected-current recording of PyNN's electrodes, at every step).
     *
     * @throws IllegalArgumentException if {@code from < 0} or {@code to < from}
     */
    public double[] trace(int neuron, long from, long to) {
        if (from < 0 || to < from || to - from > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("current trace steps [" + from + ", " + to + ") must satisfy 0 <= from <= to"
                    + " and hold at most 2^31 - 9 values");
        }
        double[] out = new double[(int) (to - from)];
        if (!source.targets(neuron)) {
            return out;
        }
        CounterRng rng = new CounterRng(seed);
        long end = to; // each waveform of the history, newest first, fills its steps [max(from, c.from), end)
        for (InjectedCurrent c = this; c != null && end > from; end = Math.min(end, c.from), c = c.before) {
            boolean noisy = c.waveform instanceof CurrentWaveform.Noisy;
            for (long step = Math.max(from, c.from); step < end; step++) {
                if (!noisy) {
                    out[(int) (step - from)] = c.uniformValue(step);
                } else if (step >= c.startStep && step < c.stopStep) {
                    out[(int) (step - from)] = c.noise(step, neuron, rng);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "InjectedCurrent[" + source + ", steps [" + startStep + ", " + stopStep + ")"
                + (before == null ? "" : ", from step " + from + " after " + before) + "]";
    }
}
