package org.shnn.engine.network;

import java.util.ArrayList;
import java.util.List;
import org.shnn.engine.input.PoissonInput;
import org.shnn.engine.input.SpikeGenerator;
import org.shnn.engine.input.SpikeTimesGenerator;
import org.shnn.engine.input.CurrentSource;
import org.shnn.engine.input.PoissonGenerator;
import org.shnn.engine.neuron.NeuronModel;

/**
 * Builds a {@link Network}: add populations (a model and a count, or a spike generator), then
 * projections between them, inputs, and initial values. Validates every argument when it is added
 * (names, indices, receptor ranges, dt agreement), so {@link #build()} cannot fail on a bad reference.
 *
 * <p>The engine-level layer under the description: {@code org.shnn.engine.assembly.Assembler} turns a
 * {@code NetworkSpec} (PyNN cell types and parameters, connectors, synapse dynamics) into the engine objects this
 * builder takes (models, {@link Connectivity}, {@link WeightRule}, {@link DelayRule}, generators) and builds
 * with it. It is not a writer of descriptions: what it takes (any {@code NeuronModel} or {@link Connectivity}
 * implementation, e.g. a test's probe model) has no description in general, and a builder that wrote one for the
 * assembler to read back would make the two depend on each other. A network built here directly has no
 * description ({@link Network#spec()} is null) and a checkpoint of it must be opened with it; write a
 * {@code NetworkSpec} instead to get a network that every host can build and every saved file reopens alone
 * (the built-in networks are descriptions: {@code BuiltinNetworks}).
 *
 * <p>Not thread-safe; use from one thread.
 */
public final class NetworkBuilder {

    private final String name;
    private final double dt;
    private final long seed;
    private final List<Population> populations = new ArrayList<>();
    private final List<Projection> projections = new ArrayList<>();
    private final List<PoissonInput> poissonInputs = new ArrayList<>();
    private final List<CurrentSource> currents = new ArrayList<>();
    private long nextId;

