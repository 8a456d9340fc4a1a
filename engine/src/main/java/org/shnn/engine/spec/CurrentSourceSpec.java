package org.shnn.engine.spec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A current injected into selected neurons of a population; PyNN's electrodes with their parameter names
 * and units (nA, ms, Hz, degrees). Outside {@code [start, stop)} the current is 0. The current in force
 * during a step is the value at the step's start time.
 *
 * @param label a name for messages (unique in the network)
 * @param population label of the target population (a neuron model)
 * @param neurons which neurons receive it
 * @param waveform the current over time
 */
public record CurrentSourceSpec(String label, String population, Selection neurons, Waveform waveform) {

    /** Validates the fields that need no other part of the network. */
    public CurrentSourceSpec {
        Fields.nonEmpty("current source", "label", label);
        Fields.nonEmpty(element(label), "population", population);
        Objects.requireNonNull(neurons, "neurons");
        Objects.requireNonNull(waveform, "waveform");
    }

    /** How errors name this source: {@code current source 'drive'}. */
    public String element() {
        return element(label);
    }

    static String element(String label) {
        return "current source '" + label + "'";
    }

    /** The shape of an injected current. */
    public sealed interface Waveform {
        /** The PyNN class name, e.g. {@code DCSource}. */
        String pynnName();
    }

    /**
     * A constant current (PyNN {@code DCSource}).
     *
     * @param amplitude nA
     * @param start ms, {@code >= 0}
     * @param stop ms, {@code >= start} (may be +infinity)
     */
    public record Dc(double amplitude, double start, double stop) implements Waveform {
        /** @throws SpecException on a value out of range */
        public Dc {
            Fields.finite("DCSource", "amplitude", amplitude);
            window("DCSource", start, stop);
        }

        @Override
        public String pynnName() {
            return "DCSource";
        }
    }

    /**
     * A piecewise-constant current (PyNN {@code StepCurrentSource}): {@code amplitudes[k]} from
     * {@code times[k]} on.
     *
     * @param times ms, strictly increasing, {@code >= 0}; copied
     * @param amplitudes nA, as many as times; copied
     */
    public record Step(double[] times, double[] amplitudes) implements Waveform {
        /** @throws SpecException on unsorted times, a length mismatch or a non-finite value */
        public Step {
            times = times.clone();
            amplitudes = amplitudes.clone();
            if (times.length != amplitudes.length) {
                throw new SpecException("StepCurrentSource", "amplitudes", "expected " + times.length
                        + " values (as many as times) but found " + amplitudes.length);
            }
            for (int k = 0; k < times.length; k++) {
                Fields.nonNegative("StepCurrentSource", "times[" + k + "]", times[k]);
                Fields.finite("StepCurrentSource", "amplitudes[" + k + "]", amplitudes[k]);
                if (k > 0 && !(times[k] > times[k - 1])) {
                    throw new SpecException("StepCurrentSource", "times[" + k + "]", "expected > " + times[k - 1]
                            + " (strictly increasing) but found " + times[k]);
                }
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
        public String pynnName() {
            return "StepCurrentSource";
        }
    }

    /**
     * A sinusoid (PyNN {@code ACSource}): {@code offset + amplitude sin(2 pi frequency (t - start) + phase)}, as
     * every PyNN backend computes it.
     *
     * @param amplitude nA
     * @param offset nA
     * @param frequency Hz, {@code >= 0}
     * @param phase degrees
     * @param start ms
     * @param stop ms
     */
    public record Ac(double amplitude, double offset, double frequency, double phase, double start, double stop)
            implements Waveform {
        /** @throws SpecException on a value out of range */
        public Ac {
            Fields.finite("ACSource", "amplitude", amplitude);
            Fields.finite("ACSource", "offset", offset);
            Fields.nonNegative("ACSource", "frequency", frequency);
            Fields.finite("ACSource", "phase", phase);
            window("ACSource", start, stop);
        }

        @Override
        public String pynnName() {
            return "ACSource";
        }
    }

    /**
     * Gaussian white noise redrawn every {@code dt} ms (PyNN {@code NoisyCurrentSource}), drawn from the seed
     * per (source, neuron, interval), so it does not depend on the thread count.
     *
     * @param mean nA
     * @param stdev nA, {@code >= 0}
     * @param dt ms between draws, {@code > 0} (rounded to whole steps, at least one)
     * @param start ms
     * @param stop ms
     */
    public record Noisy(double mean, double stdev, double dt, double start, double stop) implements Waveform {
        /** @throws SpecException on a value out of range */
        public Noisy {
            Fields.finite("NoisyCurrentSource", "mean", mean);
            Fields.nonNegative("NoisyCurrentSource", "stdev", stdev);
            Fields.positive("NoisyCurrentSource", "dt", dt);
            window("NoisyCurrentSource", start, stop);
        }

        @Override
        public String pynnName() {
            return "NoisyCurrentSource";
        }
    }

    private static void window(String element, double start, double stop) {
        Fields.nonNegative(element, "start", start);
        if (!(stop >= start)) {
            throw new SpecException(element, "stop", "expected >= start = " + start + " but found " + stop);
        }
    }
}
