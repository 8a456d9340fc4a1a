package org.shnn.bench.ring;

/** Receives each spike a {@link SpikeQueue} hands out, on the consumer thread. */
@FunctionalInterface
public interface SpikeSink {

    /** One spike: its time step and neuron id. */
    void accept(long step, int neuron);
}
