package org.shnn.engine.hyper;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.shnn.engine.network.Population;
import org.shnn.engine.run.NamedSegment;
import org.shnn.engine.run.StateDescriptor;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.StepContext;
import org.shnn.engine.run.StepHook;

/**
 * Runs a {@link Hypergraph} inside a {@link Simulation}: its source space is one population's neurons, its
 * target space another's (or the same), and activations are delivered into the target population's delay
 * ring like synaptic input.
 *
 * <p>Every worker evaluates all edges on its own {@link HyperState} (the states stay identical: each sees the
 * same spikes in the same order) and delivers only to the targets it owns, so deliveries, spike rasters and
 * everything downstream are bit-identical for any thread count. The same holds on the ranks of a distributed run
 * ({@link #runsOnRanks()}): the step's spikes a worker sees are every rank's, so each rank holds the whole graph and
 * a copy of the coincidence state per worker, identical on every rank, and delivers to its own targets only.
 *
 * <p>The coincidence state is checkpointed through {@link #stateSections()} as
 * {@code hyper/<source>-<target>/edges} and {@code .../ring} and restored when the graph is attached again to
 * the opened simulation before it runs; every shard of a distributed run's checkpoint holds it whole and current.
 *
 * <p>Ownership: the states come from the allocator given to {@link #attach}, which must outlive the runs.
 * Thread-safety: see {@link StepHook}.
 */
public final class HyperedgeProjection implements StepHook {

    private final Hypergraph graph;
    private final HyperState[] states;
    private final int[][] scratch;
    private final Sink[] sinks;
    private final int sourceFirst;
    private final int sourceEnd;
    private final int targetFirst;
    private final int targetCount;
    private final int targetPopulation;
    private final int sourcePopulation;

    /** A per-worker sink that forwards to the current step's context. */
    private static final class Sink implements HyperedgeSink {
        StepContext ctx;
        int population;
        long activations;

        @Override
        public void deliver(long arrivalStep, int target, int receptor, float weight) {
            ctx.deliver(population, receptor, arrivalStep, target, weight);
        }
    }

    private HyperedgeProjection(Hypergraph graph, HyperState[] states, Population source, Population target) {
        this.graph = graph;
        this.states = states;
        this.sourceFirst = source.firstId();
        this.sourceEnd = source.endId();
        this.targetFirst = target.firstId();
        this.targetCount = target.count();
        this.targetPopulation = target.index();
        this.sourcePopulation = source.index();
        this.scratch = new int[states.length][source.count()];
        this.sinks = new Sink[states.length];
        for (int w = 0; w < sinks.length; w++) {
            sinks[w] = new Sink();
            sinks[w].population = target.index();
        }
    }

