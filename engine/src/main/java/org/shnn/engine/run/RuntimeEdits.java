package org.shnn.engine.run;

import java.util.Arrays;
import java.util.Objects;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.input.InjectedCurrent;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.input.PoissonRates;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.memory.pool.ArenaPool;

/**
 * Changes to a {@link Simulation} between runs, as PyNN's {@code set} makes them: the populations' neuron models
 * (parameters), a projection's matrix (weights and delays set through {@link Synapses}, weights made writable for
 * plasticity), a spike-times generator's times, a Poisson generator's rates and a current source's waveform. Each
 * takes effect at the next step and is part of the state from then on: saved with it ({@link SavedSections}) and
 * kept by a reset, which goes back to the weights last set ({@link ResetPoint}).
 *
 * <p>The simulation checks that it is usable and passes its clock and network; this type checks what is changed
 * and names the population or projection when it does not fit. Ownership: new matrices and weight copies live in
 * the simulation's memory. Thread-safety: the controlling thread, between runs; the workers see the replaced
 * references at the next run (volatile fields of {@link PopulationRuntime}, the crew's start for the arrays).
 */
final class RuntimeEdits {

    private final PopulationRuntime[] populations;
    private final ProjectionRuntime[] projections;
    private final ArenaPool memory;
    /** Where a reset takes the weights of plastic projections from (shared with {@link SavedSections}). */
    private final ResetPoint resetPoint;

    RuntimeEdits(RuntimeAssembly a, ResetPoint resetPoint) {
        this.populations = a.populations;
        this.projections = a.projections;
        this.memory = a.memory;
        this.resetPoint = resetPoint;
    }

    /**
     * Takes the neuron models of {@code changed} (with {@code current}'s seed) for the populations and returns that
     * network, the simulation's from now on ({@link Simulation#replaceNeuronModels}).
     *
     * @throws IllegalArgumentException naming the population and what differs, if a population's name, size, kind,
     *     state layout or receptors, or the projections, inputs, currents or dt differ
     */
    Network replaceNeuronModels(Network current, Network changed) {
        Network c = changed.withSeed(current.seed());
        if (c.populations().size() != populations.length || c.projections().size() != projections.length
                || c.currents().size() != current.currents().size()
                || c.poissonInputs().size() != current.poissonInputs().size() || c.dt() != current.dt()) {
            throw new IllegalArgumentException("network '" + c.name() + "' differs from simulation '" + current.name()
                    + "' in more than its neuron parameters (populations, projections, inputs, currents or dt)");
        }
        for (PopulationRuntime p : populations) {
            checkFits(c.populations().get(p.index), p);
        }
        for (PopulationRuntime p : populations) {
            p.spec = c.populations().get(p.index);
            p.model = p.spec.model();
        }
        return c;
    }

    /** Refuses a changed population {@code q} whose neurons do not fit {@code p}'s state. */
    private static void checkFits(Population q, PopulationRuntime p) {
        boolean same = q.name().equals(p.spec.name()) && q.count() == p.count && q.isGenerator() == (p.model == null)
                && (p.model == null || (q.model().stateLayout().equals(p.model.stateLayout())
                        && q.receptorCount() == p.model.receptorCount()));
        if (!same) {
            throw new IllegalArgumentException("population '" + p.spec.name() + "': the changed network's population "
                    + q.name() + " (" + q.count() + " neurons, " + (q.model() == null ? "generator" : q.model().name())
                    + ") does not fit its state (" + p.count + " neurons, "
                    + (p.model == null ? "generator" : p.model.name()) + ")");
        }
    }

    /**
     * Replaces the spike times of spike-times generator population {@code population} ({@link Simulation#setSpikeTimes}).
     *
     * @throws IllegalArgumentException if the population is not a spike-times generator or a neuron index is not
     *     below its size
     */
    void setSpikeTimes(int population, SpikeTimesGenerator times) {
        PopulationRuntime p = populations[Objects.checkIndex(population, populations.length)];
        if (p.spikeTimes == null || times.maxNeuron() >= p.count) {
            throw new IllegalArgumentException("spike times for population '" + p.spec.name() + "': "
                    + (p.spikeTimes == null ? "it is not a spike-times generator"
                            : "neuron " + times.maxNeuron() + " is not below its " + p.count + " neurons"));
        }
        p.spikeTimes = times;
        p.spikeTimesReplaced = true;
    }

