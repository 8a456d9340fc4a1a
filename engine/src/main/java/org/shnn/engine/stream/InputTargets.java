package org.shnn.engine.stream;

import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;

/**
 * Where external input spikes may go: a global neuron id resolved to its population and local index, if it
 * is a model neuron (not a generator) whose population has the stream's receptor.
 *
 * <p>Thread-safety: immutable after construction.
 */
final class InputTargets {

    private final int[] firstIds;
    private final int[] endIds;
    private final boolean[] accepts;
    private final long neuronCount;

    /**
     * @throws IllegalArgumentException if no population of {@code network} can take input on {@code receptor}
     */
    InputTargets(Network network, int receptor) {
        int n = network.populations().size();
        firstIds = new int[n];
        endIds = new int[n];
        accepts = new boolean[n];
        boolean any = false;
        for (Population p : network.populations()) {
            firstIds[p.index()] = p.firstId();
            endIds[p.index()] = p.endId();
            accepts[p.index()] = !p.isGenerator() && receptor >= 0 && receptor < p.receptorCount();
            any |= accepts[p.index()];
        }
        if (!any) {
            throw new IllegalArgumentException("input receptor " + receptor + ": no model population of network '"
                    + network.name() + "' has it (receptors are 0-based; generators take no input)");
        }
        neuronCount = network.neuronCount();
    }

    /** The population index of global id {@code neuron}, or -1 if it is no valid input target. */
    int population(long neuron) {
        if (neuron < 0 || neuron >= neuronCount) {
            return -1;
        }
        for (int p = 0; p < firstIds.length; p++) {
            if (neuron < endIds[p]) {
                return accepts[p] ? p : -1;
            }
        }
        return -1;
    }

    /** The local index of global id {@code neuron} in population {@code p}. */
    int local(int neuron, int p) {
        return neuron - firstIds[p];
    }

    /** Why {@code neuron} is no target, for error messages. */
    String reject(long neuron) {
        if (neuron < 0 || neuron >= neuronCount) {
            return "a global neuron id in [0, " + neuronCount + ")";
        }
        return "a neuron of a model population that has the receptor";
    }
}
