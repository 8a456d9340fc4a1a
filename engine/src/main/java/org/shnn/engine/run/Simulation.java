package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.shnn.codec.CodecException;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.input.InjectedCurrent;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;
import org.shnn.engine.neuron.PopulationState;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.record.SpikeSelection;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.memory.pool.ArenaPool;
import org.shnn.memory.pool.PoolStats;

/**
 * A running network: every large array off-heap (neuron state per population, delay rings, CSR
 * synapses, spike records), stepped by {@link #threads()} worker threads with a
 * result that is bit-identical for any thread count (see {@link StepWorker}).
 *
 * <p>Roles: this class is the public face of a simulation; it checks that it is open and usable, keeps the clock,
 * the hooks and the failure, and hands the work to one type per role: assembly ({@link RuntimeAssembly}, fresh
 * from a network with {@link #create}, or from saved sections with {@link #restore}), stepping ({@link StepLoop}),
 * persistence ({@link SavedSections}: the state as named sections, what a restore still owes, the reset point)
 * and changes between runs ({@link RuntimeEdits}, with {@link Synapses}). Saving to and opening from files is
 * {@code org.shnn.engine.checkpoint.Checkpoint}'s (it calls this class, never the reverse).
 *
 * <p>All dynamic state lives in named segments ({@link #stateSections()}, names from {@link StateDescriptor}):
 * the clock (current step), each population's state and delay ring, each projection's CSR parts and the hooks'
 * state. Random draws are keyed by (seed, purpose, neuron, step), so the step is the only RNG state.
 *
 * <p>Failure: if a step fails (a worker or hook throws), the state is half-stepped and the simulation is
 * poisoned: {@link #runSteps}, saving, and the result reads ({@link #spikes()}, {@link #populationState},
 * {@link #stateSections()}, the spike counters, state monitors) throw {@link IllegalStateException} naming the
 * failed steps, with the first failure as cause. Only {@link #currentStep()} (the last completed step), the
 * network, the config and {@link #close()} remain.
 *
 * <p>Ownership: the simulation owns its off-heap memory and frees it in {@link #close()}; segments
 * it returns are valid until then. Thread-safety: one controlling thread (run, queries, close); the
 * worker threads work only inside {@link #runSteps(long)} and wait between runs ({@link StepCrew}: parked, and
 * gone after a second idle or at {@link #close()}). During a run, a call from another thread that runs, changes or
 * closes the simulation is refused naming both threads (the run goes on); reads are not refused (a hook's worker
 * thread may read the clock), and between runs the controlling thread may change hands.
 */
public final class Simulation implements AutoCloseable {

    /**
     * The largest clock value (steps) a simulation may reach: 2^40 steps, 3.5 years of biological time at
     * dt = 0.1 ms, and more than 12 days of wall time even at 1 us per step. A run past it, such as
     * {@code run(1e300)}, which would otherwise be taken as 2^63 steps and never return, is refused up front.
     */
    public static final long MAX_STEPS = 1L << 40;

    /**
     * Neuron-steps per phase and thread below which {@link SimulationConfig#threadsUpTo()} runs fewer threads:
     * a smaller share costs more to hand over (two threads meeting at every phase) than it saves. Measured in
     * {@code bench/RESULTS.md} section 12c (COBA, one step per phase: 2 threads slower than 1 at 4,000 and
     * 8,000 neurons, faster from 40,000).
     */
    public static final long MIN_WORK_PER_THREAD = 16_384;

    /** The system property that makes batch runs warm up the step path too ({@link #warmUp(boolean)}). */
    public static final String WARM_UP_PROPERTY = "shnn.warmUp";

    /** Replaced by {@link #replaceNeuronModels} between runs (controlling thread). */
    private Network network;
    private final SimulationConfig config;
    private final PopulationRuntime[] populations;
    private final ProjectionRuntime[] projections;
    private final StateMonitor[] monitors;
    /** The processes of a distributed run ({@link RankComm#single()} for one process). */
    private final RankComm comm;
    /** The global neuron ids this rank steps and keeps the incoming synapses of: [ownedFrom, ownedTo). */
    private final int ownedFrom;
    private final int ownedTo;
    private final ArenaPool memory;
    private final MemorySegment clock;
    private final int slots;
    /** Stepping: the workers, their threads and exchanges, the spike recorder. */
    private final StepLoop loop;
    /** Persistence: the state as named sections, what a restore still owes, the reset point. */
    private final SavedSections saved;
    /** Changes between runs: parameters, weights and delays, spike times, Poisson rates. */
    private final RuntimeEdits edits;
    /** The first failure of a step or of the sections' memory: the simulation is poisoned; or null. */
    private Throwable failure;
    /** The steps of the run that failed ("between steps a and b"), set with {@link #failure}. */
    private String failedSteps;
    private StepHook[] hooks = new StepHook[0];
    private boolean closed;
    /**
     * The thread inside {@link #runSteps}, or null: set by compare-and-set (volatile) as a run starts and cleared
     * (volatile write) as it ends, so that a second thread's run, change or close is refused naming it instead
     * of corrupting the run (two concurrent runs failed deep in the step loop and poisoned the simulation).
     */
    private final java.util.concurrent.atomic.AtomicReference<Thread> runner = new java.util.concurrent.atomic.AtomicReference<>();
    /** Seconds the JIT warm-up took, or NaN before it ran. */
    private double warmUpSeconds = Double.NaN;
    /** Whether {@link #warmUp(boolean)} warmed the step path too (not only the kernels). */
    private boolean stepPathWarmed;
    /** Closed with this simulation: the mapped checkpoint its CSR views come from, or null. */
    private SectionOwner attachment;