    /**
     * Attaches {@code graph} between populations {@code source} and {@code target} of {@code sim} and registers
     * the hook.
     *
     * @throws IllegalArgumentException if the graph's spaces do not match the populations' sizes, the target is a
     *     generator, an edge's receptor does not exist, or an edge's delay exceeds the network's longest synaptic
     *     delay (the delay rings hold no more)
     */
    public static HyperedgeProjection attach(Simulation sim, int source, int target, Hypergraph graph,
                                             SegmentAllocator allocator) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(allocator, "allocator");
        Population src = sim.network().populations().get(Objects.checkIndex(source, sim.network().populations().size()));
        Population tgt = sim.network().populations().get(Objects.checkIndex(target, sim.network().populations().size()));
        if (graph.sourceCount() != src.count() || graph.targetCount() != tgt.count()) {
            throw new IllegalArgumentException("hypergraph spaces " + graph.sourceCount() + " -> " + graph.targetCount()
                    + " do not match populations '" + src.name() + "' (" + src.count() + ") -> '" + tgt.name() + "' ("
                    + tgt.count() + ")");
        }
        if (tgt.isGenerator()) {
            throw new IllegalArgumentException("hyperedge target population '" + tgt.name() + "' is a generator");
        }
        for (int e = 0; e < graph.edgeCount(); e++) {
            if (graph.receptor(e) >= tgt.receptorCount()) {
                throw new IllegalArgumentException("hyperedge " + e + " receptor " + graph.receptor(e) + " out of [0, "
                        + tgt.receptorCount() + ") of population '" + tgt.name() + "'");
            }
        }
        if (graph.maxDelaySteps() > sim.ringSlots() - 1) {
            throw new IllegalArgumentException("hyperedge delay " + graph.maxDelaySteps() + " steps exceeds the network's "
                    + "longest synaptic delay " + (sim.ringSlots() - 1) + " steps (the delay rings' depth)");
        }
        HyperState[] states = new HyperState[sim.config().threads()];
        for (int w = 0; w < states.length; w++) {
            states[w] = graph.newState(allocator);
        }
        HyperedgeProjection p = new HyperedgeProjection(graph, states, src, tgt);
        sim.addHook(p);
        return p;
    }

    /** The coincidence state kept by worker {@code w} (all workers' states are identical between steps). */
    public HyperState state(int w) {
        return states[w];
    }

    /** Activations seen by worker 0 so far (every worker sees the same ones). */
    public long activations() {
        return sinks[0].activations;
    }

    /** The target population index. */
    public int targetPopulation() {
        return targetPopulation;
    }

    @Override
    public void afterDelivery(StepContext ctx) {
        int w = ctx.worker();
        int[] buf = scratch[w];
        int n = 0;
        for (int k = 0, total = ctx.spikeCount(); k < total; k++) {
            int g = ctx.spike(k);
            if (g >= sourceFirst && g < sourceEnd) {
                buf[n++] = g - sourceFirst;
            }
        }
        int lo = Math.clamp((long) ctx.from() - targetFirst, 0, targetCount);
        int hi = Math.clamp((long) ctx.to() - targetFirst, 0, targetCount);
        Sink sink = sinks[w];
        sink.ctx = ctx;
        sink.activations += graph.step(states[w], ctx.step(), buf, n, lo, hi, sink);
        sink.ctx = null;
    }

    /**
     * The shortest delay {@code d} of the graph's edges, in steps: an activation at step {@code t} arrives at
     * {@code t + d}, which a worker in phases of at most {@code d} steps has not advanced yet (it has advanced at most to
     * {@code t + d - 1} when it evaluates step {@code t}; see {@link StepHook}).
     */
    @Override
    public int maxStepsPerPhase() {
        return graph.minDelaySteps();
    }

    /**
     * True: a worker reads the step's spikes (every rank's on a rank) and writes its own copy of the coincidence
     * state, identical on every rank, and delivers only to the targets in its own range, which are its rank's.
     */
    @Override
    public boolean runsOnRanks() {
        return true;
    }

    /**
     * Nothing: the coincidence state is per edge, not per neuron, and every rank holds it alike, so the first shard's
     * {@link #restoreState} restored it whole.
     */
    @Override
    public void restoreNeurons(Function<String, MemorySegment> sections, int from, int to) {
        // every shard holds the same coincidence state: nothing per neuron to take from a further shard
    }

    /** Worker 0's coincidence state (every worker's is identical between steps); call between runs. */
    @Override
    public List<NamedSegment> stateSections() {
        return List.of(new NamedSegment(StateDescriptor.hyperedges(sourcePopulation, targetPopulation),
                        states[0].edgeState().segment()),
                new NamedSegment(StateDescriptor.hyperedgeRing(sourcePopulation, targetPopulation), states[0].ringSegment()));
    }

    /**
     * Copies a saved coincidence state into every worker's state; nothing happens if the checkpoint has none.
     *
     * @throws IllegalArgumentException if a saved section's size does not match this graph
     */
    @Override
    public void restoreState(Function<String, MemorySegment> sections) {
        String edgesName = StateDescriptor.hyperedges(sourcePopulation, targetPopulation);
        String ringName = StateDescriptor.hyperedgeRing(sourcePopulation, targetPopulation);
        MemorySegment edges = sections.apply(edgesName);
        MemorySegment ring = sections.apply(ringName);
        if (edges == null || ring == null) {
            return;
        }
        for (HyperState s : states) {
            copy(edgesName, edges, s.edgeState().segment());
            copy(ringName, ring, s.ringSegment());
        }
    }

    private static void copy(String name, MemorySegment from, MemorySegment to) {
        if (from.byteSize() != to.byteSize()) {
            throw new IllegalArgumentException("section " + name + " has " + from.byteSize() + " bytes; this hypergraph needs "
                    + to.byteSize());
        }
        to.copyFrom(from);
    }
}
