package org.shnn.engine.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.shnn.codec.json.JsonArray;
import org.shnn.codec.json.JsonBoolean;
import org.shnn.codec.json.JsonException;
import org.shnn.codec.json.JsonNumber;
import org.shnn.codec.json.JsonObject;
import org.shnn.codec.json.JsonReader;
import org.shnn.codec.json.JsonString;
import org.shnn.codec.json.JsonValue;
import org.shnn.codec.json.JsonWriter;
import org.shnn.engine.spec.SynapseSpec.WeightDependence;

/**
 * A {@link NetworkSpec} as a JSON document (a network file) and back. The schema, in PyNN's vocabulary and
 * units, is documented in {@code examples/networks/README.md}; {@link #FORMAT} names its version.
 *
 * <p>Reading checks everything before anything is built: JSON syntax, the format version, the type and range
 * of every value, unknown keys (refused, with a suggestion when a known key is close), the records' own
 * checks and {@link NetworkSpec#validate()}. Every error is a {@link SpecException} whose element is the file
 * (as given) and whose field is the JSON path, e.g.
 * {@code net.json: populations[1].parameters.tau_m: expected a number but found "x"}; {@link #locate} puts
 * errors found later, while assembling the network, at their place in the file the same way.
 *
 * <p>Writing gives a document that reads back as an equal description: doubles are written in Java's
 * shortest round-trip form, so they come back bit for bit. Arrays in files are written as references
 * (relative to the written file's directory when they lie under it); arrays lent by a host
 * ({@link ArrayRef.Lent}) have no file form and are refused, unless the writer is given a key for each
 * ({@link #write(NetworkSpec, Function)}).
 *
 * <p>Stateless; thread-safe.
 */
public final class SpecJson {

    /** The version of the schema, the value of the top-level {@code "format"} key. */
    public static final String FORMAT = "shnn-network/1";

    /** Parameters whose value is a sequence per neuron (or one for all): a flat array is one sequence. */
    private static final Set<String> SEQUENCES = Set.of("spike_times", "rate_times", "rate_values");

    private SpecJson() {
    }

    // ---------------------------------------------------------------------------------------------------
    // Entry points

    /**
     * Reads and validates the network file {@code file} (errors name it as given); relative array files are
     * resolved against its directory and must exist.
     *
     * @throws IOException if the file cannot be read
     * @throws SpecException naming the file, the JSON path, what was expected and what was found
     */
    public static NetworkSpec read(Path file) throws IOException {
        String source = file.toString();
        JsonValue doc;
        try {
            doc = JsonReader.DEFAULT.read(file);
        } catch (JsonException e) {
            throw syntax(source, e);
        }
        return fromJson(doc, source, file.toAbsolutePath().getParent());
    }

    /**
     * Reads and validates a network described by JSON {@code text}.
     *
     * @param source the name errors give the document (a file name)
     * @param baseDir the directory relative array files are resolved against, and checked to exist in; null
     *     to keep their paths as written, unchecked
     * @throws SpecException naming {@code source}, the JSON path, what was expected and what was found
     */
    public static NetworkSpec parse(String text, String source, Path baseDir) {
        return parse(text, source, baseDir, Map.of());
    }

    /**
     * As {@link #parse(String, String, Path)}, where the document may also name arrays a host lends:
     * {@code {"lent": "<key>"}} wherever an array may stand is {@code lent.get(key)} (C's {@code shnn_net_lend},
     * Python's NumPy arrays), used in place.
     *
     * @throws SpecException also for a lent key that is not in {@code lent}
     */
    public static NetworkSpec parse(String text, String source, Path baseDir, Map<String, ArrayRef> lent) {
        JsonValue doc;
        try {
            doc = JsonReader.DEFAULT.parse(text, source);
        } catch (JsonException e) {
            throw syntax(source, e);
        }
        NetworkSpec spec = new Reader(baseDir, Map.copyOf(lent)).network(SpecNode.root(source, doc));
        try {
            return spec.validate();
        } catch (SpecException e) {
            throw locate(source, spec, e);
        }
    }

    /**
     * Current source {@code old} with its parameters changed by {@code changes} (the C and Python hosts' and PyNN's
     * changes of an electrode between runs): a JSON object of parameters as the network file gives them for the
     * source's type ({@code {"amplitude": 0.8}} for a {@code DCSource}); the parameters it leaves out keep their
     * values in {@code old}. Its label, population, neurons and type stay, and {@code changes} may name them only with
     * {@code old}'s values.
     *
     * @param source how errors name {@code changes}, e.g. {@code "shnn_sim_set_current"}
     * @throws SpecException naming {@code source}, the member, what was expected and what was found: an unknown
     *     parameter, a value out of range, a changed label, population, neurons or type
     */
    public static CurrentSourceSpec changedCurrentSource(CurrentSourceSpec old, JsonValue changes, String source) {
        SpecNode n = SpecNode.root(source, changes);
        if (!n.isObject()) {
            throw n.error("expected an object of " + old.waveform().pynnName() + " parameters but found " + n.found());
        }
        Writer w = new Writer(old.element(), null, null);
        Map<String, JsonValue> merged = new LinkedHashMap<>();
        merged.put("label", JsonString.of(old.label()));
        merged.put("population", JsonString.of(old.population()));
        merged.put("type", JsonString.of(old.waveform().pynnName()));
        w.waveform(old.element(), merged, old.waveform());
        Map<String, JsonValue> given = changes.asObject().members();
        for (Map.Entry<String, JsonValue> e : given.entrySet()) {
            JsonValue was = e.getKey().equals("neurons") ? w.selection(old.neurons()) : merged.get(e.getKey());
            boolean fixed = switch (e.getKey()) {
                case "label", "population", "type", "neurons" -> true;
                default -> false;
            };
            if (fixed && !e.getValue().equals(was)) {
                throw n.get(e.getKey()).error("expected " + JsonWriter.compact(was) + " (a source's " + e.getKey()
                        + " stays between runs) but found " + n.get(e.getKey()).found());
            }
            merged.put(e.getKey(), e.getValue());
        }
        merged.remove("neurons");
        CurrentSourceSpec changed = new Reader(null, Map.of())
                .currentSource(SpecNode.root(source, JsonObject.of(merged)));
        return new CurrentSourceSpec(old.label(), old.population(), old.neurons(), changed.waveform());
    }

    private static SpecException syntax(String source, JsonException e) {
        String at = e.line() > 0 ? "line " + e.line() + ", column " + e.column() : "top level";
        return new SpecException(source, at, SpecNode.oneLine(e.detail()));
    }

    /**
     * Reads and validates a network from a parsed JSON tree (e.g. one stored inside another file).
     *
     * @see #parse(String, String, Path)
     */
    public static NetworkSpec fromJson(JsonValue doc, String source, Path baseDir) {
        NetworkSpec spec = new Reader(baseDir, Map.of()).network(SpecNode.root(source, doc));
        try {
            return spec.validate();
        } catch (SpecException e) {
            throw locate(source, spec, e);
        }
    }

