package org.shnn.bench.ring;

/**
 * A spike as a heap object, the payload of the object queues ({@code ArrayBlockingQueue}, JCTools).
 *
 * <p>Producers hand out instances from a {@link #pool(int) preallocated pool} rather than allocating
 * one per spike, which is the fastest way to use an object queue (no garbage) and favours those
 * queues: they pass a 4-byte compressed reference where the rings copy the 16-byte record.
 *
 * @param step the simulation time step of the spike
 * @param neuron the id of the neuron that fired
 */
public record Spike(long step, int neuron) {

    /** {@code count} distinct spikes (step i, neuron i), count a power of two (producers index it with a mask). */
    static Spike[] pool(int count) {
        Spike[] pool = new Spike[count];
        for (int i = 0; i < count; i++) {
            pool[i] = new Spike(i, i);
        }
        return pool;
    }
}
