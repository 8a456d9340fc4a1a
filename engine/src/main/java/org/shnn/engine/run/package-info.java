/**
 * Running networks: {@link org.shnn.engine.run.Simulation} and its {@link org.shnn.engine.run.SimulationConfig}.
 * The simulation is a facade over one type per role: {@code RuntimeAssembly} builds the off-heap state (fresh or
 * from saved sections), {@code StepLoop} runs the deterministic multi-threaded step loop, {@code SavedSections}
 * names the state for checkpoints ({@link org.shnn.engine.run.StateDescriptor}) and keeps what a restore and a
 * reset need, {@code RuntimeEdits} and {@link org.shnn.engine.run.Synapses} change it between runs. The step loop
 * works on contiguous neuron ranges that hand their spikes to each other through a {@code SpikeExchange}; worker
 * threads claim the ranges phase by phase ({@code StepPhaser}), one phase per interval of the network's shortest
 * delay; see {@code StepWorker} for why results do not depend on the thread count.
 */
package org.shnn.engine.run;
