package org.shnn.engine.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.spec.SynapseSpec.WeightDependence;

class SpecJsonTest {

    @TempDir
    Path dir;

    /** A network using every record type and every variant of each, with doubles that print awkwardly. */
    static NetworkSpec everything(Path files) {
        Map<String, Value> lif = new LinkedHashMap<>();
        lif.put("tau_m", Value.of(0.1 + 0.2));
        lif.put("cm", Value.of(-0.0 + 1e-300, Math.PI, Double.MIN_VALUE, -0.0));
        lif.put("v_rest", Value.of(new Distribution.Uniform(-70, -60)));
        lif.put("v_thresh", Value.of(new Distribution.NormalClipped(-50, 1, Double.NEGATIVE_INFINITY, -45)));
        lif.put("v_reset", Value.of(new Distribution.NormalClipped(-60, 1, -65, Double.POSITIVE_INFINITY)));
        lif.put("tau_refrac", Value.of(new Distribution.Exponential(2)));
        lif.put("tau_syn_E", Value.of(new Distribution.LogNormal(1, 0.5)));
        lif.put("i_offset", new Value.Array(new ArrayRef.Stored(files.resolve("i.npy"), null)));
        PopulationSpec exc = new PopulationSpec("exc", 4, CellType.IF_COND_EXP, lif,
                List.of(new PopulationSpec.Initial("v", Value.of(new Distribution.Normal(-55, 5))),
                        new PopulationSpec.Initial("gsyn_exc", Value.of(0.001))),
                new Structure.Grid2D(1, 10, 12.5, 1, 2, 3));
        PopulationSpec inh = new PopulationSpec("inh", 3, CellType.IZHIKEVICH, Map.of("a", Value.of(0.02)),
                List.of(new PopulationSpec.Initial("v", Value.of(-65)), new PopulationSpec.Initial("v",
                        new Value.Array(new ArrayRef.Stored(files.resolve("v0.npz"), "v")))),
                new Structure.Random("sphere", 50, 0, 0, 1, 2, 3));
        PopulationSpec line = new PopulationSpec("line", 2, CellType.IF_CURR_ALPHA, Map.of(), List.of(),
                new Structure.Line(1.5, 0, 0, 0));
        PopulationSpec cube = new PopulationSpec("cube", 2, CellType.EIF_COND_EXP_ISFA_ISTA, Map.of(), List.of(),
                new Structure.Grid3D(1, 2, 1, 1, 1, 0, 0, 0));
        PopulationSpec box = new PopulationSpec("box", 2, CellType.IF_CURR_DELTA, Map.of(), List.of(),
                new Structure.Random("cuboid", 1, 2, 3, 0, 0, 0));
        PopulationSpec placed = new PopulationSpec("placed", 2, CellType.LIF_Q16, Map.of(), List.of(),
                new Structure.Explicit(new ArrayRef.Inline(new double[] {0, 0, 0, 1, 1, 1})));
        PopulationSpec poisson = new PopulationSpec("noise", 5, CellType.SPIKE_SOURCE_POISSON,
                Map.of("rate", Value.of(10), "start", Value.of(0), "duration", Value.of(1000)));
        PopulationSpec trains = new PopulationSpec("trains", 2, CellType.SPIKE_SOURCE_ARRAY,
                Map.of("spike_times", new Value.Sequences(List.of(new double[] {1, 2.5}, new double[] {}))));
        PopulationSpec same = new PopulationSpec("same", 2, CellType.SPIKE_SOURCE_ARRAY,
                Map.of("spike_times", new Value.Sequences(List.of(new double[] {3, 4}))));
        List<ProjectionSpec> projections = List.of(
                new ProjectionSpec("exc", "exc", "excitatory", new Connector.AllToAll(false), Value.of(0.006), Value.of(0.1)),
                new ProjectionSpec("p2", "exc", "inh", "inhibitory", new Connector.FixedProbability(0.02, true),
                        Value.of(new Distribution.Normal(0.5, 0.1)), Value.of(0.2),
                        new SynapseSpec.TsodyksMarkram(0.5, 800, 0), null),
                new ProjectionSpec("p3", "noise", "exc", "excitatory", new Connector.FixedNumberPre(2, true, false),
                        Value.of(0.01), Value.of(1.0),
                        new SynapseSpec.Stdp(new SynapseSpec.SpikePair(20, 20, 0.01, 0.012), WeightDependence.ADDITIVE, 0, 0.02),
                        new HomeostasisSpec(5, 1000, 0.001, 0.1, 10, 0, 1)),
                new ProjectionSpec("p4", "exc", "exc", "excitatory", new Connector.FixedNumberPost(1, false, true),
                        Value.of(0.01), Value.of(1.0), new SynapseSpec.Stdp(new SynapseSpec.Triplet(16.8, 33.7, 101, 125,
                                5e-10, 6.2e-3, 7e-3, 2.3e-4, true), WeightDependence.MULTIPLICATIVE, -1, 1), null),
                new ProjectionSpec("p5", "trains", "exc", "excitatory", new Connector.FixedTotalNumber(3, true, true),
                        Value.of(0.01), Value.of(1.0), SynapseSpec.STATIC, null),
                new ProjectionSpec("p6", "exc", "inh", "excitatory", new Connector.DistanceDependentProbability("exp(-d / 100)", true),
                        Value.of(0.01), Value.of(new Distribution.Uniform(0.1, 2)), SynapseSpec.STATIC, null),
                new ProjectionSpec("p7", "exc", "inh", "excitatory", new Connector.FromList(new ArrayRef.Inline(new double[] {0, 3}),
                        new ArrayRef.Inline(new double[] {2, 0}), new ArrayRef.Inline(new double[] {0.1, 0.2}), null),
                        Value.of(0.01, 0.02), Value.of(0.1), SynapseSpec.STATIC, null),
                new ProjectionSpec("p9", "line", "line", "inhibitory", new Connector.OneToOne(), Value.of(-0.01), Value.of(0.1),
                        SynapseSpec.STATIC, null),
                new ProjectionSpec("p8", "same", "inh", "excitatory", new Connector.FromList(
                        new ArrayRef.Stored(files.resolve("conn.npz"), "pre"), new ArrayRef.Stored(files.resolve("conn.csv"), "1"),
                        null, new ArrayRef.Stored(Path.of("rel/d.npy"), null)), Value.of(0.01), Value.of(0.1), SynapseSpec.STATIC, null));
        List<PoissonDriveSpec> drives = List.of(new PoissonDriveSpec("exc", "excitatory", 1000, 2.0, 0.1),
                new PoissonDriveSpec("inh", "inhibitory", 1, 0.5, 0.2));
        List<CurrentSourceSpec> currents = List.of(
                new CurrentSourceSpec("dc", "exc", Selection.ALL, new CurrentSourceSpec.Dc(0.5, 0, Double.POSITIVE_INFINITY)),
                new CurrentSourceSpec("dc2", "exc", new Selection.Range(1, 3), new CurrentSourceSpec.Dc(-0.5, 10, 20)),
                new CurrentSourceSpec("step", "inh", new Selection.Ids(new int[] {2, 0}),
                        new CurrentSourceSpec.Step(new double[] {10, 20.5}, new double[] {0.3, 0})),
                new CurrentSourceSpec("ac", "exc", Selection.ALL, new CurrentSourceSpec.Ac(1, 0.1, 10, 90, 0, 500)),
                new CurrentSourceSpec("noise", "inh", Selection.ALL,
                        new CurrentSourceSpec.Noisy(0.1, 0.05, 1, 5, Double.POSITIVE_INFINITY)));
        List<RecorderSpec> recorders = List.of(new RecorderSpec("exc", List.of("spikes", "v"), Selection.ALL, 0.1),
                new RecorderSpec("inh", List.of("u"), new Selection.Ids(new int[] {1}), 1.0),
                new RecorderSpec("noise", List.of("spikes"), new Selection.Range(0, 2), 0.1));
        return new NetworkSpec("every-thing", 0.1, -1234567890123456789L,
                List.of(exc, inh, line, cube, box, placed, poisson, trains, same), projections, drives, currents, recorders);
    }

