package org.shnn.engine.run;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.input.SpikeGenerator;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.Projection;
import org.shnn.memory.pool.OffHeapBudget;
import org.shnn.memory.pool.OffHeapLimitException;

/**
 * Gets a step's code compiled by C2 before a run, by simulating a small scratch copy of the network: first until
 * the neuron models' vector kernels run compiled (its steps stop allocating), then for a few thousand steps more
 * that take every path of a step (delivery, recording, the phase loop, step hooks) until they run compiled too.
 *
 * <p>Why the kernels: they run thousands of times slower interpreted or in C1 (the Vector API is intrinsified by
 * C2 only; until then every vector is a heap object), and C2 compiles a method only after thousands of calls.
 * Paid inside a run, that is about 0.4 s of a 1 s, 4,000-neuron CUBA run, most of it. A scratch copy with at most
 * {@value #NEURONS} neurons per population reaches the thresholds in a fraction of that, and {@link Simulation}
 * reports the time apart from the run, as Brian2 reports its C++ compilation apart.
 *
 * <p>Why the rest of the step (the step-path phase): the scalar code around the kernels
 * ({@code StepWorker.runPhase/advance/deliver}, {@code DeliveryBatch.add/flush}, {@code SpikeRecorder.append}, the
 * models' {@code step}, {@code StepPhaser}) is called once per step or per spike, so C2 compiles it only after
 * about 5,000 steps (tiered compilation's Tier4InvocationThreshold), long after the kernels. Left to the run, it
 * runs in C1's profiling code for the run's first few hundred ms, which a paced run shows as steps behind the wall
 * clock at its start (bench/RESULTS.md sections 18 and 26). A batch run does not need it: there those first few
 * hundred ms cost no more than the phase itself, so it waits for the kernels only ({@link #run} with {@code stepPath}
 * false ends a warm-up's step-path phase early; section 41). So, for a paced run, after the kernels the copy runs at least
 * {@value #PATH_STEPS} more steps in rounds of {@value #PATH_ROUND_STEPS}, and then until its rounds stop getting
 * faster (the thread's CPU time, which load does not inflate) while the JIT is idle and C2 is not compiling: past the
 * thresholds, the rounds get faster as C2's code arrives, method by method (sections 35 and 60). The copy spikes as
 * the network does (same models, parameters, drives, in-degrees up to the copy's size), so delivery and recording run
 * with spikes, and its delivery batches are smaller ({@link #DELIVERY_BATCH}) so that they fill within a step as a
 * large network's do; every other round, three small step hooks of three classes ({@link #pathHooks}) run the hook
 * path, as a live run's pacer, stream or plasticity hooks do:
 * with three receiver types C2 compiles the hook call as a virtual call, so any hook a run brings runs compiled
 * code, where a profile with one hook class, or without hooks, would deoptimise the step loop at the first step
 * of a run with another hook, or with a hook (and rounds without hooks keep a run without any from the reverse).
 *
 * <p>When the kernels are compiled: once {@value #COMPILED_ROUNDS} rounds of {@value #STEPS_PER_ROUND} steps in a
 * row have allocated (almost) nothing on the heap. Uncompiled, the Vector API allocates every vector; C2's
 * intrinsified kernels allocate nothing; so the first non-allocating rounds mark the moment the kernels run
 * compiled. An earlier criterion, the JIT's compilation time standing still for 300 ms, waited for every last
 * method and took 2.6 s of a 3.7 s default {@code scripts/run} on an idle machine (bench/RESULTS.md section 13); C2
 * compiles the kernels sooner because {@code scripts/jvm.args} scales their compile thresholds down.
 *
 * <p>The copy ({@link #scaled}) has the same models, generators, inputs, currents, projection kinds,
 * weight and delay rules, seed and thread count, so the profile C2 compiles from has the run's receiver
 * types and branches: a profile that misses a path the run takes costs a deoptimisation and a recompilation
 * in the run. (An earlier version stepped the models alone on segments of a confined arena: the sessions'
 * class differed from the pools' shared ones, and C2's loop predicates then failed in the run over and over,
 * making a 1 s CUBA run take 3-5 s.) It lives in its own simulation with its own pool, closed on return: the
 * real simulation's state, random streams, recorder and clock are never touched.
 *
 * <p>Thread-safety: call from one thread per simulation, between its runs; simulations on different threads may
 * warm up concurrently (the set of warmed keys is concurrent; two may then both warm up).
 */
