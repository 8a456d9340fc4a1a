package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Projection;
import org.shnn.engine.record.SpikeFileStream;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.record.SpikeSelection;
import org.shnn.engine.record.StateMonitor;
import org.shnn.memory.pool.ArenaPool;

/**
 * Stepping: the neuron ranges of a {@link Simulation} ({@link StepWorker}s), the threads that run them
 * ({@link StepCrew}), the spike exchanges between ranges ({@link SpikeExchange}) and ranks ({@link RankExchange}),
 * the spike recorder the first range feeds, and the loop of one run ({@link #run}): prepare the ranges, run the
 * phases on the crew and the calling thread ({@link StepPhaser}), then, on ranks, gather what every rank must hold
 * ({@link #gatherRanks}). The simulation checks arguments, the clock and the sections around it and is poisoned by
 * a failed run; this type runs steps and counts spikes and synaptic events, and nothing else.
 *
 * <p>Partition: the {@code size * threads} ranges of a distributed run are consecutive blocks of global ids starting
 * at multiples of 16 ({@link #boundary}); rank r runs ranges {@code r * threads} to {@code r * threads + threads - 1},
 * whose union is its {@link Simulation#rankBlock} whatever the thread count.
 *
 * <p>Ownership: the ranges' memory and the exchanges are in the simulation's pool (freed with it); the crew and
 * the spike file are closed by {@link #close()}. Thread-safety: one controlling thread; the workers run only inside
 * {@link #run}.
 */
final class StepLoop {

    /** Upper bound on the steps of one phase (the spike exchange keeps one end offset per step). */
    static final int MAX_STEPS_PER_PHASE = 64;

    /** The simulation's populations (shared array: the workers read it every step). */
    final PopulationRuntime[] populations;
    /** The simulation's projections (shared array: an entry replaced between runs is read by the next step). */
    final ProjectionRuntime[] projections;
    /** The seed of the network's random streams (a change of neuron models keeps it). */
    final long seed;
    /** Fed by range 0 at every step, or null when spike recording is off. */
    final SpikeRecorder recorder;
    /** The neurons the config's spike monitors choose ({@link #recorder} keeps their spikes), or null for every one. */
    final SpikeSelection recorded;
    /** The spikes exchanged between ranks once per interval, or null for one process. */
    final RankExchange rankExchange;
    final StepWorker[] workers;
    /** With {@link SimulationConfig#threadsUpTo()} and more than one worker: all threads or one, run by run; else null. */
    final AdaptiveThreads adaptive;
    private final StateMonitor[] monitors;
    private final SpikeFileStream spikeFile;
    /** Whether the recorder sends every spike out as it is recorded: to the spike file or a spike stream ring. */
    private final boolean recorderStreams;
    private final SpikeExchange exchange;
    /**
     * With {@link #adaptive}: one range over all of this rank's neurons, and its exchange, for the runs that
     * {@link AdaptiveThreads} gives one thread (made at the first such run, see {@link #soloFor}); else null.
     */
    private StepWorker[] solo;
    private SpikeExchange soloExchange;
    /** The ranges of the last run: {@link #workers} or {@link #solo}. */
    private StepWorker[] lastRun;
    /** The ranges that count spikes and synaptic events: {@link #workers}, then {@link #solo} once made. */
    private StepWorker[] counted;
    /** The threads of workers 1 and up, kept between runs; closed with the simulation. */
    private final StepCrew crew;
    private final RankComm comm;
    private final ArenaPool memory;
    /** Shortest synaptic delay of the network in steps (Integer.MAX_VALUE without projections). */
    private final int minDelay;
    /** Rows a range's delivery batch gathers before delivering them ({@link RuntimeAssembly#deliveryBatch}). */
    final int deliveryBatch;
    /** Synaptic events delivered by the other ranks in this simulation's runs (0 for one process). */
    private long remoteSynapticEvents;
    /** This rank's own synaptic events at the end of the last run (what the other ranks' count is added to). */
    private long localSynapticEvents;
    /** The first throwable of a worker or hook in the current run, or null (set under this object's lock). */
    private volatile Throwable stepFailure;

