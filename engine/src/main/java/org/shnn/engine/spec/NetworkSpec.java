package org.shnn.engine.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A whole network described as data: the time step and seed, populations (neuron models and spike sources),
 * projections with their connectors and synapse dynamics, Poisson drives, current sources and recorders.
 * Every host writes this (Java, network files, C, Python); a simulation is assembled from it, and a saved
 * file stores it so that it reopens with nothing re-attached.
 *
 * <p>Names and units are PyNN's (mV, ms, nA, nF, uS, Hz). Populations take global neuron ids in list order,
 * and projections, drives and current sources key their random streams by their position in their lists, so
 * the same description and seed give the same network on every host and for any thread count.
 *
 * <p>The records check their own fields; {@link #validate()} checks how they fit together (names that must
 * exist, sizes that must agree, indices in range), before anything is allocated. Immutable; thread-safe.
 *
 * @param name a short name (printed, stored in saved files)
 * @param dt time step, ms, {@code > 0}
 * @param seed the seed of every random choice
 * @param populations in global-id order; copied
 * @param projections in delivery order; copied
 * @param poissonDrives synapse-free Poisson drives; copied
 * @param currentSources injected currents; copied
 * @param recorders what to record; copied
 * @param hyperedges hyperedge groups, attached after the projections' synapse dynamics; copied
 */
