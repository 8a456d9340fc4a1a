package org.shnn.bench.ring;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The consumer thread's JMH counters, reported per second: spikes received ({@code polled}: the
 * throughput figure RESULTS.md quotes) and poll calls that found the queue empty. Reset at each
 * iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PollCounters {

    /** Spikes received and read by the consumer. */
    public long polled;
    /** Poll or drain calls that found nothing. */
    public long pollFailed;

    /** Zeroes the counters at the start of each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
        polled = 0;
        pollFailed = 0;
    }
}
