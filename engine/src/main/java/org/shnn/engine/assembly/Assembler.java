package org.shnn.engine.assembly;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shnn.engine.hyper.Coincidence;
import org.shnn.engine.hyper.HyperedgeProjection;
import org.shnn.engine.hyper.HypergraphBuilder;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.network.Connectivity;
import org.shnn.engine.network.DelayRule;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.NetworkBuilder;
import org.shnn.engine.network.Population;
import org.shnn.engine.network.SynapseList;
import org.shnn.engine.network.TsodyksMarkram;
import org.shnn.engine.network.WeightRule;
import org.shnn.engine.neuron.NeuronModel;
import org.shnn.engine.neuron.PiecewiseModel;
import org.shnn.engine.plasticity.HomeostasisParams;
import org.shnn.engine.plasticity.HomeostaticProjection;
import org.shnn.engine.plasticity.HomeostaticScaling;
import org.shnn.engine.plasticity.PairStdp;
import org.shnn.engine.plasticity.PlasticProjection;
import org.shnn.engine.plasticity.StdpParams;
import org.shnn.engine.plasticity.TripletParams;
import org.shnn.engine.plasticity.TripletStdp;
import org.shnn.engine.plasticity.WeightDependence;
import org.shnn.engine.plasticity.WeightMonitor;
import org.shnn.engine.random.Distributions;
import org.shnn.engine.record.SpikeMonitorSpec;
import org.shnn.engine.record.StateMonitorSpec;
import org.shnn.engine.run.RankComm;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.CurrentSourceSpec;
import org.shnn.engine.spec.HyperedgeSpec;
import org.shnn.engine.spec.Distribution;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PoissonDriveSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.ProjectionSpec;
import org.shnn.engine.spec.RecorderSpec;
import org.shnn.engine.spec.Selection;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SynapseSpec;
import org.shnn.engine.spec.Value;

/**
 * Assembles the engine's network and simulation from a description ({@link NetworkSpec}): the one way from what
 * a user wrote (Java, a network file, C, Python) to what runs.
 *
 * <h2>What maps to what</h2>
 * <ul>
 * <li>Populations: a cell type and its PyNN parameters become a {@link NeuronModel} through the params records'
 *     {@code fromPyNN} factories ({@link CellModels}); populations with equal cell type and parameters share one
 *     model instance. A parameter given as an array or a distribution collapses to one value when all neurons
 *     share it; {@code i_offset} that differs per neuron becomes a constant external current per run of equal
 *     values (a DC {@link CurrentSource}); any other parameter that differs per neuron gives a
 *     {@link PiecewiseModel}: one model per run of consecutive neurons with equal parameters.
 *     Spike sources become {@link PoissonGenerator} (per-neuron rates) and {@link SpikeTimesGenerator}.</li>
 * <li>Initial values: constants and uniform and normal draws map to the {@code InitialValue} a hand-built network
 *     uses (same random streams); arrays and the other distributions to {@code Values} and {@code Drawn}. The PyNN
 *     unit is converted to the column's (uS -&gt; nS and nA -&gt; pA: x 1000).</li>
 * <li>Connectors: {@code FixedNumberPre} is fixed in-degree, {@code FixedNumberPost} fixed out-degree,
 *     {@code allow_self_connections} the autapse flag, {@code with_replacement} multapses; fixed total,
 *     distance-dependent probability (over {@link Positions}) and explicit lists ({@link ListedSynapses}, read in
 *     place) as their own rules.</li>
 * <li>Weights: PyNN units to the engine's (uS -&gt; nS, nA -&gt; pA: x 1000; mV as is), rounded to float once;
 *     constants, per-synapse arrays (explicit lists) or draws per (projection, row, position). Delays in ms to
 *     whole steps (at least one); a drawn delay needs a bounded distribution (the rings are sized first).</li>
 * <li>Poisson drives, current sources (DC, step, AC, noisy: nA -&gt; pA), recorders (state monitors; spikes are recorded by the
 *     simulation's spike recorder; a projection's weights by a {@link WeightMonitor} attached after the synapse
 *     dynamics, {@link #weightMonitor}).</li>
 * <li>Synapse dynamics ({@link #create}): STDP as {@link PlasticProjection} with {@link PairStdp} or
 *     {@link TripletStdp}, homeostasis as {@link HomeostaticProjection}, attached in projection order; then each
 *     hyperedge group as a {@link HyperedgeProjection} (weights scaled as a projection's). A plastic
 *     projection stores its weights per synapse even when they start equal.</li>
 * </ul>
 * Tsodyks-Markram synapses become the projection's short-term plasticity ({@link TsodyksMarkram}, with
 * {@code tau_psc} the target receptor's synaptic time constant as PyNN's NEST backend sets it). Triplet STDP runs
 * with either interaction (all-to-all, nearest-spike) and either weight dependence. What the engine cannot do yet
 * (homeostasis on a Tsodyks-Markram projection) is refused with a {@link SpecException} saying so, never
 * silently dropped.
 *
 * <p>Every check runs before anything is allocated off-heap; errors name the population or projection and the
 * field. Thread-safety: stateless; the description's lent segments must not change while assembling.
 */
public final class Assembler {

    private Assembler() {
    }

