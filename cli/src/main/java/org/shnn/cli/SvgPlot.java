package org.shnn.cli;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.shnn.engine.network.Population;
import org.shnn.engine.record.PopulationRates;
import org.shnn.engine.record.SpikeRecorder;

/**
 * A plain SVG figure: spike raster on top (time in ms against neuron id, one colour per population;
 * at most {@value #MAX_ROWS} neuron rows, evenly subsampled; with a choice of recorded neurons, against the recorded
 * neurons that fired, in id order), and each population's rate below it (of its recorded neurons), in 1 ms
 * bins, or in wider bins where a run has more than {@value #MAX_BINS} ms. Written by our own code, no library.
 * Stateless.
 *
 * <p>Its size is bounded whatever the run's length: a row draws one mark per half pixel of time (marks are
 * 1.2 px wide, so later spikes of that row in the same half pixel would be drawn over it), at most
 * {@value #MAX_ROWS} x {@value #HALF_PIXELS} marks, and at most {@value #MAX_BINS} rate points per
 * population. Before, a 20 s COBA run's plot held all 400,000 marks of its sampled rows and 20,000 points per
 * population, and a run of hours ran the JVM out of heap building it.
 */
final class SvgPlot {

    static final int MAX_ROWS = 1000;
    /** Rate points per population at most. */
    static final int MAX_BINS = 2000;
    private static final String[] COLORS = {"#1f4e9c", "#c0392b", "#27864a", "#8e44ad", "#d35400", "#2c3e50"};
    private static final int W = 1000;
    private static final int LEFT = 70;
    private static final int RIGHT = 980;
    private static final int RASTER_TOP = 30;
    private static final int RASTER_BOTTOM = 470;
    private static final int RATE_TOP = 520;
    private static final int RATE_BOTTOM = 680;
    private static final int H = 730;
    /** Half pixels across the time axis: a row's marks are kept one per half pixel. */
    static final int HALF_PIXELS = 2 * (RIGHT - LEFT);

    private SvgPlot() {
    }

