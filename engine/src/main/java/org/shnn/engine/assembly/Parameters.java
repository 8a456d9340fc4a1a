package org.shnn.engine.assembly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shnn.engine.input.CurrentWaveform;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;
import org.shnn.engine.run.Simulation;
import org.shnn.codec.json.JsonValue;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.CurrentSourceSpec;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.ProjectionSpec;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.spec.SynapseSpec;
import org.shnn.engine.spec.Value;

/**
 * Reads and sets a population's neuron parameters between runs (PyNN's {@code Population.get} / {@code set}), by
 * PyNN name and unit, as the description states them: a number for all neurons, or an array or distribution per
 * neuron (the assembler's per-neuron models); and changes a current source's parameters ({@link #setCurrent}).
 *
 * <p>A set changes the simulation's description and rebuilds the population's models from it through the
 * {@code fromPyNN} factories ({@link Assembler#network}, which checks every value and names the population and
 * field), then swaps them in ({@link Simulation#replaceNeuronModels}): the state is kept, the next step uses the new
 * parameters, a checkpoint saves them (the description is stored) and {@link Simulation#reset()} keeps them, as
 * PyNN's reset keeps parameters. Refused, naming the field: {@code i_offset} given or replaced per neuron (it runs as
 * an injected current of its own), and {@code tau_syn_E}/{@code tau_syn_I} of a population that a Tsodyks-Markram
 * projection targets (its {@code tau_psc} was taken from them when the simulation was built). The {@code rate} of a
 * {@code SpikeSourcePoisson} alone is set as a rate change from the current step ({@link Simulation#setPoissonRates}:
 * PyNN's {@code set(rate=...)} between runs, NEST's {@code SetStatus}); its other parameters are fixed at build.
 *
 * <p>Thread-safety: controlling thread, between runs. Stateless.
 */
public final class Parameters {

    private Parameters() {
    }

    /**
     * The parameters the description gives population {@code population} (PyNN names and units; parameters it
     * leaves out have their PyNN defaults).
     *
     * @throws IllegalArgumentException if the simulation was not built from a description or has no such population
     */
    public static Map<String, Value> get(Simulation sim, String population) {
        return spec(sim).population(population).parameters();
    }

    /**
     * The value of parameter {@code name} of every neuron of population {@code population} (PyNN's
     * {@code Population.get(name)}), in PyNN's unit: the description's constant, array or distribution (drawn from
     * the same stream the assembler drew from, so equal to what the neurons run with), or PyNN's default when the
     * description leaves it out. A {@code SpikeSourcePoisson} answers {@code rate}, {@code start} and
     * {@code duration}.
     *
     * @return one value per neuron (a new array)
     * @throws SpecException naming the population and field for an unknown parameter, or an array that was lent for
     *     the build only (a host's NumPy array) and cannot be read any more
     * @throws IllegalArgumentException if the simulation was not built from a description or has no such population
     */
    public static double[] values(Simulation sim, String population, String name) {
        NetworkSpec spec = spec(sim);
        int index = spec.populationIndex("network '" + spec.name() + "'", "populations", population);
        PopulationSpec p = spec.populations().get(index);
        String field = "parameters." + name;
        Map<String, Double> defaults = switch (p.cellType()) {
            case SPIKE_SOURCE_POISSON -> Map.of("rate", 1.0, "start", 0.0, "duration", 1e10); // PyNN's defaults
            case SPIKE_SOURCE_ARRAY -> throw new SpecException(p.element(), field, "expected a parameter of numbers "
                    + "(spike_times are sequences per neuron) but found '" + name + "'");
            default -> CellModels.defaults(p.cellType());
        };
        if (!defaults.containsKey(name)) {
            throw new SpecException(p.element(), field, "expected a parameter of " + p.cellType().pynnName() + " "
                    + defaults.keySet() + " but found '" + name + "'");
        }
        double[] out = new double[p.size()];
        Value v = p.parameters().get(name);
        if (v == null) {
            java.util.Arrays.fill(out, defaults.get(name));
            return out;
        }
        int position = new ArrayList<>(p.parameters().keySet()).indexOf(name); // the assembler's stream key
        double[] given;
        try {
            given = Values.parameter(p.element(), field, v, p.size(), index, position, spec.seed());
        } catch (IllegalStateException e) {
            throw new SpecException(p.element(), field, "expected an array that can still be read, but it was lent for "
                    + "the build only (" + e.getMessage() + ")");
        }
        if (given.length == 1) {
            java.util.Arrays.fill(out, given[0]);
        } else {
            System.arraycopy(given, 0, out, 0, out.length);
        }
        return out;
    }