final class KernelWarmUp {

    /** Neurons per population of the scratch copy: four 64-neuron blocks (two per worker at two threads). */
    static final int NEURONS = 256;
    /**
     * Rows the copy's delivery batches gather before delivering them: fewer than a run's
     * ({@link StepWorker#DELIVERY_BATCH}), so that the copy's few spikes per step (0.3-1 for 512 neurons at 5-20 Hz
     * and 0.1 ms) fill a batch within a step now and then, as a large network's spikes do every step. C2 compiles a full batch's delivery
     * into the step only if its profile has seen one: without, the first full batch of a run (every step from about
     * 40,000 neurons) threw C2's code of the step's delivery away (bench/RESULTS.md section 60).
     */
    static final int DELIVERY_BATCH = 4;
    /** Steps per round: short, so that the warm-up ends a few steps after the kernels are compiled. */
    private static final int STEPS_PER_ROUND = 10;
    /**
     * A round that allocates fewer heap bytes than this ran C2's code of the vector kernels. Interpreted or in
     * C1, the Vector API allocates every vector: COBA's scratch copy allocated 0.7 MB per step (about 1.4 KiB
     * per neuron and step), and 808 bytes per 10 steps once C2 had compiled its kernel (the run's own
     * bookkeeping). A population of 8 vector neurons still allocates about 110 KiB per round uncompiled.
     */
    private static final long COMPILED_ROUND_BYTES = 64 * 1024;
    /** Done after this many consecutive compiled rounds (a kernel for a rarer path may compile a round later). */
    private static final int COMPILED_ROUNDS = 3;
    /**
     * Steps run when the JVM cannot count allocated bytes (not HotSpot): past tiered compilation's C2
     * thresholds for a method with loops (600 invocations, and 15,000 invocations plus loop back-edges).
     */
    private static final int UNCOUNTED_STEPS = 2_000;
    /**
     * Upper bound on the time spent, whatever the JIT does: 4 s of this process's CPU time (all its threads,
     * the JIT's included), or of wall time where the JVM does not report CPU time. CPU rather than wall: on a
     * machine shared with other work, a wall-clock bound ended the warm-up before C2 had compiled the kernels,
     * and the run then stepped interpreted vectors (a 1 s COBA run took 11 s instead of 3 at load 20).
     */
    private static final long MAX_NANOS = 4_000_000_000L;
    /**
     * Steps of the step-path phase before a round may end it: past C2's threshold for a method called once per step
     * (5,000 calls; a method with loops may go at 600 calls and 15,000 calls plus loop back-edges), with a margin for
     * the compile queue; sized by measurement (bench/RESULTS.md section 35).
     */
    static final int PATH_STEPS = 6_000;
    /** Steps per round of the step-path phase (a live run's chunks are 16 steps, then about 20 ms of steps). */
    static final int PATH_ROUND_STEPS = 250;
    /**
     * The step-path phase ends after this many steps even while its rounds still get faster. 30,000 steps ended it
     * while C2 was still compiling the step's methods in most runs on a 2-core machine (C2 works through a queue of
     * the JDK's and the build's methods too, and takes ~100 ms for {@code StepWorker.deliver} alone), and their code
     * then arrived inside the run: the first 1,000-3,000 steps ran at C1's speed (bench/RESULTS.md section 60). At
     * the cap the phase also waits for C2 to finish (at most {@code C2_WAIT_NANOS}), where its threads can be seen.
     */
    private static final int PATH_MAX_STEPS = 20 * PATH_STEPS;
    /** The step-path phase waits at most this long past its step cap for C2 to finish compiling (ns). */
    private static final long C2_WAIT_NANOS = 1_000_000_000L;
    /** How often that wait looks at C2's threads (ns). */
    private static final long C2_POLL_NANOS = 1_000_000L;
    /**
     * The step-path phase ends only after the JIT's total compilation time has stood still this long, and then
     * only while no C2 thread is compiling ({@link CompilerThreads}, where it can be seen): the total grows when a
     * compilation ends, and C2 takes tens of ms for the step loop's larger methods (~100 ms for
     * {@code StepWorker.deliver} on 2 cores, long enough for the total to stand still in the middle of it). Busy
     * (load 7), stopping when the rounds no longer got faster left most of the step path to the run: C1's profiling
     * code arrived late, and C2's thresholds count calls made in it (bench/RESULTS.md sections 35 and 60).
     */
    private static final long JIT_QUIET_NANOS = 50_000_000L;
    /** A round is "faster" if its CPU time is below this fraction of the fastest round before it. */
    private static final double FASTER = 0.9;
    /** Longs between two workers' counts in a hook's array: 128 bytes, no false sharing. */
    private static final int STRIDE = 16;

