package org.shnn.engine.live;

/**
 * The order in which work due at the same simulation step runs. Inside a step the engine itself delivers the
 * spikes that arrive at it before it updates the neurons; the tasks of a {@link LiveRunner}, which run between
 * steps (before step {@code s} is simulated when due at {@code s}), follow the same order: tasks that change
 * what is delivered (input), then tasks that change neurons or synapses, then user callbacks (monitoring, stop
 * conditions), then the hand-off of background work (checkpoint capture, whose file is written on a background
 * thread while the steps go on). Tasks of one priority due at one step run in the order they were scheduled.
 */
public enum TaskPriority {
    /** Changes to input: Poisson rates, injected spikes. */
    DELIVERY,
    /** Changes to neurons and synapses: state variables, parameters, weights. */
    UPDATE,
    /** User callbacks: monitoring, stop conditions. */
    USER,
    /** Work whose slow part runs off the step loop: checkpoint capture (the file is written in the background). */
    BACKGROUND
}