    /** The JSON text of {@code spec}, indented, with a final newline; file arrays as written in the spec. */
    public static String write(NetworkSpec spec) {
        return JsonWriter.pretty(toJson(spec, null)) + "\n";
    }

    /**
     * The JSON text of {@code spec} as {@link #write(NetworkSpec)}, each array lent by a host written as
     * {@code {"lent": key}} with {@code key = lentKey.apply(array)}; {@link #parse(String, String, Path, Map)} with
     * those keys reads it back (a checkpoint stores the arrays as sections of their own).
     */
    public static String write(NetworkSpec spec, Function<ArrayRef.Lent, String> lentKey) {
        Objects.requireNonNull(lentKey, "lentKey");
        return JsonWriter.pretty(new Writer("network '" + spec.name() + "'", null, lentKey).network(spec)) + "\n";
    }

    /**
     * Writes {@code spec} to {@code file} atomically; arrays in files under the file's directory are referenced
     * relative to it.
     *
     * @throws SpecException if the spec holds an array lent by a host or a number JSON cannot hold
     */
    public static void write(NetworkSpec spec, Path file) throws IOException {
        JsonWriter.write(file, toJson(spec, file.toAbsolutePath().getParent()));
    }

    /**
     * The JSON tree of {@code spec}.
     *
     * @param baseDir array files under this directory are written relative to it; null to write paths as they are
     * @throws SpecException if the spec holds an array lent by a host or a number JSON cannot hold
     */
    public static JsonValue toJson(NetworkSpec spec, Path baseDir) {
        return new Writer("network '" + spec.name() + "'", baseDir, null).network(spec);
    }

    /**
     * The error {@code e} about {@code spec} (from {@link NetworkSpec#validate()} or from assembling it) as an
     * error of the file {@code source}: its field becomes the JSON path of the element it names, e.g.
     * {@code projection 'exc->inh'} / {@code delay} becomes {@code projections[1].delay}.
     */
    public static SpecException locate(String source, NetworkSpec spec, SpecException e) {
        String path = path(spec, e.element());
        String field = jsonKeys(e.field());
        String at = path == null ? e.element() + (field.isEmpty() ? "" : "." + field)
                : path.isEmpty() ? field : field.isEmpty() ? path : field.startsWith("[") ? path + field : path + "." + field;
        return new SpecException(source, SpecNode.oneLine(at), SpecNode.oneLine(SpecNode.problem(e)));
    }