    /**
     * Adds the step machinery to an assembly: ranges, exchanges, threads, recorder and spike file (opened last, so
     * that nothing after it can fail and leave the file open). On failure the caller frees the assembly's pool.
     *
     * @throws IllegalStateException if the assembly was not built for the block of ids this rank steps
     */
    StepLoop(RuntimeAssembly a, RankComm comm) {
        this.populations = a.populations;
        this.projections = a.projections;
        this.monitors = a.monitors;
        this.seed = a.network.seed();
        this.memory = a.memory;
        this.comm = comm;
        minDelay = minDelaySteps(a.network);
        deliveryBatch = a.deliveryBatch; // before the ranges: they read it
        int t = threads(a.network, a.config, comm, minDelay);
        int[] boundaries = boundaries(t, a.network.neuronCount(), comm);
        if (a.splitsPopulations) {
            offPopulationStarts(boundaries, a.populations);
        }
        if (boundaries[0] != a.ownedFrom || boundaries[t] != a.ownedTo) {
            throw new IllegalStateException("rank " + comm.rank() + " of " + comm.size() + " steps ids [" + boundaries[0]
                    + ", " + boundaries[t] + ") but was assembled for [" + a.ownedFrom + ", " + a.ownedTo + ")");
        }
        exchange = new SpikeExchange(memory, boundaries);
        rankExchange = comm.size() > 1 ? new RankExchange(comm, memory) : null;
        // before the ranges: they read it
        adaptive = a.choosesThreads && t > 1 || choosesThreads(a.config, t) ? new AdaptiveThreads(t) : null;
        workers = new StepWorker[t];
        for (int k = 0; k < t; k++) {
            workers[k] = new StepWorker(this, exchange, k, boundaries[k], boundaries[k + 1], memory);
        }
        lastRun = workers;
        counted = workers;
        // before the threads start: a monitor of an unknown population or neuron throws
        recorded = SpikeSelection.of(a.config.spikeMonitors(), a.network, memory);
        crew = new StepCrew("shnn-worker-", t - 1);
        spikeFile = a.config.spikeFile() == null ? null : new SpikeFileStream(a.config.spikeFile());
        recorder = a.config.recordSpikes()
                ? new SpikeRecorder(memory, a.config.spikeStream(), a.config.streamIdle(), spikeFile) : null;
        recorderStreams = recorder != null && (spikeFile != null || a.config.spikeStream() != null);
    }

    /** The network's shortest synaptic delay in steps ({@link Integer#MAX_VALUE} without projections). */
    static int minDelaySteps(Network network) {
        int shortest = Integer.MAX_VALUE;
        for (Projection pr : network.projections()) {
            shortest = Math.min(shortest, pr.minDelaySteps());
        }
        return shortest;
    }

    /** The worker threads each rank of {@code comm} runs {@code network} on ({@link #threadsFor}). */
    static int threads(Network network, SimulationConfig config, RankComm comm) {
        return threads(network, config, comm, minDelaySteps(network));
    }

    /** As {@link #threads(Network, SimulationConfig, RankComm)}, given the network's shortest delay in steps. */
    private static int threads(Network network, SimulationConfig config, RankComm comm, int minDelay) {
        // the same on every rank: a rank steps about 1/size of the neurons
        return threadsFor(config, network.neuronCount() / comm.size(), Math.min(minDelay, MAX_STEPS_PER_PHASE));
    }

    /** Whether a simulation of {@code config} on {@code threads} threads chooses between them and one, run by run. */
    static boolean choosesThreads(SimulationConfig config, int threads) {
        return config.threadsUpTo() && threads > 1;
    }

    /**
     * The threads a simulation of {@code neurons} neurons runs on: {@link SimulationConfig#threads()}, or with
     * {@link SimulationConfig#threadsUpTo()} as many as give each thread at least
     * {@link Simulation#MIN_WORK_PER_THREAD} neuron-steps per phase (at least one). The raster does not depend on it.
     *
     * @param stepsPerPhase steps between two meetings of the threads (the network's shortest delay, at most
     *     {@value #MAX_STEPS_PER_PHASE})
     */
    static int threadsFor(SimulationConfig config, long neurons, int stepsPerPhase) {
        if (!config.threadsUpTo()) {
            return config.threads();
        }
        long work = neurons * Math.max(1, stepsPerPhase);
        return (int) Math.max(1, Math.min(config.threads(), work / Simulation.MIN_WORK_PER_THREAD));
    }

