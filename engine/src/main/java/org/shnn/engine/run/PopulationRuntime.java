package org.shnn.engine.run;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.shnn.engine.input.InjectedCurrent;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.input.PoissonInput;
import org.shnn.engine.input.PoissonRates;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.network.Population;
import org.shnn.engine.neuron.NeuronModel;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.engine.random.PoissonInversion;
import org.shnn.engine.random.RngPurpose;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.synapse.DelayRing;

/**
 * The run-time side of one population: its off-heap state and delay ring (model populations) or
 * generator tables, its inputs and outgoing projections. Immutable references after construction;
 * the segments are written by the worker that owns each neuron range.
 */
final class PopulationRuntime {

    /** The population; replaced with {@link #model} between runs ({@link Simulation#replaceNeuronModels}). */
    volatile Population spec;
    final int index;
    final int firstId;
    final int endId;
    final int count;
    /** Replaced between runs by the controlling thread; volatile so that workers that outlive a run see the new one. */
    volatile NeuronModel model;
    final PopulationState state;
    final DelayRing ring;
    final MemorySegment external;
    /**
     * The currents into this population (null {@link #external} when there are none); an element is replaced between
     * runs by the controlling thread ({@link Simulation#setCurrent}), seen by the workers from the crew's next start.
     */
    final InjectedCurrent[] currents;
    final PoissonInput[] poissonInputs;
    final int[] poissonPurposes;
    final double[] poissonMeans;
    /** Per Poisson input of small mean, its inversion table, else null. */
    final PoissonInversion[] poissonTables;
    /**
     * A Poisson generator population's generator (the network's, or the one {@link Simulation#setPoissonRates} made
     * of it) and its probabilities per step, else null; replaced between runs by the controlling thread, volatile
     * so that workers that outlive a run see the new ones.
     */
    volatile PoissonGenerator poissonGenerator;
    volatile PoissonRates poissonRates;
    /** Whether {@link #poissonGenerator}'s rate changes differ from the network's (and so are saved with the state). */
    boolean poissonRatesReplaced;
    final int generatorPurpose;
    /**
     * A spike-times generator population's spikes, else null; replaced between runs by the controlling thread
     * ({@link Simulation#setSpikeTimes}), volatile so that workers that outlive a run see the new times.
     */
    volatile SpikeTimesGenerator spikeTimes;
    /** Whether {@link #spikeTimes} differs from the network's (and so is saved with the state). */
    boolean spikeTimesReplaced;
    ProjectionRuntime[] outgoing = new ProjectionRuntime[0];
    final List<StateMonitor> monitors = new ArrayList<>();

    PopulationRuntime(Population spec, PopulationState state, DelayRing ring, MemorySegment external,
            InjectedCurrent[] currents, PoissonInput[] poissonInputs, int[] poissonIndices, double dt) {
        this.spec = spec;
        this.index = spec.index();
        this.firstId = spec.firstId();
        this.count = spec.count();
        this.endId = spec.endId();
        this.model = spec.model();
        this.state = state;
        this.ring = ring;
        this.external = external;
        this.currents = currents;
        this.poissonInputs = poissonInputs;
        this.poissonPurposes = new int[poissonInputs.length];
        this.poissonMeans = new double[poissonInputs.length];
        this.poissonTables = new PoissonInversion[poissonInputs.length];
        for (int i = 0; i < poissonInputs.length; i++) {
            poissonPurposes[i] = RngPurpose.poissonInput(poissonIndices[i]);
            poissonMeans[i] = poissonInputs[i].meanPerStep(dt);
            poissonTables[i] = poissonMeans[i] < StepWorker.SMALL_POISSON_MEAN
                    ? PoissonInversion.of(poissonMeans[i]) : null;
        }
        this.poissonGenerator = spec.generator() instanceof PoissonGenerator p ? p : null;
        this.poissonRates = poissonGenerator == null ? null : new PoissonRates(poissonGenerator, dt);
        this.generatorPurpose = RngPurpose.poissonGenerator(index);
        this.spikeTimes = spec.generator() instanceof SpikeTimesGenerator s ? s : null;
    }
}
