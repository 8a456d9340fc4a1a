/**
 * Running networks: {@link org.shnn.engine.run.Simulation} (off-heap state, deterministic
 * multi-threaded step loop, named state sections for checkpoints) and its
 * {@link org.shnn.engine.run.SimulationConfig}. The step loop works on contiguous neuron ranges that
 * hand their spikes to each other through a {@code SpikeExchange}; worker threads claim the ranges phase
 * by phase ({@code StepPhaser}), one phase per interval of the network's shortest delay; see
 * {@code StepWorker} for why results do not depend on the thread count.
 */
package org.shnn.engine.run;