    /**
     * @param name network name
     * @param dt time step (ms), > 0
     * @param seed seed of every random choice
     * @throws IllegalArgumentException if dt is not positive and finite
     */
    public NetworkBuilder(String name, double dt, long seed) {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("dt " + dt + " ms must be finite and > 0");
        }
        this.name = name;
        this.dt = dt;
        this.seed = seed;
    }

    /**
     * Adds {@code count} neurons of {@code model}.
     *
     * @return the population (its index is what projections and inputs refer to)
     * @throws IllegalArgumentException on a duplicate name, count &lt; 1, a model dt other than the network's,
     *     or more than 2^31 - 2 neurons in total
     */
    public Population population(String popName, NeuronModel model, int count) {
        if (Math.abs(model.dt() - dt) > 1e-12 * dt) {
            throw new IllegalArgumentException("population '" + popName + "': model " + model.name() + " has dt "
                    + model.dt() + " ms but the network's dt is " + dt + " ms");
        }
        return add(popName, model, null, count);
    }

    /**
     * Adds a spike generator population of {@code count} neurons.
     *
     * @throws IllegalArgumentException if the generator's size does not match {@code count}
     */
    public Population generator(String popName, SpikeGenerator generator, int count) {
        switch (generator) {
            case PoissonGenerator p -> {
                if (p.ratesHz().length != count) {
                    throw new IllegalArgumentException("generator '" + popName + "': " + p.ratesHz().length
                            + " rates for " + count + " neurons");
                }
                double r = p.maxRateHz();
                if (r * dt * 1e-3 > 1) {
                    throw new IllegalArgumentException("generator '" + popName + "': rate " + r + " Hz exceeds 1/dt = "
                            + 1e3 / dt + " Hz");
                }
            }
            case SpikeTimesGenerator s -> {
                if (s.maxNeuron() >= count) {
                    throw new IllegalArgumentException("generator '" + popName + "': spike of neuron " + s.maxNeuron()
                            + " but the population has " + count + " neurons");
                }
            }
        }
        return add(popName, null, generator, count);
    }

    private Population add(String popName, NeuronModel model, SpikeGenerator generator, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("population '" + popName + "': count " + count + " must be >= 1");
        }
        for (Population p : populations) {
            if (p.name().equals(popName)) {
                throw new IllegalArgumentException("population name '" + popName + "' is already used");
            }
        }
        if (nextId + count > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("population '" + popName + "' of " + count + " neurons would bring the total to "
                    + (nextId + count) + ", above the limit " + (Integer.MAX_VALUE - 1));
        }
        Population p = new Population(popName, populations.size(), (int) nextId, count, model, generator, List.of());
        populations.add(p);
        nextId += count;
        return p;
    }

    /**
     * Sets the initial value of a state column (double, model unit) of a model population; later
     * calls for the same column are applied after earlier ones.
     *
     * @throws IllegalArgumentException for a generator population
     */
    public NetworkBuilder initialize(Population population, String column, InitialValue value) {
        Population p = check(population);
        if (p.isGenerator()) {
            throw new IllegalArgumentException("population '" + p.name() + "' is a generator and has no state column '"
                    + column + "'");
        }
        if (value instanceof InitialValue.Values v && v.count() != p.count()) {
            throw new IllegalArgumentException("population '" + p.name() + "': " + v.count() + " initial values of '"
                    + column + "' for " + p.count() + " neurons");
        }
        List<Population.ColumnInit> inits = new ArrayList<>(p.initialValues());
        inits.add(new Population.ColumnInit(column, value));
        populations.set(p.index(), new Population(p.name(), p.index(), p.firstId(), p.count(), p.model(), p.generator(), inits));
        return this;
    }

    /** Adds a projection that allows autapses; see {@link #connect(Population, Population, int, Connectivity, WeightRule, DelayRule, boolean)}. */
    public Projection connect(Population source, Population target, int receptor, Connectivity connectivity,
            WeightRule weight, DelayRule delay) {
        return connect(source, target, receptor, connectivity, weight, delay, true);
    }

    /**
     * Adds a projection from {@code source} to {@code target} onto {@code receptor}.
     *
     * @throws IllegalArgumentException if the target is a generator, the receptor is out of range,
     *     a rule does not fit the population sizes (one-to-one sizes, degrees above the population,
     *     explicit indices out of range)
     */
    public Projection connect(Population source, Population target, int receptor, Connectivity connectivity,
            WeightRule weight, DelayRule delay, boolean autapses) {
        Population s = check(source);
        Population t = check(target);
        if (t.isGenerator()) {
            throw new IllegalArgumentException("projection target '" + t.name() + "' is a generator and cannot receive synapses");
        }
        if (receptor < 0 || receptor >= t.receptorCount()) {
            throw new IllegalArgumentException("receptor " + receptor + " is out of range [0, " + t.receptorCount()
                    + ") of model " + t.model().name() + " of population '" + t.name() + "'");
        }
        checkRuleFits(s, t, connectivity);
        Projection p = new Projection(projections.size(), s.index(), t.index(), receptor, connectivity, weight, delay, autapses);
        projections.add(p);
        return p;
    }

    /**
     * Refuses a rule that does not fit the sizes of {@code s} and {@code t}: one-to-one sizes, degrees or a total
     * above what the populations allow without multapses, explicit indices out of range, positions of a
     * distance-dependent rule that are not one per neuron.
     */
    private static void checkRuleFits(Population s, Population t, Connectivity connectivity) {
        switch (connectivity) {
            case Connectivity.OneToOne o -> {
                if (s.count() != t.count()) {
                    throw new IllegalArgumentException("one-to-one needs equal sizes; '" + s.name() + "' has " + s.count()
                            + ", '" + t.name() + "' has " + t.count());
                }
            }
            case Connectivity.FixedInDegree f -> {
                if (!f.multapses() && f.k() > s.count()) {
                    throw new IllegalArgumentException("in-degree " + f.k() + " without multapses exceeds the " + s.count()
                            + " sources of '" + s.name() + "'");
                }
            }
            case Connectivity.FixedOutDegree f -> {
                if (!f.multapses() && f.k() > t.count()) {
                    throw new IllegalArgumentException("out-degree " + f.k() + " without multapses exceeds the " + t.count()
                            + " targets of '" + t.name() + "'");
                }
            }
            case Connectivity.Explicit e -> {
                for (int k = 0; k < e.sources().length; k++) {
                    if (e.sources()[k] < 0 || e.sources()[k] >= s.count() || e.targets()[k] < 0 || e.targets()[k] >= t.count()) {
                        throw new IllegalArgumentException("explicit synapse " + k + " (" + e.sources()[k] + " -> "
                                + e.targets()[k] + ") is outside [0, " + s.count() + ") x [0, " + t.count() + ")");
                    }
                }
            }
            case Connectivity.FixedTotal f -> {
                if (!f.multapses() && f.n() > (long) s.count() * t.count()) {
                    throw new IllegalArgumentException("fixed total " + f.n() + " without multapses exceeds the "
                            + (long) s.count() * t.count() + " pairs of '" + s.name() + "' x '" + t.name() + "'");
                }
            }
            case Connectivity.DistanceProbability d -> {
                if (d.sourceXyz().length != 3L * s.count() || d.targetXyz().length != 3L * t.count()) {
                    throw new IllegalArgumentException("distance-dependent rule: " + d.sourceXyz().length / 3
                            + " source and " + d.targetXyz().length / 3 + " target positions for " + s.count() + " and "
                            + t.count() + " neurons");
                }
            }
            case Connectivity.Listed l -> {
            }
            case Connectivity.FixedProbability f -> {
            }
            case Connectivity.AllToAll a -> {
            }
        }
    }

    /**
     * Adds synapse-free Poisson drive; see {@link PoissonInput}.
     *
     * @throws IllegalArgumentException if the target is a generator or the receptor is out of range
     */
    public NetworkBuilder poissonInput(Population target, int receptor, int sources, double rateHz, double weight) {
        Population t = check(target);
        if (t.isGenerator() || receptor < 0 || receptor >= t.receptorCount()) {
            throw new IllegalArgumentException("Poisson input to '" + t.name() + "' receptor " + receptor
                    + ": the target must be a model population and the receptor in [0, " + t.receptorCount() + ")");
        }
        poissonInputs.add(new PoissonInput(t.index(), receptor, sources, rateHz, (float) weight));
        return this;
    }

    /**
     * Gives the synapses of {@code projection} (returned by {@code connect} on this builder) Tsodyks-Markram
     * short-term plasticity.
     *
     * @return the projection as it is now
     * @throws IllegalArgumentException if the projection does not belong to this builder
     */
    public Projection shortTerm(Projection projection, TsodyksMarkram tm) {
        int i = projection.index();
        if (i < 0 || i >= projections.size() || !projections.get(i).equals(projection)) {
            throw new IllegalArgumentException("projection " + i + " does not belong to this builder (or was changed since)");
        }
        Projection p = projection.withShortTerm(java.util.Objects.requireNonNull(tm, "tm"));
        projections.set(i, p);
        return p;
    }

    /**
     * Adds an injected current (pA) into chosen neurons of a model population.
     *
     * @throws IllegalArgumentException if the population does not exist, is a generator, or has fewer neurons
     *     than the source targets
     */
    public NetworkBuilder current(CurrentSource current) {
        if (current.population() >= populations.size()) {
            throw new IllegalArgumentException("current source population " + current.population() + " does not exist");
        }
        Population t = populations.get(current.population());
        if (t.isGenerator() || current.maxNeuron() >= t.count()) {
            throw new IllegalArgumentException("current source into '" + t.name() + "' (largest target index "
                    + current.maxNeuron() + "): needs a model population of more than " + current.maxNeuron()
                    + " neurons (has " + t.count() + (t.isGenerator() ? ", a generator" : "") + ")");
        }
        currents.add(current);
        return this;
    }

    /** A constant current (pA) into every neuron of {@code target}. */
    public NetworkBuilder constantCurrent(Population target, double pA) {
        return current(CurrentSource.constant(check(target).index(), target.count(), pA));
    }

    /** The network described so far. */
    public Network build() {
        if (populations.isEmpty()) {
            throw new IllegalStateException("network '" + name + "' has no population");
        }
        return new Network(name, dt, seed, populations, projections, poissonInputs, currents);
    }

    /** The time step (ms). */
    public double dt() {
        return dt;
    }

    private Population check(Population p) {
        if (p.index() < 0 || p.index() >= populations.size() || !populations.get(p.index()).name().equals(p.name())) {
            throw new IllegalArgumentException("population '" + p.name() + "' does not belong to this builder");
        }
        return populations.get(p.index());
    }
}
