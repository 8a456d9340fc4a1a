package org.shnn.bench.ring;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A producer thread's handle on the queue under test and its spike cursor (step and neuron count
 * up). Set by the benchmark's channel on first use; one per thread.
 */
@State(Scope.Thread)
public class ProducerState {

    SpikeQueue.Producer handle;
    long step;
    int neuron;

    /** The producer handle for {@code queue}, created on the first call of this thread. */
    SpikeQueue.Producer handle(SpikeQueue queue) {
        SpikeQueue.Producer h = handle;
        if (h == null) {
            h = handle = queue.newProducer();
        }
        return h;
    }
}
