package org.shnn.engine.record;

/**
 * Population firing rates from a spike list: spikes per bin divided by (neurons x bin length),
 * in Hz. Thread-safety: stateless.
 */
public final class PopulationRates {

    private PopulationRates() {
    }

    /**
     * Rate histogram of the neurons with global ids [firstId, endId).
     *
     * @param spikes the recorded spikes
     * @param firstId first global id of the population
     * @param endId one past its last id
     * @param steps simulated steps covered (bins span [0, steps))
     * @param binSteps steps per bin (>= 1)
     * @param dt step (ms)
     * @return rate per bin (Hz); the last bin may be shorter and is normalised by its own length
     */
    public static double[] histogram(SpikeRecorder spikes, int firstId, int endId, long steps, int binSteps, double dt) {
        return histogram(spikes, firstId, endId, endId - firstId, steps, binSteps, dt);
    }

    /**
     * As {@link #histogram(SpikeRecorder, int, int, long, int, double)}, for a population of which only
     * {@code recorded} neurons have their spikes recorded (a {@link SpikeSelection}): the rate of those.
     *
     * @param recorded neurons of [firstId, endId) whose spikes {@code spikes} holds, in [1, endId - firstId]
     */
    public static double[] histogram(SpikeRecorder spikes, int firstId, int endId, int recorded, long steps, int binSteps,
            double dt) {
        if (binSteps < 1 || steps < 0 || endId <= firstId || recorded < 1 || recorded > endId - firstId) {
            throw new IllegalArgumentException("bin " + binSteps + " steps (>= 1), " + steps + " steps (>= 0), ids ["
                    + firstId + ", " + endId + ") (non-empty), " + recorded + " of them recorded (>= 1)");
        }
        int bins = (int) ((steps + binSteps - 1) / binSteps);
        double[] counts = new double[bins];
        spikes.forEach((step, neuron) -> {
            if (neuron >= firstId && neuron < endId && step < steps) {
                counts[(int) (step / binSteps)]++;
            }
        });
        for (int b = 0; b < bins; b++) {
            long len = Math.min(binSteps, steps - (long) b * binSteps);
            counts[b] /= recorded * len * dt * 1e-3;
        }
        return counts;
    }

    /** Mean rate (Hz) of [firstId, endId) over {@code steps} steps of {@code dt} ms, given its spike count. */
    public static double mean(long spikeCount, int neurons, long steps, double dt) {
        return steps == 0 ? 0 : spikeCount / (neurons * steps * dt * 1e-3);
    }
}