    /**
     * @param recorded per population (indexed like {@code populations}): how many of its neurons have their spikes in
     *     {@code spikes} (0: it gets no rate line)
     */
    static String render(String title, SpikeRecorder spikes, List<Population> populations, int[] recorded, long steps,
            double dt) {
        long neurons = 0;
        long chosen = 0;
        for (int i = 0; i < populations.size(); i++) {
            neurons = Math.max(neurons, populations.get(i).endId());
            chosen += recorded[i];
        }
        // A choice of recorded neurons: one row per recorded neuron that fired, in id order (rows by id would leave
        // a sparse choice in a large network on rows the subsampling skips); else one row per neuron id.
        int[] fired = chosen < neurons ? fired(spikes, (int) neurons, steps) : null;
        long ids = fired == null ? neurons : fired.length;
        long stride = Math.max(1, (ids + MAX_ROWS - 1) / MAX_ROWS);
        double tMax = Math.max(steps * dt, dt);
        double xScale = (RIGHT - LEFT) / tMax;
        double rows = Math.max(1, (ids + stride - 1) / stride);
        double yScale = (RASTER_BOTTOM - RASTER_TOP) / rows;
        StringBuilder[] paths = new StringBuilder[populations.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = new StringBuilder();
        }
        int[] popOf = new int[1];
        int[] lastHalfPixel = new int[(int) rows + 1]; // per row: the half pixel of its last mark (spikes in step order)
        Arrays.fill(lastHalfPixel, -1);
        spikes.forEach((step, neuron) -> {
            long id = fired == null ? neuron : Arrays.binarySearch(fired, neuron);
            if (id % stride != 0 || step >= steps) {
                return;
            }
            int row = (int) (id / stride);
            int half = (int) (step * dt * xScale * 2);
            if (lastHalfPixel[row] == half) {
                return; // drawn over by the mark already there
            }
            lastHalfPixel[row] = half;
            int p = popOf[0];
            if (neuron < populations.get(p).firstId() || neuron >= populations.get(p).endId()) {
                p = 0;
                while (p < populations.size() - 1 && neuron >= populations.get(p).endId()) {
                    p++;
                }
                popOf[0] = p;
            }
            double x = LEFT + step * dt * xScale;
            double y = RASTER_BOTTOM - (row + 1) * yScale;
            paths[p].append('M').append(fmt(x)).append(' ').append(fmt(y)).append("h1.2");
        });
        StringBuilder svg = new StringBuilder(1 << 16);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"18\" font-size=\"14\">").append(escape(title)).append("</text>\n");
        for (int i = 0; i < paths.length; i++) {
            svg.append("<path stroke=\"").append(COLORS[i % COLORS.length]).append("\" stroke-width=\"")
                    .append(fmt(Math.max(0.6, Math.min(2, yScale)))).append("\" d=\"").append(paths[i]).append("\"/>\n");
        }
        axes(svg, RASTER_TOP, RASTER_BOTTOM, tMax, fired == null ? "neuron" : "recorded neurons that fired", 0, ids,
                stride > 1 ? " (every " + stride + "th)" : "");
        int bin = (int) Math.max(Math.max(1, Math.round(1.0 / dt)), (steps + MAX_BINS - 1) / MAX_BINS);
        double maxRate = 1;
        double[][] rates = new double[populations.size()][];
        for (int i = 0; i < rates.length; i++) {
            Population p = populations.get(i);
            rates[i] = steps > 0 && recorded[i] > 0
                    ? PopulationRates.histogram(spikes, p.firstId(), p.endId(), recorded[i], steps, bin, dt) : new double[0];
            for (double r : rates[i]) {
                maxRate = Math.max(maxRate, r);
            }
        }
        for (int i = 0; i < rates.length; i++) {
            StringBuilder pts = new StringBuilder();
            for (int b = 0; b < rates[i].length; b++) {
                double x = LEFT + (b + 0.5) * bin * dt * xScale;
                double y = RATE_BOTTOM - rates[i][b] / maxRate * (RATE_BOTTOM - RATE_TOP);
                pts.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"1\" stroke=\"").append(COLORS[i % COLORS.length])
                    .append("\" points=\"").append(pts).append("\"/>\n");
            svg.append("<text x=\"").append(RIGHT - 120).append("\" y=\"").append(RATE_TOP + 14 * (i + 1)).append("\" fill=\"")
                    .append(COLORS[i % COLORS.length]).append("\">").append(escape(populations.get(i).name())).append("</text>\n");
        }
        axes(svg, RATE_TOP, RATE_BOTTOM, tMax, "rate (Hz, " + fmt(bin * dt) + " ms bins)", 0, maxRate, "");
        svg.append("<text x=\"").append((LEFT + RIGHT) / 2).append("\" y=\"").append(H - 12)
                .append("\" text-anchor=\"middle\">time (ms)</text>\n");
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The ids of the neurons with a spike before {@code steps} in {@code spikes}, ascending (one bit per id). */
    private static int[] fired(SpikeRecorder spikes, int neurons, long steps) {
        BitSet seen = new BitSet(neurons);
        spikes.forEach((step, neuron) -> {
            if (step < steps) {
                seen.set(neuron);
            }
        });
        return seen.stream().toArray();
    }

    private static void axes(StringBuilder svg, int top, int bottom, double tMax, String yLabel, double yMin, double yMax,
            String note) {
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"").append(RIGHT - LEFT)
                .append("\" height=\"").append(bottom - top).append("\" fill=\"none\" stroke=\"black\"/>\n");
        for (int k = 0; k <= 5; k++) {
            double t = tMax * k / 5;
            double x = LEFT + (RIGHT - LEFT) * k / 5.0;
            svg.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(bottom).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(bottom + 5).append("\" stroke=\"black\"/>");
            svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(bottom + 18).append("\" text-anchor=\"middle\">")
                    .append(fmt(t)).append("</text>\n");
        }
        for (int k = 0; k <= 2; k++) {
            double v = yMin + (yMax - yMin) * k / 2;
            double y = bottom - (bottom - top) * k / 2.0;
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4)).append("\" text-anchor=\"end\">")
                    .append(fmt(v)).append("</text>\n");
        }
        svg.append("<text transform=\"translate(16,").append((top + bottom) / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(escape(yLabel + note)).append("</text>\n");
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
