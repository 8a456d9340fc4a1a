package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.shnn.engine.input.InjectedCurrent;
import org.shnn.engine.input.PoissonInput;
import org.shnn.engine.input.PoissonRates;
import org.shnn.engine.network.InitialValue;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.Projection;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.engine.random.CounterRng;
import org.shnn.engine.random.Distributions;
import org.shnn.engine.random.RngPurpose;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.record.StateMonitorSpec;
import org.shnn.engine.synapse.CsrBuilder;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.engine.synapse.DelayRing;
import org.shnn.engine.synapse.ShortTermState;
import org.shnn.memory.pool.ArenaPool;

/**
 * Assembly: the off-heap state a {@link Simulation} steps, built from a {@link Network} either fresh (neuron state
 * at rest then the network's initial values, empty delay rings, CSR synapses generated in parallel) or from saved
 * sections named by {@link StateDescriptor} (state, rings and clock copied; CSR parts used in place), or from the
 * shards of a checkpoint saved on another rank count ({@link SavedShard}: each block of neurons from the shard that
 * held it, the synapses gathered from the shards that hold this process's targets).
 * The step loop, persistence and changes between runs are elsewhere ({@link StepLoop}, {@link SavedSections},
 * {@link RuntimeEdits}, {@code Checkpoint}).
 *
 * <p>Ownership: the assembly allocates everything in its own {@link ArenaPool} {@link #memory}, and frees it if
 * assembling fails; once assembled, the pool passes to the simulation built from it. Not thread-safe (built and
 * handed over on one thread).
 */
final class RuntimeAssembly {

    /** The network, with the config's seed applied. */
    final Network network;
    final SimulationConfig config;
    final ArenaPool memory;
    /** The current step (one long), in {@link #memory}. */
    final MemorySegment clock;
    /** Delay ring slots (max delay + 1). */
    final int slots;
    final PopulationRuntime[] populations;
    final ProjectionRuntime[] projections;
    final StateMonitor[] monitors;
    /** Spikes per population before the first step: saved counts, or zeros (fresh or not saved). */
    final long[] spikeCounts;
    /** Synaptic events before the first step: the saved count, or 0. */
    final long synapticEvents;
    /**
     * The saved sections (hooks attached before the first run restore from them), or null when fresh: the first
     * shard's, which also holds what every rank holds alike.
     */
    final Function<String, MemorySegment> sections;
    /** The saved shards (the first's sections are {@link #sections}), or null when fresh. */
    final List<SavedShard> shards;
    /** The global neuron ids this process owns, [ownedFrom, ownedTo): all of them unless one rank of several. */
    final int ownedFrom;
    final int ownedTo;
    /**
     * Rows a range's delivery batch gathers before it delivers them ({@link StepWorker}): the engine's
     * {@link StepWorker#DELIVERY_BATCH}, or fewer for {@link KernelWarmUp}'s scratch copy (set before the simulation is
     * made from this assembly).
     */
    int deliveryBatch = StepWorker.DELIVERY_BATCH;
    /**
     * Whether the simulation made from this assembly chooses between all its threads and one, run by run
     * ({@link AdaptiveThreads}), even with an exact count: for {@link KernelWarmUp}'s copy of a simulation that does
     * (set before the simulation is made). A thread ceiling ({@link SimulationConfig#threadsUpTo()}) chooses anyway.
     */
    boolean choosesThreads;
    /**
     * Whether no range but the first may start at a population's first neuron ({@link StepLoop#offPopulationStarts}): for
     * {@link KernelWarmUp}'s copy (set before the simulation is made), whose equal populations would otherwise split
     * between two threads exactly at one, so that its runs never deliver into a range that starts inside a population,
     * as a run of the network almost always does.
     */
    boolean splitsPopulations;