    /**
     * The first global id of each of this rank's {@code t} ranges, then the end of the last: rank r owns global
     * ranges {@code r*t .. r*t + t - 1} of {@code size*t}, consecutive id blocks ({@link RankComm}), whose union is
     * the rank's block whatever t ({@code floor(n*r*t / (size*t)) = floor(n*r / size)}).
     */
    private static int[] boundaries(int t, long n, RankComm comm) {
        int[] boundaries = new int[t + 1];
        for (int k = 0; k <= t; k++) {
            boundaries[k] = boundary(comm.rank() * t + k, comm.size() * t, n);
        }
        return boundaries;
    }

    /**
     * Moves each interior range boundary that falls on a population's first neuron 16 neurons (a line of floats)
     * further, where that stays inside the population and below the next boundary. For a warm-up copy
     * ({@link RuntimeAssembly#splitsPopulations}): its runs then deliver into ranges that start inside a population and
     * into ranges that start at one, and C2's code of the delivery has both paths when the network's run takes them
     * (without it, each first run on two threads threw that code away; bench/RESULTS.md section 67).
     */
    static void offPopulationStarts(int[] boundaries, PopulationRuntime[] populations) {
        for (int k = 1; k < boundaries.length - 1; k++) {
            for (PopulationRuntime p : populations) {
                if (boundaries[k] == p.firstId && p.count > 16 && boundaries[k] + 16 < boundaries[k + 1]) {
                    boundaries[k] += 16;
                }
            }
        }
    }

    /** Start of range k of t over n neurons: k/t of them, rounded down to 16 (a 64-byte line of floats). */
    static int boundary(int k, int t, long n) {
        if (k == t) {
            return (int) n;
        }
        long b = (n * k / t) & ~15L;
        return (int) Math.min(b, n);
    }

    /**
     * Refuses what a distributed run cannot do (on every rank alike, before any collective): a step hook that does
     * not {@linkplain StepHook#runsOnRanks() run on ranks} (it would read or write other ranks' neurons, or take
     * input that arrives at one process).
     *
     * @throws IllegalStateException naming the network and the hook
     */
    void checkDistributable(StepHook[] hooks, String networkName) {
        if (comm.size() == 1) {
            return;
        }
        for (StepHook h : hooks) {
            if (!h.runsOnRanks()) {
                throw new IllegalStateException("network '" + networkName + "': the step hook " + h.getClass().getSimpleName()
                        + " is not supported on " + comm.size() + " ranks (" + comm.describe() + "): each rank holds only"
                        + " its own neurons and the synapses onto them, and this hook does not declare that it keeps to"
                        + " them (StepHook.runsOnRanks); STDP, homeostasis, hyperedges and the spike, state and weight"
                        + " recorders do: run it in one process");
            }
        }
    }

    /**
     * Steps per phase of a run with {@code hooks}: the shortest synaptic delay (at most {@value #MAX_STEPS_PER_PHASE})
     * and at most every hook's {@link StepHook#maxStepsPerPhase()}, or 1 with one thread in one process (nothing to
     * exchange).
     */
    int stepsPerPhase(StepHook[] hooks) {
        if (workers.length == 1 && comm.size() == 1) {
            return 1;
        }
        int n = Math.min(minDelay, MAX_STEPS_PER_PHASE);
        for (StepHook h : hooks) {
            n = Math.min(n, Math.max(1, h.maxStepsPerPhase()));
        }
        return n;
    }

    /** The shortest synaptic delay of the network's description (steps): a phase never spans more. */
    int minDelaySteps() {
        return minDelay;
    }