    /**
     * The network described by {@code spec}; it remembers the description ({@link Network#spec()}).
     *
     * @throws SpecException naming the element and field of the first part that does not fit
     */
    public static Network network(NetworkSpec spec) {
        spec.validate();
        checkDynamics(spec);
        for (HyperedgeSpec h : spec.hyperedges()) {
            checkHyperedgeWeights(spec, h);
        }
        Build b = new Build(spec);
        for (int i = 0; i < spec.populations().size(); i++) {
            b.population(i);
        }
        for (ProjectionSpec pr : spec.projections()) {
            b.projection(pr);
        }
        for (PoissonDriveSpec d : spec.poissonDrives()) {
            b.drive(d);
        }
        for (CurrentSourceSpec c : spec.currentSources()) {
            b.current(c);
        }
        Network n = b.builder.build();
        return new Network(n.name(), n.dt(), n.seed(), n.populations(), n.projections(), n.poissonInputs(),
                n.currents(), spec);
    }

    /**
     * A simulation of {@code spec}: the network, the description's recorders added to {@code config}'s state
     * monitors, and the synapse dynamics attached as hooks in projection order.
     *
     * @throws SpecException naming the element and field of the first part that does not fit (before allocating)
     */
    public static Simulation create(NetworkSpec spec, SimulationConfig config) {
        return create(spec, config, RankComm.single());
    }

