package org.shnn.engine.encoding;

import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Reconstructs signals from {@link DeltaEncoder} spikes: each ON spike (neuron {@code 2k}) raises channel
 * {@code k}'s level by the threshold, each OFF spike ({@code 2k+1}) lowers it. After the spikes of a step the
 * level equals the encoder's reference, so it is within one threshold of the signal (see {@link DeltaEncoder}).
 *
 * <p>Thread-safety: none; one reader per stream.
 */
public final class DeltaDecoder implements SpikeTrainSink {

    private final double threshold;
    private final double[] level;

    /**
     * Creates a decoder.
     *
     * @param threshold the encoder's threshold, {@code > 0}
     * @param initial   the encoder's initial levels (copied)
     */
    public DeltaDecoder(double threshold, double[] initial) {
        this.threshold = Check.positive("threshold", threshold, "(signal units)");
        this.level = initial.clone();
    }

    /**
     * Applies one spike.
     *
     * @throws IndexOutOfBoundsException if {@code neuron} is not in {@code [0, 2 * channels)}
     */
    @Override
    public void spike(long step, int neuron) {
        Objects.checkIndex(neuron, 2 * level.length);
        level[neuron >> 1] += (neuron & 1) == 0 ? threshold : -threshold;
    }

    /** The reconstructed level of channel {@code k}. */
    public double level(int k) {
        return level[Objects.checkIndex(k, level.length)];
    }
}