    /**
     * Assembles {@code network} for {@code config}.
     *
     * @param shards the saved state (null for a fresh simulation): one shard holding every neuron this process
     *     owns, or several (a checkpoint saved on another rank count) whose ranges cover them, in ascending order
     * @param owned the global neuron ids {@code [owned[0], owned[1])} whose incoming synapses this process keeps (one
     *     rank of a distributed run: its own block), or null for all
     * @throws IllegalArgumentException if the network does not fit the engine or the config (dt), or a saved
     *     section is missing or does not match the network
     */
    RuntimeAssembly(Network network, SimulationConfig config, List<SavedShard> shards, int[] owned) {
        if (config.dt().isPresent() && Math.abs(config.dt().getAsDouble() - network.dt()) > 1e-12 * network.dt()) {
            throw new IllegalArgumentException("config dt " + config.dt().getAsDouble() + " ms differs from network '"
                    + network.name() + "' dt " + network.dt() + " ms (its models are built for that step)");
        }
        if (config.seed().isPresent()) {
            network = network.withSeed(config.seed().getAsLong()); // everything below uses the effective seed
        }
        this.network = network;
        this.config = config;
        this.shards = shards == null ? null : List.copyOf(shards);
        this.sections = shards == null ? null : shards.getFirst().sections();
        this.ownedFrom = owned == null ? 0 : owned[0];
        this.ownedTo = owned == null ? (int) network.neuronCount() : owned[1];
        this.memory = ArenaPool.create("simulation:" + network.name());
        try {
            this.slots = network.maxDelaySteps() + 1;
            this.clock = memory.allocate(JAVA_LONG.byteSize(), 64);
            clock.set(JAVA_LONG, 0, sections == null ? 0L : restoredClock(section(StateDescriptor.CLOCK)));
            this.populations = new PopulationRuntime[network.populations().size()];
            for (Population p : network.populations()) {
                populations[p.index()] = population(p);
            }
            this.projections = projections();
            this.monitors = monitors();
            this.spikeCounts = savedCounts(StateDescriptor.POPULATION_SPIKE_COUNTS, populations.length);
            this.synapticEvents = savedCounts(StateDescriptor.SYNAPTIC_EVENTS, 1)[0];
        } catch (RuntimeException | Error e) {
            memory.closeAndReport();
            throw e;
        }
    }

    /** Population {@code p} at run time: its inputs, its neuron state and ring (fresh or restored), its generator. */
    private PopulationRuntime population(Population p) {
        List<InjectedCurrent> currents = new ArrayList<>();
        for (int i = 0; i < network.currents().size(); i++) {
            if (network.currents().get(i).population() == p.index()) {
                MemorySegment changes = sections == null ? null : sections.apply(StateDescriptor.currentChanges(i));
                currents.add(changes == null
                        ? new InjectedCurrent(network.currents().get(i), i, network.dt(), network.seed())
                        : SavedSections.unpackCurrentChanges(changes, network, i));
            }
        }
        List<PoissonInput> poisson = new ArrayList<>();
        List<Integer> poissonIdx = new ArrayList<>();
        for (int i = 0; i < network.poissonInputs().size(); i++) {
            if (network.poissonInputs().get(i).population() == p.index()) {
                poisson.add(network.poissonInputs().get(i));
                poissonIdx.add(i);
            }
        }
        PopulationState state = null;
        DelayRing ring = null;
        MemorySegment external = null;
        if (!p.isGenerator()) {
            state = p.model().allocateState(memory, p.count());
            ring = DelayRing.allocate(memory, p.receptorCount(), slots, p.count());
            if (sections == null) {
                initialise(network, p, state);
            } else {
                restoreNeurons(p, state, ring);
            }
            if (!currents.isEmpty()) {
                external = memory.allocate((long) p.count() * Double.BYTES, 64);
                external.fill((byte) 0);
            }
        }
        PopulationRuntime runtime = new PopulationRuntime(p, state, ring, external,
                currents.toArray(new InjectedCurrent[0]), poisson.toArray(new PoissonInput[0]),
                poissonIdx.stream().mapToInt(Integer::intValue).toArray(), network.dt());
        if (sections != null) {
            restoreGenerator(p, runtime);
        }
        return runtime;
    }

    /**
     * Copies model population {@code p}'s saved state and delay ring into {@code state} and {@code ring} (copied, never
     * used in place: no page a run writes belongs to the file); repartitioned, each block of this process's neurons
     * from the shard that holds it.
     */
    private void restoreNeurons(Population p, PopulationState state, DelayRing ring) {
        String stateName = StateDescriptor.populationState(p.name());
        String ringName = StateDescriptor.populationRing(p.name());
        copyInto(section(stateName), state.segment(), stateName);
        copyInto(section(ringName), ring.segment(), ringName);
        for (SavedShard shard : shards.subList(1, shards.size())) {
            int[] r = localRange(p.firstId(), p.count(), Math.max(ownedFrom, shard.from()), Math.min(ownedTo, shard.to()));
            if (r[0] < r[1]) {
                state.copyNeurons(section(shard, stateName), r[0], r[1]);
                ring.copyNeurons(section(shard, ringName), r[0], r[1]);
            }
        }
    }

