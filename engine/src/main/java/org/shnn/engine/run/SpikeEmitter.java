package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.neuron.SpikeSink;

/**
 * The sink a worker hands to the neuron models: appends {@code base + local} (a global neuron id) as a
 * native-order {@code int} to the current spike buffer. A named class rather than a lambda so that the one
 * receiver type the models' {@link SpikeSink#spike} call sites see in the run (and in {@link KernelWarmUp}'s
 * scratch run) is plain to read.
 *
 * <p>Ownership: the buffer belongs to its worker (or to the warm-up's arena); this object only writes it.
 * Thread-safety: confined to one thread at a time.
 */
final class SpikeEmitter implements SpikeSink {

    /** Where ids go: one {@code int} per spike, large enough for every neuron of the owner's range. */
    MemorySegment buffer;
    /** Spikes written to {@link #buffer} so far. */
    int count;
    /** Global id of local neuron 0 of the population being stepped. */
    int base;

    @Override
    public void spike(int local) {
        buffer.setAtIndex(JAVA_INT, count++, base + local);
    }
}
