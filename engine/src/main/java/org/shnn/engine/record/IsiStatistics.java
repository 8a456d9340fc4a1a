package org.shnn.engine.record;

/**
 * Irregularity of spike trains: the coefficient of variation (CV = sd / mean) of inter-spike
 * intervals per neuron, averaged over neurons with enough spikes. A Poisson process has CV 1; the
 * asynchronous irregular regime of balanced networks shows CV near 1 (Brunel 2000).
 * Thread-safety: stateless.
 */
public final class IsiStatistics {

    private IsiStatistics() {
    }

    /**
     * Mean ISI CV over neurons [firstId, endId) using spikes at steps >= fromStep.
     *
     * @param minSpikes neurons with fewer spikes (>= 3) are skipped
     * @return the mean CV, or NaN if no neuron has enough spikes
     */
    public static double meanCv(SpikeRecorder spikes, int firstId, int endId, long fromStep, int minSpikes) {
        if (endId <= firstId || minSpikes < 3) {
            throw new IllegalArgumentException("ids [" + firstId + ", " + endId + ") must be non-empty and minSpikes "
                    + minSpikes + " >= 3");
        }
        int n = endId - firstId;
        long[] last = new long[n];
        int[] count = new int[n];
        double[] sum = new double[n];
        double[] sq = new double[n];
        java.util.Arrays.fill(last, -1);
        spikes.forEach((step, neuron) -> {
            if (neuron >= firstId && neuron < endId && step >= fromStep) {
                int i = neuron - firstId;
                if (last[i] >= 0) {
                    double isi = step - last[i];
                    sum[i] += isi;
                    sq[i] += isi * isi;
                }
                last[i] = step;
                count[i]++;
            }
        });
        double cvSum = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (count[i] >= minSpikes) {
                int k = count[i] - 1;
                double mean = sum[i] / k;
                double var = sq[i] / k - mean * mean;
                cvSum += Math.sqrt(Math.max(var, 0)) / mean;
                used++;
            }
        }
        return used == 0 ? Double.NaN : cvSum / used;
    }
}
