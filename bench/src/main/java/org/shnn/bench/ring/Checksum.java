package org.shnn.bench.ring;

/**
 * A {@link SpikeSink} that reads both fields of every spike into a running sum and a count, so the
 * consumer's reads cannot be optimised away. Consumer thread only; read the totals after it stops.
 */
public final class Checksum implements SpikeSink {

    private long sum;
    private long count;

    @Override
    public void accept(long step, int neuron) {
        sum += step + neuron;
        count++;
    }

    /** Sum of step + neuron over every spike received. */
    public long sum() {
        return sum;
    }

    /** Spikes received. */
    public long count() {
        return count;
    }
}