    /** A field named by a record component ({@code synapse.timing}) as the file's keys ({@code synapse_type.timing_dependence}). */
    private static String jsonKeys(String field) {
        String[] parts = field.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = switch (parts[i]) {
                case "synapse" -> "synapse_type";
                case "timing" -> "timing_dependence";
                case "dependence" -> "weight_dependence";
                case "receptor" -> "receptor_type";
                default -> parts[i];
            };
        }
        return String.join(".", parts);
    }

    private static String path(NetworkSpec spec, String element) {
        if (element.equals("network '" + spec.name() + "'")) {
            return "";
        }
        String[][] lists = {{"population '", "populations"}, {"projection '", "projections"},
            {"current source '", "current_sources"}, {"recorder of population '", "recorders"},
            {"recorder of projection '", "weight recorders"},
            {"Poisson drive of population '", "poisson_drives"}, {"hyperedges '", "hyperedges"}};
        for (String[] l : lists) {
            if (element.startsWith(l[0]) && element.endsWith("'") && element.length() > l[0].length()) {
                String label = element.substring(l[0].length(), element.length() - 1);
                List<String> labels = switch (l[1]) {
                    case "populations" -> spec.populations().stream().map(PopulationSpec::label).toList();
                    case "projections" -> spec.projections().stream().map(ProjectionSpec::label).toList();
                    case "current_sources" -> spec.currentSources().stream().map(CurrentSourceSpec::label).toList();
                    case "recorders" -> spec.recorders().stream().map(RecorderSpec::population).toList();
                    case "weight recorders" -> spec.recorders().stream().map(RecorderSpec::projection).toList();
                    case "hyperedges" -> spec.hyperedges().stream().map(HyperedgeSpec::label).toList();
                    default -> spec.poissonDrives().stream().map(PoissonDriveSpec::population).toList();
                };
                int i = labels.indexOf(label);
                return i < 0 ? null : (l[1].equals("weight recorders") ? "recorders" : l[1]) + "[" + i + "]";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------
    // Reading: one method per record; the writer below mirrors it key for key (SpecJsonTest round-trips every record).

    /** Reads one document; knows its name and directory. */
    private record Reader(Path baseDir, Map<String, ArrayRef> lent) {

        NetworkSpec network(SpecNode root) {
            SpecNode format = root.get("format");
            if (!format.isString() || !format.string().equals(FORMAT)) {
                throw format.error("expected \"" + FORMAT + "\" (the version of the SHNN network file format) but found "
                        + format.found() + (format.isString() && format.string().startsWith("shnn-network/")
                                ? " (written by another version of SHNN?)" : ""));
            }
            root.only("name", "dt", "seed", "populations", "projections", "poisson_drives", "current_sources", "recorders",
                    "hyperedges");
            String n = root.get("name").string();
            double dt = root.get("dt").number();
            long s = root.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE);
            List<PopulationSpec> populations = root.get("populations").array().stream().map(this::population).toList();
            List<ProjectionSpec> projections = root.get("projections").arrayOrEmpty().stream().map(this::projection).toList();
            List<PoissonDriveSpec> poisson = root.get("poisson_drives").arrayOrEmpty().stream().map(this::drive).toList();
            List<CurrentSourceSpec> sources = root.get("current_sources").arrayOrEmpty().stream().map(this::currentSource)
                    .toList();
            List<RecorderSpec> recorders = root.get("recorders").arrayOrEmpty().stream().map(r -> recorder(r, dt)).toList();
            List<HyperedgeSpec> hyperedges = root.get("hyperedges").arrayOrEmpty().stream().map(this::hyperedges).toList();
            return root.build(() -> new NetworkSpec(n, dt, s, populations, projections, poisson, sources, recorders,
                    hyperedges));
        }

        PopulationSpec population(SpecNode n) {
            n.only("label", "size", "cell_type", "parameters", "initial_values", "structure");
            String label = n.get("label").string();
            int size = n.get("size").integer(1, Integer.MAX_VALUE);
            SpecNode typeNode = n.get("cell_type");
            CellType type = typeNode.buildHere(() -> CellType.byName("", typeNode.string()));
            SpecNode params = n.get("parameters");
            SpecNode inits = n.get("initial_values");
            SpecNode structureNode = n.get("structure");
            Map<String, Value> parameters = new LinkedHashMap<>();
            if (!params.missing()) {
                for (String key : params.keys()) {
                    SpecNode v = params.get(key);
                    parameters.put(key, SEQUENCES.contains(key) ? spikeTimes(v) : value(v, false));
                }
            }
            List<PopulationSpec.Initial> initial = new ArrayList<>();
            if (inits.isArray()) {
                for (SpecNode i : inits.array()) {
                    i.only("variable", "value");
                    String variable = i.get("variable").string();
                    SpecNode v = i.get("value");
                    initial.add(new PopulationSpec.Initial(variable, value(v, false)));
                }
            } else if (!inits.missing()) {
                for (String key : inits.keys()) {
                    initial.add(new PopulationSpec.Initial(key, value(inits.get(key), false)));
                }
            }
            Structure structure = structureNode.missing() ? null : structure(structureNode);
            return n.build(() -> new PopulationSpec(label, size, type, parameters, initial, structure));
        }

        ProjectionSpec projection(SpecNode n) {
            n.only("label", "pre", "post", "receptor_type", "connector", "weight", "delay", "synapse_type", "homeostasis");
            SpecNode labelNode = n.get("label");
            String pre = n.get("pre").string();
            String post = n.get("post").string();
            String label = labelNode.string(pre + "->" + post);
            String receptor = n.get("receptor_type").string("excitatory");
            SpecNode connector = n.get("connector");
            SpecNode weight = n.get("weight");
            SpecNode delay = n.get("delay");
            SpecNode synapse = n.get("synapse_type");
            SpecNode homeostasis = n.get("homeostasis");
            Connector c = connector(connector);
            boolean safe = connector.get("safe").bool(true); // PyNN's connector argument, here of the projection
            Value w = value(weight, false);
            Value d = value(delay, false);
            SynapseSpec s = synapse.missing() ? SynapseSpec.STATIC : synapse(synapse);
            HomeostasisSpec h = homeostasis.missing() ? null : homeostasis(homeostasis);
            return n.build(() -> new ProjectionSpec(label, pre, post, receptor, c, w, d, s, h, safe));
        }

        Connector connector(SpecNode n) {
            String type = type(n, "AllToAllConnector", "OneToOneConnector", "FixedProbabilityConnector",
                    "FixedNumberPreConnector", "FixedNumberPostConnector", "FixedTotalNumberConnector",
                    "DistanceDependentProbabilityConnector", "FromListConnector");
            n.only(switch (type) {
                case "AllToAllConnector" -> new String[] {"allow_self_connections", "safe"};
                case "OneToOneConnector" -> new String[] {"safe"};
                case "FixedProbabilityConnector" -> new String[] {"p_connect", "allow_self_connections", "safe"};
                case "DistanceDependentProbabilityConnector" -> new String[] {"d_expression", "allow_self_connections",
                    "safe"};
                case "FromListConnector" -> new String[] {"pre", "post", "weights", "delays", "safe"};
                default -> new String[] {"n", "allow_self_connections", "with_replacement", "safe"};
            });
            return switch (type) {
                case "AllToAllConnector" -> new Connector.AllToAll(n.get("allow_self_connections").bool(true));
                case "OneToOneConnector" -> new Connector.OneToOne();
                case "FixedProbabilityConnector" -> {
                    double p = n.get("p_connect").number();
                    boolean self = n.get("allow_self_connections").bool(true);
                    yield n.build(() -> new Connector.FixedProbability(p, self));
                }
                case "FixedNumberPreConnector", "FixedNumberPostConnector" -> {
                    int count = n.get("n").integer(0, Integer.MAX_VALUE);
                    boolean self = n.get("allow_self_connections").bool(true);
                    boolean replace = n.get("with_replacement").bool(false);
                    yield type.equals("FixedNumberPreConnector") ? new Connector.FixedNumberPre(count, self, replace)
                            : new Connector.FixedNumberPost(count, self, replace);
                }
                case "FixedTotalNumberConnector" -> new Connector.FixedTotalNumber(n.get("n").integer(0L, Long.MAX_VALUE),
                        n.get("allow_self_connections").bool(true), n.get("with_replacement").bool(true)); // PyNN's default
                case "DistanceDependentProbabilityConnector" -> {
                    String expr = n.get("d_expression").string();
                    boolean self = n.get("allow_self_connections").bool(true);
                    yield n.build(() -> new Connector.DistanceDependentProbability(expr, self));
                }
                default -> {
                    ArrayRef pre = array(n.get("pre"));
                    ArrayRef post = array(n.get("post"));
                    SpecNode w = n.get("weights");
                    SpecNode d = n.get("delays");
                    ArrayRef weights = w.missing() ? null : array(w);
                    ArrayRef delays = d.missing() ? null : array(d);
                    yield n.build(() -> new Connector.FromList(pre, post, weights, delays));
                }
            };
        }

        SynapseSpec synapse(SpecNode n) {
            String type = type(n, "StaticSynapse", "TsodyksMarkramSynapse", "STDPMechanism");
            n.only(switch (type) {
                case "StaticSynapse" -> new String[] {};
                case "TsodyksMarkramSynapse" -> new String[] {"U", "tau_rec", "tau_facil"};
                default -> new String[] {"timing_dependence", "weight_dependence"};
            });
            return switch (type) {
                case "StaticSynapse" -> SynapseSpec.STATIC;
                case "TsodyksMarkramSynapse" -> {
                    double u = n.get("U").number();
                    double rec = n.get("tau_rec").number();
                    double facil = n.get("tau_facil").number(0);
                    yield n.build(() -> new SynapseSpec.TsodyksMarkram(u, rec, facil));
                }
                default -> {
                    SynapseSpec.TimingRule timing = timing(n.get("timing_dependence"));
                    SpecNode w = n.get("weight_dependence");
                    String dep = type(w, "AdditiveWeightDependence", "MultiplicativeWeightDependence");
                    w.only("w_min", "w_max");
                    double wMin = w.get("w_min").number();
                    double wMax = w.get("w_max").number();
                    WeightDependence d = dep.equals("AdditiveWeightDependence") ? WeightDependence.ADDITIVE
                            : WeightDependence.MULTIPLICATIVE;
                    yield w.build(() -> new SynapseSpec.Stdp(timing, d, wMin, wMax));
                }
            };
        }

        SynapseSpec.TimingRule timing(SpecNode n) {
            String type = type(n, "SpikePairRule", "TripletRule");
            if (type.equals("SpikePairRule")) {
                n.only("tau_plus", "tau_minus", "A_plus", "A_minus");
                double tp = n.get("tau_plus").number();
                double tm = n.get("tau_minus").number();
                double ap = n.get("A_plus").number();
                double am = n.get("A_minus").number();
                return n.build(() -> new SynapseSpec.SpikePair(tp, tm, ap, am));
            }
            if (!n.get("preset").missing()) {
                n.only("preset");
                SpecNode preset = n.get("preset");
                String name = preset.string();
                return preset.buildHere(() -> TripletPreset.byFileName("", "", name).rule());
            }
            n.only("tau_plus", "tau_minus", "tau_x", "tau_y", "A2_plus", "A3_plus", "A2_minus", "A3_minus", "nearest_spike",
                    "preset");
            {
                double tp = n.get("tau_plus").number();
                double tm = n.get("tau_minus").number();
                double tx = n.get("tau_x").number();
                double ty = n.get("tau_y").number();
                double a2p = n.get("A2_plus").number();
                double a3p = n.get("A3_plus").number();
                double a2m = n.get("A2_minus").number();
                double a3m = n.get("A3_minus").number();
                boolean nearest = n.get("nearest_spike").bool(false);
                return n.build(() -> new SynapseSpec.Triplet(tp, tm, tx, ty, a2p, a3p, a2m, a3m, nearest));
            }
        }

        HyperedgeSpec hyperedges(SpecNode n) {
            n.only("label", "pre", "post", "receptor_type", "edges");
            String pre = n.get("pre").string();
            String post = n.get("post").string();
            String label = n.get("label").string(pre + "=>" + post);
            String receptor = n.get("receptor_type").string("excitatory");
            List<HyperedgeSpec.Edge> edges = n.get("edges").array().stream().map(this::edge).toList();
            return n.build(() -> new HyperedgeSpec(label, pre, post, receptor, edges));
        }

        HyperedgeSpec.Edge edge(SpecNode n) {
            String type = type(n, "one_to_many", "many_to_one", "many_to_many", "all_to_all");
            HyperedgeSpec.Kind kind = HyperedgeSpec.Kind.valueOf(type.toUpperCase(java.util.Locale.ROOT));
            boolean members = kind == HyperedgeSpec.Kind.ALL_TO_ALL;
            n.only(members ? new String[] {"members", "min_spikes", "window", "delay", "weight"}
                    : new String[] {"sources", "targets", "min_spikes", "window", "delay", "weight", "weights"});
            int[] sources = indices(n.get(members ? "members" : "sources"));
            int[] targets = members ? sources : indices(n.get("targets"));
            int minSpikes = n.get("min_spikes").integer(1, Integer.MAX_VALUE);
            double window = n.get("window").number();
            double delay = n.get("delay").number();
            SpecNode weights = n.get("weights");
            double[] pairs = members || weights.missing() ? null : weights.numbers();
            double weight = pairs != null ? 0 : n.get("weight").number();
            return n.buildHere(() -> new HyperedgeSpec.Edge(kind, sources, targets, minSpikes, window, delay, weight, pairs));
        }

        private static int[] indices(SpecNode n) {
            List<SpecNode> items = n.array();
            int[] out = new int[items.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = items.get(k).integer(0, Integer.MAX_VALUE);
            }
            return out;
        }

        HomeostasisSpec homeostasis(SpecNode n) {
            n.only("target_rate", "window", "factor", "min_scale", "max_scale", "w_min", "w_max");
            double rate = n.get("target_rate").number();
            double window = n.get("window").number();
            double factor = n.get("factor").number();
            double minScale = n.get("min_scale").number();
            double maxScale = n.get("max_scale").number();
            double wMin = n.get("w_min").number();
            double wMax = n.get("w_max").number();
            return n.build(() -> new HomeostasisSpec(rate, window, factor, minScale, maxScale, wMin, wMax));
        }

        PoissonDriveSpec drive(SpecNode n) {
            n.only("population", "receptor_type", "sources", "rate", "weight");
            String population = n.get("population").string();
            String receptor = n.get("receptor_type").string("excitatory");
            SpecNode sources = n.get("sources");
            int count = sources.missing() ? 1 : sources.integer(1, Integer.MAX_VALUE);
            double rate = n.get("rate").number();
            double weight = n.get("weight").number();
            return n.build(() -> new PoissonDriveSpec(population, receptor, count, rate, weight));
        }

        CurrentSourceSpec currentSource(SpecNode n) {
            String type = type(n, "DCSource", "StepCurrentSource", "ACSource", "NoisyCurrentSource");
            n.only(switch (type) {
                case "DCSource" -> new String[] {"label", "population", "neurons", "amplitude", "start", "stop"};
                case "StepCurrentSource" -> new String[] {"label", "population", "neurons", "times", "amplitudes"};
                case "ACSource" -> new String[] {"label", "population", "neurons", "amplitude", "offset", "frequency", "phase",
                    "start", "stop"};
                default -> new String[] {"label", "population", "neurons", "mean", "stdev", "dt", "start", "stop"};
            });
            String label = n.get("label").string();
            String population = n.get("population").string();
            Selection neurons = selection(n.get("neurons"));
            CurrentSourceSpec.Waveform w = switch (type) {
                case "DCSource" -> {
                    double amplitude = n.get("amplitude").number();
                    double start = n.get("start").number(0);
                    double stop = n.get("stop").number(Double.POSITIVE_INFINITY);
                    yield n.build(() -> new CurrentSourceSpec.Dc(amplitude, start, stop));
                }
                case "StepCurrentSource" -> {
                    double[] times = n.get("times").numbers();
                    double[] amplitudes = n.get("amplitudes").numbers();
                    yield n.build(() -> new CurrentSourceSpec.Step(times, amplitudes));
                }
                case "ACSource" -> {
                    double amplitude = n.get("amplitude").number();
                    double offset = n.get("offset").number(0);
                    double frequency = n.get("frequency").number();
                    double phase = n.get("phase").number(0);
                    double start = n.get("start").number(0);
                    double stop = n.get("stop").number(Double.POSITIVE_INFINITY);
                    yield n.build(() -> new CurrentSourceSpec.Ac(amplitude, offset, frequency, phase, start, stop));
                }
                default -> {
                    double mean = n.get("mean").number();
                    double stdev = n.get("stdev").number();
                    double dt = n.get("dt").number();
                    double start = n.get("start").number(0);
                    double stop = n.get("stop").number(Double.POSITIVE_INFINITY);
                    yield n.build(() -> new CurrentSourceSpec.Noisy(mean, stdev, dt, start, stop));
                }
            };
            return n.build(() -> new CurrentSourceSpec(label, population, neurons, w));
        }

        RecorderSpec recorder(SpecNode n, double dt) {
            if (!n.get("projection").missing()) {
                n.only("projection", "variables", "synapses", "sampling_interval");
                String projection = n.get("projection").string();
                SpecNode vars = n.get("variables");
                List<String> variables = vars.missing() ? List.of(RecorderSpec.WEIGHT)
                        : vars.array().stream().map(SpecNode::string).toList();
                Selection synapses = selection(n.get("synapses"));
                double interval = n.get("sampling_interval").number(dt);
                return n.build(() -> new RecorderSpec(null, projection, variables, synapses, interval));
            }
            n.only("population", "variables", "neurons", "sampling_interval");
            String population = n.get("population").string();
            List<String> variables = n.get("variables").array().stream().map(SpecNode::string).toList();
            Selection neurons = selection(n.get("neurons"));
            double interval = n.get("sampling_interval").number(dt);
            return n.build(() -> new RecorderSpec(population, variables, neurons, interval));
        }

        Selection selection(SpecNode n) {
            if (n.missing() || n.isString() && n.string().equals("all")) {
                return Selection.ALL;
            }
            if (n.isArray()) {
                List<SpecNode> ids = n.array();
                int[] out = new int[ids.size()];
                for (int k = 0; k < out.length; k++) {
                    out[k] = ids.get(k).integer(0, Integer.MAX_VALUE);
                }
                return n.buildHere(() -> new Selection.Ids(out));
            }
            if (n.isObject()) {
                n.only("start", "stop");
                int start = n.get("start").integer(0, Integer.MAX_VALUE);
                SpecNode stopNode = n.get("stop");
                int stop = stopNode.integer(start, Integer.MAX_VALUE);
                return new Selection.Range(start, stop);
            }
            throw n.error("expected \"all\", a range {\"start\": i, \"stop\": j} or an array of indices but found "
                    + n.found());
        }

        Structure structure(SpecNode n) {
            String type = type(n, "Line", "Grid2D", "Grid3D", "RandomStructure", "Explicit");
            n.only(switch (type) {
                case "Line" -> new String[] {"dx", "x0", "y0", "z0"};
                case "Grid2D" -> new String[] {"aspect_ratio", "dx", "dy", "x0", "y0", "z"};
                case "Grid3D" -> new String[] {"aspect_ratioXY", "aspect_ratioXZ", "dx", "dy", "dz", "x0", "y0", "z0"};
                case "RandomStructure" -> new String[] {"boundary", "origin"};
                default -> new String[] {"xyz"};
            });
            return switch (type) {
                case "Line" -> {
                    double dx = n.get("dx").number(1);
                    double x0 = n.get("x0").number(0);
                    double y0 = n.get("y0").number(0);
                    double z0 = n.get("z0").number(0);
                    yield new Structure.Line(dx, x0, y0, z0);
                }
                case "Grid2D" -> {
                    double ratio = n.get("aspect_ratio").number(1);
                    double dx = n.get("dx").number(1);
                    double dy = n.get("dy").number(1);
                    double x0 = n.get("x0").number(0);
                    double y0 = n.get("y0").number(0);
                    double z = n.get("z").number(0);
                    yield n.build(() -> new Structure.Grid2D(ratio, dx, dy, x0, y0, z));
                }
                case "Grid3D" -> {
                    double xy = n.get("aspect_ratioXY").number(1);
                    double xz = n.get("aspect_ratioXZ").number(1);
                    double dx = n.get("dx").number(1);
                    double dy = n.get("dy").number(1);
                    double dz = n.get("dz").number(1);
                    double x0 = n.get("x0").number(0);
                    double y0 = n.get("y0").number(0);
                    double z0 = n.get("z0").number(0);
                    yield n.build(() -> new Structure.Grid3D(xy, xz, dx, dy, dz, x0, y0, z0));
                }
                case "RandomStructure" -> randomStructure(n);
                default -> new Structure.Explicit(array(n.get("xyz")));
            };
        }

        Structure randomStructure(SpecNode n) {
            SpecNode b = n.get("boundary");
            String shape = type(b, "Cuboid", "Sphere");
            b.only(shape.equals("Sphere") ? new String[] {"radius"} : new String[] {"width", "height", "depth"});
            double width;
            double height = 0;
            double depth = 0;
            if (shape.equals("Sphere")) {
                width = nonNegative(b.get("radius"));
            } else {
                width = nonNegative(b.get("width"));
                height = nonNegative(b.get("height"));
                depth = nonNegative(b.get("depth"));
            }
            double[] origin = {0, 0, 0};
            SpecNode o = n.get("origin");
            if (!o.missing()) {
                origin = o.numbers();
                if (origin.length != 3) {
                    throw o.error("expected 3 numbers (x, y, z) but found " + origin.length);
                }
            }
            return new Structure.Random(shape.toLowerCase(java.util.Locale.ROOT), width, height, depth, origin[0],
                    origin[1], origin[2]);
        }

        /**
         * A value: a number, an array of numbers, an array of arrays (if {@code sequences}), a distribution or a file.
         */
        Value value(SpecNode n, boolean sequences) {
            if (n.isNumber()) {
                return new Value.Constant(n.number());
            }
            if (n.isArray()) {
                List<SpecNode> elements = n.array();
                if (sequences && !elements.isEmpty() && elements.get(0).isArray()) {
                    return new Value.Sequences(elements.stream().map(SpecNode::numbers).toList());
                }
                return new Value.Array(new ArrayRef.Inline(n.numbers()));
            }
            if (n.isObject() && n.has("distribution")) {
                return new Value.Random(distribution(n));
            }
            if (n.isObject() && (n.has("file") || !lent.isEmpty() && n.has("lent"))) { // "lent" only where a host lends
                return new Value.Array(array(n));
            }
            throw n.error("expected a number, an array of numbers" + (sequences ? " (or of arrays)" : "")
                    + ", a distribution {\"distribution\": ...} or a file {\"file\": ...} but found " + n.found());
        }

        /**
         * {@code spike_times} (and a Poisson source's {@code rate_times}, {@code rate_values}): one array for every
         * neuron (as in PyNN), or one array per neuron.
         */
        Value spikeTimes(SpecNode n) {
            if (n.isArray()) {
                List<SpecNode> elements = n.array();
                if (elements.isEmpty() || !elements.get(0).isArray()) {
                    return new Value.Sequences(List.of(n.numbers()));
                }
            }
            return value(n, true);
        }

        Distribution distribution(SpecNode n) {
            SpecNode name = n.get("distribution");
            String d = oneOf(name, "uniform", "normal", "normal_clipped", "exponential", "lognormal");
            n.only(switch (d) {
                case "uniform" -> new String[] {"low", "high"};
                case "normal", "lognormal" -> new String[] {"mu", "sigma"};
                case "normal_clipped" -> new String[] {"mu", "sigma", "low", "high"};
                default -> new String[] {"beta"};
            });
            return switch (d) {
                case "uniform" -> {
                    double low = n.get("low").number();
                    double high = n.get("high").number();
                    yield n.build(() -> new Distribution.Uniform(low, high));
                }
                case "normal" -> {
                    double mu = n.get("mu").number();
                    double sigma = n.get("sigma").number();
                    yield n.build(() -> new Distribution.Normal(mu, sigma));
                }
                case "normal_clipped" -> {
                    double mu = n.get("mu").number();
                    double sigma = n.get("sigma").number();
                    double low = n.get("low").number(Double.NEGATIVE_INFINITY);
                    double high = n.get("high").number(Double.POSITIVE_INFINITY);
                    yield n.build(() -> new Distribution.NormalClipped(mu, sigma, low, high));
                }
                case "exponential" -> {
                    double beta = n.get("beta").number();
                    yield n.build(() -> new Distribution.Exponential(beta));
                }
                default -> {
                    double mu = n.get("mu").number();
                    double sigma = n.get("sigma").number();
                    yield n.build(() -> new Distribution.LogNormal(mu, sigma));
                }
            };
        }

        /** An array of numbers inline, or a file reference {@code {"file": ..., "key": ...}}. */
        ArrayRef array(SpecNode n) {
            if (n.isArray()) {
                return new ArrayRef.Inline(n.numbers());
            }
            if (n.isObject() && !lent.isEmpty() && n.has("lent")) {
                n.only("lent");
                SpecNode keyNode = n.get("lent");
                String key = keyNode.string();
                ArrayRef a = lent.get(key);
                if (a == null) {
                    throw keyNode.error("expected the key of an array the host lent " + new java.util.TreeSet<>(lent.keySet())
                            + " but found '" + key + "'");
                }
                return a;
            }
            if (!n.isObject() || !n.has("file")) {
                throw n.error("expected an array of numbers or a file {\"file\": \"x.npy\"} but found " + n.found());
            }
            n.only("file", "key");
            SpecNode fileNode = n.get("file");
            String name = fileNode.string();
            SpecNode keyNode = n.get("key");
            String key = keyNode.missing() ? null : keyNode.isNumber() ? Long.toString(keyNode.integer(0L, Integer.MAX_VALUE))
                    : keyNode.string();
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith(".npy")) {
                if (key != null) {
                    throw keyNode.error("expected no key for a .npy file (it holds one array) but found " + keyNode.found());
                }
            } else if (lower.endsWith(".npz") || lower.endsWith(".csv")) {
                if (key == null) {
                    throw keyNode.error("expected the " + (lower.endsWith(".npz") ? "array name in" : "column (header or 0-based index) of")
                            + " '" + name + "' but found none");
                }
            } else {
                throw fileNode.error("expected a .npy, .npz or .csv file but found " + fileNode.found());
            }
            Path file;
            try {
                file = Path.of(name);
            } catch (java.nio.file.InvalidPathException e) {
                throw fileNode.error("expected a file path but found " + fileNode.found());
            }
            if (baseDir != null) {
                file = baseDir.resolve(file).normalize();
                if (!Files.isRegularFile(file)) {
                    throw fileNode.error("expected an existing file but found none at " + file);
                }
            }
            return new ArrayRef.Stored(file, key);
        }

        private static double nonNegative(SpecNode n) {
            double v = n.number();
            if (v < 0) {
                throw n.error("expected a number >= 0 but found " + v);
            }
            return v;
        }

        /** The {@code "type"} of an object, one of {@code choices}. */
        private static String type(SpecNode n, String... choices) {
            return oneOf(n.get("type"), choices);
        }

        private static String oneOf(SpecNode n, String... choices) {
            String s = n.string();
            for (String c : choices) {
                if (c.equals(s)) {
                    return c;
                }
            }
            String hint = java.util.Arrays.stream(choices).filter(c -> SpecNode.close(c, s)).findFirst()
                    .map(c -> " (did you mean \"" + c + "\"?)").orElse("");
            throw n.error("expected one of " + String.join(", ", choices) + " but found " + n.found() + hint);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Writing

    /**
     * Writes one document; array files under {@code baseDir} are written relative to it; lent arrays as
     * {@code {"lent": lentKey(array)}}, or refused when {@code lentKey} is null.
     */
    private record Writer(String element, Path baseDir, Function<ArrayRef.Lent, String> lentKey) {

        JsonValue network(NetworkSpec s) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            o.put("format", str(FORMAT));
            o.put("name", str(s.name()));
            o.put("dt", num("dt", s.dt()));
            o.put("seed", JsonNumber.of(s.seed()));
            o.put("populations", list("populations", s.populations(), this::population));
            o.put("projections", list("projections", s.projections(), this::projection));
            o.put("poisson_drives", list("poisson_drives", s.poissonDrives(), this::drive));
            o.put("current_sources", list("current_sources", s.currentSources(), this::currentSource));
            o.put("recorders", list("recorders", s.recorders(), this::recorder));
            if (!s.hyperedges().isEmpty()) {
                o.put("hyperedges", list("hyperedges", s.hyperedges(), this::hyperedges));
            }
            return JsonObject.of(o);
        }

        JsonValue population(String at, PopulationSpec p) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            o.put("label", str(p.label()));
            o.put("size", JsonNumber.of((long) p.size()));
            o.put("cell_type", str(p.cellType().pynnName()));
            Map<String, JsonValue> params = new LinkedHashMap<>();
            for (var e : p.parameters().entrySet()) {
                if (e.getKey().equals("spike_times") && !(e.getValue() instanceof Value.Sequences)) {
                    throw new SpecException(element, at + ".parameters.spike_times", "expected sequences of spike times "
                            + "(a file reads a flat array as one train for every neuron) but found " + e.getValue());
                }
                params.put(e.getKey(), value(at + ".parameters." + e.getKey(), e.getValue()));
            }
            o.put("parameters", JsonObject.of(params));
            List<PopulationSpec.Initial> inits = p.initialValues();
            boolean distinct = new HashSet<>(inits.stream().map(PopulationSpec.Initial::variable).toList()).size() == inits.size();
            if (distinct) {
                Map<String, JsonValue> init = new LinkedHashMap<>();
                for (PopulationSpec.Initial i : inits) {
                    init.put(i.variable(), value(at + ".initial_values." + i.variable(), i.value()));
                }
                o.put("initial_values", JsonObject.of(init));
            } else {
                List<JsonValue> init = new ArrayList<>();
                for (PopulationSpec.Initial i : inits) {
                    Map<String, JsonValue> pair = new LinkedHashMap<>();
                    pair.put("variable", str(i.variable()));
                    pair.put("value", value(at + ".initial_values[" + init.size() + "].value", i.value()));
                    init.add(JsonObject.of(pair));
                }
                o.put("initial_values", JsonArray.of(init));
            }
            if (p.structure() != null) {
                o.put("structure", structure(at + ".structure", p.structure()));
            }
            return JsonObject.of(o);
        }

        JsonValue projection(String at, ProjectionSpec p) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            o.put("label", str(p.label()));
            o.put("pre", str(p.pre()));
            o.put("post", str(p.post()));
            o.put("receptor_type", str(p.receptor()));
            o.put("connector", connector(at + ".connector", p.connector(), p.safe()));
            o.put("weight", value(at + ".weight", p.weight()));
            o.put("delay", value(at + ".delay", p.delay()));
            o.put("synapse_type", synapse(at + ".synapse_type", p.synapse()));
            if (p.homeostasis() != null) {
                HomeostasisSpec h = p.homeostasis();
                String hat = at + ".homeostasis";
                o.put("homeostasis", object("target_rate", num(hat, h.targetRate()), "window", num(hat, h.window()),
                        "factor", num(hat, h.factor()), "min_scale", num(hat, h.minScale()), "max_scale", num(hat, h.maxScale()),
                        "w_min", num(hat, h.wMin()), "w_max", num(hat, h.wMax())));
            }
            return JsonObject.of(o);
        }

        /** {@code c} as JSON; {@code safe} false is written with it, as PyNN gives it ({@link ProjectionSpec#safe}). */
        JsonValue connector(String at, Connector c, boolean safe) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            o.put("type", str(c.pynnName()));
            switch (c) {
                case Connector.AllToAll a -> o.put("allow_self_connections", JsonBoolean.of(a.allowSelfConnections()));
                case Connector.OneToOne x -> {
                }
                case Connector.FixedProbability f -> {
                    o.put("p_connect", num(at, f.pConnect()));
                    o.put("allow_self_connections", JsonBoolean.of(f.allowSelfConnections()));
                }
                case Connector.FixedNumberPre f -> fixedNumber(o, f.n(), f.allowSelfConnections(), f.withReplacement());
                case Connector.FixedNumberPost f -> fixedNumber(o, f.n(), f.allowSelfConnections(), f.withReplacement());
                case Connector.FixedTotalNumber f -> fixedNumber(o, f.n(), f.allowSelfConnections(), f.withReplacement());
                case Connector.DistanceDependentProbability d -> {
                    o.put("d_expression", str(d.dExpression()));
                    o.put("allow_self_connections", JsonBoolean.of(d.allowSelfConnections()));
                }
                case Connector.FromList l -> {
                    o.put("pre", array(at + ".pre", l.pre()));
                    o.put("post", array(at + ".post", l.post()));
                    if (l.weights() != null) {
                        o.put("weights", array(at + ".weights", l.weights()));
                    }
                    if (l.delays() != null) {
                        o.put("delays", array(at + ".delays", l.delays()));
                    }
                }
            }
            if (!safe) {
                o.put("safe", JsonBoolean.of(false));
            }
            return JsonObject.of(o);
        }

        private static void fixedNumber(Map<String, JsonValue> o, long n, boolean self, boolean replace) {
            o.put("n", JsonNumber.of(n));
            o.put("allow_self_connections", JsonBoolean.of(self));
            o.put("with_replacement", JsonBoolean.of(replace));
        }

        JsonValue synapse(String at, SynapseSpec s) {
            return switch (s) {
                case SynapseSpec.Static x -> object("type", str("StaticSynapse"));
                case SynapseSpec.TsodyksMarkram t -> object("type", str("TsodyksMarkramSynapse"), "U", num(at, t.u()),
                        "tau_rec", num(at, t.tauRec()), "tau_facil", num(at, t.tauFacil()));
                case SynapseSpec.Stdp d -> object("type", str("STDPMechanism"),
                        "timing_dependence", timing(at + ".timing_dependence", d.timing()),
                        "weight_dependence", object("type", str(d.dependence() == WeightDependence.ADDITIVE
                                ? "AdditiveWeightDependence" : "MultiplicativeWeightDependence"),
                                "w_min", num(at, d.wMin()), "w_max", num(at, d.wMax())));
            };
        }

        JsonValue timing(String at, SynapseSpec.TimingRule t) {
            return switch (t) {
                case SynapseSpec.SpikePair p -> object("type", str("SpikePairRule"), "tau_plus", num(at, p.tauPlus()),
                        "tau_minus", num(at, p.tauMinus()), "A_plus", num(at, p.aPlus()), "A_minus", num(at, p.aMinus()));
                case SynapseSpec.Triplet p -> object("type", str("TripletRule"), "tau_plus", num(at, p.tauPlus()),
                        "tau_minus", num(at, p.tauMinus()), "tau_x", num(at, p.tauX()), "tau_y", num(at, p.tauY()),
                        "A2_plus", num(at, p.a2Plus()), "A3_plus", num(at, p.a3Plus()), "A2_minus", num(at, p.a2Minus()),
                        "A3_minus", num(at, p.a3Minus()), "nearest_spike", JsonBoolean.of(p.nearestSpike()));
            };
        }

        JsonValue drive(String at, PoissonDriveSpec d) {
            return object("population", str(d.population()), "receptor_type", str(d.receptor()),
                    "sources", JsonNumber.of((long) d.sources()), "rate", num(at, d.rate()), "weight", num(at, d.weight()));
        }

        JsonValue currentSource(String at, CurrentSourceSpec c) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            o.put("label", str(c.label()));
            o.put("population", str(c.population()));
            o.put("neurons", selection(c.neurons()));
            o.put("type", str(c.waveform().pynnName()));
            waveform(at, o, c.waveform());
            return JsonObject.of(o);
        }

        /** The members of waveform {@code w} into {@code o}. */
        void waveform(String at, Map<String, JsonValue> o, CurrentSourceSpec.Waveform w) {
            switch (w) {
                case CurrentSourceSpec.Dc d -> {
                    o.put("amplitude", num(at, d.amplitude()));
                    window(at, o, d.start(), d.stop());
                }
                case CurrentSourceSpec.Step s -> {
                    o.put("times", numbers(at + ".times", s.times()));
                    o.put("amplitudes", numbers(at + ".amplitudes", s.amplitudes()));
                }
                case CurrentSourceSpec.Ac a -> {
                    o.put("amplitude", num(at, a.amplitude()));
                    o.put("offset", num(at, a.offset()));
                    o.put("frequency", num(at, a.frequency()));
                    o.put("phase", num(at, a.phase()));
                    window(at, o, a.start(), a.stop());
                }
                case CurrentSourceSpec.Noisy n -> {
                    o.put("mean", num(at, n.mean()));
                    o.put("stdev", num(at, n.stdev()));
                    o.put("dt", num(at, n.dt()));
                    window(at, o, n.start(), n.stop());
                }
            }
        }

        private void window(String at, Map<String, JsonValue> o, double start, double stop) {
            o.put("start", num(at, start));
            if (stop != Double.POSITIVE_INFINITY) {
                o.put("stop", num(at, stop));
            }
        }

        JsonValue hyperedges(String at, HyperedgeSpec h) {
            return object("label", str(h.label()), "pre", str(h.pre()), "post", str(h.post()),
                    "receptor_type", str(h.receptor()), "edges", list(at + ".edges", h.edges(), this::edge));
        }

        JsonValue edge(String at, HyperedgeSpec.Edge e) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            o.put("type", str(e.kind().fileName()));
            if (e.kind() == HyperedgeSpec.Kind.ALL_TO_ALL) {
                o.put("members", ints(e.sources()));
            } else {
                o.put("sources", ints(e.sources()));
                o.put("targets", ints(e.targets()));
            }
            o.put("min_spikes", JsonNumber.of((long) e.minSpikes()));
            o.put("window", num(at, e.window()));
            o.put("delay", num(at, e.delay()));
            if (e.weights() != null) {
                o.put("weights", numbers(at + ".weights", e.weights()));
            } else {
                o.put("weight", num(at, e.weight()));
            }
            return JsonObject.of(o);
        }

        private static JsonValue ints(int[] a) {
            return JsonArray.of(java.util.Arrays.stream(a).mapToObj(k -> JsonNumber.of((long) k)).toList());
        }

        JsonValue recorder(String at, RecorderSpec r) {
            return object(r.ofProjection() ? "projection" : "population",
                    str(r.ofProjection() ? r.projection() : r.population()),
                    "variables", JsonArray.of(r.variables().stream().map(SpecJson.Writer::str).toList()),
                    r.ofProjection() ? "synapses" : "neurons", selection(r.selection()),
                    "sampling_interval", num(at, r.interval()));
        }

        JsonValue selection(Selection s) {
            return switch (s) {
                case Selection.All a -> str("all");
                case Selection.Range r -> object("start", JsonNumber.of((long) r.from()), "stop", JsonNumber.of((long) r.to()));
                case Selection.Ids i -> JsonArray.of(java.util.Arrays.stream(i.ids()).mapToObj(k -> JsonNumber.of((long) k))
                        .toList());
            };
        }

        JsonValue structure(String at, Structure s) {
            return switch (s) {
                case Structure.Line l -> object("type", str("Line"), "dx", num(at, l.dx()), "x0", num(at, l.x0()),
                        "y0", num(at, l.y0()), "z0", num(at, l.z0()));
                case Structure.Grid2D g -> object("type", str("Grid2D"), "aspect_ratio", num(at, g.aspectRatio()),
                        "dx", num(at, g.dx()), "dy", num(at, g.dy()), "x0", num(at, g.x0()), "y0", num(at, g.y0()),
                        "z", num(at, g.z()));
                case Structure.Grid3D g -> object("type", str("Grid3D"), "aspect_ratioXY", num(at, g.aspectRatioXY()),
                        "aspect_ratioXZ", num(at, g.aspectRatioXZ()), "dx", num(at, g.dx()), "dy", num(at, g.dy()),
                        "dz", num(at, g.dz()), "x0", num(at, g.x0()), "y0", num(at, g.y0()), "z0", num(at, g.z0()));
                case Structure.Random r -> object("type", str("RandomStructure"), "boundary", r.shape().equals("sphere")
                        ? object("type", str("Sphere"), "radius", num(at, r.width()))
                        : object("type", str("Cuboid"), "width", num(at, r.width()), "height", num(at, r.height()),
                                "depth", num(at, r.depth())),
                        "origin", numbers(at, new double[] {r.x0(), r.y0(), r.z0()}));
                case Structure.Explicit e -> object("type", str("Explicit"), "xyz", array(at + ".xyz", e.xyz()));
            };
        }

        JsonValue value(String at, Value v) {
            return switch (v) {
                case Value.Constant c -> num(at, c.value());
                case Value.Array a -> array(at, a.values());
                case Value.Random r -> distribution(at, r.distribution());
                case Value.Sequences s -> JsonArray.of(s.sequences().stream().map(q -> numbers(at, q)).toList());
            };
        }

        JsonValue distribution(String at, Distribution d) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            o.put("distribution", str(d.pynnName()));
            switch (d) {
                case Distribution.Uniform u -> {
                    o.put("low", num(at, u.low()));
                    o.put("high", num(at, u.high()));
                }
                case Distribution.Normal n -> {
                    o.put("mu", num(at, n.mu()));
                    o.put("sigma", num(at, n.sigma()));
                }
                case Distribution.NormalClipped n -> {
                    o.put("mu", num(at, n.mu()));
                    o.put("sigma", num(at, n.sigma()));
                    if (n.low() != Double.NEGATIVE_INFINITY) {
                        o.put("low", num(at, n.low()));
                    }
                    if (n.high() != Double.POSITIVE_INFINITY) {
                        o.put("high", num(at, n.high()));
                    }
                }
                case Distribution.Exponential e -> o.put("beta", num(at, e.beta()));
                case Distribution.LogNormal l -> {
                    o.put("mu", num(at, l.mu()));
                    o.put("sigma", num(at, l.sigma()));
                }
            }
            return JsonObject.of(o);
        }

        JsonValue array(String at, ArrayRef a) {
            return switch (a) {
                case ArrayRef.Inline i -> numbers(at, i.values());
                case ArrayRef.Stored s -> {
                    Path f = s.file();
                    if (baseDir != null && f.isAbsolute() && f.normalize().startsWith(baseDir)) {
                        f = baseDir.relativize(f.normalize());
                    }
                    yield s.key() == null ? object("file", str(f.toString()))
                            : object("file", str(f.toString()), "key", str(s.key()));
                }
                case ArrayRef.Lent l -> {
                    if (lentKey == null) {
                        throw new SpecException(element, at, "expected an array JSON can hold (inline or in a file) but "
                                + "found " + l.knownLength() + " values lent by the host; store them in a .npy file first");
                    }
                    yield object("lent", str(lentKey.apply(l)));
                }
            };
        }

        private JsonValue numbers(String at, double[] values) {
            List<JsonValue> out = new ArrayList<>(values.length);
            for (int k = 0; k < values.length; k++) {
                out.add(num(at + "[" + k + "]", values[k]));
            }
            return JsonArray.of(out);
        }

        private JsonValue num(String at, double v) {
            if (!Double.isFinite(v)) {
                throw new SpecException(element, at, "expected a finite number (JSON has no NaN or infinity) but found " + v);
            }
            return JsonNumber.of(v);
        }

        private static JsonValue str(String s) {
            return JsonString.of(s);
        }

        private static <T> JsonValue list(String at, List<T> items, BiFunction<String, T, JsonValue> f) {
            List<JsonValue> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(f.apply(at + "[" + i + "]", items.get(i)));
            }
            return JsonArray.of(out);
        }

        /** An object of key, value, key, value, ... in that order. */
        private static JsonValue object(Object... keysAndValues) {
            Map<String, JsonValue> o = new LinkedHashMap<>();
            for (int k = 0; k < keysAndValues.length; k += 2) {
                o.put((String) keysAndValues[k], (JsonValue) keysAndValues[k + 1]);
            }
            return JsonObject.of(o);
        }
    }
}