    /**
     * Runs steps {@code t0} to {@code t0 + n - 1} (n > 0) with {@code hooks} on the ranges: one phase per interval of
     * {@link #stepsPerPhase} steps, plus one that only delivers; the helper threads claim ranges alongside the calling
     * thread, which is one of them. The clock is the caller's to move.
     *
     * @return the first throwable of a worker or hook (the ranges are then half-stepped), or null if every step ran
     */
    Throwable run(long t0, long n, StepHook[] hooks) {
        if (adaptive == null) {
            return run(workers.length, t0, n, hooks);
        }
        // A trial of a choice takes the run's first steps, the choice after it the rest (AdaptiveThreads.stepsFor):
        // the same results as the caller's runs of those steps. Not with hooks, which see a run's phases, nor ranks,
        // which meet at each run's end.
        boolean splits = hooks.length == 0 && rankExchange == null;
        for (;;) {
            int threads = adaptive.next();
            long k = splits ? adaptive.stepsFor(n) : n;
            long started = System.nanoTime();
            Throwable f = run(threads, t0, k, hooks);
            if (f != null) {
                return f;
            }
            adaptive.record(threads, k, System.nanoTime() - started);
            if (k == n) {
                return null;
            }
            syncShortTerm(); // the rest may run on other ranges
            t0 += k;
            n -= k;
        }
    }

    /** {@link #run(long, long, StepHook[])} on {@code threads} threads: all workers' ranges, or one's. */
    private Throwable run(int threads, long t0, long n, StepHook[] hooks) {
        stepFailure = null;
        StepWorker[] ranges = threads == 1 ? soloFor(hooks) : workers; // same results either way (StepWorker)
        SpikeExchange ranged = ranges == workers ? exchange : soloExchange;
        int interval = ranges == workers ? stepsPerPhase(hooks) : 1;
        ranged.configure(interval);
        for (StateMonitor m : monitors) {
            m.prepare(t0, n, memory);
        }
        if (recorder != null) {
            recorder.reserve(); // its first chunk now, not at the run's first spike (SpikeRecorder.reserve)
        }
        for (StepWorker w : ranges) {
            w.prepare(t0, n, interval, hooks);
        }
        StepPhaser.Gate gate = rankExchange == null ? null : phase -> {
            long t = t0 + (phase - 1) * interval; // the interval phase - 1 advanced; phase delivers it
            rankExchange.exchange(exchange, (int) ((phase - 1) & 1), (int) Math.min(interval, t0 + n - t));
        };
        StepPhaser phaser = new StepPhaser(ranges.length, threads, StepWorker.phases(n, interval), gate);
        lastRun = ranges;
        crew.start(threads - 1, home -> work(phaser, ranges, home));
        work(phaser, ranges, 0);
        crew.await();
        return stepFailure;
    }

    /**
     * The ranges a run on one thread steps: one range over all neurons ({@link #solo}) where that gives the
     * ranges' results, else {@link #workers}, run one after the other. Why: the ranges of a ceiling's threads,
     * stepped by one thread, cost about a fifth more per step than one range (CUBA 40k, 2 ranges: 43 against 35 us,
     * {@code bench/RESULTS.md} section 46): every range reads every spike's row and row start, and calls each
     * population's kernel. The same results: one range writes every ring cell in the order any partition does
     * (see {@link StepWorker}). Not with step hooks (they may keep per-range copies of their state, updated by
     * whichever ranges run) or ranks (the rank exchange reads {@link #exchange}). Costs, from the first such run
     * on, a second exchange: 8 bytes per neuron (two parities of one step's spikes).
     */
    private StepWorker[] soloFor(StepHook[] hooks) {
        if (adaptive == null || hooks.length > 0 || rankExchange != null) {
            return workers;
        }
        if (solo == null) {
            int[] all = {workers[0].from, workers[workers.length - 1].to};
            soloExchange = new SpikeExchange(memory, all);
            solo = new StepWorker[] {new StepWorker(this, soloExchange, 0, all[0], all[1], memory)};
            counted = java.util.Arrays.copyOf(workers, workers.length + 1);
            counted[workers.length] = solo[0];
        }
        return solo;
    }

    /** One thread's part of a run: ranges claimed through {@code phaser}, starting with range {@code home}. */
    private void work(StepPhaser phaser, StepWorker[] ranges, int home) {
        try {
            phaser.work(home, (range, phase) -> ranges[range].runPhase(phase));
        } catch (Throwable e) {
            fail(e); // before breaking: the others' "broken" exceptions must not be recorded first
            phaser.breakPhases();
        }
    }

    private void fail(Throwable e) {
        synchronized (this) {
            if (stepFailure == null) {
                stepFailure = e;
            }
        }
    }

