/**
 * Running networks: {@link org.shnn.engine.run.Simulation} (off-heap state, deterministic
 * multi-threaded step loop, named state sections for checkpoints) and its
 * {@link org.shnn.engine.run.SimulationConfig}. Worker threads own contiguous neuron ranges and meet
 * once per step at a spinning barrier; see {@code StepWorker} for why results do not depend on the
 * thread count.
 */
package org.shnn.engine.run;
