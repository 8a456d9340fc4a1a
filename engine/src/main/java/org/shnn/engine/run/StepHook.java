package org.shnn.engine.run;

/**
 * Code that runs inside the step loop on every worker thread (plasticity, hyperedges): after a worker has
 * delivered the synapses of step {@code t}'s spikes into its own target range, it calls
 * {@link #afterDelivery} once per registered hook, in registration order.
 *
 * <p>Rules that keep results bit-identical for any thread count: during the call, a hook may write only
 * state owned by the calling worker, i.e. state of the neurons in {@code [context.from(), context.to())}
 * (including the CSR weights of synapses targeting them, which no other worker reads) or per-worker copies
 * it keeps itself; and it must deliver through {@link StepContext#deliver} only to those neurons. Other
 * workers may still be delivering step {@code t}, or already advancing step {@code t + 1}.
 *
 * <p>Implementations must be thread-safe in that sense (called concurrently by all workers) and must not
 * block; an exception fails the run like any worker failure.
 */
@FunctionalInterface
public interface StepHook {

    /** Called by each worker after delivering step {@code context.step()}. */
    void afterDelivery(StepContext context);
}