    /**
     * What this JVM has warmed up, kernels and step path: the JIT's code is shared by every simulation, so a network
     * whose model classes (and single- or multi-threaded stepping) were warmed before needs no second warm-up.
     */
    private static final Set<String> WARMED = ConcurrentHashMap.newKeySet();

    /** What this JVM has warmed up at least the kernels of (a superset of {@link #WARMED}). */
    private static final Set<String> KERNELS_WARMED = ConcurrentHashMap.newKeySet();

    /**
     * Warm-ups started by {@link #ahead}, by key ({@link #key}); a finished one stays until the next {@link #ahead}
     * of its key (joining its thread returns at once, and {@link #KERNELS_WARMED} already holds its key).
     */
    private static final ConcurrentHashMap<String, Ahead> AHEAD = new ConcurrentHashMap<>();

    /**
     * A warm-up started ahead: its thread, and whether its step-path phase is still wanted ({@link #run} with
     * {@code stepPath} false clears it, and the phase ends after its current round; volatile access through the
     * {@code AtomicBoolean}).
     */
    private record Ahead(Thread thread, AtomicBoolean stepPath) {
    }

    private KernelWarmUp() {
    }

    /**
     * Starts the warm-up of {@code network} with {@code threads} workers ({@code choosing}: a simulation that chooses,
     * run by run, between them and one, {@link AdaptiveThreads}) on a daemon thread, to run while the
     * caller builds the network or opens a checkpoint ({@link Simulation#startWarmUp}); {@link #run} then waits
     * for it instead of warming up itself. The default {@code scripts/run} builds for ~0.25 s on an idle machine:
     * the two overlap on a second core (bench/RESULTS.md section 19c). Does nothing if this JVM warmed up (or is warming up) the same
     * key, or if an off-heap limit was given (not the machine's memory, the default): the scratch copy's few MiB must
     * not take what the build needs.
     * A warm-up that fails here is dropped: {@link #run} finds the key not warmed and warms up (and fails) on the
     * caller's thread, as without this.
     */
    static void ahead(Network network, int threads, boolean choosing, boolean mapped) {
        String key = key(network, threads, choosing, mapped);
        if (WARMED.contains(key) || OffHeapBudget.global().limitGiven()) {
            return;
        }
        // A finished warm-up ahead whose step-path phase a batch run ended (kernels warmed, not the step path) is
        // replaced: kept, it made every later simulation of the same models in this JVM skip its warm-up ahead,
        // and a paced run then warmed its step path on its own thread before its first step.
        AHEAD.compute(key, (k, old) -> old != null && old.thread().isAlive() ? old
                : startAhead(network, threads, choosing, mapped, k));
    }