    /** A generator population's replaced spike times or run-time rate changes, if saved ({@link SavedSections}). */
    private void restoreGenerator(Population p, PopulationRuntime runtime) {
        MemorySegment times = runtime.spikeTimes == null ? null : sections.apply(StateDescriptor.spikeTimes(p.name()));
        if (times != null) {
            runtime.spikeTimes = SavedSections.unpackSpikeTimes(times, p);
            runtime.spikeTimesReplaced = true;
        }
        MemorySegment changes = runtime.poissonGenerator == null ? null
                : sections.apply(StateDescriptor.rateChanges(p.name()));
        if (changes != null) {
            runtime.poissonGenerator = SavedSections.unpackRateChanges(changes, runtime.poissonGenerator, p);
            runtime.poissonRates = new PoissonRates(runtime.poissonGenerator, network.dt());
            runtime.poissonRatesReplaced = true;
        }
    }

    /**
     * Back to the description's step 0 ({@link Simulation#reset()}): each model population's state at rest, then its
     * initial values (the same draws); delay rings, injected currents and Tsodyks-Markram state emptied.
     */
    static void reinitialise(Network network, PopulationRuntime[] populations, ProjectionRuntime[] projections) {
        try (Arena scratch = Arena.ofConfined()) {
            for (PopulationRuntime p : populations) {
                if (p.state != null) {
                    p.state.segment().copyFrom(p.model.allocateState(scratch, p.count).segment());
                    initialise(network, p.spec, p.state);
                    p.ring.segment().fill((byte) 0);
                }
                if (p.external != null) {
                    p.external.fill((byte) 0);
                }
            }
        }
        for (ProjectionRuntime pr : projections) {
            if (pr.shortTerm() != null) {
                pr.shortTerm().reset();
            }
        }
    }

    /** Sets {@code state} (at rest) to {@code p}'s initial values. */
    static void initialise(Network network, Population p, PopulationState state) {
        CounterRng rng = new CounterRng(network.seed());
        for (int k = 0; k < p.initialValues().size(); k++) {
            Population.ColumnInit init = p.initialValues().get(k);
            MemorySegment col = state.column(init.column());
            if (col.byteSize() < (long) p.count() * Double.BYTES) {
                throw new IllegalArgumentException("population '" + p.name() + "': column '" + init.column()
                        + "' is not a double column of " + p.count() + " neurons");
            }
            int purpose = RngPurpose.initialState(p.index(), k);
            for (int i = 0; i < p.count(); i++) {
                double v = switch (init.value()) {
                    case InitialValue.Constant c -> c.value();
                    case InitialValue.Uniform u -> u.low() + (u.high() - u.low()) * rng.reset(purpose, i, 0).nextDouble();
                    case InitialValue.Normal nd -> nd.mean() + nd.sd() * rng.reset(purpose, i, 0).nextGaussian();
                    case InitialValue.Drawn d -> Distributions.sample(d.distribution(), rng.reset(purpose, i, 0));
                    case InitialValue.Values a -> a.get(i);
                };
                col.setAtIndex(JAVA_DOUBLE, i, v);
            }
        }
    }

    /** Each projection's CSR matrix (built, or wrapped from the saved parts) and the populations' outgoing lists. */
    private ProjectionRuntime[] projections() {
        List<Projection> projs = network.projections();
        ProjectionRuntime[] out = new ProjectionRuntime[projs.size()];
        List<List<ProjectionRuntime>> outgoing = new ArrayList<>();
        for (int i = 0; i < populations.length; i++) {
            outgoing.add(new ArrayList<>());
        }
        for (Projection pr : projs) {
            PopulationRuntime src = populations[pr.source()];
            PopulationRuntime tgt = populations[pr.target()];
            int[] kept = keptTargets(tgt, ownedFrom, ownedTo);
            // a one-process checkpoint resumed on ranks holds every synapse: each rank keeps its own targets'
            CsrMatrix csr = sections == null
                    ? CsrBuilder.build(pr, src.count, tgt.count, pr.source() == pr.target(), network.seed(), memory,
                            config.threads(), kept[0], kept[1])
                    : shards.size() == 1 ? savedCsr(pr.index(), src.count, tgt.count).keepingTargets(kept[0], kept[1], memory)
                    : gatheredCsr(pr.index(), tgt, src.count);
            out[pr.index()] = new ProjectionRuntime(pr, csr, tgt, shortTermState(pr, src.count));
            outgoing.get(pr.source()).add(out[pr.index()]);
        }
        for (PopulationRuntime p : populations) {
            p.outgoing = outgoing.get(p.index).toArray(new ProjectionRuntime[0]);
        }
        return out;
    }

