package org.shnn.engine.run;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.input.InjectedCurrent;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;

/**
 * Persistence of a {@link Simulation}: its state as sections named by {@link StateDescriptor} ({@link #list}, what
 * {@code Checkpoint.save} writes), what a restored simulation still owes to the sections it was restored from (the
 * hooks and attached state registered before its first run restore their saved state from them, the counters it
 * carried over, a live run's schedule nothing has taken back), and the formats of the sections that are packed on
 * the heap (replaced spike times, run-time rate and current changes), which the writer here and the reader
 * ({@link RuntimeAssembly}) share.
 *
 * <p>Ownership: the listed sections are views of memory the simulation or its hooks own, valid until the simulation
 * closes, or heap segments. Thread-safety: the simulation's controlling thread, between runs.
 */
final class SavedSections {

    private final MemorySegment clock;
    /** The network as assembled (its current sources' waveforms tell which were changed at run time). */
    private final Network network;
    private final PopulationRuntime[] populations;
    private final ProjectionRuntime[] projections;
    /** The global neuron ids this process owns, [ownedFrom, ownedTo): a repartitioned hook restores them. */
    private final int ownedFrom;
    private final int ownedTo;
    /** Spikes per population emitted before this simulation was restored (0 for a fresh one). */
    private final long[] spikeCountBase;
    /** Synaptic events before this simulation was restored (0 for a fresh one). */
    private long synapticEventBase;
    /** State saved with the simulation that is not a hook ({@link #attach}). */
    private final List<SavedState> attached = new ArrayList<>();
    /** What a reset goes back to beyond the description (shared with {@link RuntimeEdits}). */
    private final ResetPoint resetPoint;
    /** The sections restored from (hooks attached before the first run restore from them), or null. */
    private Function<String, MemorySegment> restoredSections;
    /** The shards after the first of a repartitioned restore (hooks restore their blocks of neurons), or empty. */
    private List<SavedShard> restoredShards;

    /** The persistence of the simulation assembled as {@code a}, with its reset point. */
    SavedSections(RuntimeAssembly a, ResetPoint resetPoint) {
        this.clock = a.clock;
        this.network = a.network;
        this.populations = a.populations;
        this.projections = a.projections;
        this.ownedFrom = a.ownedFrom;
        this.ownedTo = a.ownedTo;
        this.spikeCountBase = a.spikeCounts;
        this.synapticEventBase = a.synapticEvents;
        this.resetPoint = resetPoint;
        this.restoredSections = a.sections;
        this.restoredShards = a.shards == null ? List.of() : a.shards.subList(1, a.shards.size());
    }

    /**
     * The state as named sections, in the order {@link Simulation#stateSections()} states: clock, populations,
     * projections, counters ({@link StateDescriptor#POPULATION_SPIKE_COUNTS},
     * {@link StateDescriptor#SYNAPTIC_EVENTS}), then the sections of
     * {@code hooks} and of the attached state, and a schedule carried over ({@link #carryOverSchedule}).
     */
    List<NamedSegment> list(long[] spikeCounts, long synapticEvents, StepHook[] hooks) {
        List<NamedSegment> out = new ArrayList<>();
        out.add(new NamedSegment(StateDescriptor.CLOCK, clock));
        for (PopulationRuntime p : populations) {
            if (p.model != null) {
                out.add(new NamedSegment(StateDescriptor.populationState(p.spec.name()), p.state.segment()));
                out.add(new NamedSegment(StateDescriptor.populationRing(p.spec.name()), p.ring.segment()));
            } else if (p.spikeTimesReplaced) {
                out.add(new NamedSegment(StateDescriptor.spikeTimes(p.spec.name()), packSpikeTimes(p.spikeTimes)));
            } else if (p.poissonRatesReplaced) {
                out.add(new NamedSegment(StateDescriptor.rateChanges(p.spec.name()), packRateChanges(p.poissonGenerator)));
            }
        }
        for (InjectedCurrent c : changedCurrents()) {
            out.add(new NamedSegment(StateDescriptor.currentChanges(c.index()), packCurrentChanges(c)));
        }
        for (ProjectionRuntime pr : projections) {
            for (Map.Entry<String, MemorySegment> e : pr.csr().parts().entrySet()) {
                out.add(new NamedSegment(StateDescriptor.csrPart(pr.spec().index(), e.getKey()), e.getValue()));
            }
            if (pr.shortTerm() != null) {
                out.add(new NamedSegment(StateDescriptor.shortTerm(pr.spec().index()), pr.shortTerm().copy(0)));
            }
        }
        out.add(new NamedSegment(StateDescriptor.POPULATION_SPIKE_COUNTS, MemorySegment.ofArray(spikeCounts)));
        out.add(new NamedSegment(StateDescriptor.SYNAPTIC_EVENTS, MemorySegment.ofArray(new long[] {synapticEvents})));
        for (StepHook h : hooks) {
            out.addAll(h.stateSections());
        }
        out.addAll(attachedSections());
        carryOverSchedule(out);
        return out;
    }