    /** A warm-up of {@code network} with {@code threads} workers started on a daemon thread ({@link #ahead}). */
    private static Ahead startAhead(Network network, int threads, boolean choosing, boolean mapped, String key) {
        AtomicBoolean stepPath = new AtomicBoolean(true);
        return new Ahead(Thread.ofPlatform().daemon().name("shnn-warm-up").start(() -> {
            try {
                warm(network, threads, choosing, mapped, key, stepPath::get);
            } catch (RuntimeException | Error e) {
                // dropped: run() repeats the warm-up on the caller's thread, where the failure surfaces
            }
        }), stepPath);
    }

    /**
     * Whether this JVM has warmed up {@code network}'s models and step path with {@code threads} workers, choosing
     * between them and one or not, for matrices mapped from a file or not (for tests).
     */
    static boolean warmed(Network network, int threads, boolean choosing, boolean mapped) {
        return WARMED.contains(key(network, threads, choosing, mapped));
    }

    /** As {@link #warmed}, for at least the models' kernels (for tests). */
    static boolean kernelsWarmed(Network network, int threads, boolean choosing, boolean mapped) {
        return KERNELS_WARMED.contains(key(network, threads, choosing, mapped));
    }

    /**
     * What {@link #WARMED} and {@link #AHEAD} are keyed by: the model classes and one worker, several, or several that
     * a run may leave for one ({@code choosing}: the ranges keep tables of row starts, and the runs on one thread step
     * a range of their own, so both are other code paths than a fixed count's, bench/RESULTS.md section 64), and
     * whether the simulation's matrices are mapped from a file ({@code mapped}: {@link MappedSynapses}).
     */
    private static String key(Network network, int threads, boolean choosing, boolean mapped) {
        Set<String> models = new TreeSet<>();
        for (Population p : network.populations()) {
            models.add(p.model() == null ? "generator" : p.model().getClass().getName());
        }
        return models + (threads <= 1 ? " single" : choosing ? " choosing" : " threaded") + (mapped ? " mapped" : "");
    }

    /**
     * Simulates a scaled copy of {@code network} with {@code threads} workers, unless this JVM already warmed up
     * the same model classes with as many (one, or more than one) workers; returns the seconds spent. If
     * {@link #ahead} started that warm-up on its own thread, waits for it instead: returns the seconds waited, 0
     * if it had finished.
     *
     * @param stepPath whether to warm the step path too (the step-path phase), or only the kernels. A run paced to
     *     the wall clock needs the step path compiled before its first step; a batch run does not, because the step
     *     path compiles within its first few thousand steps, as fast as on the copy, and the whole job is shorter
     *     without the phase (bench/RESULTS.md section 41). Without it, a warm-up ahead is told to end its step-path
     *     phase after the current round.
     */
    static double run(Network network, int threads, boolean choosing, boolean stepPath) {
        return run(network, threads, choosing, false, stepPath, false);
    }

