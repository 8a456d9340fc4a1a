package org.shnn.engine.neuron;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.shnn.engine.Check;
import org.shnn.layouts.state.SoaLayout;

/**
 * A neuron model: parameters and precomputed propagators for a fixed time step, advancing the off-heap
 * state of a population ({@link PopulationState}) one step at a time.
 *
 * <h2>Step semantics (the order of NEST's {@code iaf_psc_exp::update})</h2>
 * For each neuron {@code i} in {@code [from, to)}, one call of {@link #step} advances the state from time
 * {@code t} to {@code t + dt}:
 * <ol>
 *   <li>if the neuron is not refractory, the membrane potential (and any other continuous state) is
 *       advanced over {@code [t, t + dt)} using the synaptic state at {@code t} and the currents
 *       {@code I_e + external[i]}, held constant over the step; if it is refractory, {@code v} stays clamped at
 *       {@code V_reset} and the refractory counter is decremented;</li>
 *   <li>the synaptic state (currents or conductances) decays over the step;</li>
 *   <li>{@code input[r][i]} (the summed weights arriving at this step for receptor {@code r}) is added to
 *       the synaptic state of receptor {@code r}; it affects {@code v} from the next step on;</li>
 *   <li>if {@code v >= V_th} the neuron spikes: {@code sink.spike(i)} is called, {@code v} is reset and the
 *       refractory counter is set to {@code round(t_ref / dt)} steps, so {@code v} stays at {@code V_reset}
 *       for exactly that many following steps.</li>
 * </ol>
 * Models with internal sub-stepping (AdEx, Izhikevich) detect the spike inside step 1; their Javadoc says how.
 *
 * <h2>Buffers</h2>
 * {@code input} has {@link #receptorCount()} segments; segment {@code r} holds one native-order
 * {@code float} per neuron of the population (local index, byte offset {@code 4 * i}). A model either only
 * reads it, and the caller clears {@code [from, to)} after the step, or, when {@link #consumesInput()}, leaves
 * {@code [from, to)} of every input segment zero itself (in the pass that reads it, which spares the caller a
 * second pass over the buffers). Receptor 0 is excitatory, receptor 1 inhibitory; a weight is added
 * as is, so current-based inhibitory weights are negative (pA) and conductance increments are positive (nS).
 * {@code external} is {@code null} or one native-order {@code double} per neuron (byte offset {@code 8 * i}):
 * an injected current in pA, constant over the step.
 *
 * <p>Thread-safety: implementations are immutable and may be shared; concurrent {@code step} calls on the
 * same state are safe when their {@code [from, to)} ranges are disjoint. {@code step} does not allocate.
 */
public interface NeuronModel {

    /** Short identifier, e.g. {@code "lif_cuba"} (equal to the state layout's name). */
    String name();

    /** The layout of the per-neuron state ({@code double} columns, an {@code int} {@code "refractory"} where applicable). */
    SoaLayout stateLayout();

    /** Number of input receptors: 2 (0 = excitatory, 1 = inhibitory) for every model of this package. */
    int receptorCount();

    /** The time step in ms, fixed at construction. */
    double dt();

    /**
     * Allocates state for {@code count} neurons from {@code alloc} (which owns it) and initialises every
     * neuron to rest (see the model's Javadoc for the values).
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    PopulationState allocateState(SegmentAllocator alloc, int count);

    /**
     * Advances neurons {@code [from, to)} of {@code s} by one step; see the class Javadoc for the order and
     * the buffer formats. Calls {@code sink.spike(i)} in ascending {@code i} for each neuron that fires.
     *
     * @throws IllegalArgumentException  if {@code s} has another layout, {@code input} has the wrong number of
     *                                   segments, or a buffer is too small for {@code to} neurons
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not within {@code [0, s.count()]}
     */
    void step(PopulationState s, int from, int to, MemorySegment[] input, MemorySegment external, SpikeSink sink);

    /**
     * Whether {@link #step} leaves {@code input[r]} zero over {@code [from, to)} for every receptor (and
     * touches nothing else of it); otherwise it only reads the inputs and the caller clears them.
     */
    default boolean consumesInput() {
        return false;
    }

    /**
     * Unit of the values added by {@code input}: {@code "pA"} (current jumps), {@code "nS"} (conductance
     * jumps) or {@code "mV"} (voltage jumps).
     */
    default String inputUnit() {
        return "pA";
    }

    /**
     * The decay time constant of receptor {@code r}'s synaptic current or conductance (ms; 0 for voltage jumps).
     * Short-term plasticity uses it as NEST's {@code tau_psc}, as PyNN's NEST backend does.
     *
     * @throws IndexOutOfBoundsException if {@code r} is not a receptor of the model
     */
    default double tauSyn(int r) {
        java.util.Objects.checkIndex(r, receptorCount());
        return 0.0;
    }

    /**
     * The membrane potential of neuron {@code i} in mV (converted from the stored format where it differs).
     *
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    default double membranePotential(PopulationState s, int i) {
        return s.getDouble(0, i);
    }

    /**
     * Sets the membrane potential of neuron {@code i} (mV), e.g. a random initial value; not for hot loops.
     *
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     * @throws IllegalArgumentException  if {@code mV} is not finite
     */
    default void setMembranePotential(PopulationState s, int i, double mV) {
        Check.finite("membrane potential", mV, "mV");
        s.setDouble(0, i, mV);
    }
}