    /** Takes over an assembly's state and memory and adds stepping, persistence and edits to it. */
    private Simulation(RuntimeAssembly a, RankComm comm) {
        this.network = a.network;
        this.config = a.config;
        this.memory = a.memory;
        this.clock = a.clock;
        this.slots = a.slots;
        this.populations = a.populations;
        this.projections = a.projections;
        this.monitors = a.monitors;
        this.comm = Objects.requireNonNull(comm, "comm");
        this.ownedFrom = a.ownedFrom;
        this.ownedTo = a.ownedTo;
        ResetPoint resetPoint = new ResetPoint();
        this.saved = new SavedSections(a, resetPoint);
        this.edits = new RuntimeEdits(a, resetPoint);
        try {
            loop = new StepLoop(a, comm);
        } catch (RuntimeException | Error e) {
            memory.closeAndReport();
            throw e;
        }
    }

    /**
     * The global neuron ids rank {@code rank} of {@code ranks} owns, {@code [block[0], block[1])}: about 1/ranks of
     * the {@code n} neurons, consecutive, starting at a multiple of 16, independent of the thread count. The rank
     * steps them and keeps the synapses onto them.
     */
    public static int[] rankBlock(long n, int rank, int ranks) {
        return new int[] {StepLoop.boundary(rank, ranks, n), StepLoop.boundary(rank + 1, ranks, n)};
    }

    /**
     * Allocates and initialises a simulation of {@code network}: neuron state (rest, then the
     * network's initial values), delay rings, and CSR synapses generated in parallel (the result does
     * not depend on the thread count).
     *
     * @throws IllegalArgumentException if the network does not fit the engine (e.g. a bad state column)
     */
    public static Simulation create(Network network, SimulationConfig config) {
        return create(network, config, RankComm.single());
    }

    /**
     * As {@link #create(Network, SimulationConfig)}, as one rank of a distributed run: every rank of {@code comm}
     * calls it with the same network and config, and then makes the same calls in the same order ({@link #run}
     * is collective). Each rank steps the neurons of its block of global ids ({@code size * threads} ranges of
     * about equal size, rank r's are ranges r*threads to r*threads + threads - 1) and receives every rank's spikes
     * once per min-delay interval, so the spikes, the raster and its SHA-256 are those of one process, on every
     * rank, for any rank and thread count. Each rank builds, stores and saves only the synapses onto the neurons it
     * owns ({@link #rankBlock}, about 1/size of them): synapses, Poisson drives and currents are drawn from the
     * counter-based RNG keyed by global ids, so a rank's synapses are exactly those its targets have in one
     * process, in the same row order, and the spikes the other ranks send are delivered through its own rows.
     * {@link #synapseCount()} and {@link #synapseBytes()} are this rank's.
     *
     * @param comm the ranks; the simulation uses it from the calling thread (the thread that opened it) and
     *     does not close it
     */
    public static Simulation create(Network network, SimulationConfig config, RankComm comm) {
        startWarmUp(network, config, comm); // the JIT warm-up on its own thread while this one builds
        return new Simulation(new RuntimeAssembly(network, config, null,
                rankBlock(network.neuronCount(), comm.rank(), comm.size())), comm);
    }

    /**
     * Starts the JIT warm-up ({@link #warmUp()}) of the simulation about to be made of {@code network} with
     * {@code config} on {@code comm} on a daemon thread ("shnn-warm-up"), so that it overlaps what the caller does
     * before the first run: {@link #create} builds the network meanwhile, {@code Checkpoint.open} maps, checks and
     * copies the saved state (issue 18 part 4: a restored simulation otherwise warmed up serially, 0.6-0.9 s of CPU,
     * between the open and its first step; bench/RESULTS.md section 36). The simulation's first run (or
     * {@link #warmUp()}) then waits for it instead of warming up itself. Results do not depend on it: the warm-up
     * steps a scratch copy in its own memory. Does nothing on more than one rank, if this JVM warmed up (or is
     * warming up) the same models with as many workers, or under an off-heap limit; a warm-up that fails here is
     * repeated, and its failure reported, by the first run. Safe to call from any thread.
     */
    public static void startWarmUp(Network network, SimulationConfig config, RankComm comm) {
        startWarmUp(network, config, comm, false);
    }

    /**
     * As {@link #startWarmUp(Network, SimulationConfig, RankComm)}, for a simulation whose synapse matrices will be
     * used in place from a mapped file ({@code mapped}: a checkpoint's open), whose delivery runs other code paths
     * than an assembled network's.
     */
    public static void startWarmUp(Network network, SimulationConfig config, RankComm comm, boolean mapped) {
        if (comm.size() == 1) {
            int threads = StepLoop.threads(network, config, comm);
            KernelWarmUp.ahead(network, threads, StepLoop.choosesThreads(config, threads), mapped);
        }
    }

    /**
     * A simulation for {@code KernelWarmUp}: created like {@link #create}, and never warms up itself; with
     * {@code choosing}, it chooses between its threads and one run by run ({@link AdaptiveThreads}) although
     * {@code config} gives an exact count.
     */
    static Simulation createScratch(Network network, SimulationConfig config, boolean choosing) {
        RuntimeAssembly a = new RuntimeAssembly(network, config, null, rankBlock(network.neuronCount(), 0, 1));
        a.deliveryBatch = KernelWarmUp.DELIVERY_BATCH;
        a.choosesThreads = choosing;
        a.splitsPopulations = true;
        Simulation s = new Simulation(a, RankComm.single());
        s.warmUpSeconds = 0;
        s.stepPathWarmed = true;
        return s;
    }

