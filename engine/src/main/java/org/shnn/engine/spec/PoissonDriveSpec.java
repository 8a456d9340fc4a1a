package org.shnn.engine.spec;

/**
 * Synapse-free Poisson drive (Brian2's {@code PoissonInput}; NEST's {@code poisson_generator} connected
 * one-to-one): every neuron of {@code population} receives {@code sources} independent Poisson trains of
 * {@code rate} each through synapses of {@code weight} on {@code receptor}. Each step adds
 * {@code weight * k}, {@code k ~ Poisson(sources * rate * dt)}, drawn per (drive, neuron, step). It costs no
 * synapse memory, which a population of spike sources and a projection would.
 *
 * @param population label of the target population (a neuron model)
 * @param receptor {@code excitatory} or {@code inhibitory}
 * @param sources independent trains per neuron, {@code >= 1}
 * @param rate rate of each train, Hz, {@code >= 0}
 * @param weight weight per spike in the receptor's PyNN unit (uS, nA or mV)
 */
public record PoissonDriveSpec(String population, String receptor, int sources, double rate, double weight) {

    /** Validates the fields that need no other part of the network. */
    public PoissonDriveSpec {
        String where = "Poisson drive of population '" + population + "'";
        Fields.nonEmpty("Poisson drive", "population", population);
        CellType.receptorIndex(where, receptor);
        if (sources < 1) {
            throw new SpecException(where, "sources", "expected >= 1 but found " + sources);
        }
        Fields.nonNegative(where, "rate", rate);
        Fields.finite(where, "weight", weight);
    }
}
