package org.shnn.engine.encoding;

import java.util.Arrays;
import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Send-on-delta (ON/OFF) coding of sampled signals, as in event cameras and silicon cochleas: channel {@code k}
 * keeps a reference level; when the signal rises at least {@code threshold} above it, the ON neuron
 * {@code 2k} fires and the reference rises by {@code threshold}; when it falls at least {@code threshold}
 * below, the OFF neuron {@code 2k+1} fires and the reference falls by {@code threshold}. At most one spike
 * per channel and step, so {@link DeltaDecoder} tracks the signal within {@code threshold} as long as it
 * changes by less than {@code threshold} per step (faster changes are followed one threshold per step).
 *
 * <p>The original's default threshold is 0.01. The reference levels are this object's state (one double per
 * channel, on the heap: a handful of input channels). Thread-safety: none; one instance per input stream.
 */
public final class DeltaEncoder {

    private final double threshold;
    private final double[] reference;

    /**
     * Creates an encoder whose reference levels start at {@code initial} (one per channel).
     *
     * @param threshold change that triggers a spike, in signal units, {@code > 0}
     * @param initial   starting reference level of each channel (copied), finite
     * @throws IllegalArgumentException for a non-positive threshold or a non-finite level
     */
    public DeltaEncoder(double threshold, double[] initial) {
        this.threshold = Check.positive("threshold", threshold, "(signal units)");
        this.reference = initial.clone();
        Check.fitsInt("neurons (2 x channels)", 2L * initial.length);
        for (int k = 0; k < initial.length; k++) {
            if (!Double.isFinite(initial[k])) {
                throw new IllegalArgumentException("initial level of channel " + k + " = " + initial[k] + " must be finite");
            }
        }
    }

    /** Number of channels (the encoder drives {@code 2 * channels()} neurons). */
    public int channels() {
        return reference.length;
    }

    /** The threshold, in signal units. */
    public double threshold() {
        return threshold;
    }

    /** The current reference level of channel {@code k}. */
    public double reference(int k) {
        return reference[Objects.checkIndex(k, reference.length)];
    }

    /**
     * Encodes one sample per channel taken at {@code step}: emits ON ({@code 2k}) or OFF ({@code 2k+1}) spikes
     * at {@code step} in ascending neuron order and moves the reference levels.
     *
     * @param samples one value per channel
     * @throws IllegalArgumentException if the sample count differs from {@link #channels()} or a sample is not finite
     */
    public void encodeStep(double[] samples, long step, SpikeTrainSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (samples.length != reference.length) {
            throw new IllegalArgumentException("got " + samples.length + " samples for " + reference.length + " channels");
        }
        Check.atLeast("start step", step, 0);
        for (int k = 0; k < samples.length; k++) {
            double x = samples[k];
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("sample of channel " + k + " at step " + step + " = " + x
                        + " must be finite");
            }
            double d = x - reference[k];
            if (d >= threshold) {
                reference[k] += threshold;
                sink.spike(step, 2 * k);
            } else if (d <= -threshold) {
                reference[k] -= threshold;
                sink.spike(step, 2 * k + 1);
            }
        }
    }

    @Override
    public String toString() {
        return "DeltaEncoder[threshold=" + threshold + ", reference=" + Arrays.toString(reference) + "]";
    }
}
