package org.shnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raster plot stays bounded for a long run and draws what a full one would show: every row's marks at least
 * half a pixel apart (a mark is 1.2 px wide), each row's first spike drawn, and the rate in 1 ms bins up to
 * {@link SvgPlot#MAX_BINS} ms, wider bins beyond.
 */
class SvgPlotTest {

    private static final Pattern MARK = Pattern.compile("M([0-9.]+) ([0-9.]+)h1\\.2");

    @Test
    void aLongRunsPlotKeepsOneMarkPerHalfPixelPerRowAndWiderRateBins(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("long.svg");
        Path csv = dir.resolve("spikes.csv");
        CliResult r = CliResult.run("--model", "cuba", "--neurons", "400", "--duration", "30", "--plot", svg.toString(),
                "--spikes-out", csv.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(svg);
        Map<String, List<Double>> rows = new HashMap<>();
        Matcher m = MARK.matcher(text);
        int marks = 0;
        while (m.find()) {
            rows.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(Double.parseDouble(m.group(1)));
            marks++;
        }
        long spikes;
        try (var lines = Files.lines(csv)) {
            spikes = lines.count() - 1;
        }
        assertTrue(marks > 1000 && marks < spikes, marks + " marks for " + spikes + " spikes: merged, not all drawn");
        assertTrue(marks <= rows.size() * SvgPlot.HALF_PIXELS, marks + " marks");
        for (Map.Entry<String, List<Double>> row : rows.entrySet()) {
            List<Double> x = row.getValue();
            for (int k = 1; k < x.size(); k++) {
                assertTrue(x.get(k) - x.get(k - 1) >= 0.35, "row " + row.getKey() + ": marks at " + x.get(k - 1)
                        + " and " + x.get(k) + " (half pixels apart, to the printed 0.1 px)");
            }
        }
        long firing;
        try (var lines = Files.lines(csv)) {
            firing = lines.skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count();
        }
        assertEquals(firing, rows.size(), "every neuron that fired has its row (400 neurons: no row subsampling)");
        assertTrue(text.contains("rate (Hz, 15 ms bins)"), "300,000 steps in at most 2,000 bins");
        Path short_ = dir.resolve("short.svg");
        assertEquals(0, CliResult.run("--model", "cuba", "--neurons", "400", "--duration", "0.1", "--plot",
                short_.toString()).code());
        assertTrue(Files.readString(short_).contains("rate (Hz, 1 ms bins)"));
    }

    /**
     * A network file whose recorders choose a few neurons of a large population: each of them that fired has its row
     * (by id, the subsampling of 4,000 ids to 1,000 rows would skip ids 7, 1507 and 3001).
     */
    @Test
    void aSparseChoiceOfRecordedNeuronsGetsARowEach(@TempDir Path dir) throws Exception {
        String coba = Files.readString(Path.of("..", "examples", "networks", "coba.json"));
        int at = coba.lastIndexOf('}');
        Path net = dir.resolve("sparse.json");
        Files.writeString(net, coba.substring(0, at) + ", \"recorders\": [{\"population\": \"exc\", \"variables\": [\"spikes\"],"
                + " \"neurons\": [7, 1507, 3001]}]}");
        Path svg = dir.resolve("sparse.svg");
        Path csv = dir.resolve("spikes.csv");
        CliResult r = CliResult.run(net.toString(), "--duration", "0.5", "--plot", svg.toString(), "--spikes-out",
                csv.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        long firing;
        try (var lines = Files.lines(csv)) {
            firing = lines.skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count();
        }
        assertEquals(3, firing, "the three chosen neurons fire in 0.5 s of COBA");
        Set<String> rows = new HashSet<>();
        Matcher m = MARK.matcher(Files.readString(svg));
        while (m.find()) {
            rows.add(m.group(2));
        }
        assertEquals(3, rows.size(), "one row per recorded neuron that fired");
    }
}