    /**
     * The targets of a projection into {@code target} whose synapses a process owning global ids
     * {@code [ownedFrom, ownedTo)} keeps, as {@code [from, to)} within the target population: the synapses live on
     * the rank of their target (the rank that delivers them).
     */
    static int[] keptTargets(PopulationRuntime target, int ownedFrom, int ownedTo) {
        return localRange(target.firstId, target.count, ownedFrom, ownedTo);
    }

    /** Global ids {@code [from, to)} within the population of {@code count} ids from {@code firstId}, as local ids. */
    private static int[] localRange(int firstId, int count, int from, int to) {
        int lo = Math.clamp((long) from - firstId, 0, count);
        int hi = Math.clamp((long) to - firstId, lo, count);
        return new int[] {lo, hi};
    }

    /** The clock of a restored simulation: one long in [0, {@link Simulation#MAX_STEPS}]. */
    private static long restoredClock(MemorySegment s) {
        if (s.byteSize() != JAVA_LONG.byteSize()) {
            throw new IllegalArgumentException("section '" + StateDescriptor.CLOCK + "' has " + s.byteSize()
                    + " bytes; expected " + JAVA_LONG.byteSize());
        }
        long step = s.get(JAVA_LONG, 0);
        if (step < 0 || step > Simulation.MAX_STEPS) {
            throw new IllegalArgumentException("section '" + StateDescriptor.CLOCK + "': step " + step + " must be in [0, "
                    + Simulation.MAX_STEPS + "]");
        }
        return step;
    }

    /**
     * Projection {@code index}'s synapses onto this process's neurons of {@code target}, gathered from the shards
     * that hold them (a checkpoint saved on another rank count; each shard holds the synapses onto its block).
     */
    private CsrMatrix gatheredCsr(int index, PopulationRuntime target, int rows) {
        List<Map<String, MemorySegment>> parts = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        for (SavedShard shard : shards) {
            int[] r = keptTargets(target, Math.max(ownedFrom, shard.from()), Math.min(ownedTo, shard.to()));
            if (r[0] < r[1] || (shard == shards.getLast() && parts.isEmpty())) { // none: an empty range of one
                Map<String, MemorySegment> part = new HashMap<>();
                for (String name : List.of(CsrMatrix.HEADER, CsrMatrix.ROW_OFFSETS, CsrMatrix.TARGETS, CsrMatrix.WEIGHTS,
                        CsrMatrix.DELAYS)) {
                    part.put(name, shard.sections().apply(StateDescriptor.csrPart(index, name)));
                }
                parts.add(part);
                ranges.add(r);
            }
        }
        CsrMatrix csr;
        try {
            csr = CsrMatrix.gather(parts, ranges.toArray(new int[0][]), memory);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sections " + StateDescriptor.csrPart(index, "*") + ": " + e.getMessage(), e);
        }
        return checkShape(csr, index, rows, target.count);
    }