    /** The current sources changed at run time (their waveforms differ from the network's), in network order. */
    private List<InjectedCurrent> changedCurrents() {
        List<InjectedCurrent> out = new ArrayList<>();
        for (PopulationRuntime p : populations) {
            for (InjectedCurrent c : p.currents) {
                List<InjectedCurrent.Change> changes = c.changes();
                CurrentWaveform built = network.currents().get(c.index()).waveform();
                if (changes.size() > 1 || !changes.get(0).waveform().equals(built)) {
                    out.add(c);
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(InjectedCurrent::index));
        return out;
    }

    private List<NamedSegment> attachedSections() {
        List<NamedSegment> out = new ArrayList<>();
        for (SavedState a : attached) {
            out.addAll(a.stateSections());
        }
        return out;
    }

    /** Spikes per population before this simulation was restored (zeros for a fresh or reset one); a copy. */
    long[] spikeCountsBefore() {
        return spikeCountBase.clone();
    }

    /** Synaptic events before this simulation was restored (0 for a fresh or reset one). */
    long synapticEventsBefore() {
        return synapticEventBase;
    }

    /**
     * {@code hook} is registered: its state as attached is the reset point's, then, on a simulation restored and not
     * run since, it restores its saved state (and on a repartitioned restore, each block of this process's neurons
     * from the shard that holds it).
     */
    void hookAdded(StepHook hook) {
        resetPoint.hookAdded(hook);
        if (restoredSections != null) {
            hook.restoreState(restoredSections);
            for (SavedShard shard : restoredShards) {
                int from = Math.max(shard.from(), ownedFrom);
                int to = Math.min(shard.to(), ownedTo);
                if (from < to) {
                    hook.restoreNeurons(shard.sections(), from, to);
                }
            }
        }
    }

    /** Registers {@code state}, which first restores its saved state on a simulation restored and not run since. */
    void attach(SavedState state) {
        if (restoredSections != null) {
            state.restoreState(restoredSections);
        }
        attached.add(state);
    }

    /** Unregisters {@code state} (by identity); whether it was registered. */
    boolean detach(SavedState state) {
        return attached.removeIf(a -> a == state);
    }

    /**
     * A run starts: the state moves on, so hooks and state attached from now on start fresh; says, once, if the
     * checkpoint the simulation was opened from held scheduled tasks, or live input spikes, that nothing took back
     * (they are lost to this run and its checkpoints).
     *
     * @param receptors the most receptors of any population (the live inputs' sections are per receptor)
     */
    void runStarts(Network network, StepHook[] hooks, int receptors) {
        if (untakenSchedule() != null) {
            System.getLogger(Simulation.class.getName()).log(System.Logger.Level.WARNING, "simulation '"
                    + network.name() + "' runs without the scheduled tasks its checkpoint holds (section "
                    + StateDescriptor.LIVE_SCHEDULE + "): they run only under a LiveRunner (scripts/run --resume); "
                    + "this run's checkpoints will not hold them");
        }
        for (int r = 0; restoredSections != null && r < receptors; r++) {
            for (int k = 0; k < StateDescriptor.LIVE_INPUTS_PER_RECEPTOR; k++) {
                String name = StateDescriptor.liveInputHeld(r, k);
                MemorySegment held = restoredSections.apply(name);
                if (held != null && !savedBy(Arrays.asList(hooks), name)) {
                    long spikes = held.byteSize() / StateDescriptor.LIVE_INPUT_HELD_RECORD;
                    System.getLogger(Simulation.class.getName()).log(System.Logger.Level.WARNING, "simulation '"
                            + network.name() + "' runs without the " + spikes
                            + " live input spikes its checkpoint holds for later steps (section " + name + "): live"
                            + " input " + k + " on receptor " + r + ", attached before the first run, takes them back"
                            + " (scripts/run --resume with --spikes-in ring:PATH)");
                }
            }
        }
        forgetRestored();
    }

    /**
     * Whether one of {@code states} saves section {@code name} ({@link SavedState#savesSection}: a live run's schedule
     * is not written to answer): an attached state, or a hook, which restored it and saves it on. A loop, not a
     * stream: the first run after a restore asks, inside a paced run's first step.
     */
    private static boolean savedBy(Iterable<? extends SavedState> states, String name) {
        for (SavedState s : states) {
            if (s.savesSection(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Back to step 0 beyond the description ({@link Simulation#reset()}): the hooks' state and the hook-written
     * weights of {@code sim} as at t = 0 ({@link ResetPoint}), no counts carried over, nothing left to restore.
     */
    void reset(Simulation sim, StepHook[] hooks) {
        resetPoint.restore(sim, hooks);
        Arrays.fill(spikeCountBase, 0);
        synapticEventBase = 0;
        forgetRestored();
    }

    private void forgetRestored() {
        restoredSections = null;
        restoredShards = List.of();
    }

    /**
     * A simulation opened from a checkpoint whose live run's schedule nothing has taken back (no
     * {@code LiveRunner} attached, e.g. a C or Python host, or {@code Checkpoint.open} then save) and that has not run
     * since keeps that schedule in its own checkpoints, verbatim: re-saving does not drop the pending tasks.
     */
    private void carryOverSchedule(List<NamedSegment> out) {
        MemorySegment saved = untakenSchedule();
        if (saved != null) {
            out.add(new NamedSegment(StateDescriptor.LIVE_SCHEDULE, saved));
        }
    }

    /**
     * The restored schedule section if this has not run since a restore and no attached state saves one (a
     * {@code LiveRunner}, the only maker of that section, took it back); else null.
     */
    private MemorySegment untakenSchedule() {
        if (restoredSections == null || savedBy(attached, StateDescriptor.LIVE_SCHEDULE)) {
            return null;
        }
        return restoredSections.apply(StateDescriptor.LIVE_SCHEDULE);
    }

    /** A Poisson generator's rate changes as saved ({@link StateDescriptor#rateChanges}). */
    static MemorySegment packRateChanges(PoissonGenerator g) {
        double[] times = g.changeTimesMs();
        double[][] rates = g.changeRatesHz();
        int n = 0;
        for (double[] r : rates) {
            n += 2 + r.length;
        }
        double[] packed = new double[n];
        int at = 0;
        for (int k = 0; k < times.length; k++) {
            packed[at++] = times[k];
            packed[at++] = rates[k].length;
            System.arraycopy(rates[k], 0, packed, at, rates[k].length);
            at += rates[k].length;
        }
        return MemorySegment.ofArray(packed);
    }

    /**
     * {@code g} with the rate changes saved by {@link #packRateChanges} for generator population {@code p}.
     *
     * @throws IllegalArgumentException naming the section and the change that does not fit
     */
    static PoissonGenerator unpackRateChanges(MemorySegment packed, PoissonGenerator g, Population p) {
        String name = StateDescriptor.rateChanges(p.name());
        if (packed.byteSize() % Double.BYTES != 0) {
            throw new IllegalArgumentException("section '" + name + "' has " + packed.byteSize()
                    + " bytes; expected a multiple of 8 (doubles)");
        }
        double[] v = packed.toArray(JAVA_DOUBLE_UNALIGNED);
        List<Double> times = new ArrayList<>();
        List<double[]> rates = new ArrayList<>();
        for (int at = 0; at < v.length; ) {
            double m = at + 1 < v.length ? v[at + 1] : -1;
            if (!(m == 1 || m == p.count()) || at + 2 + (int) m > v.length) {
                throw new IllegalArgumentException("section '" + name + "' change " + times.size() + " at double " + at
                        + ": expected 1 or " + p.count() + " rates within the section's " + v.length + " doubles but found "
                        + m);
            }
            times.add(v[at]);
            rates.add(Arrays.copyOfRange(v, at + 2, at + 2 + (int) m));
            at += 2 + (int) m;
        }
        try {
            return g.withChanges(times.stream().mapToDouble(Double::doubleValue).toArray(), rates.toArray(new double[0][]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("section '" + name + "': " + e.getMessage(), e);
        }
    }

    /** A current source's waveforms as saved ({@link StateDescriptor#currentChanges}). */
    static MemorySegment packCurrentChanges(InjectedCurrent current) {
        List<Double> packed = new ArrayList<>();
        for (InjectedCurrent.Change c : current.changes()) {
            double[] values = switch (c.waveform()) {
                case CurrentWaveform.Dc d -> new double[] {d.amplitude(), d.start(), d.stop()};
                case CurrentWaveform.Step st -> {
                    double[] v = Arrays.copyOf(st.times(), 2 * st.times().length);
                    System.arraycopy(st.amplitudes(), 0, v, st.times().length, st.times().length);
                    yield v;
                }
                case CurrentWaveform.Ac a -> new double[] {a.amplitude(), a.offset(), a.frequency(), a.phase(),
                    a.start(), a.stop()};
                case CurrentWaveform.Noisy n -> new double[] {n.mean(), n.stdev(), n.dt(), n.start(), n.stop()};
            };
            packed.add((double) c.fromStep());
            packed.add((double) kind(c.waveform()));
            packed.add((double) values.length);
            for (double v : values) {
                packed.add(v);
            }
        }
        return MemorySegment.ofArray(packed.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The kind code of a waveform in {@link #packCurrentChanges}: 0 DC, 1 step, 2 AC, 3 noise. */
    private static int kind(CurrentWaveform w) {
        return switch (w) {
            case CurrentWaveform.Dc d -> 0;
            case CurrentWaveform.Step s -> 1;
            case CurrentWaveform.Ac a -> 2;
            case CurrentWaveform.Noisy n -> 3;
        };
    }

    /**
     * Current source {@code index} of {@code network} with the waveforms saved by {@link #packCurrentChanges}.
     *
     * @throws IllegalArgumentException naming the section, the waveform and the double that does not fit
     */
    static InjectedCurrent unpackCurrentChanges(MemorySegment packed, Network network, int index) {
        String name = StateDescriptor.currentChanges(index);
        if (packed.byteSize() % Double.BYTES != 0) {
            throw new IllegalArgumentException("section '" + name + "' has " + packed.byteSize()
                    + " bytes; expected a multiple of 8 (doubles)");
        }
        CurrentSource source = network.currents().get(index);
        double[] v = packed.toArray(JAVA_DOUBLE_UNALIGNED);
        InjectedCurrent out = null;
        long last = -1;
        for (int at = 0, k = 0; at < v.length; k++) {
            String where = "section '" + name + "' waveform " + k + " at double " + at;
            if (at + 3 > v.length) {
                throw new IllegalArgumentException(where + ": expected its first step, kind and number of values but "
                        + "found " + (v.length - at) + " doubles");
            }
            double step = v[at];
            double kind = v[at + 1];
            double m = v[at + 2];
            boolean sized = kind == 0 ? m == 3 : kind == 1 ? m >= 0 && m % 2 == 0 : kind == 2 ? m == 6
                    : kind == 3 && m == 5;
            boolean ordered = step == Math.rint(step) && step >= (k == 0 ? 0 : last + 1)
                    && step <= (k == 0 ? 0 : Simulation.MAX_STEPS);
            if (!ordered || !sized || at + 3 + m > v.length) {
                throw new IllegalArgumentException(where + ": expected a first step " + (k == 0 ? "0" : "> " + last)
                        + ", a kind (0 DC, 1 step, 2 AC, 3 noise) and its number of values (3, even, 6, 5) within the "
                        + "section's " + v.length + " doubles but found step " + step + ", kind " + kind + ", " + m
                        + " values");
            }
            double[] w = Arrays.copyOfRange(v, at + 3, at + 3 + (int) m);
            CurrentWaveform waveform;
            try {
                waveform = switch ((int) kind) {
                    case 0 -> new CurrentWaveform.Dc(w[0], w[1], w[2]);
                    case 1 -> new CurrentWaveform.Step(Arrays.copyOf(w, w.length / 2),
                            Arrays.copyOfRange(w, w.length / 2, w.length));
                    case 2 -> new CurrentWaveform.Ac(w[0], w[1], w[2], w[3], w[4], w[5]);
                    default -> new CurrentWaveform.Noisy(w[0], w[1], w[2], w[3], w[4]);
                };
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            out = out == null
                    ? new InjectedCurrent(new CurrentSource(source.population(), source.neurons(), waveform), index,
                            network.dt(), network.seed())
                    : out.changedFrom((long) step, waveform);
            last = (long) step;
            at += 3 + (int) m;
        }
        if (out == null) {
            throw new IllegalArgumentException("section '" + name + "' is empty; expected at least one waveform");
        }
        return out;
    }

    /** Replaced spike times as saved ({@link StateDescriptor#spikeTimes}): one long per spike, {@code step << 31 | neuron}. */
    static MemorySegment packSpikeTimes(SpikeTimesGenerator times) {
        long[] steps = times.steps();
        int[] neurons = times.neurons();
        long[] packed = new long[steps.length];
        for (int k = 0; k < steps.length; k++) {
            packed[k] = steps[k] << 31 | neurons[k];
        }
        return MemorySegment.ofArray(packed);
    }

    /**
     * The spike times saved by {@link #packSpikeTimes} for generator {@code p}.
     *
     * @throws IllegalArgumentException naming the section and the spike whose neuron is out of range
     */
    static SpikeTimesGenerator unpackSpikeTimes(MemorySegment packed, Population p) {
        String name = StateDescriptor.spikeTimes(p.name());
        if (packed.byteSize() % Long.BYTES != 0) {
            throw new IllegalArgumentException("section '" + name + "' has " + packed.byteSize()
                    + " bytes; expected a multiple of 8 (one long per spike)");
        }
        int n = (int) (packed.byteSize() / Long.BYTES);
        long[] steps = new long[n];
        int[] neurons = new int[n];
        for (int k = 0; k < n; k++) {
            long v = packed.getAtIndex(JAVA_LONG_UNALIGNED, k);
            steps[k] = v >>> 31;
            neurons[k] = (int) (v & Integer.MAX_VALUE);
            if (neurons[k] >= p.count()) {
                throw new IllegalArgumentException("section '" + name + "' spike " + k + ": neuron " + neurons[k]
                        + " is not below the population's " + p.count() + " neurons");
            }
        }
        return new SpikeTimesGenerator(steps, neurons);
    }
}
