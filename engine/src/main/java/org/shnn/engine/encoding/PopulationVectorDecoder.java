package org.shnn.engine.encoding;

import java.util.Objects;
import org.shnn.engine.Check;

/**
 * Population-vector decoding (Georgopoulos et al. 1986, on a line): value {@code k} is the spike-count
 * weighted mean of the preferred values of its group of {@code m} neurons {@code [k*m, (k+1)*m)},
 * {@code x = sum_j c_j n_j / sum_j n_j}, counting spikes in the window {@code [fromStep, toStep)}.
 *
 * <p>Thread-safety: none.
 */
public final class PopulationVectorDecoder implements SpikeTrainSink {

    private final double[] centres;
    private final long fromStep;
    private final long toStep;
    private final long[] counts;

    /**
     * Creates a decoder.
     *
     * @param centres  preferred value of each neuron of a group (copied; e.g.
     *                 {@link GaussianPopulationEncoder#centres()}), at least one
     * @param groups   number of encoded values, {@code >= 1}
     * @param fromStep first step of the counting window
     * @param toStep   end of the window, exclusive, {@code > fromStep}
     */
    public PopulationVectorDecoder(double[] centres, int groups, long fromStep, long toStep) {
        if (centres.length < 1 || groups < 1) {
            throw new IllegalArgumentException("need >= 1 centre and >= 1 group, got " + centres.length + " and " + groups);
        }
        Check.fitsInt("neurons (groups x centres)", (long) groups * centres.length);
        Check.atLeast("start step", fromStep, 0);
        if (toStep <= fromStep) {
            throw new IllegalArgumentException("window end " + toStep + " must be > start " + fromStep);
        }
        this.centres = centres.clone();
        this.fromStep = fromStep;
        this.toStep = toStep;
        this.counts = new long[groups * centres.length];
    }

    /**
     * Counts a spike if it falls in the window.
     *
     * @throws IndexOutOfBoundsException if {@code neuron} is not in {@code [0, groups * centres)}
     */
    @Override
    public void spike(long step, int neuron) {
        Objects.checkIndex(neuron, counts.length);
        if (step >= fromStep && step < toStep) {
            counts[neuron]++;
        }
    }

    /** Spikes counted for group {@code k}. */
    public long spikeCount(int k) {
        Objects.checkIndex(k, counts.length / centres.length);
        long total = 0;
        for (int j = 0; j < centres.length; j++) {
            total += counts[k * centres.length + j];
        }
        return total;
    }

    /** The decoded value of group {@code k}, or NaN if the group did not fire. */
    public double decode(int k) {
        long total = spikeCount(k);
        if (total == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int j = 0; j < centres.length; j++) {
            sum += centres[j] * counts[k * centres.length + j];
        }
        return sum / total;
    }
}