    /**
     * As {@link #create(NetworkSpec, SimulationConfig)}, as one rank of a distributed run (see
     * {@link Simulation#create(Network, SimulationConfig, RankComm)}; every rank calls it with the same description).
     */
    public static Simulation create(NetworkSpec spec, SimulationConfig config, RankComm comm) {
        Network network = network(spec);
        SimulationConfig c = withRecorders(spec, config);
        Simulation sim = Simulation.create(network, c, comm);
        try {
            attachDynamics(spec, sim);
            return sim;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /**
     * {@code config} with the state monitors of the description's recorders appended, and a spike monitor for each
     * recorder of spikes: a description with one records the spikes of the neurons its recorders of spikes select,
     * one without any records every neuron's (as the built-in networks do).
     *
     * @throws SpecException if a sampling interval is not a whole number of steps
     */
    public static SimulationConfig withRecorders(NetworkSpec spec, SimulationConfig config) {
        SimulationConfig c = config;
        for (RecorderSpec r : spec.recorders()) {
            long steps = intervalSteps(spec, r);
            if (r.ofProjection()) {
                continue; // a weight monitor, attached with the synapse dynamics
            }
            PopulationSpec p = spec.population(r.population());
            boolean whole = r.selection() instanceof Selection.All;
            // the indices once per recorder, and not at all for the spikes of a whole population
            int[] ids = whole && r.variables().equals(List.of("spikes")) ? null : r.selection().indices(p.size());
            for (String v : r.variables()) {
                if (v.equals("spikes")) {
                    c = c.withSpikeMonitor(new SpikeMonitorSpec(p.label(), whole ? null : ids));
                } else if (ids.length > 0) {
                    String column = CellModels.column(r.element(), "variables", p.cellType(), v).name();
                    c = c.withStateMonitor(new StateMonitorSpec(p.label(), column, ids, (int) steps));
                }
            }
        }
        return c;
    }

    /** The sampling interval of {@code r} in steps. @throws SpecException if it is not a whole number of steps */
    private static long intervalSteps(NetworkSpec spec, RecorderSpec r) {
        long steps = Math.round(r.interval() / spec.dt());
        if (steps < 1 || steps > Integer.MAX_VALUE || Math.abs(steps * spec.dt() - r.interval()) > 1e-9 * r.interval()) {
            throw new SpecException(r.element(), "sampling_interval", "expected a whole number of steps of dt = "
                    + spec.dt() + " ms but found " + r.interval() + " ms");
        }
        return steps;
    }

    /**
     * Where {@link #withRecorders} puts the samples of one variable of one recorder.
     *
     * @param monitor the index among the state monitors the recorders add (which follow those the config had)
     * @param toPyNN the factor from the engine's unit of the column to the variable's PyNN unit (e.g. nS to uS)
     */
    public record Recorded(int monitor, double toPyNN) {
    }

    /**
     * The state monitor and unit factor of {@code variable} of recorder {@code recorder} (0-based, in
     * {@link NetworkSpec#recorders()} order), as {@link #withRecorders} appends them.
     *
     * @throws SpecException if there is no such recorder, or it does not sample {@code variable} (or no neuron)
     */
    public static Recorded recorded(NetworkSpec spec, int recorder, String variable) {
        if (recorder < 0 || recorder >= spec.recorders().size()) {
            throw new SpecException("network '" + spec.name() + "'", "recorders", "expected recorder 0 to "
                    + (spec.recorders().size() - 1) + " but found recorder " + recorder);
        }
        if (spec.recorders().get(recorder).ofProjection()) {
            RecorderSpec r = spec.recorders().get(recorder);
            throw new SpecException(r.element(), "variables", "expected a population recorder (the weights of a "
                    + "projection recorder are read with weightMonitor) but found '" + variable + "' of a projection");
        }
        int monitor = 0;
        for (int i = 0; i <= recorder; i++) {
            RecorderSpec r = spec.recorders().get(i);
            if (r.ofProjection()) {
                continue;
            }
            PopulationSpec p = spec.population(r.population());
            if (r.selection().count(p.size()) == 0) {
                continue;
            }
            for (String v : r.variables()) {
                if (v.equals("spikes")) {
                    continue;
                }
                if (i == recorder && v.equals(variable)) {
                    return new Recorded(monitor, 1.0 / CellModels.column(r.element(), "variables", p.cellType(), v).scale());
                }
                monitor++;
            }
        }
        RecorderSpec r = spec.recorders().get(recorder);
        throw new SpecException(r.element(), "variables", "expected a sampled state variable of "
                + r.variables().stream().filter(v -> !v.equals("spikes")).toList() + " but found '" + variable + "'");
    }

    /** The engine's waveform (pA) of a description's current source (PyNN's units, nA). */
    static CurrentWaveform waveform(CurrentSourceSpec.Waveform w) {
        double pa = CurrentWaveform.PA_PER_NA;
        return switch (w) {
            case CurrentSourceSpec.Dc dc -> new CurrentWaveform.Dc(dc.amplitude() * pa, dc.start(), dc.stop());
            case CurrentSourceSpec.Step st -> {
                double[] a = st.amplitudes();
                for (int k = 0; k < a.length; k++) {
                    a[k] *= pa;
                }
                yield new CurrentWaveform.Step(st.times(), a);
            }
            case CurrentSourceSpec.Ac ac -> new CurrentWaveform.Ac(ac.amplitude() * pa, ac.offset() * pa,
                    ac.frequency(), ac.phase(), ac.start(), ac.stop());
            case CurrentSourceSpec.Noisy n -> new CurrentWaveform.Noisy(n.mean() * pa, n.stdev() * pa, n.dt(),
                    n.start(), n.stop());
        };
    }

    /**
     * The index in {@link Network#currents()} of the description's current source {@code label} in a network
     * {@link #assemble}d from {@code spec}: the description's sources come last, in description order, after the
     * DC sources of the populations' {@code i_offset}.
     *
     * @throws SpecException if the description has no current source {@code label}
     */
    public static int currentIndex(NetworkSpec spec, Network network, String label) {
        List<CurrentSourceSpec> sources = spec.currentSources();
        for (int k = 0; k < sources.size(); k++) {
            if (sources.get(k).label().equals(label)) {
                return network.currents().size() - sources.size() + k;
            }
        }
        throw new SpecException("network '" + spec.name() + "'", "current_sources", "expected one of "
                + sources.stream().map(CurrentSourceSpec::label).toList() + " but found '" + label + "'");
    }

    /**
     * The factor from the PyNN weight unit of projection {@code index} of {@code spec} (uS, nA or mV, by the
     * target cell type) to the engine's (nS, pA or mV): 1000 or 1.
     */
    public static double weightScale(NetworkSpec spec, int index) {
        ProjectionSpec pr = spec.projections().get(index);
        return CellModels.weightScale(spec.populations().get(spec.populationIndex(pr.element(), "post", pr.post()))
                .cellType());
    }

    /** A check of weights set on a projection after it was built ({@link #weightCheck}). */
    @FunctionalInterface
    public interface WeightCheck {
        /**
         * @throws SpecException naming the setter, {@code field} and the rule if {@code weight} (PyNN unit) breaks one
         */
        void check(String field, double weight);
    }

    /**
     * The check of weights set by {@code element} (a setter: a schedule's task, the C API) on projection {@code index}
     * of {@code spec}, as the description's own weights are checked: each fits a float in the engine's unit and keeps
     * PyNN's sign rule ({@code WeightSign}; not if the projection is not {@code safe}). Looked up once per setter.
     */
    public static WeightCheck weightCheck(NetworkSpec spec, int index, String element) {
        ProjectionSpec pr = spec.projections().get(index);
        double scale = weightScale(spec, index);
        WeightSign sign = pr.safe() ? new WeightSign(spec.populations().get(spec.populationIndex(pr.element(), "post",
                pr.post())).cellType(), pr.receptorIndex()) : WeightSign.NONE;
        return (field, weight) -> {
            Values.fitsFloat(element, field, "a weight", weight, scale);
            sign.check(element, field, weight);
        };
    }

    /** The number of state monitors {@link #withRecorders} appends for {@code spec}. */
    public static int recorderMonitors(NetworkSpec spec) {
        int n = 0;
        for (RecorderSpec r : spec.recorders()) {
            if (!r.ofProjection() && r.selection().count(spec.population(r.population()).size()) > 0) {
                n += (int) r.variables().stream().filter(v -> !v.equals("spikes")).count();
            }
        }
        return n;
    }

    /** Refuses synapse dynamics the engine cannot run yet, before anything else is built. */
    private static void checkDynamics(NetworkSpec spec) {
        for (ProjectionSpec pr : spec.projections()) {
            switch (pr.synapse()) {
                case SynapseSpec.Static s -> {
                }
                case SynapseSpec.TsodyksMarkram t -> {
                    if (pr.homeostasis() != null) {
                        throw new SpecException(pr.element(), "homeostasis", "expected no homeostatic scaling on a "
                                + "TsodyksMarkramSynapse projection (the engine scales static or STDP weights) but found one");
                    }
                }
                case SynapseSpec.Stdp s -> {
                }
            }
        }
    }

    /**
     * Attaches the description's synapse dynamics to {@code sim} as step hooks, in projection order (STDP, then
     * homeostasis, per projection), then its hyperedge groups in order: the one order {@link #create} and a checkpoint reopened from its stored
     * description both use, so each hook finds its saved state. Call before the first run.
     *
     * @throws IllegalArgumentException if a hook's saved state does not fit (restored simulations)
     */
    public static void attachDynamics(NetworkSpec spec, Simulation sim) {
        double dt = spec.dt();
        for (int i = 0; i < spec.projections().size(); i++) {
            ProjectionSpec pr = spec.projections().get(i);
            double scale = CellModels.weightScale(spec.population(pr.post()).cellType());
            if (pr.synapse() instanceof SynapseSpec.Stdp s) {
                double wMin = s.wMin() * scale;
                double wMax = s.wMax() * scale;
                WeightDependence dep = s.dependence() == SynapseSpec.WeightDependence.ADDITIVE
                        ? WeightDependence.ADDITIVE : WeightDependence.MULTIPLICATIVE;
                // PyNN's amplitudes are relative to w_max when additive (NEST's lambda w_max), factors of the
                // distance to the bound when multiplicative (the engine's convention too).
                double unit = dep == WeightDependence.ADDITIVE ? wMax : 1.0;
                switch (s.timing()) {
                    case SynapseSpec.SpikePair p -> PlasticProjection.attach(sim, i, new PairStdp(new StdpParams(
                            p.aPlus() * unit, p.aMinus() * unit, p.tauPlus(), p.tauMinus(), wMin, wMax, dep), dt),
                            sim.hookMemory());
                    case SynapseSpec.Triplet t -> PlasticProjection.attach(sim, i, new TripletStdp(new TripletParams(
                            t.a2Plus() * unit, t.a3Plus() * unit, t.a2Minus() * unit, t.a3Minus() * unit, t.tauPlus(),
                            t.tauMinus(), t.tauX(), t.tauY(), wMin, wMax, t.nearestSpike(), dep), dt), sim.hookMemory());
                }
            }
            if (pr.homeostasis() != null) {
                var h = pr.homeostasis();
                HomeostasisParams params = new HomeostasisParams(h.targetRate(), h.window(), h.factor(), h.minScale(),
                        h.maxScale(), h.wMin() * scale, h.wMax() * scale);
                HomeostaticProjection.attach(sim, i, new HomeostaticScaling(params, dt), sim.hookMemory());
            }
        }
        for (HyperedgeSpec h : spec.hyperedges()) {
            attachHyperedges(spec, h, sim);
        }
        for (RecorderSpec r : spec.recorders()) {
            if (r.ofProjection()) {
                attachWeightMonitor(spec, r, sim);
            }
        }
    }

    /**
     * Attaches the weight monitor of projection recorder {@code r}, after every synapse dynamics hook (so it samples
     * the weights after the step's plasticity).
     *
     * @throws SpecException naming the recorder if a synapse position lies outside the projection
     */
    private static void attachWeightMonitor(NetworkSpec spec, RecorderSpec r, Simulation sim) {
        int projection = spec.projectionIndex(r.element(), "projection", r.projection());
        long synapses = WeightMonitor.synapseCount(sim, projection); // the whole projection's, on ranks too
        if (synapses > Integer.MAX_VALUE) {
            throw new SpecException(r.element(), "synapses", "expected a projection of fewer than 2^31 synapses but '"
                    + r.projection() + "' has " + synapses);
        }
        int n = (int) synapses;
        try {
            r.selection().check(r.element(), n);
        } catch (SpecException e) { // the selection names its field "neurons..."
            throw new SpecException(r.element(), "synapses" + e.field().substring("neurons".length()), e.problem()
                    + " (positions in the list order of the " + n + " synapses of '" + r.projection() + "')");
        }
        WeightMonitor.attach(sim, projection, r.selection().indices(n), (int) intervalSteps(spec, r));
    }

    /**
     * The weight monitor of projection recorder {@code recorder} (0-based, in {@link NetworkSpec#recorders()}
     * order) of a simulation {@link #create}d from {@code spec} or reopened from a saved file: its samples
     * ({@link WeightMonitor#steps()}, {@link WeightMonitor#values()}) are in the engine's unit; multiply by
     * {@code 1 / }{@link #weightScale} for PyNN's.
     *
     * @throws SpecException if there is no such recorder or it records a population
     */
    public static WeightMonitor weightMonitor(NetworkSpec spec, Simulation sim, int recorder) {
        if (recorder < 0 || recorder >= spec.recorders().size()) {
            throw new SpecException("network '" + spec.name() + "'", "recorders", "expected recorder 0 to "
                    + (spec.recorders().size() - 1) + " but found recorder " + recorder);
        }
        RecorderSpec r = spec.recorders().get(recorder);
        if (!r.ofProjection()) {
            throw new SpecException(r.element(), "variables", "expected a projection recorder (weights) but recorder "
                    + recorder + " records a population");
        }
        int projection = spec.projectionIndex(r.element(), "projection", r.projection());
        for (WeightMonitor m : sim.hooks(WeightMonitor.class)) {
            if (m.projection() == projection) {
                return m; // the first of the projection: the description's, attached with the dynamics
            }
        }
        throw new IllegalStateException(r.element() + ": no weight monitor is attached (the simulation was not created "
                + "from this description)");
    }

    /**
     * Refuses a hyperedge weight of the wrong sign (PyNN's rule for the receptor, {@link WeightSign}) or beyond a float
     * in the engine's unit before anything is built: the hypergraph is attached after the network's synapses are.
     *
     * @throws SpecException naming the group, the edge and the weight
     */
    private static void checkHyperedgeWeights(NetworkSpec spec, HyperedgeSpec h) {
        CellType type = spec.populations().get(spec.populationIndex(h.element(), "post", h.post())).cellType();
        WeightSign sign = new WeightSign(type, h.receptorIndex());
        double scale = CellModels.weightScale(type);
        for (int k = 0; k < h.edges().size(); k++) {
            HyperedgeSpec.Edge e = h.edges().get(k);
            double[] weights = e.weights() == null ? new double[] {e.weight()} : e.weights();
            for (int j = 0; j < weights.length; j++) {
                String field = "edges[" + k + "]." + (e.weights() == null ? "weight" : "weights[" + j + "]");
                sign.check(h.element(), field, weights[j]);
                Values.fitsFloat(h.element(), field, "a weight", weights[j], scale);
            }
        }
    }

    /**
     * Builds a hyperedge group's hypergraph (weights in the engine's unit) and attaches it as a
     * {@link HyperedgeProjection}.
     *
     * @throws SpecException naming the group if the engine refuses it (e.g. a delay beyond the delay rings' depth)
     */
    private static void attachHyperedges(NetworkSpec spec, HyperedgeSpec h, Simulation sim) {
        int pre = spec.populationIndex(h.element(), "pre", h.pre());
        int post = spec.populationIndex(h.element(), "post", h.post());
        double scale = CellModels.weightScale(spec.populations().get(post).cellType());
        HypergraphBuilder b = new HypergraphBuilder(spec.populations().get(pre).size(), spec.populations().get(post).size());
        for (int k = 0; k < h.edges().size(); k++) {
            HyperedgeSpec.Edge e = h.edges().get(k);
            Coincidence rule = new Coincidence(e.minSpikes(), e.window(), e.delay(), h.receptorIndex());
            float w = (float) (e.weight() * scale); // checked by checkHyperedgeWeights
            float[] pairs = null;
            if (e.weights() != null) {
                pairs = new float[e.weights().length];
                for (int j = 0; j < pairs.length; j++) {
                    pairs[j] = (float) (e.weights()[j] * scale);
                }
            }
            switch (e.kind()) {
                case ONE_TO_MANY -> b.oneToMany(e.sources()[0], e.targets(), rule, w);
                case MANY_TO_ONE -> {
                    if (pairs != null) {
                        b.manyToOne(e.sources(), e.targets()[0], rule, pairs);
                    } else {
                        b.manyToOne(e.sources(), e.targets()[0], rule, w);
                    }
                }
                case MANY_TO_MANY -> {
                    if (pairs != null) {
                        b.manyToMany(e.sources(), e.targets(), rule, pairs);
                    } else {
                        b.manyToMany(e.sources(), e.targets(), rule, w);
                    }
                }
                case ALL_TO_ALL -> b.allToAll(e.sources(), rule, w);
            }
        }
        try {
            HyperedgeProjection.attach(sim, pre, post, b.build(sim.hookMemory(), spec.dt()), sim.hookMemory());
        } catch (IllegalArgumentException e) {
            throw new SpecException(h.element(), "edges", e.getMessage());
        }
    }

    /** One assembly: the builder, the populations made so far and their positions. */
    private static final class Build {
        final NetworkSpec spec;
        final NetworkBuilder builder;
        final List<Population> populations = new ArrayList<>();
        final Map<Integer, double[]> positions = new HashMap<>();
        final Map<ModelKey, NeuronModel> models = new HashMap<>();

        Build(NetworkSpec spec) {
            this.spec = spec;
            this.builder = new NetworkBuilder(spec.name(), spec.dt(), spec.seed());
        }

        void population(int index) {
            PopulationSpec p = spec.populations().get(index);
            if (p.cellType().isSource()) {
                populations.add(source(index, p));
                return;
            }
            Map<String, Double> scalars = new LinkedHashMap<>();
            Map<String, double[]> perNeuron = new LinkedHashMap<>();
            double[] iOffset = null;
            int position = 0;
            for (Map.Entry<String, Value> e : p.parameters().entrySet()) {
                String field = "parameters." + e.getKey();
                double[] v = Values.parameter(p.element(), field, e.getValue(), p.size(), index, position++, spec.seed());
                if (v.length == 1) {
                    scalars.put(e.getKey(), v[0]);
                } else if (e.getKey().equals("i_offset")) {
                    iOffset = v;
                    scalars.put("i_offset", 0.0);
                } else {
                    perNeuron.put(e.getKey(), v);
                    scalars.put(e.getKey(), v[0]); // placeholder; keeps the PyNN order of the keys
                }
            }
            NeuronModel model = perNeuron.isEmpty() ? model(p, scalars) : piecewise(p, scalars, perNeuron);
            Population pop = builder.population(p.label(), model, p.size());
            populations.add(pop);
            for (PopulationSpec.Initial init : p.initialValues()) {
                String field = "initial_values." + init.variable();
                if (p.cellType() == CellType.LIF_Q16) {
                    throw new SpecException(p.element(), field, "expected no initial values for LIF_Q16 (its state is "
                            + "Q16.16 fixed point) but found " + init.variable());
                }
                CellModels.Column col = CellModels.column(p.element(), field, p.cellType(), init.variable());
                builder.initialize(pop, col.name(), Values.initial(p.element(), field, init.value(), p.size(), col.scale()));
            }
            if (iOffset != null) {
                for (int i = 0; i < iOffset.length;) {
                    int j = i;
                    while (j < iOffset.length && Double.compare(iOffset[j], iOffset[i]) == 0) {
                        j++;
                    }
                    if (iOffset[i] != 0) {
                        builder.current(CurrentSource.range(pop.index(), i, j, new CurrentWaveform.Dc(
                                iOffset[i] * CurrentWaveform.PA_PER_NA, 0, Double.POSITIVE_INFINITY)));
                    }
                    i = j;
                }
            }
        }

        private NeuronModel model(PopulationSpec p, Map<String, Double> scalars) {
            return models.computeIfAbsent(new ModelKey(p.cellType(), Map.copyOf(scalars)),
                    k -> CellModels.model(p, scalars, spec.dt()));
        }

        /**
         * The model of a population whose parameters differ per neuron: one model per run of consecutive neurons
         * with equal parameters (shared with every population of the same cell type and values), as a
         * {@link PiecewiseModel}; a bad value is reported with the first neuron that has it.
         */
        private NeuronModel piecewise(PopulationSpec p, Map<String, Double> scalars, Map<String, double[]> perNeuron) {
            List<NeuronModel> distinct = new ArrayList<>();
            Map<NeuronModel, Integer> indexOf = new java.util.IdentityHashMap<>();
            List<Integer> starts = new ArrayList<>();
            List<Integer> runModels = new ArrayList<>();
            Map<String, Double> values = new LinkedHashMap<>(scalars);
            for (int i = 0; i < p.size(); i++) {
                boolean same = i > 0;
                for (Map.Entry<String, double[]> e : perNeuron.entrySet()) {
                    double v = e.getValue()[i];
                    same &= Double.compare(v, e.getValue()[i - (i > 0 ? 1 : 0)]) == 0;
                    values.put(e.getKey(), v);
                }
                if (same) {
                    continue;
                }
                NeuronModel m;
                try {
                    m = model(p, values);
                } catch (SpecException e) {
                    throw new SpecException(p.element(), e.field(), "neuron " + i + ": " + e.problem());
                }
                Integer k = indexOf.get(m);
                if (k == null) {
                    k = distinct.size();
                    distinct.add(m);
                    indexOf.put(m, k);
                }
                starts.add(i);
                runModels.add(k);
            }
            if (distinct.size() == 1) {
                return distinct.get(0);
            }
            return new PiecewiseModel(distinct.toArray(NeuronModel[]::new), starts.stream().mapToInt(Integer::intValue)
                    .toArray(), runModels.stream().mapToInt(Integer::intValue).toArray());
        }

        private Population source(int index, PopulationSpec p) {
            if (p.cellType() == CellType.SPIKE_SOURCE_POISSON) {
                return poissonSource(p, poissonParameters(index, p));
            }
            return builder.generator(p.label(), spikeTimes(p), p.size());
        }

        /** A Poisson source's parameters as given (rates PyNN's 1 Hz when absent, the others null), before they are made per neuron. */
        private record PoissonParameters(double[] rates, double[] start, double[] duration, Value.Sequences changeTimes,
                Value.Sequences changeRates) {
        }

        /**
         * Reads Poisson source {@code p}'s parameters: rate, start, duration (a value, an array or a distribution per
         * neuron) and rate_times, rate_values (arrays of numbers).
         *
         * @throws SpecException naming the parameter that is not one of these or not of its kind
         */
        private PoissonParameters poissonParameters(int index, PopulationSpec p) {
            double[] rates = new double[] {1.0}; // PyNN's defaults: 1 Hz from 0 ms for 1e10 ms
            double[] start = null;
            double[] duration = null;
            Value.Sequences changeTimes = null;
            Value.Sequences changeRates = null;
            int position = 0;
            for (Map.Entry<String, Value> e : p.parameters().entrySet()) {
                String field = "parameters." + e.getKey();
                if (e.getKey().equals("rate_times") || e.getKey().equals("rate_values")) {
                    if (!(e.getValue() instanceof Value.Sequences s)) {
                        throw new SpecException(p.element(), field, "expected an array of numbers (for every "
                                + "neuron; rate_values also one array per neuron) but found a " + kind(e.getValue()));
                    }
                    position++;
                    if (e.getKey().equals("rate_times")) {
                        changeTimes = s;
                    } else {
                        changeRates = s;
                    }
                    continue;
                }
                double[] v = Values.parameter(p.element(), field, e.getValue(), p.size(), index, position++,
                        spec.seed());
                switch (e.getKey()) {
                    case "rate" -> rates = v;
                    case "start" -> start = v;
                    case "duration" -> duration = v;
                    default -> throw new SpecException(p.element(), field, "expected one of rate, start, duration, "
                            + "rate_times, rate_values but found '" + e.getKey() + "'");
                }
            }
            return new PoissonParameters(rates, start, duration, changeTimes, changeRates);
        }

        /**
         * Poisson source {@code p} of parameters {@code q}: rates per neuron in [0, 1/dt], its window and rate changes.
         *
         * @throws SpecException naming the parameter that does not fit
         */
        private Population poissonSource(PopulationSpec p, PoissonParameters q) {
            double[] perNeuron = perNeuron(q.rates(), p.size());
            for (int i = 0; i < perNeuron.length; i++) {
                if (!(perNeuron[i] >= 0) || perNeuron[i] * spec.dt() * 1e-3 > 1) {
                    throw new SpecException(p.element(), "parameters.rate", "expected rates in [0, 1/dt = "
                            + 1e3 / spec.dt() + "] Hz but found " + perNeuron[i] + " Hz for neuron " + i);
                }
            }
            if (q.start() == null && q.duration() == null && q.changeTimes() == null && q.changeRates() == null) {
                return builder.generator(p.label(), new PoissonGenerator(perNeuron), p.size());
            }
            double[] from = q.start() == null ? new double[p.size()] : perNeuron(q.start(), p.size());
            double[] length = q.duration() == null ? filled(p.size(), Double.POSITIVE_INFINITY)
                    : perNeuron(q.duration(), p.size());
            double[] times = new double[0];
            double[][] changes = new double[0][];
            if (q.changeTimes() != null || q.changeRates() != null) {
                times = rateTimes(p, q.changeTimes(), q.changeRates());
                changes = rateChanges(p, times.length, q.changeRates());
            }
            try {
                return builder.generator(p.label(), new PoissonGenerator(perNeuron, from, length, times, changes), p.size());
            } catch (IllegalArgumentException e) {
                throw new SpecException(p.element(), "parameters", e.getMessage());
            }
        }

        /** The times (ms) of a Poisson source's rate changes: one sequence, given together with rate_values. */
        private static double[] rateTimes(PopulationSpec p, Value.Sequences times, Value.Sequences rates) {
            if (times == null || rates == null) {
                throw new SpecException(p.element(), "parameters." + (times == null ? "rate_times" : "rate_values"),
                        "expected rate_times and rate_values together (NEST's inhomogeneous_poisson_generator) but found "
                                + (times == null ? "rate_values" : "rate_times") + " alone");
            }
            if (times.count() != 1) {
                throw new SpecException(p.element(), "parameters.rate_times", "expected one sequence of times (ms) for "
                        + "every neuron but found " + times.count());
            }
            return times.get(0);
        }

        /**
         * Per change, the rates (Hz) from then on: one for every neuron (one sequence of rate_values) or one per
         * neuron (one sequence each); a rate beyond 1/dt is refused as the base rate is.
         */
        private double[][] rateChanges(PopulationSpec p, int changes, Value.Sequences rates) {
            int n = rates.count();
            double[][] out = new double[changes][n];
            for (int i = 0; i < n; i++) {
                double[] r = rates.get(i);
                if (r.length != changes) {
                    throw new SpecException(p.element(), "parameters.rate_values[" + i + "]", "expected " + changes
                            + " rates (one per rate_times entry) but found " + r.length);
                }
                for (int k = 0; k < changes; k++) {
                    if (!(r[k] >= 0) || r[k] * spec.dt() * 1e-3 > 1) {
                        throw new SpecException(p.element(), "parameters.rate_values[" + i + "][" + k + "]", "expected a "
                                + "rate in [0, 1/dt = " + 1e3 / spec.dt() + "] Hz but found " + r[k] + " Hz");
                    }
                    out[k][i] = r[k];
                }
            }
            return out;
        }

        private static String kind(Value v) {
            return switch (v) {
                case Value.Constant c -> "number";
                case Value.Array a -> "array";
                case Value.Random r -> "distribution";
                case Value.Sequences s -> "sequences";
            };
        }

        private SpikeTimesGenerator spikeTimes(PopulationSpec p) {
            List<Double> times = new ArrayList<>();
            List<Integer> neurons = new ArrayList<>();
            for (Map.Entry<String, Value> e : p.parameters().entrySet()) {
                String field = "parameters." + e.getKey();
                if (!e.getKey().equals("spike_times")) {
                    throw new SpecException(p.element(), field, "expected spike_times but found '" + e.getKey() + "'");
                }
                if (!(e.getValue() instanceof Value.Sequences s)) {
                    throw new SpecException(p.element(), field, "expected sequences of spike times (ms) but found "
                            + e.getValue().getClass().getSimpleName());
                }
                for (int i = 0; i < p.size(); i++) {
                    double[] t = s.get(s.count() == 1 ? 0 : i);
                    for (int k = 0; k < t.length; k++) {
                        if (!(t[k] >= 0) || Double.isInfinite(t[k])) {
                            throw new SpecException(p.element(), field + "[" + i + "][" + k + "]",
                                    "expected a finite time >= 0 ms but found " + t[k]);
                        }
                        times.add(t[k]);
                        neurons.add(i);
                    }
                }
            }
            return SpikeTimesGenerator.ofMillis(times.stream().mapToDouble(Double::doubleValue).toArray(),
                    neurons.stream().mapToInt(Integer::intValue).toArray(), spec.dt());
        }

        void projection(ProjectionSpec pr) {
            int preIndex = spec.populationIndex(pr.element(), "pre", pr.pre());
            int postIndex = spec.populationIndex(pr.element(), "post", pr.post());
            PopulationSpec pre = spec.populations().get(preIndex);
            PopulationSpec post = spec.populations().get(postIndex);
            double scale = CellModels.weightScale(post.cellType());
            boolean plastic = pr.synapse() instanceof SynapseSpec.Stdp || pr.homeostasis() != null;
            Connector connector = withListArrays(pr);
            WeightSign sign = pr.safe() ? new WeightSign(post.cellType(), pr.receptorIndex()) : WeightSign.NONE;
            Connectivity c = Connectors.connectivity(pr.element(), connector, pre, post, spec.dt(), scale, sign,
                    () -> positions(preIndex), () -> positions(postIndex));
            WeightRule w = weight(pr, scale, plastic, connector, sign);
            DelayRule d = delay(pr, connector);
            boolean autapses = Connectors.autapses(connector);
            try {
                Population target = populations.get(postIndex);
                org.shnn.engine.network.Projection made = builder.connect(populations.get(preIndex), target,
                        pr.receptorIndex(), c, w, d, autapses);
                if (pr.synapse() instanceof SynapseSpec.TsodyksMarkram tm) {
                    // tau_psc = the target receptor's synaptic time constant, as PyNN's NEST backend sets it
                    double tauPsc;
                    try {
                        tauPsc = tauPsc(target.model(), pr.receptorIndex(), c);
                    } catch (IllegalArgumentException e) {
                        throw new SpecException(pr.element(), "synapse", e.getMessage());
                    }
                    builder.shortTerm(made, new TsodyksMarkram(tm.u(), tm.tauRec(), tm.tauFacil(), tauPsc));
                }
            } catch (SpecException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new SpecException(pr.element(), "connector", e.getMessage());
            }
        }

        /**
         * The time constant of receptor {@code receptor} over the neurons a Tsodyks-Markram projection reaches (its
         * tau_psc, one per projection): a listed projection onto a population whose neurons have different values
         * takes the value its own targets share (PyNN's backend splits such a projection by the targets' value).
         *
         * @throws IllegalArgumentException naming both values if the targets differ
         */
        private static double tauPsc(NeuronModel model, int receptor, Connectivity c) {
            if (!(model instanceof PiecewiseModel piecewise && c instanceof Connectivity.Listed listed)) {
                return model.tauSyn(receptor);
            }
            double tau = Double.NaN;
            try (SynapseList.Reader r = listed.synapses().open()) {
                for (long k = 0, n = listed.synapses().size(); k < n; k++) {
                    double t = piecewise.modelOf(r.target(k)).tauSyn(receptor);
                    if (Double.isNaN(tau)) {
                        tau = t;
                    } else if (Double.compare(t, tau) != 0) {
                        throw new IllegalArgumentException("the synaptic time constant of receptor " + receptor
                                + " differs between the projection's targets (" + tau + " and " + t + " ms); "
                                + "short-term plasticity needs one per projection");
                    }
                }
            }
            return Double.isNaN(tau) ? piecewise.modelOf(0).tauSyn(receptor) : tau; // no synapse: any value
        }

        private double[] positions(int index) {
            return positions.computeIfAbsent(index, i -> Positions.of(spec.populations().get(i), i, spec.seed(),
                    ArrayReader.INSTANCE));
        }

        /** A list connector takes array weights and delays of the projection as its own. */
        private static Connector withListArrays(ProjectionSpec pr) {
            if (pr.connector() instanceof Connector.FromList l) {
                var weights = l.weights() == null && pr.weight() instanceof Value.Array(var a) ? a : l.weights();
                var delays = l.delays() == null && pr.delay() instanceof Value.Array(var a) ? a : l.delays();
                return new Connector.FromList(l.pre(), l.post(), weights, delays);
            }
            return pr.connector();
        }

        private static WeightRule weight(ProjectionSpec pr, double scale, boolean plastic, Connector connector,
                WeightSign sign) {
            return switch (pr.weight()) {
                case Value.Constant c -> {
                    sign.check(pr.element(), "weight", c.value());
                    float f = Values.fitsFloat(pr.element(), "weight", "a weight", c.value(), scale);
                    // a plastic projection needs its weights per synapse: the one-point uniform draws the constant
                    yield plastic ? new WeightRule.Drawn(new Distribution.Uniform(c.value(), c.value()), scale)
                            : new WeightRule.Constant(f);
                }
                case Value.Random r -> {
                    Values.checkDrawable(pr.element(), "weight", r.distribution());
                    sign.check(pr.element(), "weight", r.distribution());
                    Values.checkFitsFloat(pr.element(), "weight", r.distribution(), scale);
                    yield new WeightRule.Drawn(r.distribution(), scale);
                }
                case Value.Array a -> {
                    if (!(connector instanceof Connector.FromList)) {
                        throw new SpecException(pr.element(), "weight", "expected a constant or a distribution (an array "
                                + "of weights needs a FromListConnector) but found an array");
                    }
                    yield new WeightRule.Constant(0f); // every synapse has its own weight from the list
                }
                case Value.Sequences s -> throw new SpecException(pr.element(), "weight",
                        "expected a constant, an array or a distribution but found sequences");
            };
        }

        private DelayRule delay(ProjectionSpec pr, Connector connector) {
            double dt = spec.dt();
            return switch (pr.delay()) {
                case Value.Constant c -> {
                    try {
                        yield DelayRule.constantMs(c.value(), dt);
                    } catch (IllegalArgumentException e) {
                        throw new SpecException(pr.element(), "delay", e.getMessage());
                    }
                }
                case Value.Random r -> {
                    Distribution d = r.distribution();
                    Values.checkDrawable(pr.element(), "delay", d);
                    double hi = Distributions.highest(d);
                    if (!Double.isFinite(hi) || Math.round(hi / dt) > Short.MAX_VALUE) {
                        throw new SpecException(pr.element(), "delay", "expected a delay distribution that draws at "
                                + "most " + DelayRule.longestMs(dt) + " ms (the delay rings are sized before the synapses "
                                + "are drawn) but found " + d + ", which draws up to " + hi + " ms");
                    }
                    double lo = Distributions.lowest(d);
                    if (!(lo >= dt)) { // as a constant delay: none shorter than a step, none rounded up silently
                        throw new SpecException(pr.element(), "delay", "expected delays >= dt = " + dt + " ms but found "
                                + d + ", which draws down to " + lo + " ms (normal_clipped with low " + dt
                                + " redraws the shorter ones)");
                    }
                    yield new DelayRule.Drawn(d, dt);
                }
                case Value.Array a -> {
                    if (!(connector instanceof Connector.FromList)) {
                        throw new SpecException(pr.element(), "delay", "expected a constant or a distribution (an array "
                                + "of delays needs a FromListConnector) but found an array");
                    }
                    yield DelayRule.constant(1); // every synapse has its own delay from the list
                }
                case Value.Sequences s -> throw new SpecException(pr.element(), "delay",
                        "expected a constant, an array or a distribution but found sequences");
            };
        }

        void drive(PoissonDriveSpec d) {
            int index = spec.populationIndex("Poisson drive of population '" + d.population() + "'", "population",
                    d.population());
            CellType type = spec.populations().get(index).cellType();
            int receptor = CellType.receptorIndex("Poisson drive", d.receptor());
            new WeightSign(type, receptor).check("Poisson drive of population '" + d.population() + "'", "weight",
                    d.weight());
            builder.poissonInput(populations.get(index), receptor, d.sources(), d.rate(),
                    d.weight() * CellModels.weightScale(type));
        }

        void current(CurrentSourceSpec c) {
            int index = spec.populationIndex(c.element(), "population", c.population());
            CurrentWaveform w = waveform(c.waveform());
            int size = spec.populations().get(index).size();
            builder.current(new CurrentSource(index, c.neurons().indices(size), w));
        }

        private static double[] perNeuron(double[] v, int size) {
            return v.length == size ? v : filled(size, v[0]);
        }
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Populations with equal cell type and scalar parameters share one model. */
    private record ModelKey(CellType cellType, Map<String, Double> parameters) {
    }
}