    /**
     * Sets the rates of Poisson generator population {@code population} from step {@code step} on (steps of
     * {@code dt} ms), replacing the changes it had from then on ({@link Simulation#setPoissonRates}).
     *
     * @throws IllegalArgumentException naming the population if it is not a Poisson generator or a rate does not fit
     */
    void setPoissonRates(int population, double[] ratesHz, long step, double dt) {
        PopulationRuntime p = poissonGenerator(population, "rates for");
        PoissonGenerator g = p.poissonGenerator;
        double[] times = g.changeTimesMs();
        double[][] rates = g.changeRatesHz();
        int keep = 0;
        while (keep < times.length && Math.round(times[keep] / dt) < step) {
            keep++;
        }
        double[] t = Arrays.copyOf(times, keep + 1);
        double[][] r = Arrays.copyOf(rates, keep + 1);
        t[keep] = step * dt;
        r[keep] = ratesHz.clone();
        PoissonGenerator next;
        PoissonRates nextRates;
        try {
            next = g.withChanges(t, r);
            nextRates = new PoissonRates(next, dt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rates for population '" + p.spec.name() + "' at step " + step
                    + ": " + e.getMessage(), e);
        }
        p.poissonGenerator = next;
        p.poissonRates = nextRates;
        p.poissonRatesReplaced = true;
    }

    /**
     * Current source {@code index} of the network with {@code waveform} from step {@code step} on, replacing the
     * changes it had from then on ({@link Simulation#setCurrent}).
     */
    void setCurrent(int index, CurrentWaveform waveform, long step) {
        Slot s = slot(index);
        s.currents[s.k] = s.currents[s.k].changedFrom(step, waveform);
    }

    /** Current source {@code index} of the network as the runs inject it, with its changes. */
    InjectedCurrent current(int index) {
        Slot s = slot(index);
        return s.currents[s.k];
    }

    /** Where current source {@code index} is held: element {@code k} of its population's {@code currents}. */
    private record Slot(InjectedCurrent[] currents, int k) {
    }

    private Slot slot(int index) {
        for (PopulationRuntime p : populations) {
            for (int k = 0; k < p.currents.length; k++) {
                if (p.currents[k].index() == index) {
                    return new Slot(p.currents, k);
                }
            }
        }
        throw new IndexOutOfBoundsException("current source " + index + " is not one of the network's");
    }

    /** The rate (Hz) of each neuron of Poisson generator population {@code population} at step {@code step}. */
    double[] poissonRates(int population, long step, double dt) {
        PopulationRuntime p = poissonGenerator(population, "rates of");
        PoissonRates probe = new PoissonRates(p.poissonGenerator, dt);
        probe.update(step, 0, p.count);
        double[] out = new double[p.count];
        for (int i = 0; i < p.count; i++) {
            out[i] = probe.probability(i) / (dt * 1e-3);
        }
        return out;
    }

    /** Population {@code population}, which must be a Poisson generator ({@code what} begins the refusal). */
    private PopulationRuntime poissonGenerator(int population, String what) {
        PopulationRuntime p = populations[Objects.checkIndex(population, populations.length)];
        if (p.poissonGenerator == null) {
            throw new IllegalArgumentException(what + " population '" + p.spec.name() + "': it is not a Poisson "
                    + "generator");
        }
        return p;
    }

    /**
     * Projection {@code index}'s matrix with weights that may be written in place from step {@code step} on (see
     * {@link Simulation#writableSynapses}): a copy of weights mapped read-only replaces the matrix.
     */
    CsrMatrix writableSynapses(int index, long step) {
        CsrMatrix c = projections[index].csr();
        if (c.hasWeightArray() && c.weights().isReadOnly()) {
            c = c.withWeightArray(memory);
            replaceSynapses(index, c);
        }
        resetPoint.weightsWritable(index, c, step, memory);
        return c;
    }

    /** The weights of projection {@code index} were set ({@link Synapses}): a plastic one resets to them. */
    void weightsSet(int index) {
        resetPoint.weightsSet(index, projections[index].csr(), memory);
    }

    /** The projections, indexed as the network's (the simulation's own array: replaced entries show). */
    ProjectionRuntime[] projections() {
        return projections;
    }

    /** Makes {@code csr} (same rows, columns and targets) projection {@code index}'s matrix from the next step on. */
    void replaceSynapses(int index, CsrMatrix csr) {
        ProjectionRuntime pr = projections[index];
        ProjectionRuntime replaced = new ProjectionRuntime(pr.spec(), csr, pr.target(), pr.shortTerm());
        projections[index] = replaced;
        ProjectionRuntime[] out = populations[pr.spec().source()].outgoing;
        for (int k = 0; k < out.length; k++) {
            if (out[k] == pr) {
                out[k] = replaced;
            }
        }
    }
}