    /**
     * Sets parameters of population {@code population} from the next step on (see the class comment).
     *
     * @throws SpecException naming the population and field if a value does not fit (nothing changes then)
     * @throws IllegalArgumentException if the simulation was not built from a description or has no such population
     */
    public static void set(Simulation sim, String population, Map<String, Value> values) {
        NetworkSpec spec = spec(sim);
        PopulationSpec p = spec.population(population);
        if (values.isEmpty()) {
            return;
        }
        if (p.cellType() == CellType.SPIKE_SOURCE_POISSON && values.keySet().equals(java.util.Set.of("rate"))) {
            int index = spec.populationIndex(p.element(), "label", population);
            int position = p.parameters().size(); // a distribution's draws: a stream of their own
            sim.setPoissonRates(index, Values.parameter(p.element(), "parameters.rate", values.get("rate"), p.size(),
                    index, position, spec.seed()));
            return;
        }
        Change c = change(spec, population, values);
        Network now = sim.network();
        List<Population> pops = new ArrayList<>(now.populations());
        Population old = pops.get(spec.populationIndex(p.element(), "label", population));
        pops.set(old.index(), new Population(old.name(), old.index(), old.firstId(), old.count(),
                c.built().populations().get(0).model(), old.generator(), old.initialValues()));
        sim.replaceNeuronModels(new Network(now.name(), now.dt(), now.seed(), pops, now.projections(),
                now.poissonInputs(), now.currents(), c.next()));
    }

    /**
     * Changes the description's current source {@code label} from the current step on (PyNN's
     * {@code source.amplitude = x} or {@code source.set_parameters(...)} between runs, NEST's {@code SetStatus} on a
     * generator): {@code changes} is a JSON object of the source's parameters as the network file gives them, and the
     * ones it leaves out keep their last values ({@link SpecJson#changedCurrentSource}). The simulation injects the
     * changed waveform from now on ({@link Simulation#setCurrent}: saved, kept by a reset, shown by the recorded
     * current), and its description holds the source's latest parameters, from which the next change starts.
     *
     * @param source how errors name {@code changes}, e.g. {@code "shnn_sim_set_current"}
     * @throws SpecException naming {@code source} and the member if a change does not fit (nothing changes then)
     * @throws IllegalArgumentException if the simulation was not built from a description or has no such source
     */
    public static void setCurrent(Simulation sim, String label, JsonValue changes, String source) {
        Network now = sim.network();
        CurrentChange c = changeCurrent(spec(sim), now, label, changes, source);
        sim.setCurrent(c.index, c.waveform);
        sim.replaceNeuronModels(new Network(now.name(), now.dt(), now.seed(), now.populations(), now.projections(),
                now.poissonInputs(), now.currents(), c.next));
    }

    /**
     * Checks that the simulation's description has a current source {@code label} (a scheduled change's target).
     *
     * @throws IllegalArgumentException if the simulation was not built from a description or has no such source
     */
    public static void checkCurrentSource(Simulation sim, String label) {
        Assembler.currentIndex(spec(sim), sim.network(), label);
    }

    /**
     * The description after changing current source {@code label} of {@code spec} as {@link #setCurrent} would, checked
     * but not applied: a schedule's current changes are checked when it is loaded, each on top of the ones before it.
     *
     * @param now the network built from the simulation's description (for the source's index among its currents)
     * @throws SpecException naming {@code source} and the member if a change does not fit
     * @throws IllegalArgumentException if there is no such source
     */
    public static NetworkSpec checkCurrent(NetworkSpec spec, Network now, String label, JsonValue changes, String source) {
        return changeCurrent(spec, now, label, changes, source).next;
    }

    /**
     * A checked change of a current source: its index among the network's currents, the waveform from now on and the
     * description with the changed source.
     */
    private record CurrentChange(int index, CurrentWaveform waveform, NetworkSpec next) {
    }