    /**
     * After a completed distributed run (no-op in one process): the other ranks' synaptic events of the run are
     * added, every rank's state monitors get every rank's samples, and each hook gathers its own
     * ({@link StepHook#gatherRanks}), so that any rank holds, reports and saves what one process would. Collective.
     */
    void gatherRanks(StepHook[] hooks) {
        if (rankExchange == null) {
            return;
        }
        sumSynapticEvents();
        gatherSamples();
        for (StepHook h : hooks) {
            h.gatherRanks(comm);
        }
    }

    /**
     * Every rank's samples of the run (see {@link StateMonitor#lastRunSamples()}: a sum of 64-bit words, one rank's
     * non-zero per cell).
     */
    private void gatherSamples() {
        for (StateMonitor m : monitors) {
            MemorySegment s = m.lastRunSamples();
            if (s == null) {
                continue;
            }
            long words = s.byteSize() / Long.BYTES;
            for (long at = 0; at < words; at += Integer.MAX_VALUE / 2) {
                int n = (int) Math.min(Integer.MAX_VALUE / 2, words - at);
                comm.allreduceSum(s.asSlice(at * Long.BYTES, (long) n * Long.BYTES), n);
            }
        }
    }

    /** Adds the other ranks' synaptic events of the run (every rank delivers its own targets). */
    private void sumSynapticEvents() {
        long local = 0;
        for (StepWorker w : counted) {
            local += w.deliveredSynapses;
        }
        long run = local - localSynapticEvents;
        MemorySegment sum = memory.allocate(Long.BYTES, 64);
        try {
            sum.set(JAVA_LONG, 0, run);
            comm.allreduceSum(sum, 1);
            remoteSynapticEvents += sum.get(JAVA_LONG, 0) - run;
        } finally {
            memory.free(sum);
        }
        localSynapticEvents = local;
    }

    /**
     * After a completed run: every Tsodyks-Markram state copy becomes that of the first worker that delivers the
     * projection (a worker whose range holds none of the target population leaves its copy behind).
     */
    void syncShortTerm() {
        for (ProjectionRuntime pr : projections) {
            if (pr.shortTerm() != null) {
                for (StepWorker w : lastRun) {
                    if (Math.max(w.from, pr.target().firstId) < Math.min(w.to, pr.target().endId)) {
                        pr.shortTerm().syncFrom(w.id);
                        break;
                    }
                }
            }
        }
    }

    /** After a completed run: the spike file (if any) gets the run's spikes. */
    void flushSpikeFile() {
        if (spikeFile != null) {
            spikeFile.flush();
        }
    }

    /**
     * Whether a run with {@code hooks} sends spikes out of the process while it steps: to a spike file (written
     * 64 KiB at a time), a spike stream ring, or through a hook that {@linkplain StepHook#streamsOut() streams out}.
     */
    boolean streamsOut(StepHook[] hooks) {
        if (recorderStreams) {
            return true;
        }
        for (StepHook h : hooks) {
            if (h.streamsOut()) {
                return true;
            }
        }
        return false;
    }

    /** Whether spikes stream to a file (which holds one raster from step 0). */
    boolean streamsToFile() {
        return spikeFile != null;
    }

    /** Synaptic events of this simulation's runs since it was created or last {@linkplain #clearCounters cleared}. */
    long synapticEvents() {
        long s = remoteSynapticEvents;
        for (StepWorker w : counted) {
            s += w.deliveredSynapses;
        }
        return s;
    }

    /** Adds the spikes per population of this simulation's runs (since created or cleared) to {@code counts}. */
    void addSpikeCounts(long[] counts) {
        for (StepWorker w : counted) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += w.populationSpikes[i];
            }
        }
    }

    /** Spike and synaptic event counters back to 0, recorded spikes and state samples forgotten (a reset to step 0). */
    void clearCounters() {
        remoteSynapticEvents = 0;
        localSynapticEvents = 0;
        for (StepWorker w : counted) {
            java.util.Arrays.fill(w.populationSpikes, 0);
            w.deliveredSynapses = 0;
        }
        if (recorder != null) {
            recorder.clear();
        }
        for (StateMonitor m : monitors) {
            m.clear();
        }
    }

    /** The helper threads end, then the spike file is flushed, forced and closed. */
    void close() {
        crew.close();
        if (spikeFile != null) {
            spikeFile.close();
        }
    }
}