    @Test
    void writeThenReadGivesAnEqualSpecWithExactDoubles() {
        NetworkSpec spec = everything(Path.of("/data")).validate();
        String text = SpecJson.write(spec);
        NetworkSpec back = SpecJson.parse(text, "every.json", null);
        assertEquals(spec, back);
        assertEquals(text, SpecJson.write(back));
        assertEquals(spec, SpecJson.fromJson(SpecJson.toJson(spec, null), "tree", null));
        double[] cm = ((ArrayRef.Inline) ((Value.Array) back.population("exc").parameters().get("cm")).values()).values();
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(cm[3]));
        assertEquals(Double.MIN_VALUE, cm[2]);
        assertEquals(0.1 + 0.2, ((Value.Constant) back.population("exc").parameters().get("tau_m")).value());
    }

    @Test
    void filesAreWrittenRelativeToTheDocumentAndResolvedAgainstIt() throws IOException {
        for (String f : List.of("i.npy", "v0.npz", "conn.npz", "conn.csv", "rel/d.npy")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), "x");
        }
        NetworkSpec spec = everything(dir);
        NetworkSpec inDir = new NetworkSpec(spec.name(), spec.dt(), spec.seed(), spec.populations(),
                spec.projections().stream().map(p -> p.label().equals("p8") ? new ProjectionSpec(p.label(), p.pre(), p.post(),
                        p.receptor(), new Connector.FromList(new ArrayRef.Stored(dir.resolve("conn.npz"), "pre"),
                                new ArrayRef.Stored(dir.resolve("conn.csv"), "1"), null,
                                new ArrayRef.Stored(dir.resolve("rel/d.npy"), null)), p.weight(), p.delay(), p.synapse(),
                        null) : p).toList(),
                spec.poissonDrives(), spec.currentSources(), spec.recorders());
        Path file = dir.resolve("net.json");
        SpecJson.write(inDir, file);
        String text = Files.readString(file);
        assertTrue(text.contains("\"file\": \"conn.npz\""), text);
        assertFalse(text.contains(dir.toString()), text);
        assertEquals(inDir, SpecJson.read(file));
        Files.delete(dir.resolve("rel/d.npy"));
        SpecException e = assertThrows(SpecException.class, () -> SpecJson.read(file));
        assertEquals(file.toString(), e.element());
        assertEquals("projections[8].connector.delays.file", e.field());
    }

    @Test
    void arraysLentByAHostAndNonFiniteArraysAreRefusedWhenWriting() {
        NetworkSpec nan = new NetworkSpec("n", 0.1, 1, List.of(new PopulationSpec("a", 2, CellType.IF_COND_EXP,
                Map.of("tau_m", Value.of(1, Double.NaN)))), List.of());
        SpecException e = assertThrows(SpecException.class, () -> SpecJson.write(nan));
        assertEquals("populations[0].parameters.tau_m[1]", e.field());
        var segment = java.lang.foreign.MemorySegment.ofArray(new double[2]);
        NetworkSpec lent = new NetworkSpec("n", 0.1, 1, List.of(new PopulationSpec("a", 2, CellType.IF_COND_EXP,
                Map.of("tau_m", new Value.Array(new ArrayRef.Lent(segment, org.shnn.codec.Dtype.FLOAT64))))), List.of());
        assertEquals("populations[0].parameters.tau_m", assertThrows(SpecException.class, () -> SpecJson.write(lent)).field());
    }

    // ------------------------------------------------------------------------------------------------
    // Errors: each names the file and the JSON path, with expected and found.

    private static final String GOOD = """
            {"format": "shnn-network/1", "name": "t", "dt": 0.1, "seed": 1,
             "populations": [
               {"label": "a", "size": 3, "cell_type": "IF_cond_exp", "parameters": {"tau_m": 20.0}},
               {"label": "b", "size": 2, "cell_type": "IF_cond_exp"}],
             "projections": [
               {"label": "a->b", "pre": "a", "post": "b", "receptor_type": "excitatory",
                "connector": {"type": "FixedProbabilityConnector", "p_connect": 0.5},
                "weight": 0.01, "delay": 0.1}]}
            """;

    private static String error(String json) {
        SpecException e = assertThrows(SpecException.class, () -> SpecJson.parse(json, "net.json", null));
        assertEquals("net.json", e.element());
        return e.getMessage();
    }

    @Test
    void theGoodDocumentReads() {
        NetworkSpec s = SpecJson.parse(GOOD, "net.json", null);
        assertEquals(5, s.neuronCount());
        assertEquals(new Connector.FixedProbability(0.5, true), s.projections().get(0).connector());
        assertEquals(SynapseSpec.STATIC, s.projections().get(0).synapse());
    }

    /** A connector's omitted members take PyNN's defaults, which differ between the fixed-number connectors. */
    @Test
    void connectorsTakePyNNsDefaults() {
        String[][] cases = {
            {"FixedTotalNumberConnector", "true"}, // PyNN: FixedTotalNumberConnector(n, with_replacement=True)
            {"FixedNumberPreConnector", "false"},
            {"FixedNumberPostConnector", "false"},
        };
        for (String[] c : cases) {
            Connector k = SpecJson.parse(GOOD.replace("\"FixedProbabilityConnector\", \"p_connect\": 0.5",
                    "\"" + c[0] + "\", \"n\": 2"), "net.json", null).projections().get(0).connector();
            boolean replace = switch (k) {
                case Connector.FixedTotalNumber t -> t.allowSelfConnections() && t.withReplacement();
                case Connector.FixedNumberPre t -> t.allowSelfConnections() && t.withReplacement();
                case Connector.FixedNumberPost t -> t.allowSelfConnections() && t.withReplacement();
                default -> throw new AssertionError(k);
            };
            assertEquals(Boolean.parseBoolean(c[1]), replace, c[0]);
        }
    }

    @Test
    void wrongTypesNameThePath() {
        assertEquals("net.json: populations[0].parameters.tau_m: expected a number, an array of numbers, a distribution "
                + "{\"distribution\": ...} or a file {\"file\": ...} but found \"x\"", error(GOOD.replace("20.0", "\"x\"")));
        assertEquals("net.json: populations[1].size: expected an integer in [1, 2147483647] but found 2.5",
                error(GOOD.replace("\"size\": 2,", "\"size\": 2.5,")));
        assertEquals("net.json: populations[1].size: expected an integer in [1, 2147483647] but found 0",
                error(GOOD.replace("\"size\": 2,", "\"size\": 0,")));
        assertEquals("net.json: dt: expected a number but found none", error(GOOD.replace("\"dt\": 0.1,", "")));
        assertEquals("net.json: populations: expected an array but found an empty object",
                error(GOOD.substring(0, GOOD.indexOf("\"populations\"")) + "\"populations\": {}}"));
    }

    @Test
    void formatVersionIsRequiredAndChecked() {
        assertEquals("net.json: format: expected \"shnn-network/1\" (the version of the SHNN network file format) but found none",
                error(GOOD.replace("\"format\": \"shnn-network/1\",", "")));
        assertTrue(error(GOOD.replace("shnn-network/1", "shnn-network/2"))
                .endsWith("but found \"shnn-network/2\" (written by another version of SHNN?)"));
    }

    @Test
    void unknownKeysAreRefusedWithASuggestion() {
        assertEquals("net.json: projections[0].connector.p_conect: unknown key \"p_conect\" (did you mean \"p_connect\"?)",
                error(GOOD.replace("\"p_connect\": 0.5", "\"p_connect\": 0.5, \"p_conect\": 0.1")));
        assertEquals("net.json: populations[1].celltype: unknown key \"celltype\" (did you mean \"cell_type\"?)",
                error(GOOD.replace("\"size\": 2, \"cell_type\": \"IF_cond_exp\"", "\"size\": 2, \"cell_type\": \"IF_cond_exp\", "
                        + "\"celltype\": 1")));
        assertTrue(error(GOOD.replace("\"seed\": 1,", "\"seed\": 1, \"sed\": 2,")).startsWith("net.json: sed: unknown key"));
        assertEquals("net.json: populations[1].cell_type: expected one of IF_curr_exp, IF_curr_alpha, IF_curr_delta, "
                + "IF_cond_exp, IF_cond_alpha, IF_cond_exp_gsfa_grr, EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista, "
                + "HH_cond_exp, Izhikevich, LIF_Q16, SpikeSourcePoisson, SpikeSourceArray but found 'IF_Cond_exp' "
                + "(did you mean IF_cond_exp?)", error(GOOD.replace("\"size\": 2, \"cell_type\": \"IF_cond_exp\"",
                        "\"size\": 2, \"cell_type\": \"IF_Cond_exp\"")));
        assertTrue(error(GOOD.replace("FixedProbabilityConnector", "FixedProbabilityConector"))
                .endsWith("but found \"FixedProbabilityConector\" (did you mean \"FixedProbabilityConnector\"?)"));
    }

    @Test
    void outOfRangeValuesAreNamedAtTheirPlace() {
        assertEquals("net.json: projections[0].connector.p_connect: expected a probability in [0, 1] but found 1.5",
                error(GOOD.replace("0.5}", "1.5}")));
        assertEquals("net.json: populations[0].parameters.tau_m.sigma: expected a finite number >= 0 but found -1.0",
                error(GOOD.replace("20.0", "{\"distribution\": \"normal\", \"mu\": 20, \"sigma\": -1}")));
        assertEquals("net.json: line 3, column 82: expected a number within the range of a double (magnitude below 1.8e308) "
                + "but found 1e999", error(GOOD.replace("20.0", "1e999")));
        assertEquals("net.json: projections[0].delay: expected a delay >= dt = 0.1 ms but found 0.05 ms",
                error(GOOD.replace("\"delay\": 0.1", "\"delay\": 0.05")));
        assertEquals("net.json: projections[0].synapse_type.tau_rec: expected a finite number >= 0 but found -800.0",
                error(GOOD.replace("\"delay\": 0.1", "\"delay\": 0.1, \"synapse_type\": {\"type\": \"TsodyksMarkramSynapse\", "
                        + "\"U\": 0.5, \"tau_rec\": -800}")));
        assertEquals("net.json: projections[0].synapse_type.weight_dependence.w_max: expected > w_min = 0.0 but found 0.0",
                error(GOOD.replace("\"delay\": 0.1", "\"delay\": 0.1, \"synapse_type\": {\"type\": \"STDPMechanism\", "
                        + "\"timing_dependence\": {\"type\": \"SpikePairRule\", \"tau_plus\": 20, \"tau_minus\": 20, "
                        + "\"A_plus\": 0.01, \"A_minus\": 0.01}, \"weight_dependence\": {\"type\": \"AdditiveWeightDependence\", "
                        + "\"w_min\": 0, \"w_max\": 0}}")));
    }

    @Test
    void namesSizesAndIndicesThatDoNotFitAreNamed() {
        assertEquals("net.json: projections[0].pre: expected the label of a population (a, b) but found 'c'",
                error(GOOD.replace("\"pre\": \"a\"", "\"pre\": \"c\"")));
        assertEquals("net.json: populations[0].parameters.tau_m: expected 3 values (one per neuron) but found 2",
                error(GOOD.replace("20.0", "[20.0, 21.0]")));
        assertEquals("net.json: projections[0].connector.post[1]: expected an index in [0, 2) of 'b' but found 2.0",
                error(GOOD.replace("{\"type\": \"FixedProbabilityConnector\", \"p_connect\": 0.5}",
                        "{\"type\": \"FromListConnector\", \"pre\": [0, 1], \"post\": [0, 2]}")));
        assertEquals("net.json: projections[0].connector.post: expected 2 values (as many as pre) but found 1",
                error(GOOD.replace("{\"type\": \"FixedProbabilityConnector\", \"p_connect\": 0.5}",
                        "{\"type\": \"FromListConnector\", \"pre\": [0, 1], \"post\": [0]}")));
        assertEquals("net.json: populations: expected unique labels but found 'a' twice",
                error(GOOD.replace("\"label\": \"b\"", "\"label\": \"a\"")));
    }

    @Test
    void fileReferencesAreCheckedForKindKeyAndExistence() throws IOException {
        Path net = dir.resolve("net.json");
        String withFile = GOOD.replace("20.0", "{\"file\": \"tau.npy\"}");
        Files.writeString(net, withFile);
        SpecException missing = assertThrows(SpecException.class, () -> SpecJson.read(net));
        assertEquals(net + ": populations[0].parameters.tau_m.file: expected an existing file but found none at "
                + dir.resolve("tau.npy"), missing.getMessage());
        Files.writeString(dir.resolve("tau.npy"), "x");
        NetworkSpec s = SpecJson.read(net);
        assertEquals(new Value.Array(new ArrayRef.Stored(dir.resolve("tau.npy"), null)), s.population("a").parameters().get("tau_m"));
        assertEquals("net.json: populations[0].parameters.tau_m.key: expected the array name in 'tau.npz' but found none",
                error(GOOD.replace("20.0", "{\"file\": \"tau.npz\"}")));
        assertEquals("net.json: populations[0].parameters.tau_m.file: expected a .npy, .npz or .csv file but found \"tau.txt\"",
                error(GOOD.replace("20.0", "{\"file\": \"tau.txt\"}")));
        assertEquals("net.json: populations[0].parameters.tau_m.lent: unknown key \"lent\" (expected one of file, key)",
                error(GOOD.replace("20.0", "{\"file\": \"tau.npy\", \"lent\": \"x\"}")));
        assertTrue(error(GOOD.replace("20.0", "{\"file\": \"tau.npy\", \"key\": \"x\"}"))
                .startsWith("net.json: populations[0].parameters.tau_m.key: expected no key for a .npy file"));
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        String m = error(GOOD.replace("\"seed\": 1,", "\"seed\": 1"));
        assertTrue(m.startsWith("net.json: line 2, column 2: "), m);
        assertTrue(error("").startsWith("net.json: "));
        assertTrue(error("[]").startsWith("net.json: top level: expected an object but found an array of 0"));
        assertTrue(error(GOOD.replace("20.0", "NaN")).startsWith("net.json: line 3, column "));
    }

    @Test
    void spikeTimesReadAsInPyNN() {
        String trains = GOOD.replace("{\"label\": \"b\", \"size\": 2, \"cell_type\": \"IF_cond_exp\"}",
                "{\"label\": \"b\", \"size\": 2, \"cell_type\": \"IF_cond_exp\"}, {\"label\": \"s\", \"size\": 2, "
                        + "\"cell_type\": \"SpikeSourceArray\", \"parameters\": {\"spike_times\": SPIKES}}");
        NetworkSpec one = SpecJson.parse(trains.replace("SPIKES", "[1.0, 2.0]"), "net.json", null);
        assertEquals(new Value.Sequences(List.of(new double[] {1, 2})), one.population("s").parameters().get("spike_times"));
        NetworkSpec each = SpecJson.parse(trains.replace("SPIKES", "[[1.0], [2.0, 3.0]]"), "net.json", null);
        assertEquals(new Value.Sequences(List.of(new double[] {1}, new double[] {2, 3})),
                each.population("s").parameters().get("spike_times"));
        assertNotEquals(one, each);
    }

    @Test
    void assemblyErrorsAreLocatedInTheFile() {
        NetworkSpec s = SpecJson.parse(GOOD, "net.json", null);
        SpecException e = SpecJson.locate("net.json", s, new SpecException("population 'b'", "parameters.tau_m",
                "expected a finite number > 0 but found -1.0"));
        assertEquals("net.json: populations[1].parameters.tau_m: expected a finite number > 0 but found -1.0", e.getMessage());
        assertEquals("net.json: projections[0].connector.pre: expected a 1-D array but found 2-D",
                SpecJson.locate("net.json", s, new SpecException("projection 'a->b'", "connector.pre",
                        "expected a 1-D array but found 2-D")).getMessage());
        assertEquals("net.json: projections[0].synapse_type.timing_dependence: z", SpecJson.locate("net.json", s,
                new SpecException("projection 'a->b'", "synapse.timing", "z")).getMessage());
        assertEquals("net.json: something else.x: y", SpecJson.locate("net.json", s,
                new SpecException("something else", "x", "y")).getMessage());
    }
}
