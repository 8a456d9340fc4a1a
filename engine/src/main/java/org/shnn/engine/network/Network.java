package org.shnn.engine.network;

import java.util.List;
import org.shnn.engine.input.PoissonInput;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.spec.NetworkSpec;

/**
 * An immutable description of a network: populations, projections, inputs, the time step and the
 * seed from which every random choice (connectivity, weights, delays, initial state, Poisson draws)
 * is derived. Nothing is allocated until a {@code Simulation} is created from it. Build one with
 * {@link NetworkBuilder} or {@code org.shnn.engine.assembly.BuiltinNetworks}, or assemble one from a description with
 * {@code org.shnn.engine.assembly.Assembler}, which keeps the description in {@link #spec()} so that a saved
 * file can store it and reopen the network with nothing re-attached.
 *
 * @param name a short name (printed by the CLI)
 * @param dt time step (ms); every model's {@code dt()} equals it
 * @param seed the seed of all random streams
 * @param populations populations in global-id order
 * @param projections projections in delivery order
 * @param poissonInputs synapse-free Poisson drives
 * @param currents injected currents (they add up per neuron in this order)
 * @param spec the description this network was assembled from, or null for a network built in code
 */
public record Network(String name, double dt, long seed, List<Population> populations, List<Projection> projections,
        List<PoissonInput> poissonInputs, List<CurrentSource> currents, NetworkSpec spec) {

    /** Copies the lists. */
    public Network {
        populations = List.copyOf(populations);
        projections = List.copyOf(projections);
        poissonInputs = List.copyOf(poissonInputs);
        currents = List.copyOf(currents);
    }

    /** A network built in code, with no description. */
    public Network(String name, double dt, long seed, List<Population> populations, List<Projection> projections,
            List<PoissonInput> poissonInputs, List<CurrentSource> currents) {
        this(name, dt, seed, populations, projections, poissonInputs, currents, null);
    }

    /** Total neurons (including generator populations). */
    public long neuronCount() {
        long n = 0;
        for (Population p : populations) {
            n += p.count();
        }
        return n;
    }

    /** The population named {@code name}. @throws IllegalArgumentException if there is none */
    public Population population(String name) {
        for (Population p : populations) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no population named '" + name + "' in network " + this.name);
    }

    /** Largest delay (steps) over all projections, at least 1. */
    public int maxDelaySteps() {
        int m = 1;
        for (Projection p : projections) {
            m = Math.max(m, p.maxDelaySteps());
        }
        return m;
    }

    /** The same network with another seed (its description, if any, too). */
    public Network withSeed(long newSeed) {
        return new Network(name, dt, newSeed, populations, projections, poissonInputs, currents,
                spec == null ? null : spec.withSeed(newSeed));
    }
}