public record NetworkSpec(String name, double dt, long seed, List<PopulationSpec> populations,
        List<ProjectionSpec> projections, List<PoissonDriveSpec> poissonDrives, List<CurrentSourceSpec> currentSources,
        List<RecorderSpec> recorders, List<HyperedgeSpec> hyperedges) {

    /** The largest network: global neuron ids are {@code int}s, one id is reserved. */
    public static final long MAX_NEURONS = Integer.MAX_VALUE - 1L;

    /** Copies the lists and checks the scalar fields. */
    public NetworkSpec {
        Fields.nonEmpty("network", "name", name);
        Fields.positive("network '" + name + "'", "dt", dt);
        populations = List.copyOf(populations);
        projections = List.copyOf(projections);
        poissonDrives = List.copyOf(poissonDrives);
        currentSources = List.copyOf(currentSources);
        recorders = List.copyOf(recorders);
        hyperedges = List.copyOf(hyperedges);
    }

    /** A network without hyperedges. */
    public NetworkSpec(String name, double dt, long seed, List<PopulationSpec> populations,
            List<ProjectionSpec> projections, List<PoissonDriveSpec> poissonDrives, List<CurrentSourceSpec> currentSources,
            List<RecorderSpec> recorders) {
        this(name, dt, seed, populations, projections, poissonDrives, currentSources, recorders, List.of());
    }

    /** A network of populations and projections only. */
    public NetworkSpec(String name, double dt, long seed, List<PopulationSpec> populations,
            List<ProjectionSpec> projections) {
        this(name, dt, seed, populations, projections, List.of(), List.of(), List.of());
    }

    /** The same network with another seed. */
    public NetworkSpec withSeed(long s) {
        return new NetworkSpec(name, dt, s, populations, projections, poissonDrives, currentSources, recorders, hyperedges);
    }

    /** The same network with other recorders. */
    public NetworkSpec withRecorders(List<RecorderSpec> r) {
        return new NetworkSpec(name, dt, seed, populations, projections, poissonDrives, currentSources, r, hyperedges);
    }

    /** The same network with other hyperedges. */
    public NetworkSpec withHyperedges(List<HyperedgeSpec> h) {
        return new NetworkSpec(name, dt, seed, populations, projections, poissonDrives, currentSources, recorders, h);
    }

    /** Total neurons of all populations (sources included). */
    public long neuronCount() {
        long n = 0;
        for (PopulationSpec p : populations) {
            n += p.size();
        }
        return n;
    }

    /**
     * The index of the population labelled {@code label}.
     *
     * @throws SpecException naming {@code element} and {@code field} if there is none
     */
    public int populationIndex(String element, String field, String label) {
        for (int i = 0; i < populations.size(); i++) {
            if (populations.get(i).label().equals(label)) {
                return i;
            }
        }
        throw new SpecException(element, field, "expected the label of a population ("
                + String.join(", ", populations.stream().map(PopulationSpec::label).toList()) + ") but found '" + label
                + "'");
    }

    /**
     * The index of the projection labelled {@code label}.
     *
     * @throws SpecException naming {@code element} and {@code field} if there is none
     */
    public int projectionIndex(String element, String field, String label) {
        for (int i = 0; i < projections.size(); i++) {
            if (projections.get(i).label().equals(label)) {
                return i;
            }
        }
        throw new SpecException(element, field, "expected the label of a projection ("
                + String.join(", ", projections.stream().map(ProjectionSpec::label).toList()) + ") but found '" + label
                + "'");
    }

    /** The population labelled {@code label}. @throws SpecException if there is none */
    public PopulationSpec population(String label) {
        return populations.get(populationIndex("network '" + name + "'", "populations", label));
    }

    /**
     * Checks that the parts fit together: at least one population, unique labels, every named population exists,
     * synapses and currents go to neuron models (not spike sources), sizes agree for one-to-one and fixed
     * numbers without replacement, distance-dependent connectors have positions, inline arrays have one value
     * per neuron and inline indices lie in their populations, delays are at least one step, recorded variables
     * exist, weight recorders name a projection (one recorder per projection), and the total size fits. Checks
     * needing file contents, the models' parameter tables or the built synapses (a weight recorder's synapse
     * positions) are the assembler's; they name the element and field the same way.
     *
     * @return this description
     * @throws SpecException naming the first element and field that does not fit
     */
    public NetworkSpec validate() {
        String net = "network '" + name + "'";
        if (populations.isEmpty()) {
            throw new SpecException(net, "populations", "expected at least one population but found none");
        }
        if (neuronCount() > MAX_NEURONS) {
            throw new SpecException(net, "populations", "expected at most " + MAX_NEURONS + " neurons in all but found "
                    + neuronCount());
        }
        unique(net, "populations", populations.stream().map(PopulationSpec::label).toList());
        unique(net, "projections", projections.stream().map(ProjectionSpec::label).toList());
        unique(net, "current_sources", currentSources.stream().map(CurrentSourceSpec::label).toList());
        unique(net, "hyperedges", hyperedges.stream().map(HyperedgeSpec::label).toList());
        for (PopulationSpec p : populations) {
            validatePopulation(p);
        }
        for (ProjectionSpec pr : projections) {
            validateProjection(pr);
        }
        for (PoissonDriveSpec d : poissonDrives) {
            target("Poisson drive of population '" + d.population() + "'", "population", d.population());
        }
        for (CurrentSourceSpec c : currentSources) {
            PopulationSpec p = target(c.element(), "population", c.population());
            c.neurons().check(c.element(), p.size());
        }
        for (int g = 0; g < hyperedges.size(); g++) {
            validateHyperedges(g);
        }
        Set<String> weightRecorded = new HashSet<>();
        for (RecorderSpec r : recorders) {
            if (r.ofProjection()) {
                projectionIndex(r.element(), "projection", r.projection());
                if (!weightRecorded.add(r.projection())) {
                    throw new SpecException(net, "recorders", "expected one weight recorder per projection (its "
                            + "samples are saved under the projection; put the synapses in one recorder) but found two of '"
                            + r.projection() + "'");
                }
                continue; // the synapse positions are checked when the synapses exist (the assembler)
            }
            PopulationSpec p = populations.get(populationIndex(r.element(), "population", r.population()));
            r.selection().check(r.element(), p.size());
            for (String v : r.variables()) {
                if (!v.equals("spikes") && !p.cellType().recordables().contains(v)) {
                    throw new SpecException(r.element(), "variables", "expected 'spikes' or a state variable of "
                            + p.cellType().pynnName() + " " + p.cellType().recordables() + " but found '" + v + "'");
                }
            }
        }
        return this;
    }

    private void validatePopulation(PopulationSpec p) {
        for (var e : p.parameters().entrySet()) {
            checkLength(p.element(), "parameters." + e.getKey(), e.getValue(), p.size());
        }
        for (int k = 0; k < p.initialValues().size(); k++) {
            PopulationSpec.Initial init = p.initialValues().get(k);
            checkLength(p.element(), "initial_values." + init.variable(), init.value(), p.size());
        }
    }

    private static void checkLength(String element, String field, Value v, int size) {
        if (v instanceof Value.Array(ArrayRef a) && a.knownLength() >= 0 && a.knownLength() != size) {
            throw new SpecException(element, field, "expected " + size + " values (one per neuron) but found "
                    + a.knownLength());
        }
        if (v instanceof Value.Sequences s && s.count() != 1 && s.count() != size) {
            throw new SpecException(element, field, "expected 1 or " + size + " sequences (one per neuron) but found "
                    + s.count());
        }
    }

    private void validateProjection(ProjectionSpec pr) {
        String where = pr.element();
        PopulationSpec pre = populations.get(populationIndex(where, "pre", pr.pre()));
        PopulationSpec post = target(where, "post", pr.post());
        switch (pr.connector()) {
            case Connector.OneToOne o -> {
                if (pre.size() != post.size()) {
                    throw new SpecException(where, "connector", "OneToOneConnector expected equal sizes but found "
                            + pre.size() + " (" + pre.label() + ") and " + post.size() + " (" + post.label() + ")");
                }
            }
            case Connector.FixedNumberPre f -> {
                if (!f.withReplacement() && f.n() > pre.size()) {
                    throw new SpecException(where, "connector.n", "expected at most " + pre.size() + " (the size of '"
                            + pre.label() + "', without replacement) but found " + f.n());
                }
            }
            case Connector.FixedNumberPost f -> {
                if (!f.withReplacement() && f.n() > post.size()) {
                    throw new SpecException(where, "connector.n", "expected at most " + post.size() + " (the size of '"
                            + post.label() + "', without replacement) but found " + f.n());
                }
            }
            case Connector.FixedTotalNumber f -> {
                if (!f.withReplacement() && f.n() > (long) pre.size() * post.size()) {
                    throw new SpecException(where, "connector.n", "expected at most " + (long) pre.size() * post.size()
                            + " (all pairs, without replacement) but found " + f.n());
                }
            }
            case Connector.DistanceDependentProbability d -> {
                if (pre.structure() == null || post.structure() == null) {
                    throw new SpecException(where, "connector", "DistanceDependentProbabilityConnector expected "
                            + "positions (a structure) on '" + pre.label() + "' and '" + post.label() + "' but found none on '"
                            + (pre.structure() == null ? pre.label() : post.label()) + "'");
                }
            }
            case Connector.FromList l -> {
                indices(where, "connector.pre", l.pre(), pre);
                indices(where, "connector.post", l.post(), post);
                if (l.delays() instanceof ArrayRef.Inline d) {
                    for (int k = 0; k < d.knownLength(); k++) {
                        checkDelay(where, "connector.delays[" + k + "]", d.get(k));
                    }
                }
            }
            case Connector.AllToAll a -> {
            }
            case Connector.FixedProbability f -> {
            }
        }
        if (pr.delay() instanceof Value.Constant(double d)) {
            checkDelay(where, "delay", d);
        }
        if (pr.weight() instanceof Value.Sequences || pr.delay() instanceof Value.Sequences) {
            throw new SpecException(where, pr.weight() instanceof Value.Sequences ? "weight" : "delay",
                    "expected a constant, an array or a distribution but found sequences");
        }
    }

    /**
     * A hyperedge group: its populations exist, the target is a neuron model, indices lie in their populations,
     * delays are at least one step, and no earlier group joins the same two populations (their saved state is
     * named by the pair).
     */
    private void validateHyperedges(int g) {
        HyperedgeSpec h = hyperedges.get(g);
        String where = h.element();
        int preIndex = populationIndex(where, "pre", h.pre());
        PopulationSpec pre = populations.get(preIndex);
        PopulationSpec post = target(where, "post", h.post());
        for (int k = 0; k < h.edges().size(); k++) {
            HyperedgeSpec.Edge e = h.edges().get(k);
            String at = "edges[" + k + "]";
            if (e.kind() == HyperedgeSpec.Kind.ALL_TO_ALL && !h.pre().equals(h.post())) {
                throw new SpecException(where, at + ".type", "expected pre and post the same population for all_to_all "
                        + "(every member is a source and a target) but found '" + h.pre() + "' and '" + h.post() + "'");
            }
            inRange(where, at + ".sources", e.sources(), pre);
            inRange(where, at + ".targets", e.targets(), post);
            checkDelay(where, at + ".delay", e.delay());
        }
        for (int earlier = 0; earlier < g; earlier++) {
            HyperedgeSpec o = hyperedges.get(earlier);
            if (o.pre().equals(h.pre()) && o.post().equals(h.post())) {
                throw new SpecException(where, "pre", "expected one hyperedge group per pair of populations ('"
                        + o.label() + "' joins '" + h.pre() + "' to '" + h.post() + "' already; put the edges in one group)"
                        + " but found a second");
            }
        }
    }

    private static void inRange(String where, String field, int[] indices, PopulationSpec p) {
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= p.size()) {
                throw new SpecException(where, field + "[" + k + "]", "expected an index in [0, " + p.size() + ") of '"
                        + p.label() + "' but found " + indices[k]);
            }
        }
    }

    private void checkDelay(String where, String field, double ms) {
        if (!(ms >= dt * (1 - 1e-9)) || Double.isInfinite(ms)) {
            throw new SpecException(where, field, "expected a delay >= dt = " + dt + " ms but found " + ms + " ms");
        }
    }

    private static void indices(String where, String field, ArrayRef a, PopulationSpec p) {
        if (a instanceof ArrayRef.Inline in) {
            for (int k = 0; k < in.knownLength(); k++) {
                double v = in.get(k);
                if (!(v >= 0 && v < p.size()) || v != Math.rint(v)) {
                    throw new SpecException(where, field + "[" + k + "]", "expected an index in [0, " + p.size()
                            + ") of '" + p.label() + "' but found " + v);
                }
            }
        }
    }

    private PopulationSpec target(String element, String field, String label) {
        PopulationSpec p = populations.get(populationIndex(element, field, label));
        if (p.cellType().isSource()) {
            throw new SpecException(element, field, "expected a population of neurons but '" + label + "' is a "
                    + p.cellType().pynnName());
        }
        return p;
    }

    private static void unique(String element, String field, List<String> labels) {
        Set<String> seen = new HashSet<>();
        for (String l : labels) {
            if (!seen.add(l)) {
                throw new SpecException(element, field, "expected unique labels but found '" + l + "' twice");
            }
        }
    }
}
