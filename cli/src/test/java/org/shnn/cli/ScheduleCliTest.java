package org.shnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.assembly.Parameters;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.Synapses;
import org.shnn.engine.spec.Value;

/**
 * {@code --schedule FILE}: its tasks change the run at their times (raster against the same changes made between
 * plain engine runs), rate reports go to stderr, a run saved with pending tasks and resumed without the file gives
 * the raster and reports of a straight one; a bad file, a missing one, or a schedule given again to a resumed run
 * that carries one exit with status 2 naming the file and the place; the example file runs.
 */
class ScheduleCliTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "networks", "coba-schedule.json");
    private static final Path COBA = Path.of("..", "examples", "networks", "coba.json");

    @TempDir
    Path dir;



    /** The lines of the rate monitor's reports, from standard error. */
    private static List<String> reports(CliResult r) {
        return r.err().lines().filter(l -> l.startsWith("rates at ")).toList();
    }

    private static String sha(Path summary) throws Exception {
        Matcher m = Pattern.compile("\"raster_sha256\": \"([0-9a-f]{64})\"").matcher(Files.readString(summary));
        assertTrue(m.find());
        return m.group(1);
    }

    private Path schedule() throws Exception {
        return Files.writeString(dir.resolve("protocol.json"), """
                {"format": "shnn-schedule/1", "tasks": [
                  {"at": 100.0, "action": "set_parameter", "population": "exc", "name": "tau_m", "value": 15.0},
                  {"at": 150.0, "action": "set_weight", "projection": "inh->exc", "weight": 0.1},
                  {"at": 25.0, "every": 25.0, "action": "report_rates"}]}
                """);
    }

    @Test
    void scheduledChangesActAtTheirTimesAndAResumedRunKeepsThePendingOnes() throws Exception {
        String reference;
        try (Simulation s = Simulation.create(BuiltinNetworks.coba(1000, 1), SimulationConfig.defaults())) {
            s.runSteps(1000);
            Parameters.set(s, "exc", Map.of("tau_m", new Value.Constant(15.0)));
            s.runSteps(500);
            Synapses.setWeight(s, 2, 100f); // inh->exc: 0.1 uS in nS
            s.runSteps(1500);
            reference = HexFormat.of().formatHex(s.rasterSha256());
        }
        Path protocol = schedule();
        Path straight = dir.resolve("straight.json");
        CliResult r = CliResult.run("--neurons", "1000", "--duration", "0.3", "--threads", "2", "--schedule", protocol.toString(),
                "--summary-json", straight.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(reference, sha(straight));
        assertEquals(11, reports(r).size(), r.err()); // at 25, 50, ..., 275 ms (300 is the next run's)
        Path save = dir.resolve("at-120ms.shnn");
        CliResult first = CliResult.run("--neurons", "1000", "--duration", "0.12", "--schedule", protocol.toString(), "--save",
                save.toString());
        assertEquals(0, first.code(), first.err());
        Path resumed = dir.resolve("resumed.json");
        CliResult second = CliResult.run("--resume", save.toString(), "--duration", "0.18", "--summary-json", resumed.toString());
        assertEquals(0, second.code(), second.err());
        assertEquals(reference, sha(resumed), "the set_weight at 150 ms came from the checkpoint");
        List<String> both = new java.util.ArrayList<>(reports(first));
        both.addAll(reports(second));
        assertEquals(reports(r), both);
        CliResult again = CliResult.run("--resume", save.toString(), "--duration", "0.1", "--schedule", protocol.toString());
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().startsWith("error: --schedule ") && again.err().contains("carries a schedule (2 task(s)"),
                again.err());
    }

    @Test
    void aBadOrMissingScheduleExitsTwoNamingTheFileAndThePlace() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                {"format": "shnn-schedule/1", "tasks": [
                  {"at": 100.0, "action": "set_parameter", "population": "exc", "name": "tau_m", "value": 15.0},
                  {"at": 150.0, "action": "set_weight", "projection": "inh->out", "weight": 0.1}]}
                """);
        CliResult r = CliResult.run("--neurons", "1000", "--duration", "0.01", "--schedule", bad.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: " + bad + ":3:") && r.err().contains("tasks[1]")
                && r.err().contains("found 'inh->out'"), r.err());
        CliResult missing = CliResult.run("--duration", "0.01", "--schedule", dir.resolve("none.json").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().startsWith("error: --schedule ") && missing.err().contains("no such file"), missing.err());
    }

    @Test
    void theExampleScheduleRunsWithTheExampleNetwork() {
        CliResult r = CliResult.run(COBA.toString(), "--duration", "0.2", "--threads", "2", "--schedule", EXAMPLE.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(3, reports(r).size(), r.err()); // 50, 100, 150 ms
        assertTrue(reports(r).get(0).matches("rates at 50\\.0 ms over 50\\.0 ms: exc [0-9.]+ Hz inh [0-9.]+ Hz"),
                reports(r).get(0));
    }
}