    private static CurrentChange changeCurrent(NetworkSpec spec, Network now, String label, JsonValue changes,
            String source) {
        int index = Assembler.currentIndex(spec, now, label);
        List<CurrentSourceSpec> sources = new ArrayList<>(spec.currentSources());
        int k = index - (now.currents().size() - sources.size());
        CurrentSourceSpec changed = SpecJson.changedCurrentSource(sources.get(k), changes, source);
        sources.set(k, changed);
        NetworkSpec next = new NetworkSpec(spec.name(), spec.dt(), spec.seed(), spec.populations(), spec.projections(),
                spec.poissonDrives(), sources, spec.recorders(), spec.hyperedges());
        return new CurrentChange(index, Assembler.waveform(changed.waveform()), next);
    }

    /**
     * The description after setting {@code values} of neuron population {@code population} of {@code spec}, checked as
     * {@link #set} checks them (the population's models built from it) but not applied: a schedule's parameter changes
     * are checked so when it is loaded, each on top of the ones before it.
     *
     * @throws SpecException naming the population and field if a value does not fit
     */
    public static NetworkSpec check(NetworkSpec spec, String population, Map<String, Value> values) {
        return change(spec, population, values).next();
    }

    /** A checked change of a population's parameters: the description with it and the population built alone. */
    private record Change(NetworkSpec next, Network built) {
    }

    private static Change change(NetworkSpec spec, String population, Map<String, Value> values) {
        PopulationSpec p = spec.population(population);
        if (p.cellType().isSource()) {
            throw new SpecException(p.element(), "parameters", "expected a neuron population or the rate of a"
                    + " SpikeSourcePoisson: the generator tables of " + p.cellType().pynnName() + " are fixed when the"
                    + " simulation is built (spike times: Simulation.setSpikeTimes)");
        }
        for (Map.Entry<String, Value> e : values.entrySet()) {
            String name = e.getKey();
            Value old = p.parameters().get(name);
            if (name.equals("i_offset") && (!(e.getValue() instanceof Value.Constant)
                    || (old != null && !(old instanceof Value.Constant)))) {
                throw new SpecException(p.element(), "parameters.i_offset", "expected one number for all neurons when "
                        + "set between runs (per-neuron i_offset runs as an injected current fixed at build) but found "
                        + e.getValue().getClass().getSimpleName());
            }
            if (name.startsWith("tau_syn") && targetOfTsodyksMarkram(spec, population)) {
                throw new SpecException(p.element(), "parameters." + name, "expected no change: a TsodyksMarkramSynapse "
                        + "projection onto this population took its tau_psc from " + name + " when the simulation was built");
            }
        }
        Map<String, Value> merged = new LinkedHashMap<>(p.parameters());
        merged.putAll(values);
        PopulationSpec changed = new PopulationSpec(p.label(), p.size(), p.cellType(), merged, p.initialValues(),
                p.structure());
        List<PopulationSpec> populations = new ArrayList<>(spec.populations());
        populations.set(populations.indexOf(p), changed);
        NetworkSpec next = new NetworkSpec(spec.name(), spec.dt(), spec.seed(), populations, spec.projections(),
                spec.poissonDrives(), spec.currentSources(), spec.recorders(), spec.hyperedges());
        // Only this population's models are built (from a network of it alone, without initial values or positions):
        // the description's other arrays may have been lent for the build only (hosts' NumPy arrays).
        PopulationSpec alone = new PopulationSpec(p.label(), p.size(), p.cellType(), merged, List.of(), null);
        try {
            return new Change(next, Assembler.network(new NetworkSpec(spec.name(), spec.dt(), spec.seed(), List.of(alone),
                    List.of(), List.of(), List.of(), List.of())));
        } catch (IllegalStateException e) {
            throw new SpecException(p.element(), "parameters", "expected arrays that can still be read, but an array of "
                    + "its parameters was lent for the build only (" + e.getMessage() + ")");
        }
    }

    private static boolean targetOfTsodyksMarkram(NetworkSpec spec, String population) {
        for (ProjectionSpec pr : spec.projections()) {
            if (pr.post().equals(population) && pr.synapse() instanceof SynapseSpec.TsodyksMarkram) {
                return true;
            }
        }
        return false;
    }

    private static NetworkSpec spec(Simulation sim) {
        NetworkSpec spec = sim.network().spec();
        if (spec == null) {
            throw new IllegalArgumentException("simulation '" + sim.network().name() + "': its network was not built "
                    + "from a description, so its parameters have no PyNN names");
        }
        return spec;
    }
}