    /**
     * As {@link #run(Network, int, boolean, boolean)}, for a simulation whose matrices are mapped from a file or not
     * ({@code mapped}); with {@code again}, also when this JVM warmed up the same models before.
     */
    static double run(Network network, int threads, boolean choosing, boolean mapped, boolean stepPath, boolean again) {
        String key = key(network, threads, choosing, mapped);
        Set<String> done = stepPath ? WARMED : KERNELS_WARMED;
        if (!again) {
            Ahead ahead = AHEAD.get(key);
            long start = System.nanoTime();
            boolean running = ahead != null && ahead.thread().isAlive();
            if (running) {
                if (!stepPath) {
                    ahead.stepPath().set(false);
                }
                joinUninterruptibly(ahead.thread());
            }
            if (done.contains(key)) {
                return running ? (System.nanoTime() - start) * 1e-9 : 0; // the wait for the warm-up ahead
            }
        }
        return warm(network, threads, choosing, mapped, key, () -> stepPath);
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The warm-up itself: simulates the scaled copy until its kernels run compiled, then, while {@code stepPath} says
     * so, its whole step path ({@link #warmStepPath}); returns the seconds spent.
     */
    private static double warm(Network network, int threads, boolean choosing, boolean mapped, String key,
            BooleanSupplier stepPath) {
        long start = System.nanoTime();
        boolean pathWarmed = false;
        // exactly as many workers (a ceiling would give the small copy one), choosing between them and one as the
        // simulation does: its runs on one thread and its ranges' tables are then C2's profile too
        SimulationConfig config = SimulationConfig.defaults().withThreads(threads);
        // The copy's pool charges the global off-heap budget like any simulation; under a limit that leaves no
        // room for it (a few MiB), the warm-up is skipped: it only saves time, it must not fail a run.
        try (Simulation scratch = Simulation.createScratch(scaled(network, NEURONS), config, choosing)) {
            var os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o
                    && o.getProcessCpuTime() >= 0 ? o : null;
            long budgetStart = os == null ? start : os.getProcessCpuTime();
            BooleanSupplier withinBudget =
                    () -> (os == null ? System.nanoTime() : os.getProcessCpuTime()) - budgetStart < MAX_NANOS;
            warmKernels(scratch, withinBudget);
            if (stepPath.getAsBoolean()) {
                // a network resumed from a file: every other pair of rounds on mapped matrices checked on use
                try (MappedSynapses copies = mapped ? MappedSynapses.of(scratch) : null) {
                    warmStepPath(scratch, copies, () -> withinBudget.getAsBoolean() && stepPath.getAsBoolean());
                }
                pathWarmed = stepPath.getAsBoolean(); // false if a batch run's call ended the phase early
            }
        } catch (OffHeapLimitException e) {
            return (System.nanoTime() - start) * 1e-9;
        }
        KERNELS_WARMED.add(key);
        if (pathWarmed) {
            WARMED.add(key);
        }
        return (System.nanoTime() - start) * 1e-9;
    }

    /** Runs {@code scratch} until {@value #COMPILED_ROUNDS} rounds in a row allocate (almost) nothing, within budget. */
    private static void warmKernels(Simulation scratch, BooleanSupplier withinBudget) {
        var heap = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled() ? t : null;
        int compiledRounds = 0;
        for (long steps = 0; compiledRounds < COMPILED_ROUNDS && withinBudget.getAsBoolean(); ) {
            // every thread's bytes: with several workers, the kernels run on the workers' threads
            long before = heap == null ? 0 : heap.getTotalThreadAllocatedBytes();
            scratch.runSteps(STEPS_PER_ROUND);
            steps += STEPS_PER_ROUND;
            boolean compiled = heap == null ? steps >= UNCOUNTED_STEPS
                    : heap.getTotalThreadAllocatedBytes() - before < COMPILED_ROUND_BYTES;
            compiledRounds = compiled ? compiledRounds + 1 : 0;
        }
    }

    /**
     * The JVM's total JIT compilation time so far (ms, never decreasing; {@code CompilationMXBean}), or a constant
     * -1 where the JVM does not measure it: whether the JIT is still compiling (here and in {@link AdaptiveThreads}).
     */
    static LongSupplier jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> -1;
    }

    /**
     * The step-path phase: runs {@code scratch} in rounds of {@value #PATH_ROUND_STEPS} steps, every other one with
     * the {@link #pathHooks} attached (so that C2's profile has runs with and without hooks: either kind of run would
     * deoptimise code compiled from a profile of the other), at least {@value #PATH_STEPS} steps, then until two
     * rounds in a row are no faster than {@value #FASTER} times the fastest round of their kind before them, the
     * JIT has finished nothing for {@code JIT_QUIET_NANOS} and C2 is not compiling (rounds at C1's speed while C2's
     * queue is long are not faster either), at most {@code PATH_MAX_STEPS} (then waiting for C2 to finish), within
     * budget. Rounds are timed by the calling thread's CPU time (worker 0's, which waits for the others within a
     * phase), by wall time where the JVM does not measure it. With {@code mapped}, every other pair of rounds runs on
     * its matrices (a network resumed from a file has such matrices, {@link MappedSynapses}). Leaves the hooks detached
     * and the copy's own matrices in place.
     *
     * @param mapped the copy's matrices mapped from a file, or null
     * @return the steps run and what the hooks saw ({@link PathFigures})
     */
    static PathFigures warmStepPath(Simulation scratch, MappedSynapses mapped, BooleanSupplier withinBudget) {
        var cpu = ManagementFactory.getThreadMXBean();
        boolean timed = cpu.isCurrentThreadCpuTimeSupported() && cpu.isThreadCpuTimeEnabled();
        LongSupplier jit = jitMillis();
        CompilerThreads c2 = CompilerThreads.find();
        List<StepHook> hooks = pathHooks(scratch.network(), scratch.threads());
        long[] fastest = {Long.MAX_VALUE, Long.MAX_VALUE}; // per kind of round: with hooks, without
        int notFaster = 0;
        long steps = 0;
        long compiledMillis = jit.getAsLong();
        long jitChanged = System.nanoTime();
        for (int round = 0; steps < PATH_MAX_STEPS && withinBudget.getAsBoolean(); round++) {
            int kind = round & 1;
            if (mapped != null) {
                mapped.use(scratch, (round & 2) != 0);
            }
            for (StepHook h : hooks) {
                if (kind == 0) {
                    scratch.addHook(h);
                } else {
                    scratch.removeHook(h);
                }
            }
            long before = timed ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
            scratch.runSteps(PATH_ROUND_STEPS);
            long took = (timed ? cpu.getCurrentThreadCpuTime() : System.nanoTime()) - before;
            long compiled = jit.getAsLong();
            if (compiled != compiledMillis) {
                compiledMillis = compiled;
                jitChanged = System.nanoTime();
            }
            boolean jitIdle = System.nanoTime() - jitChanged >= JIT_QUIET_NANOS;
            steps += PATH_ROUND_STEPS;
            notFaster = took < FASTER * fastest[kind] ? 0 : notFaster + 1;
            fastest[kind] = Math.min(fastest[kind], took);
            if (steps >= PATH_STEPS && notFaster >= 2 && jitIdle && !compiling(c2)) {
                break;
            }
        }
        // At the step cap, C2 may still be compiling what the rounds asked for (~100 ms for StepWorker.deliver alone,
        // behind a queue of the JDK's and the build's methods): it gets the core more rounds would take
        for (long end = System.nanoTime() + C2_WAIT_NANOS;
                compiling(c2) && System.nanoTime() < end && withinBudget.getAsBoolean(); ) {
            LockSupport.parkNanos(C2_POLL_NANOS);
        }
        for (StepHook h : hooks) {
            scratch.removeHook(h);
        }
        if (mapped != null) {
            mapped.use(scratch, false); // before the mapping goes
        }
        return new PathFigures(steps, ((CountingHook) hooks.get(0)).worker0(), ((CountingHook) hooks.get(1)).worker0(),
                ((CountingHook) hooks.get(2)).sum());
    }

    /**
     * Whether C2 is compiling now as far as {@code c2} can see; false where it cannot (null, or {@code /proc}
     * unreadable or failing mid-listing: a {@code DirectoryIteratorException}): the phase's other bounds then decide.
     */
    private static boolean compiling(CompilerThreads c2) {
        try {
            return c2 != null && c2.compiling();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * What the step-path phase ran: {@code steps}, the spikes its hooks saw on worker 0 (every worker sees every spike
     * of a step: {@code spikesCounted} by the first hook, {@code spikesRead} one by one by the second) and the
     * deliveries the third made, over all workers.
     */
    record PathFigures(long steps, long spikesCounted, long spikesRead, long hookDeliveries) {
    }

    /**
     * The step-path phase's hooks, three classes for the three kinds of hook a run brings: one that reads the step
     * and its spike count (a pacer), one that reads every spike (a live output, STDP), one that delivers input into
     * its worker's range (a live input), with weight 0 so the copy's dynamics stay the network's. Each keeps a count
     * per worker ({@link CountingHook}).
     */
    static List<StepHook> pathHooks(Network network, int workers) {
        return List.of(new SpikeCounter(workers), new SpikeReader(workers), new ZeroInput(network, workers));
    }

    /**
     * A step-path hook's count per worker, 128 bytes apart ({@link #STRIDE} longs), each written only by its worker
     * and read after the run (StepCrew.await orders it).
     */
    private abstract static class CountingHook implements StepHook {
        private final long[] counts;

        CountingHook(int workers) {
            counts = new long[workers * STRIDE];
        }

        /** Adds {@code n} to {@code c}'s worker's count (plain: that worker's slot). */
        final void add(StepContext c, long n) {
            counts[c.worker() * STRIDE] += n;
        }

        /** Worker 0's count. */
        final long worker0() {
            return counts[0];
        }

        /** The sum over workers. */
        final long sum() {
            long n = 0;
            for (int w = 0; w < counts.length; w += STRIDE) {
                n += counts[w];
            }
            return n;
        }
    }

    /** Adds up each step's spike count, per worker (see {@link #pathHooks}). */
    private static final class SpikeCounter extends CountingHook {
        SpikeCounter(int workers) {
            super(workers);
        }

        @Override
        public void afterDelivery(StepContext c) {
            add(c, c.spikeCount());
        }
    }

    /** Reads every spike of each step, one by one, per worker (see {@link #pathHooks}). */
    private static final class SpikeReader extends CountingHook {
        SpikeReader(int workers) {
            super(workers);
        }

        @Override
        public void afterDelivery(StepContext c) {
            long n = 0;
            for (int k = 0; k < c.spikeCount(); k++) {
                n += c.spike(k) >= 0 ? 1 : 0;
            }
            add(c, n);
        }
    }

    /**
     * Delivers weight 0 to the first neuron of its worker's range one step ahead, on each step with spikes, per
     * worker, where that neuron has a delay ring (see {@link #pathHooks}).
     */
    private static final class ZeroInput extends CountingHook {
        private final Network network;

        ZeroInput(Network network, int workers) {
            super(workers);
            this.network = network;
        }

        @Override
        public void afterDelivery(StepContext c) {
            if (c.spikeCount() == 0) {
                return;
            }
            for (Population p : network.populations()) {
                if (c.from() >= p.firstId() && c.from() < p.endId()) {
                    if (p.receptorCount() > 0) {
                        c.deliver(p.index(), 0, c.step() + 1, c.from() - p.firstId(), 0f);
                        add(c, 1);
                    }
                    return;
                }
            }
        }
    }

    /**
     * {@code network} with every population cut to its first {@code max} neurons. Projections keep their kind:
     * a fixed probability is raised so that the mean in-degree stays (capped at 1), fixed in- and out-degrees
     * are capped at the copy's population sizes, with multapses too (Brunel's 14,666 synapses per neuron made a copy of
     * 7.5 million synapses whose build, in code a resume has not compiled, took 0.4-0.6 s of the cold open's wait;
     * bench/RESULTS.md section 42), explicit synapses keep the pairs inside the copy.
     * Generators, current sources and Poisson inputs keep the neurons inside the copy (a current that would
     * lose all of them keeps the copy's last neuron, so its code path stays in the profile).
     */
    static Network scaled(Network network, int max) {
        List<Population> pops = new ArrayList<>();
        int[] counts = new int[network.populations().size()];
        int firstId = 0;
        for (Population p : network.populations()) {
            int n = Math.min(p.count(), max);
            counts[p.index()] = n;
            pops.add(new Population(p.name(), p.index(), firstId, n, p.model(), scaled(p.generator(), n), p.initialValues()));
            firstId += n;
        }
        List<Projection> projs = new ArrayList<>();
        for (Projection pr : network.projections()) {
            int sources = network.populations().get(pr.source()).count();
            int s = counts[pr.source()];
            int t = counts[pr.target()];
            int self = pr.source() == pr.target() && !pr.autapses() ? 1 : 0;
            Connectivity c = switch (pr.connectivity()) {
                case Connectivity.FixedProbability fp -> new Connectivity.FixedProbability(Math.min(1.0, fp.p() * sources / s));
                case Connectivity.FixedInDegree in -> new Connectivity.FixedInDegree(
                        Math.min(in.k(), in.multapses() ? s : s - self), in.multapses());
                case Connectivity.FixedOutDegree out -> new Connectivity.FixedOutDegree(
                        Math.min(out.k(), out.multapses() ? t : t - self), out.multapses());
                case Connectivity.Explicit e -> explicit(e, s, t);
                case Connectivity.OneToOne o -> o;
                case Connectivity.AllToAll a -> a;
                case Connectivity.FixedTotal f -> new Connectivity.FixedTotal(
                        Math.min((long) s * t - (long) self * s, Math.round((double) f.n() * s * t / ((double) sources
                                * network.populations().get(pr.target()).count()))), f.multapses());
                case Connectivity.DistanceProbability d -> new Connectivity.DistanceProbability(
                        Arrays.copyOf(d.sourceXyz(), 3 * s), Arrays.copyOf(d.targetXyz(), 3 * t), d.probability(),
                        d.expression());
                // a list stands in as random synapses of its density: the warm-up needs the kernels, not the list
                case Connectivity.Listed l -> new Connectivity.FixedProbability(Math.min(1.0, (double) l.synapses().size()
                        / ((double) sources * network.populations().get(pr.target()).count())));
            };
            projs.add(new Projection(pr.index(), pr.source(), pr.target(), pr.receptor(), c, pr.weight(), pr.delay(),
                    pr.autapses(), pr.shortTerm()));
        }
        List<CurrentSource> currents = new ArrayList<>();
        for (CurrentSource c : network.currents()) {
            int n = counts[c.population()];
            int[] inside = Arrays.stream(c.neurons()).filter(i -> i < n).toArray();
            currents.add(new CurrentSource(c.population(), inside.length > 0 ? inside : new int[] {n - 1}, c.waveform()));
        }
        return new Network(network.name() + "-warm-up", network.dt(), network.seed(), pops, projs, network.poissonInputs(),
                currents);
    }

    private static SpikeGenerator scaled(SpikeGenerator g, int n) {
        return switch (g) {
            case null -> null;
            case PoissonGenerator p -> p.head(n);
            case SpikeTimesGenerator st -> {
                int k = 0;
                long[] steps = new long[st.steps().length];
                int[] neurons = new int[steps.length];
                for (int j = 0; j < steps.length; j++) {
                    if (st.neurons()[j] < n) {
                        steps[k] = st.steps()[j];
                        neurons[k++] = st.neurons()[j];
                    }
                }
                yield new SpikeTimesGenerator(Arrays.copyOf(steps, k), Arrays.copyOf(neurons, k));
            }
        };
    }

    private static Connectivity explicit(Connectivity.Explicit e, int s, int t) {
        int k = 0;
        int m = e.sources().length;
        int[] src = new int[m];
        int[] tgt = new int[m];
        float[] w = e.weights() == null ? null : new float[m];
        int[] d = e.delays() == null ? null : new int[m];
        for (int j = 0; j < m; j++) {
            if (e.sources()[j] < s && e.targets()[j] < t) {
                src[k] = e.sources()[j];
                tgt[k] = e.targets()[j];
                if (w != null) {
                    w[k] = e.weights()[j];
                }
                if (d != null) {
                    d[k] = e.delays()[j];
                }
                k++;
            }
        }
        return new Connectivity.Explicit(Arrays.copyOf(src, k), Arrays.copyOf(tgt, k), w == null ? null : Arrays.copyOf(w, k),
                d == null ? null : Arrays.copyOf(d, k));
    }
}
