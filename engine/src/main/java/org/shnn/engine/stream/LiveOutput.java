package org.shnn.engine.stream;

import org.shnn.engine.record.SpikeSelection;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.StepContext;
import org.shnn.engine.run.StepHook;
import org.shnn.memory.ring.IdleStrategy;

/**
 * The spikes of a running simulation streamed out into a {@link SpikeStream} as they happen: range 0's hook
 * call of step {@code s} (right after step {@code s}'s spikes were delivered) puts the step's spikes, in
 * ascending global id, as records (step {@code s}, global neuron id, spare 0), then publishes {@code s} as
 * the stream's {@code consumerStep}. The engine is the stream's only producer. The spikes are those of the neurons
 * the simulation's spike monitors choose (a network description's recorders of spikes; {@link
 * Simulation#spikeSelection()}), the ones its recorder keeps, or every neuron's when it names none: a network whose
 * Poisson sources drive its cells one to one streams the cells' spikes, not the sources' millions.
 *
 * <p>When the ring is full the stream's policy applies: {@link StreamPolicy#BLOCK} stalls the run until the
 * consumer frees room, {@link StreamPolicy#DROP_OLDEST} discards the oldest unread spikes and counts them
 * ({@link #dropped()}): the run never waits. A blocking ring that stays full for the stream's
 * {@link SpikeStream#stallTimeoutNanos()} (default 10 s) fails the run with an error naming the stream: its
 * consumer has stopped reading (died, or hung), and waiting for it would hang the run for good.
 *
 * <p>Ownership: the stream stays its owner's and must outlive the runs. Thread-safety: a {@link StepHook};
 * {@link #written()} from the controlling thread between runs.
 */
public final class LiveOutput implements StepHook {

    private final SpikeStream stream;
    private final IdleStrategy idle;
    /** The neurons whose spikes go out, or null for every neuron's. */
    private final SpikeSelection chosen;
    private long written;

    private LiveOutput(SpikeStream stream, IdleStrategy idle, SpikeSelection chosen) {
        this.stream = stream;
        this.idle = idle;
        this.chosen = chosen;
    }

    /**
     * Creates a live output and registers it with {@code sim}.
     *
     * @param stream the stream to produce into (external consumers read it)
     * @param idle how range 0's thread waits while a {@link StreamPolicy#BLOCK} ring is full (or while a
     *     drop-oldest producer waits for the consumer lock); used by that thread only
     */
    public static LiveOutput attach(Simulation sim, SpikeStream stream, IdleStrategy idle) {
        LiveOutput out = new LiveOutput(stream, idle, sim.spikeSelection());
        sim.addHook(out);
        return out;
    }

    /** Yes: the spikes leave the process during the run (a run on unverified checkpoint bytes waits first). */
    @Override
    public boolean streamsOut() {
        return true;
    }

    @Override
    public void afterDelivery(StepContext context) {
        if (context.worker() != 0) {
            return;
        }
        long s = context.step();
        int n = context.spikeCount();
        int put = 0;
        try {
            for (int k = 0; k < n; k++) {
                int g = context.spike(k);
                if (chosen == null || chosen.containsId(g)) {
                    stream.put(s, g, idle);
                    put++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming the spikes of step " + s + " to "
                    + stream.name(), e);
        }
        written += put;
        stream.setConsumerStep(s);
    }

    /** Spikes put into the stream so far (some may since have been dropped by the policy). */
    public long written() {
        return written;
    }

    /** Spikes discarded by the drop-oldest policy (unread by the consumer). */
    public long dropped() {
        return stream.dropped();
    }

    /** The stream this output produces into. */
    public SpikeStream stream() {
        return stream;
    }
}
