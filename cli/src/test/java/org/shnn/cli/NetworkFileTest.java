package org.shnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecJson;

/** {@code scripts/run NETWORK.json}: the shipped example files, and errors in a file. */
class NetworkFileTest {

    /** The examples, from the module directory (where Surefire runs). */
    private static final Path EXAMPLES = Path.of("..", "examples", "networks");



    private static CliResult ok(String... args) {
        CliResult r = CliResult.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ":\n" + r.out() + r.err());
        return r;
    }

    @Test
    void cobaFileIsTheBuiltInDescriptionAndBuiltInsRoundTrip() throws IOException {
        assertEquals(BuiltinNetworks.cobaSpec(4000, 1, 0.1), SpecJson.read(EXAMPLES.resolve("coba.json")));
        for (NetworkSpec s : List.of(BuiltinNetworks.cubaSpec(1000, 7, 0.1), BuiltinNetworks.brunelSpec(5000, 400, 3, BrunelRegime.SI_FAST, 0.1))) {
            assertEquals(s, SpecJson.parse(SpecJson.write(s), s.name() + ".json", null));
        }
    }

    @Test
    void cobaFileGivesTheRasterOfTheBuiltInCobaForOneAndTwoThreads() {
        String coba = EXAMPLES.resolve("coba.json").toString();
        String builtIn = ok("--model", "coba", "--duration", "0.2", "--seed", "3").sha();
        assertEquals(builtIn, ok(coba, "--duration", "0.2", "--seed", "3").sha());
        assertEquals(builtIn, ok(coba, "--duration", "0.2", "--seed", "3", "--threads", "2").sha());
        assertNotEquals(builtIn, ok(coba, "--duration", "0.2").sha(), "--seed replaces the file's seed (1)");
        assertEquals(ok("--model", "coba", "--duration", "0.2").sha(), ok(coba, "--duration", "0.2", "--threads", "2").sha());
    }

    @Test
    void plasticFileRunsTheSameForOneAndTwoThreads(@TempDir Path dir) throws IOException {
        String plastic = EXAMPLES.resolve("plastic.json").toString();
        CliResult one = ok(plastic, "--duration", "0.5", "--spikes-out", dir.resolve("s.csv").toString(), "--summary-json",
                dir.resolve("s.json").toString());
        CliResult two = ok(plastic, "--duration", "0.5", "--threads", "2");
        assertEquals(one.sha(), two.sha());
        assertTrue(Long.parseLong(one.line("spikes ")) > 100, one.out());
        assertTrue(one.out().contains("model            plastic"), one.out());
        // the file's recorders of spikes choose all of input and exc and 2 of inh's 40 neurons: the CSV holds those
        long recorded = Long.parseLong(one.line("recorded spikes").split(" ")[0]);
        assertTrue(recorded > 0 && recorded < Long.parseLong(one.line("spikes ")), one.out());
        assertEquals(recorded + 1, Files.readAllLines(dir.resolve("s.csv")).size());
        assertTrue(Files.readString(dir.resolve("s.json")).contains("\"recorded_spikes\": " + recorded + ",\n"));
    }

    @Test
    void aBadFileIsOneLineNamingTheFileAndThePlace(@TempDir Path dir) throws IOException {
        String good = Files.readString(EXAMPLES.resolve("coba.json"));
        Path net = dir.resolve("net.json");
        String[][] cases = {
            {"\"tau_m\": 20.0", "\"tau_m\": \"x\"", "populations[0].parameters.tau_m: expected a number"},
            {"\"p_connect\": 0.02", "\"p_conect\": 0.02", "projections[0].connector.p_conect: unknown key \"p_conect\" "
                    + "(did you mean \"p_connect\"?)"},
            {"\"delay\": 0.1", "\"delay\": 0.01", "projections[0].delay: expected a delay >= dt = 0.1 ms but found 0.01 ms"},
            {"\"delay\": 0.1", "\"delay\": 1e9", "projections[0].delay: delay 1.0E9 ms is 10000000000 steps of dt = 0.1"
                    + " ms; at most 32767 steps (3276.7 ms) fit a delay ring"},
            {"\"size\": 800", "\"size\": -800", "populations[1].size: expected an integer in [1, "},
            {"\"IF_cond_exp\"", "\"IF_cond_exq\"", "populations[0].cell_type: expected one of"},
            {"\"format\": \"shnn-network/1\"", "\"format\": \"shnn-network/9\"", "format: expected \"shnn-network/1\""},
            {"\"cm\": 0.2", "\"cm\": -0.2", "populations[0].parameters"},
            {"\"tau_m\": 20.0", "\"tau_mm\": 20.0", "populations[0].parameters"},
            {"\"mu\": -55.0", "\"mu\": -55.0,", net + ": line "},
        };
        for (String[] c : cases) {
            Files.writeString(net, good.replaceFirst(java.util.regex.Pattern.quote(c[0]), java.util.regex.Matcher.quoteReplacement(c[1])));
            CliResult r = CliResult.run(net.toString(), "--duration", "0.01");
            assertEquals(2, r.code(), c[1] + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: " + net + ": "), r.err());
            assertTrue(r.err().contains(c[2]), c[1] + ": " + r.err());
            assertEquals("", r.out());
        }
        CliResult missing = CliResult.run(dir.resolve("none.json").toString());
        assertEquals(2, missing.code());
        assertEquals("error: network file " + dir.resolve("none.json") + ": no such file", missing.err().strip());
    }

    @Test
    void aBadWeightRecorderIsOneLineNamingTheFileAndThePlace(@TempDir Path dir) throws IOException {
        String good = Files.readString(EXAMPLES.resolve("plastic.json"));
        Path net = dir.resolve("plastic.json");
        String rec = "{\"projection\": \"input->exc\", \"variables\": [\"weight\"], \"synapses\": {\"start\": 0, "
                + "\"stop\": 20}, \"sampling_interval\": 1.0}";
        assertTrue(good.contains(rec), "plastic.json records the weights of input->exc");
        String[][] cases = {
            {"\"projection\": \"input->exc\"", "\"projection\": \"input->exx\"",
                "recorders[4].projection: expected the label of a projection (input->exc, exc->inh, inh->exc) but found "
                        + "'input->exx'"},
            {"\"stop\": 20}, \"sampling", "\"stop\": 2000000}, \"sampling",
                "recorders[4].synapses: expected a range within [0, "},
            {"\"synapses\": {\"start\": 0, \"stop\": 20}", "\"synapses\": [3, 99999]",
                "recorders[4].synapses[1]: expected an index in [0, "},
            {"\"variables\": [\"weight\"], \"synapses\"", "\"variables\": [\"v\"], \"synapses\"",
                "recorders[4].variables: expected [\"weight\"]"},
            {"\"stop\": 20}, \"sampling_interval\": 1.0", "\"stop\": 20}, \"sampling_interval\": 0.15",
                "recorders[4].sampling_interval: expected a whole number of steps of dt = 0.1 ms but found 0.15 ms"},
            {"\"variables\": [\"weight\"], \"synapses\"", "\"variables\": [\"weight\"], \"neurons\"",
                "recorders[4].neurons: unknown key \"neurons\""},
            {rec, rec + ", " + rec, "recorders: expected one weight recorder per projection"},
        };
        for (String[] c : cases) {
            assertTrue(good.contains(c[0]), c[0]);
            Files.writeString(net, good.replace(c[0], c[1]));
            CliResult r = CliResult.run(net.toString(), "--duration", "0.01");
            assertEquals(2, r.code(), c[1] + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: " + net + ": " + c[2]), c[1] + ": " + r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void arrayFilesThatAreMissingOrNotArraysAreNamedAtTheirPlace(@TempDir Path dir) throws IOException {
        Path net = dir.resolve("list.json");
        Files.writeString(net, """
                {"format": "shnn-network/1", "name": "list", "dt": 0.1, "seed": 1,
                 "populations": [{"label": "a", "size": 4, "cell_type": "IF_cond_exp", "parameters": {"tau_m": TAU}}],
                 "projections": [{"pre": "a", "post": "a", "weight": 0.01, "delay": 0.1,
                   "connector": {"type": "FromListConnector", "pre": {"file": "pre.npy"}, "post": [1, 2]}}]}
                """.replace("TAU", "20.0"));
        CliResult missing = CliResult.run(net.toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().startsWith("error: " + net + ": projections[0].connector.pre.file: expected an existing file"),
                missing.err());
        Files.writeString(dir.resolve("pre.npy"), "not a NumPy file");
        CliResult garbage = CliResult.run(net.toString());
        assertEquals(2, garbage.code(), garbage.err());
        assertTrue(garbage.err().startsWith("error: " + net + ": projections[0].connector.pre"), garbage.err());
        assertEquals(1, garbage.err().lines().count(), garbage.err());
        var twoD = java.lang.foreign.MemorySegment.ofArray(new long[] {0, 1, 2, 3});
        org.shnn.codec.npy.NpyFile.write(dir.resolve("pre.npy"), org.shnn.codec.Dtype.INT64, new long[] {2, 2}, twoD);
        CliResult shape = CliResult.run(net.toString());
        assertEquals(2, shape.code(), shape.err());
        assertTrue(shape.err().startsWith("error: " + net + ": projections[0].connector.pre"), shape.err());
        assertTrue(shape.err().contains("1-D"), shape.err());
        Files.writeString(net, Files.readString(net).replace("20.0", "-20.0"));
        CliResult tau = CliResult.run(net.toString());
        assertEquals(2, tau.code(), tau.err());
        assertTrue(tau.err().startsWith("error: " + net + ": populations[0].parameters"), tau.err());
    }

    @Test
    void optionsThatDescribeTheNetworkAreRefusedWithAFile() {
        String coba = EXAMPLES.resolve("coba.json").toString();
        for (String[] args : new String[][] {{coba, "--model", "cuba"}, {coba, "--neurons", "100"}, {coba, "--dt", "0.05"},
            {coba, "--resume", "x.shnn"}, {coba, coba}}) {
            CliResult r = CliResult.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }
}