    private CsrMatrix savedCsr(int index, int rows, int columns) {
        String header = StateDescriptor.csrPart(index, CsrMatrix.HEADER);
        CsrMatrix csr;
        String origin = shards.getFirst().origin();
        String where = (origin.isEmpty() ? "" : origin + ": ") + "sections " + StateDescriptor.csrPart(index, "*") + ": ";
        try {
            MemorySegment targets = section(StateDescriptor.csrPart(index, CsrMatrix.TARGETS));
            MemorySegment h = section(header);
            MemorySegment offsets = section(StateDescriptor.csrPart(index, CsrMatrix.ROW_OFFSETS));
            MemorySegment weights = sections.apply(StateDescriptor.csrPart(index, CsrMatrix.WEIGHTS));
            MemorySegment delays = sections.apply(StateDescriptor.csrPart(index, CsrMatrix.DELAYS));
            // Large targets (used in place from a mapped file): each row checked before its first use, so that
            // opening does not read them all (issue 18, cold open); small ones now, so a bad file fails the open.
            csr = targets.byteSize() >= CsrMatrix.ROWS_CHECKED_ON_USE_BYTES
                    ? CsrMatrix.wrapCheckingRowsOnUse(where, h, offsets, targets, weights, delays,
                            shards.getFirst().rowChecks().apply(index))
                    : CsrMatrix.wrap(h, offsets, targets, weights, delays);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        return checkShape(csr, index, rows, columns);
    }

    /** {@code csr} if it has the projection's rows and columns and no delay beyond the rings' slots. */
    private CsrMatrix checkShape(CsrMatrix csr, int index, int rows, int columns) {
        String header = StateDescriptor.csrPart(index, CsrMatrix.HEADER);
        if (csr.rows() != rows || csr.columns() != columns || csr.maxDelay() >= slots) {
            throw new IllegalArgumentException("section " + header + ": " + csr.rows() + " x " + csr.columns()
                    + " (max delay " + csr.maxDelay() + ") does not match the network's " + rows + " x " + columns
                    + " (max delay " + (slots - 1) + ")");
        }
        return csr;
    }

    /** The Tsodyks-Markram state of {@code pr}, one copy per worker, restored from its section if any; else null. */
    private ShortTermState shortTermState(Projection pr, int rows) {
        if (pr.shortTerm() == null) {
            return null;
        }
        ShortTermState s = ShortTermState.allocate(memory, pr.shortTerm(), network.dt(), rows, config.threads());
        if (sections != null) {
            // current in a shard whose rank delivered the projection: one that owned some of the target population
            Population target = network.populations().get(pr.target());
            SavedShard from = shards.getFirst();
            for (SavedShard shard : shards) {
                if (Math.max(shard.from(), target.firstId()) < Math.min(shard.to(), target.endId())) {
                    from = shard;
                    break;
                }
            }
            String name = StateDescriptor.shortTerm(pr.index());
            s.restore(section(from, name), name);
        }
        return s;
    }

    private StateMonitor[] monitors() {
        StateMonitor[] out = new StateMonitor[config.stateMonitors().size()];
        for (int i = 0; i < out.length; i++) {
            StateMonitorSpec spec = config.stateMonitors().get(i);
            PopulationRuntime p = populations[network.population(spec.population()).index()];
            if (p.state == null) {
                throw new IllegalArgumentException("state monitor on generator population '" + spec.population() + "'");
            }
            out[i] = new StateMonitor(spec, p.state);
            p.monitors.add(out[i]);
        }
        return out;
    }

    /**
     * {@code n} non-negative counters from an optional saved section (checkpoints of format version 1 have none:
     * their counts start at 0).
     */
    private long[] savedCounts(String name, int n) {
        MemorySegment s = sections == null ? null : sections.apply(name);
        if (s == null) {
            return new long[n];
        }
        if (s.byteSize() != (long) n * Long.BYTES) {
            throw new IllegalArgumentException("section '" + name + "' has " + s.byteSize() + " bytes; expected " + n
                    + " longs (" + (long) n * Long.BYTES + " bytes)");
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.getAtIndex(JAVA_LONG_UNALIGNED, i);
            if (out[i] < 0) {
                throw new IllegalArgumentException("section '" + name + "' counter " + i + " = " + out[i]
                        + " must be >= 0");
            }
        }
        return out;
    }

    private MemorySegment section(String name) {
        return section(shards.getFirst(), name);
    }

    private static MemorySegment section(SavedShard shard, String name) {
        MemorySegment s = shard.sections().apply(name);
        if (s == null) {
            throw new IllegalArgumentException("missing section '" + name + "'"
                    + (shard.from() == 0 ? "" : " (shard of neurons [" + shard.from() + ", " + shard.to() + "))"));
        }
        return s;
    }

    private static void copyInto(MemorySegment src, MemorySegment dst, String name) {
        if (src.byteSize() != dst.byteSize()) {
            throw new IllegalArgumentException("section '" + name + "' has " + src.byteSize() + " bytes; the network needs "
                    + dst.byteSize());
        }
        MemorySegment.copy(src, 0, dst, 0, dst.byteSize());
    }
}
