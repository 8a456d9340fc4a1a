package org.shnn.engine.plasticity;

import java.lang.foreign.SegmentAllocator;
import java.util.Objects;

/**
 * A trace-based STDP rule split into the phases of the package's step protocol, so a loop can run each phase
 * over its own neuron ranges on several threads (with a barrier between phases 1, 2 and 3).
 *
 * <p>Implementations are immutable and thread-safe; the {@link StdpState} they update is not (see the step
 * protocol for which calls may run concurrently).
 */
public sealed interface StdpRule permits PairStdp, TripletStdp {

    /** The time step the rule was built for, ms. */
    double dt();

    /** Allocates zeroed traces for {@code synapses} from {@code allocator} (which owns them). */
    StdpState allocateState(SegmentAllocator allocator, PlasticSynapses synapses);

    /**
     * Phase 1: pre-synaptic neuron {@code pre} fired this step; depresses its outgoing synapses. Calls for
     * distinct {@code pre} touch disjoint weights and may run concurrently.
     */
    default void onPreSpike(StdpState s, int pre) {
        onPreSpike(s, pre, 0, s.synapses().posts());
    }

    /**
     * Phase 1 restricted to the synapses of {@code pre} whose targets lie in {@code [postFrom, postTo)}: a worker
     * that owns those post-synaptic neurons depresses exactly the weights it delivers. Calls with disjoint
     * target ranges or distinct {@code pre} may run concurrently.
     */
    void onPreSpike(StdpState s, int pre, int postFrom, int postTo);

    /**
     * Phase 2: post-synaptic neuron {@code post} fired this step; potentiates its incoming synapses. Calls for
     * distinct {@code post} touch disjoint weights and may run concurrently.
     */
    void onPostSpike(StdpState s, int post);

    /** Phase 3: adds this step's spike of pre-synaptic neuron {@code pre} to its traces. */
    void addPreSpike(StdpState s, int pre);

    /** Phase 3: adds this step's spike of post-synaptic neuron {@code post} to its traces. */
    void addPostSpike(StdpState s, int post);

    /** Phase 3 (after the spikes are added): decays the pre-synaptic traces of {@code [from, to)} by one step. */
    void decayPre(StdpState s, int from, int to);

    /** Phase 3 (after the spikes are added): decays the post-synaptic traces of {@code [from, to)} by one step. */
    void decayPost(StdpState s, int from, int to);

    /**
     * Runs one whole step on the calling thread: the first {@code preCount} entries of {@code preSpikes} are the
     * pre-synaptic neurons that fired, the first {@code postCount} of {@code postSpikes} the post-synaptic ones.
     *
     * @throws IndexOutOfBoundsException if a count exceeds its array or a neuron index is out of range
     */
    default void step(StdpState s, int[] preSpikes, int preCount, int[] postSpikes, int postCount) {
        Objects.checkFromIndexSize(0, preCount, preSpikes.length);
        Objects.checkFromIndexSize(0, postCount, postSpikes.length);
        PlasticSynapses syn = s.synapses();
        for (int k = 0; k < preCount; k++) {
            syn.checkPre(preSpikes[k]);
        }
        for (int k = 0; k < postCount; k++) {
            syn.checkPost(postSpikes[k]);
        }
        for (int k = 0; k < preCount; k++) {
            onPreSpike(s, preSpikes[k]);
        }
        for (int k = 0; k < postCount; k++) {
            onPostSpike(s, postSpikes[k]);
        }
        for (int k = 0; k < preCount; k++) {
            addPreSpike(s, preSpikes[k]);
        }
        for (int k = 0; k < postCount; k++) {
            addPostSpike(s, postSpikes[k]);
        }
        decayPre(s, 0, syn.pres());
        decayPost(s, 0, syn.posts());
    }
}
