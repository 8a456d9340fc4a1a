package org.shnn.engine.encoding;

/**
 * Receives a spike train one spike at a time. Encoders call it in ascending {@code (step, neuron)} order
 * unless their Javadoc says otherwise; decoders implement it.
 *
 * <p>Implementations are called on the encoding thread and need not be thread-safe.
 */
@FunctionalInterface
public interface SpikeTrainSink {

    /**
     * Neuron {@code neuron} fires at simulation step {@code step}.
     *
     * @param step   simulation step (time = step * dt ms)
     * @param neuron neuron index in the encoder's output space, {@code >= 0}
     */
    void spike(long step, int neuron);
}
