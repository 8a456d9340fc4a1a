package org.shnn.engine.input;

import java.util.Arrays;

/**
 * The shape over time of an injected current, in the engine's units: pA, ms, Hz, degrees. These are PyNN's
 * electrodes ({@code pyNN/standardmodels/electrodes.py}) with their amplitudes converted from nA to pA
 * ({@link #PA_PER_NA}); {@link InjectedCurrent} samples them on the step grid.
 *
 * <p>Time semantics, common to all shapes (PyNN's convention, which its NEST and NEURON backends restore by
 * shifting NEST's times by the device delay and dropping NEURON's first sample: "current initiating at the
 * electrode at t_start and effect on cell at next dt"): a time {@code t} ms maps to step {@code round(t / dt)};
 * the current in force during step {@code k} (which advances the membrane from {@code k dt} to
 * {@code (k + 1) dt}) is the waveform's value at {@code k dt}, so the membrane potential at {@code start + dt}
 * is the first that a source starting at {@code start} changes. Outside {@code [start, stop)} the current is 0.
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface CurrentWaveform {

    /** pA per nA: PyNN gives amplitudes in nA, the engine's models take pA. */
    double PA_PER_NA = 1000.0;

    /**
     * A constant current from {@code start} to {@code stop} (PyNN {@code DCSource}, NEST {@code dc_generator}).
     *
     * @param amplitude pA, finite
     * @param start ms, {@code >= 0}
     * @param stop ms, {@code >= start}; may be +infinity
     */
    record Dc(double amplitude, double start, double stop) implements CurrentWaveform {
        /** @throws IllegalArgumentException on a non-finite amplitude or a bad window */
        public Dc {
            finite("DC amplitude", amplitude, "pA");
            window("DC", start, stop);
        }
    }

    /**
     * A piecewise-constant current (PyNN {@code StepCurrentSource}, NEST {@code step_current_generator}):
     * {@code amplitudes[k]} from {@code times[k]} on, 0 before {@code times[0]}, the last amplitude until the
     * end. Times that round to the same step keep the later amplitude, as PyNN's backends do.
     *
     * @param times ms, strictly increasing, {@code >= 0}; copied
     * @param amplitudes pA, one per time; copied
     */
    record Step(double[] times, double[] amplitudes) implements CurrentWaveform {
        /** @throws IllegalArgumentException on a length mismatch, unsorted or negative times, or a non-finite value */
        public Step {
            times = times.clone();
            amplitudes = amplitudes.clone();
            if (times.length != amplitudes.length) {
                throw new IllegalArgumentException("step current: " + times.length + " times but " + amplitudes.length
                        + " amplitudes; expected as many of each");
            }
            for (int k = 0; k < times.length; k++) {
                if (!(times[k] >= 0) || Double.isInfinite(times[k]) || (k > 0 && !(times[k] > times[k - 1]))) {
                    throw new IllegalArgumentException("step current times[" + k + "] = " + times[k]
                            + " ms must be finite, >= 0 and greater than times[" + (k - 1) + "]");
                }
                finite("step current amplitudes[" + k + "]", amplitudes[k], "pA");
            }
        }

        @Override
        public double[] times() {
            return times.clone();
        }

        @Override
        public double[] amplitudes() {
            return amplitudes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Step s && Arrays.equals(times, s.times) && Arrays.equals(amplitudes, s.amplitudes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(times) * 31 + Arrays.hashCode(amplitudes);
        }

        @Override
        public String toString() {
            return "Step[" + times.length + " changes]";
        }
    }

    /**
     * A sinusoid (PyNN {@code ACSource}): {@code offset + amplitude sin(2 pi frequency (t - start) + phase)}
     * in {@code [start, stop)}. The phase is relative to the start, as in PyNN (its Brian2 and NEURON backends
     * compute {@code sin((t - start) 2 pi f + phase)}; its NEST backend shifts NEST's absolute-time phase by
     * {@code -2 pi f start} to get the same). Sampled at each step's start time (see the interface).
     *
     * @param amplitude pA
     * @param offset pA
     * @param frequency Hz, {@code >= 0}
     * @param phase degrees
     * @param start ms
     * @param stop ms
     */
    record Ac(double amplitude, double offset, double frequency, double phase, double start, double stop)
            implements CurrentWaveform {
        /** @throws IllegalArgumentException on a non-finite value, a negative frequency or a bad window */
        public Ac {
            finite("AC amplitude", amplitude, "pA");
            finite("AC offset", offset, "pA");
            finite("AC phase", phase, "degrees");
            if (!(frequency >= 0) || Double.isInfinite(frequency)) {
                throw new IllegalArgumentException("AC frequency = " + frequency + " Hz must be finite and >= 0");
            }
            window("AC", start, stop);
        }
    }

    /**
     * Gaussian noise held for {@code dt} ms between draws (PyNN {@code NoisyCurrentSource}, NEST
     * {@code noise_generator}): in {@code [start, stop)}, draw {@code k} ({@code k = 0} at the start) is
     * {@code mean + stdev * N(0, 1)}, independent per target neuron as in NEST. {@code dt} is rounded to whole
     * steps, at least one (PyNN requires a multiple of the time step).
     *
     * @param mean pA
     * @param stdev pA, {@code >= 0}
     * @param dt ms between draws, {@code > 0}
     * @param start ms
     * @param stop ms
     */
    record Noisy(double mean, double stdev, double dt, double start, double stop) implements CurrentWaveform {
        /** @throws IllegalArgumentException on a non-finite value, a negative stdev, dt &lt;= 0 or a bad window */
        public Noisy {
            finite("noise mean", mean, "pA");
            if (!(stdev >= 0) || Double.isInfinite(stdev)) {
                throw new IllegalArgumentException("noise stdev = " + stdev + " pA must be finite and >= 0");
            }
            if (!(dt > 0) || Double.isInfinite(dt)) {
                throw new IllegalArgumentException("noise dt = " + dt + " ms must be finite and > 0");
            }
            window("noise", start, stop);
        }
    }

    private static void finite(String what, double v, String unit) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " = " + v + " " + unit + " must be finite");
        }
    }

    private static void window(String what, double start, double stop) {
        if (!(start >= 0) || Double.isInfinite(start) || !(stop >= start)) {
            throw new IllegalArgumentException(what + " current window [" + start + ", " + stop
                    + ") ms: start must be finite and >= 0, stop >= start");
        }
    }
}