    /**
     * Rebuilds a simulation from sections named as in {@link #stateSections()} (e.g. read back from a
     * checkpoint). State, rings and clock are copied into the new simulation; CSR parts are used in
     * place (zero copy), so their owner must keep them alive until this simulation is closed.
     *
     * @param sections returns the segment of a section name, or null if absent
     * @throws IllegalArgumentException if a section is missing or does not match the network
     */
    public static Simulation restore(Network network, SimulationConfig config, Function<String, MemorySegment> sections) {
        return new Simulation(new RuntimeAssembly(network, config, allOf(network, sections), null), RankComm.single());
    }

    /** One saved shard holding every neuron of {@code network}. */
    private static List<SavedShard> allOf(Network network, Function<String, MemorySegment> sections) {
        return List.of(new SavedShard(sections, 0, (int) network.neuronCount()));
    }

    /**
     * As {@link #restore(Network, SimulationConfig, Function)}, from the shards of a state saved on another number
     * of ranks (repartitioning), as one rank of a distributed run ({@link #create(Network, SimulationConfig,
     * RankComm)}), handing over {@code owner} (e.g. the mapped checkpoint file that owns the CSR sections: it is
     * closed when this simulation closes, if the restore throws the caller still owns it, and {@link
     * #checkSections()} asks it before and after every run and save whether its memory is intact): each neuron
     * this rank owns takes its state and delay ring from the shard holding it, each projection's synapses onto them
     * are gathered row by row from those shards (in the order one process holds them), the hooks' per-neuron
     * state likewise ({@link StepHook#restoreNeurons}); the clock, counters and replicated state come from the
     * first shard. The run continues bit-identically to one that never stopped, for any rank and thread count.
     *
     * @param shards saved shards in ascending order of their neuron ranges, which together cover this rank's
     *     block ({@link #rankBlock}); one shard that holds every neuron is a plain restore
     * @throws IllegalArgumentException if a section is missing or does not match the network, or the shards'
     *     synapse headers differ
     */
    public static Simulation restore(Network network, SimulationConfig config, List<SavedShard> shards,
            SectionOwner owner, RankComm comm) {
        int[] block = rankBlock(network.neuronCount(), comm.rank(), comm.size());
        int covered = block[0];
        for (SavedShard s : shards) {
            if (s.from() <= covered) {
                covered = Math.max(covered, s.to());
            }
        }
        if (shards.isEmpty() || covered < block[1]) {
            throw new IllegalArgumentException("saved shards " + shards.stream().map(s -> "[" + s.from() + ", " + s.to()
                    + ")").toList() + " do not cover rank " + comm.rank() + "'s neurons [" + block[0] + ", " + block[1] + ")");
        }
        Simulation sim = new Simulation(new RuntimeAssembly(network, config, shards, block), comm);
        sim.attachment = owner;
        return sim;
    }

    /**
     * Checks that the memory behind sections used in place (a mapped checkpoint) is still what was opened and,
     * waiting for every check still running in the background, that every checksum matched ({@link SectionOwner},
     * {@link SectionOwner.Wait#ALL}): {@code Checkpoint.save} calls it before writing and before committing.
     * {@link #runSteps} makes the same check before each run, without waiting (or waiting for what its results
     * depend on, {@link SectionOwner.Wait#RESULTS}, if the run streams spikes out during its steps: a spike file,
     * a spike stream or a hook that {@linkplain StepHook#streamsOut() streams out}), and after it, before the clock
     * moves, waiting for what its results depend on. A failed check poisons the simulation, as a failed step does.
     *
     * @throws IllegalStateException if closed or poisoned
     * @throws RuntimeException from the owner (e.g. a {@link org.shnn.codec.CodecException} naming the file)
     */
    public void checkSections() {
        checkSections(SectionOwner.Wait.ALL);
    }

    private void checkSections(SectionOwner.Wait wait) {
        checkUsable();
        if (attachment != null) {
            try {
                attachment.checkIntact(wait);
            } catch (RuntimeException e) {
                poison(e, "at step " + currentStep() + ": the memory behind its sections changed or is damaged");
                throw e;
            }
        }
    }

    /**
     * The simulation's state as named off-heap sections, in a stable order: {@code clock} (the current
     * step, one long); per population, {@code population/<name>/state} and {@code population/<name>/ring}
     * for a model population, or {@code population/<name>/spikeTimes} for a spike-times generator whose times
     * were replaced ({@link #setSpikeTimes}; a heap segment); per projection, {@code projection/<i>/<part>}
     * for its CSR parts ({@code header}, {@code rowOffsets}, {@code targets}, and {@code weights}/{@code delays}
     * when stored) and {@code shortTerm} for Tsodyks-Markram synapses; the counters ({@link
     * StateDescriptor#POPULATION_SPIKE_COUNTS}, {@link StateDescriptor#SYNAPTIC_EVENTS}); then the sections of the
     * registered {@link StepHook}s in registration order, of state registered by {@link #attachState}, and a live
     * schedule carried over ({@link StateDescriptor#LIVE_SCHEDULE}). Views into memory owned by this simulation (or by the hooks),
     * valid until {@link #close()}; do not write.
     */
    public List<NamedSegment> stateSections() {
        checkUsable();
        return saved.list(populationSpikeCounts(), synapticEvents(), hooks);
    }

