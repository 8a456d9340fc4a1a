package org.shnn.interop;

import java.util.Arrays;
import org.shnn.engine.network.Population;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.StepContext;
import org.shnn.engine.run.StepHook;

/**
 * External input queued by a native host between runs and delivered at the next run through the
 * engine's {@link StepHook}: each injection adds a weight to one receptor of one neuron, arriving
 * one step after the first step of the next run, as a presynaptic spike at that first step through
 * a synapse with a one-step delay would (the same delay ring, so the model sees it as synaptic
 * input: nS for conductance models, pA for current models).
 *
 * <p>Bit-identical for any thread count: each worker delivers only the injections to the neurons it
 * owns, in the order they were queued (the {@link StepHook} rules). Queued input is not part of a
 * checkpoint.
 *
 * <p>Thread-safety: {@link #add} and {@link #delivered} are called by the controlling thread between
 * runs (under the session's lock); the workers only read the arrays during a run, and the start of
 * the run's threads (and the caller's own program order for worker 0) publishes them.
 */
final class SpikeInjector implements StepHook {

    private long queuedAt = -1; // the step (steps done when queued) whose hook call delivers
    private int size;
    private int[] populations = new int[16];
    private int[] receptors = new int[16];
    private int[] locals = new int[16];
    private int[] globals = new int[16];
    private float[] weights = new float[16];

    /**
     * Queues {@code weights[i]} for local neuron {@code neurons[i]} of {@code population} on
     * {@code receptor}, to arrive at step {@code currentStep + 1}.
     *
     * @throws IllegalArgumentException naming the bad index, neuron, receptor or weight (nothing is queued then)
     */
    void add(Population population, int receptor, int[] neurons, float[] weights, long currentStep) {
        if (population.model() == null) {
            throw new IllegalArgumentException("population '" + population.name() + "' is a spike generator: no input");
        }
        if (receptor < 0 || receptor >= population.receptorCount()) {
            throw new IllegalArgumentException("receptor " + receptor + " out of range [0, " + population.receptorCount()
                    + ") for population '" + population.name() + "'");
        }
        for (int i = 0; i < neurons.length; i++) {
            if (neurons[i] < 0 || neurons[i] >= population.count()) {
                throw new IllegalArgumentException("neurons[" + i + "] = " + neurons[i] + " out of range [0, "
                        + population.count() + ") of population '" + population.name() + "'");
            }
            if (!Float.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights[" + i + "] = " + weights[i] + " is not finite");
            }
        }
        if (size > 0 && queuedAt != currentStep) {
            throw new IllegalStateException("injections queued at step " + queuedAt + " were never delivered");
        }
        queuedAt = currentStep;
        ensure(size + neurons.length);
        for (int i = 0; i < neurons.length; i++) {
            this.populations[size] = population.index();
            this.receptors[size] = receptor;
            this.locals[size] = neurons[i];
            this.globals[size] = population.firstId() + neurons[i];
            this.weights[size] = weights[i];
            size++;
        }
    }

    /** Called after a run of at least one step: its first step delivered everything queued. */
    void delivered() {
        size = 0;
        queuedAt = -1;
    }

    @Override
    public void afterDelivery(StepContext context) {
        if (size == 0 || context.step() != queuedAt) {
            return;
        }
        int from = context.from();
        int to = context.to();
        for (int i = 0; i < size; i++) {
            if (globals[i] >= from && globals[i] < to) {
                context.deliver(populations[i], receptors[i], queuedAt + 1, locals[i], weights[i]);
            }
        }
    }

    private void ensure(int capacity) {
        if (capacity > populations.length) {
            int n = Math.max(capacity, populations.length * 2);
            populations = Arrays.copyOf(populations, n);
            receptors = Arrays.copyOf(receptors, n);
            locals = Arrays.copyOf(locals, n);
            globals = Arrays.copyOf(globals, n);
            weights = Arrays.copyOf(weights, n);
        }
    }

    /** Registers a new injector with {@code simulation} and returns it. */
    static SpikeInjector attachTo(Simulation simulation) {
        SpikeInjector injector = new SpikeInjector();
        simulation.addHook(injector);
        return injector;
    }
}
