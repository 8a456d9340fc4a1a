package org.shnn.bench.ring;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A producer thread's JMH counters, reported per second: spikes the queue accepted and offers it
 * refused (full). Reset at each iteration. One per thread.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class OfferCounters {

    /** Spikes accepted. */
    public long offered;
    /** Offer calls refused because the queue was full (back-pressure). */
    public long offerFailed;

    /** Zeroes the counters at the start of each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
        offered = 0;
        offerFailed = 0;
    }
}