    /** Sections by name (see {@link #stateSections()}). */
    public Map<String, MemorySegment> stateSectionMap() {
        Map<String, MemorySegment> m = new LinkedHashMap<>();
        for (NamedSegment s : stateSections()) {
            m.put(s.name(), s.segment());
        }
        return m;
    }

    /**
     * Runs for {@code ms} of biological time, rounded to whole steps.
     *
     * @throws IllegalArgumentException if ms is negative, not finite, or would take the clock past
     *     {@link #MAX_STEPS}
     */
    public void run(double ms) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            throw new IllegalArgumentException("duration " + ms + " ms must be finite and >= 0");
        }
        double steps = Math.rint(ms / network.dt());
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException("duration " + ms + " ms is " + steps + " steps of " + network.dt()
                    + " ms; at most " + MAX_STEPS + " steps (Simulation.MAX_STEPS) may be simulated");
        }
        runSteps((long) steps);
    }

    /**
     * Runs {@code n} steps on the configured worker threads (the calling thread is one of them). The threads
     * meet once per interval of {@link #stepsPerPhase()} steps ({@link StepWorker}, {@link StepPhaser}). With
     * {@link SimulationConfig#threadsUpTo()} a run may use the calling thread alone for every range, when that
     * measured faster on this machine's current load ({@link AdaptiveThreads}); results are the same either way.
     *
     * @throws IllegalArgumentException if n is negative or the clock would pass {@link #MAX_STEPS}
     * @throws IllegalStateException if closed, or if a worker failed now or in an earlier run (the
     *     state is then inconsistent and the simulation refuses to continue)
     */
    public void runSteps(long n) {
        if (!runner.compareAndSet(null, Thread.currentThread())) {
            checkOpen();
            checkNotRunningElsewhere(); // names the running thread (or this one: a run from within a run's hook)
            throw new IllegalStateException("simulation '" + network.name() + "': runSteps called again from within"
                    + " its own run");
        }
        try {
            runOwned(n);
        } finally {
            runner.set(null);
        }
    }

    private void runOwned(long n) {
        checkUsable();
        long t0 = currentStep();
        if (n < 0 || n > MAX_STEPS - t0) {
            throw new IllegalArgumentException("steps " + n + " must be in [0, " + (MAX_STEPS - t0) + "]: the clock, at step "
                    + t0 + ", may not pass " + MAX_STEPS + " (Simulation.MAX_STEPS)");
        }
        if (n == 0) {
            return;
        }
        // Sections verified in the background (Verification.DEFERRED): a run steps alongside the verification and
        // waits for its verdict before it returns; one whose spikes leave the process during its steps waits before
        // its first step, so that nothing computed from unverified bytes leaves before the verdict (issue 17)
        checkSections(loop.streamsOut(hooks) ? SectionOwner.Wait.RESULTS : SectionOwner.Wait.NONE);
        loop.checkDistributable(hooks, network.name());
        warmUp(false);
        saved.runStarts(network, hooks, network.populations().stream().mapToInt(Population::receptorCount).max()
                .orElse(0));
        Throwable f = loop.run(t0, n, hooks);
        if (f != null) {
            throw failedRun(f, t0, n);
        }
        loop.gatherRanks(hooks);
        // a file changed during the run may have fed it other bytes: poisons before the clock moves
        checkSections(SectionOwner.Wait.RESULTS);
        loop.syncShortTerm();
        clock.set(JAVA_LONG, 0, t0 + n);
        loop.flushSpikeFile();
    }

    /**
     * Poisons this simulation with the failure {@code f} of the run of {@code n} steps from {@code t0} (or with the
     * damage of the memory behind its sections, which explains a failed step better than the step does) and, on
     * ranks, ends the job: the other ranks wait in a collective.
     *
     * @return the exception to throw: the {@link CodecException} of a damaged file byte that a step found (a row
     *     verified on its first use), else an {@link IllegalStateException} with {@code f} as its cause
     */
    private RuntimeException failedRun(Throwable f, long t0, long n) {
        if (attachment != null) {
            try {
                attachment.checkIntact(SectionOwner.Wait.RESULTS);
            } catch (RuntimeException e) {
                e.addSuppressed(f);
                f = e;
            }
        }
        poison(f, "between steps " + t0 + " and " + (t0 + n) + ", leaving its state half-stepped");
        if (comm.size() > 1) {
            f.printStackTrace();
            comm.abort("shnn: " + comm.describe() + ": simulation step failed " + failedSteps + ": " + f
                    + "; aborting every rank of the job", 1);
        }
        // a damaged byte of a mapped file found as a step used it: the error that names the file, section and offset
        return f instanceof CodecException c ? c
                : new IllegalStateException("simulation step failed " + failedSteps + ": " + f, f);
    }

    /** From now on runs, saves and result reads are refused, naming {@code steps} and {@code f} ({@link #checkUsable}). */
    private void poison(Throwable f, String steps) {
        failure = f;
        failedSteps = steps;
    }

    /** The ranks of this simulation ({@link RankComm#single()} unless created as a rank of a distributed run). */
    public RankComm ranks() {
        return comm;
    }

    /** Bytes of spike blocks this rank sent to the others so far (0 for one process); see {@code RankExchange}. */
    public long rankBytesSent() {
        return loop.rankExchange == null ? 0 : loop.rankExchange.sentInts * Integer.BYTES;
    }

    /**
     * Seconds this rank spent in the spike exchange's collectives so far (MPI_Allgather of the counts and
     * MPI_Allgatherv of the ids, waiting for the other ranks included; 0 for one process); see {@code RankExchange}.
     */
    public double rankExchangeSeconds() {
        return loop.rankExchange == null ? 0 : loop.rankExchange.exchangeNanos * 1e-9;
    }

    /**
     * Back to step 0 keeping the network (PyNN's {@code reset()}): neuron state to the description's initial values
     * (the same draws), delay rings, injected currents and Tsodyks-Markram state emptied, the clock, spike counters
     * and synaptic events at 0 (also those a restored simulation carried over), recorded spikes and state samples
     * forgotten, step hooks (plasticity traces, homeostatic rates) as they were attached. Random streams are keyed
     * by step, so they restart too: reset then run gives the raster of a fresh simulation of the same network and
     * config. Kept, as PyNN keeps parameters changed by {@code set}: weights and delays set through
     * {@link Synapses} (weights a plasticity rule changed go back to those at t = 0, or to the last set ones),
     * replaced spike times ({@link #setSpikeTimes}), and Poisson rate changes made at run time ({@link #setPoissonRates}
     * at step s, e.g. a {@code LiveRunner}'s rate task), which stay at their step s as the description's
     * {@code rate_times} changes stay at theirs (PyNN's reset: the same network, its rate changes applied again at
     * their times), so reset then run repeats the first run's rates. A spike stream ring receives the new run's
     * spikes after the old ones.
     *
     * @throws IllegalStateException if closed or poisoned, or if spikes stream to a file (the file holds the
     *     old run's spikes and cannot take a second raster)
     */
    public void reset() {
        checkNotRunningElsewhere();
        checkUsable();
        if (loop.streamsToFile()) {
            throw new IllegalStateException("simulation '" + network.name() + "': reset is refused while spikes stream "
                    + "to the file " + config.spikeFile() + " (it cannot take a second raster from step 0)");
        }
        RuntimeAssembly.reinitialise(network, populations, projections);
        saved.reset(this, hooks);
        loop.clearCounters();
        clock.set(JAVA_LONG, 0, 0L);
    }

    /**
     * Gets a step's code compiled before the first step, as a run paced to the wall clock needs it (see
     * {@code KernelWarmUp}): simulates a scratch copy of the network cut to a few hundred neurons per population, in
     * its own memory, until its steps stop allocating (C2 has compiled the kernels), then some thousand steps more,
     * with and without step hooks, until the rest of a step runs compiled too (delivery, recording, the phase loop,
     * hooks), at most 4 s of CPU time. In one process {@link #create} and {@code Checkpoint.open} already started it
     * on its own thread while the network was built or the checkpoint opened ({@link #startWarmUp}); then this waits
     * for it. This simulation's state, random streams, recorder and clock are untouched, so results do not depend on
     * it. Same as {@code warmUp(true)}.
     *
     * @return as {@link #warmUp(boolean)}
     * @throws IllegalStateException if closed
     */
    public double warmUp() {
        return warmUp(true);
    }

    /**
     * The warm-up of {@link #warmUp()}, of the kernels only or of the whole step path. {@link #runSteps} calls
     * {@code warmUp(false)} before its first step: a batch run needs its kernels compiled (interpreted, the vector
     * kernels are thousands of times slower) but compiles the rest of its step path within its first few thousand
     * steps as fast as the scratch copy would, so the step-path phase would only lengthen the whole job
     * (bench/RESULTS.md section 41); a run paced to the wall clock calls {@code warmUp(true)} first, because the step
     * path in C1's code for its first few hundred ms would put those steps behind the clock. Call either earlier to
     * keep its time out of a timed run. The system property {@value #WARM_UP_PROPERTY}{@code =stepPath} makes every
     * call warm the step path (for benchmarks that time a batch run's loop alone, as Brian2's loop is timed apart from
     * its compilation); {@code kernels}, or no value, is the default.
     *
     * @param stepPath whether the step path is to be compiled too, or only the kernels
     * @return the seconds this simulation's calls waited or warmed up so far: the warm-up's own time where it ran on
     *     the caller's thread, the wait for the warm-up started by {@link #startWarmUp} otherwise (0 if that had
     *     finished); a call that finds what it asks for done does nothing and returns the same value
     * @throws IllegalStateException if closed
     * @throws IllegalArgumentException if the system property {@value #WARM_UP_PROPERTY} is neither {@code kernels}
     *     nor {@code stepPath}
     */
    public double warmUp(boolean stepPath) {
        checkOpen();
        stepPath |= stepPathAlways();
        if (Double.isNaN(warmUpSeconds) || stepPath && !stepPathWarmed) {
            double s = KernelWarmUp.run(network, loop.workers.length, loop.adaptive != null, mappedSynapses(), stepPath,
                    false);
            warmUpSeconds = Double.isNaN(warmUpSeconds) ? s : warmUpSeconds + s;
            stepPathWarmed |= stepPath;
        }
        return warmUpSeconds;
    }

    /** Whether a synapse matrix of this simulation is used in place from a mapped file (a checkpoint's). */
    private boolean mappedSynapses() {
        for (ProjectionRuntime p : loop.projections) {
            if (p.csr().targets().isMapped()) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@value #WARM_UP_PROPERTY} asks for the step path's warm-up before every run. */
    private static boolean stepPathAlways() {
        String v = System.getProperty(WARM_UP_PROPERTY);
        if (v == null || v.equals("kernels")) {
            return false;
        }
        if (v.equals("stepPath")) {
            return true;
        }
        throw new IllegalArgumentException("system property " + WARM_UP_PROPERTY + "='" + v + "': expected kernels (the"
                + " default: batch runs warm up the kernels only) or stepPath (every run warms up its whole step path)");
    }

    /** Steps per phase of the next run ({@link StepLoop#stepsPerPhase}). */
    int stepsPerPhase() {
        return loop.stepsPerPhase(hooks);
    }

    /**
     * Memory for the state of hooks attached to this simulation (plasticity traces, homeostatic rates): owned by
     * the simulation and freed by {@link #close()}, so hooks need no owner of their own. Call between runs from
     * the controlling thread.
     */
    public SegmentAllocator hookMemory() {
        return memory;
    }

    /**
     * Registers a hook that every worker runs after delivering each step (see {@link StepHook} for what it may
     * touch). Call between runs from the controlling thread; the workers pick it up at the next run. On a
     * simulation restored from sections that has not run yet, the hook first restores its saved state
     * ({@link StepHook#restoreState}).
     *
     * @throws IllegalStateException if closed
     */
    public void addHook(StepHook hook) {
        checkNotRunningElsewhere();
        checkOpen();
        Objects.requireNonNull(hook, "hook");
        saved.hookAdded(hook);
        StepHook[] more = java.util.Arrays.copyOf(hooks, hooks.length + 1);
        more[hooks.length] = hook;
        hooks = more;
    }

    /**
     * Registers state saved with this simulation's checkpoints after the hooks' ({@link #stateSections()}) that
     * does not run in the step loop (a live run's schedule); on a simulation restored from sections that has not
     * run yet, it first restores its saved state ({@link SavedState#restoreState}). Call between runs from the
     * controlling thread.
     *
     * @throws IllegalStateException if closed
     */
    public void attachState(SavedState state) {
        checkNotRunningElsewhere();
        checkOpen();
        Objects.requireNonNull(state, "state");
        saved.attach(state);
    }

    /** Unregisters state registered by {@link #attachState} (by identity); whether it was. Between runs; also closed. */
    public boolean detachState(SavedState state) {
        return saved.detach(state);
    }

    /**
     * Unregisters {@code hook} (compared by identity), e.g. a pacer attached for one run; its state sections are no
     * longer saved. Call between runs from the controlling thread.
     *
     * @return whether it was registered
     */
    public boolean removeHook(StepHook hook) {
        checkNotRunningElsewhere();
        checkOpen();
        for (int i = 0; i < hooks.length; i++) {
            if (hooks[i] == hook) {
                StepHook[] fewer = new StepHook[hooks.length - 1];
                System.arraycopy(hooks, 0, fewer, 0, i);
                System.arraycopy(hooks, i + 1, fewer, i, hooks.length - i - 1);
                hooks = fewer;
                return true;
            }
        }
        return false;
    }

    /**
     * The registered hooks of type {@code kind}, in registration order (e.g. the weight monitors a description's
     * recorders attached). Controlling thread.
     */
    public <H extends StepHook> List<H> hooks(Class<H> kind) {
        List<H> out = new ArrayList<>();
        for (StepHook h : hooks) {
            if (kind.isInstance(h)) {
                out.add(kind.cast(h));
            }
        }
        return out;
    }

    /**
     * Worker threads this simulation runs on: {@link SimulationConfig#threads()}, or fewer with
     * {@link SimulationConfig#threadsUpTo()} (see {@link StepLoop#threadsFor}).
     */
    public int threads() {
        return loop.workers.length;
    }

    /**
     * Steps so far that a thread ceiling ({@link SimulationConfig#threadsUpTo()}) ran on the calling thread alone,
     * because that measured faster or to measure it ({@link AdaptiveThreads}); 0 with an exact count or one thread.
     * Controlling thread.
     */
    public long stepsOnOneThread() {
        return loop.adaptive == null ? 0 : loop.adaptive.stepsAlone();
    }

    /** The choice between one thread and all, run by run, or null with an exact count or one thread. */
    AdaptiveThreads adaptiveThreads() {
        return loop.adaptive;
    }

    /** Steps simulated so far. */
    public long currentStep() {
        checkOpen();
        return clock.get(JAVA_LONG, 0);
    }

    /** Biological time simulated so far (ms). */
    public double timeMs() {
        return currentStep() * network.dt();
    }

    /**
     * Spikes emitted since step 0 (all populations, whether recorded or not; a restored simulation includes the
     * saved count).
     */
    public long spikeCount() {
        long s = 0;
        for (long c : populationSpikeCounts()) {
            s += c;
        }
        return s;
    }

    /**
     * Off-heap bytes the state monitors take to record the next {@code steps} steps (their samples are allocated
     * before each run, for that run): for a caller to see, before a long run in chunks, whether the whole of it fits
     * the off-heap limit.
     */
    public long recordingBytes(long steps) {
        checkUsable();
        long t0 = currentStep();
        long bytes = 0;
        for (StateMonitor m : monitors) {
            bytes = Math.addExact(bytes, m.bytesFor(t0, steps));
        }
        return bytes;
    }

    /**
     * The {@code i}-th state monitor of the config (in {@link SimulationConfig#stateMonitors()} order);
     * owned by this simulation, valid until close.
     */
    public StateMonitor stateMonitor(int i) {
        checkUsable();
        return monitors[i];
    }

    /**
     * Synaptic events since step 0: synapses through which a spike was delivered (each counted once; a restored
     * simulation includes the saved count).
     */
    public long synapticEvents() {
        checkUsable();
        return saved.synapticEventsBefore() + loop.synapticEvents();
    }

    /**
     * Spikes emitted since step 0 per population (a restored simulation includes the saved counts), indexed like
     * {@link Network#populations()}.
     */
    public long[] populationSpikeCounts() {
        checkUsable();
        long[] out = saved.spikeCountsBefore();
        loop.addSpikeCounts(out);
        return out;
    }

    /**
     * The recorded spikes, sorted by (step, neuron id); owned by this simulation, valid until close.
     *
     * @throws IllegalStateException if spike recording is off
     */
    public SpikeRecorder spikes() {
        checkUsable();
        if (loop.recorder == null) {
            throw new IllegalStateException("spike recording is off in this simulation's config");
        }
        return loop.recorder;
    }

    /**
     * How many neurons of population {@code population} (indexed like {@link Network#populations()}) have their spikes
     * recorded: all of them unless the config's {@link SimulationConfig#spikeMonitors()} choose fewer; 0 with spike
     * recording off.
     */
    public int recordedNeurons(int population) {
        checkUsable();
        if (loop.recorder == null) {
            return 0;
        }
        return loop.recorded == null ? network.populations().get(population).count() : loop.recorded.recorded(population);
    }

    /**
     * The neurons the config's {@link SimulationConfig#spikeMonitors()} choose, or null when it names none (every
     * neuron): the spikes the recorder keeps and a {@code LiveOutput} streams. Owned by this simulation, valid until
     * close; immutable.
     */
    public SpikeSelection spikeSelection() {
        checkUsable();
        return loop.recorded;
    }

    /** SHA-256 of the spike raster; see {@link SpikeRecorder#sha256()}. */
    public byte[] rasterSha256() {
        return spikes().sha256();
    }

    /** Neurons (including generator populations). */
    public long neuronCount() {
        return network.neuronCount();
    }

    /** Synapses of all projections (on a rank of a distributed run, those it holds: onto its own neurons). */
    public long synapseCount() {
        long s = 0;
        for (ProjectionRuntime p : projections) {
            s += p.csr().synapseCount();
        }
        return s;
    }

    /** Bytes of all CSR matrices (row pointers, targets, weights, delays, padding, headers). */
    public long synapseBytes() {
        long s = 0;
        for (ProjectionRuntime p : projections) {
            s += p.csr().byteSize();
        }
        return s;
    }

    /** The CSR matrix of projection {@code index}; owned by this simulation. */
    public CsrMatrix synapses(int index) {
        return projections[index].csr();
    }

    /**
     * The CSR matrix of projection {@code index} with weights that may be written in place (plasticity): the
     * same matrix, unless its per-synapse weights are mapped read-only from a checkpoint, in which case they
     * are first copied into this simulation's memory and the projection switches to the copy (the file is
     * not changed). Call between runs from the controlling thread.
     */
    public CsrMatrix writableSynapses(int index) {
        checkNotRunningElsewhere();
        checkUsable();
        return edits.writableSynapses(index, currentStep());
    }

    /** Changes between runs ({@link Synapses} replaces matrices and sets weights through them). */
    RuntimeEdits edits() {
        return edits;
    }

    /**
     * From the next step on, the populations' neuron models (their parameters, PyNN's {@code Population.set}) are
     * those of {@code changed}, a network that differs from this one in nothing else, and {@code changed} (with this
     * simulation's seed) is this simulation's network: its description is what a checkpoint saves. The state is
     * kept; {@link #reset()} keeps the new parameters. Call between runs from the controlling thread; the
     * assembler's {@code Parameters.set} builds {@code changed} from a changed description.
     *
     * @throws IllegalArgumentException naming the population and what differs, if a population's name, size,
     *     kind, state layout or receptors, or the projections, inputs or currents differ
     */
    public void replaceNeuronModels(Network changed) {
        checkNotRunningElsewhere();
        checkUsable();
        network = edits.replaceNeuronModels(network, changed);
    }

    /** The shortest synaptic delay of the network's description (steps): a phase never spans more. */
    int minDelaySteps() {
        return loop.minDelaySteps();
    }

    /** The targets of projection {@code index} whose synapses this rank keeps (see {@link RuntimeAssembly#keptTargets}). */
    int[] keptTargets(int index) {
        return RuntimeAssembly.keptTargets(projections[index].target(), ownedFrom, ownedTo);
    }

    /** The simulation's memory (for matrices that replace a projection's). */
    ArenaPool memory() {
        return memory;
    }

    /**
     * Replaces the spike times of spike-times generator population {@code population} (PyNN's
     * {@code set(spike_times=...)} on a {@code SpikeSourceArray}) from the next run on: spikes at steps before
     * {@link #currentStep()} are never emitted. The new times are part of the state from now on
     * ({@link StateDescriptor#spikeTimes} in {@link #stateSections()}), so a saved simulation resumes with
     * them. Call between runs from the controlling thread.
     *
     * @throws IllegalArgumentException if the population is not a spike-times generator or a neuron index is
     *     not below its size
     */
    public void setSpikeTimes(int population, SpikeTimesGenerator times) {
        checkNotRunningElsewhere();
        checkUsable();
        edits.setSpikeTimes(population, times);
    }

    /**
     * Sets the rates of Poisson generator population {@code population} (PyNN's {@code set(rate=...)} on a
     * {@code SpikeSourcePoisson}, NEST's {@code SetStatus(pg, {"rate": ...})}, Brian2's {@code P.rates = ...}
     * between runs) from step {@link #currentStep()} on: a rate change at the current time, replacing the changes
     * the generator had from then on; each neuron's window ({@code start}, {@code duration}) stays. The draws of
     * other steps do not move, so a run that sets a rate at step s is bit-identical to one built with that change
     * at s. The changes are part of the state from now on ({@link StateDescriptor#rateChanges}), so a saved
     * simulation resumes with them. Call between runs from the controlling thread.
     *
     * @param ratesHz one rate for every neuron, or one per neuron (Hz, finite, {@code >= 0}, {@code rate * dt <= 1})
     * @throws IllegalArgumentException naming the population if it is not a Poisson generator or a rate does not fit
     */
    public void setPoissonRates(int population, double[] ratesHz) {
        checkNotRunningElsewhere();
        checkUsable();
        edits.setPoissonRates(population, ratesHz, currentStep(), network.dt());
    }

    /** The rate (Hz) of each neuron of Poisson generator population {@code population} at the current step (0 outside its window). */
    public double[] poissonRates(int population) {
        checkUsable();
        return edits.poissonRates(population, currentStep(), network.dt());
    }

    /**
     * Changes current source {@code index} of the network ({@link Network#currents()}) to {@code waveform} from step
     * {@link #currentStep()} on (PyNN's {@code source.amplitude = x} or {@code set_parameters} between runs, NEST's
     * {@code SetStatus} on a {@code dc_generator}): the waveform in force from the current time, replacing the
     * changes the source had from then on; its targets stay. The waveform's times are absolute ({@code start},
     * {@code stop}, a step source's times), as in PyNN, and a noise source keeps its draws, so a run that changes a
     * source at step s is bit-identical to one whose source had the new waveform from s built in. The change is part
     * of the state from now on ({@link StateDescriptor#currentChanges}): a saved simulation resumes with it, the
     * recorded current ({@link #injectedCurrent}) shows it, and {@link #reset()} keeps it (it acts again at its step);
     * a change at step 0 replaces the whole history. Call between runs from the controlling thread.
     *
     * @param index the source's position in {@link Network#currents()}
     * @param waveform the current from now on (pA)
     * @throws IndexOutOfBoundsException if {@code index} is not a source of the network
     */
    public void setCurrent(int index, CurrentWaveform waveform) {
        checkNotRunningElsewhere();
        checkUsable();
        Objects.checkIndex(index, network.currents().size());
        edits.setCurrent(index, Objects.requireNonNull(waveform, "waveform"), currentStep());
    }

    /**
     * Current source {@code index} of the network ({@link Network#currents()}) sampled on this simulation's
     * steps with its seed and the changes made to it ({@link #setCurrent}): the current each neuron received or
     * will receive at any step, as injected by the run (PyNN's recording of an electrode's current).
     */
    public InjectedCurrent injectedCurrent(int index) {
        Objects.checkIndex(index, network.currents().size());
        return edits.current(index);
    }

    /** The state of population {@code index} (null for a generator); owned by this simulation. */
    public PopulationState populationState(int index) {
        checkUsable();
        return populations[index].state;
    }

    /**
     * Off-heap counters of this simulation's pool (reserved, in use, peaks, live segments); the
     * process-wide totals are {@code OffHeapBudget.global().stats()}.
     */
    public PoolStats offHeapStats() {
        return memory.stats();
    }

    /** The network. */
    public Network network() {
        return network;
    }

    /** The config. */
    public SimulationConfig config() {
        return config;
    }

    /** Delay ring slots (max delay + 1). */
    public int ringSlots() {
        return slots;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("simulation is closed");
        }
    }

    /**
     * Refuses a change or a close from another thread than the one inside {@link #runSteps}, naming both. Reads are
     * not refused: a hook's worker thread may read the clock during a run.
     */
    private void checkNotRunningElsewhere() {
        Thread r = runner.get();
        if (r != null && r != Thread.currentThread()) {
            throw new IllegalStateException("simulation '" + network.name() + "' is running on thread '" + r.getName()
                    + "', called from thread '" + Thread.currentThread().getName() + "': a simulation is run, changed"
                    + " and closed from one thread at a time");
        }
    }

    /** {@link #checkOpen()}, and refuses a poisoned simulation (a step failed: the state is half-stepped). */
    void checkUsable() {
        checkOpen();
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("simulation '" + network.name() + "' failed "
                    + (failedSteps != null ? failedSteps : "during a step") + "; run, save and result reads are refused ("
                    + f + ")", f);
        }
    }

    /** Frees all off-heap memory; every segment obtained from this simulation becomes invalid. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            checkNotRunningElsewhere(); // its memory would be freed under the running workers
            closed = true;
            // Every segment is checked out by design until now; the pool frees them all at once,
            // so the "leak" report of closeAndReport is expected and not logged.
            try {
                loop.close();
            } finally {
                try {
                    memory.closeAndReport();
                } finally {
                    if (attachment != null) {
                        attachment.close();
                    }
                }
            }
        }
    }
}
