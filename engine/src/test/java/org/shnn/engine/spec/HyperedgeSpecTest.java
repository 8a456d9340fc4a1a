package org.shnn.engine.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hyperedges in a network file: read, written back equal, and refused by place when they do not fit. */
class HyperedgeSpecTest {

    private static String network(String hyperedges) {
        return """
                {"format": "shnn-network/1", "name": "h", "dt": 0.1, "seed": 1,
                 "populations": [{"label": "a", "size": 10, "cell_type": "IF_curr_exp"},
                                 {"label": "b", "size": 4, "cell_type": "IF_cond_exp"}],
                 "hyperedges": %s}
                """.formatted(hyperedges);
    }

    private static final String GOOD = """
            [{"label": "g", "pre": "a", "post": "b", "receptor_type": "inhibitory",
              "edges": [{"type": "many_to_many", "sources": [3, 1], "targets": [0, 2], "min_spikes": 2, "window": 1.5,
                         "delay": 0.5, "weights": [1, 2, 3, 4]},
                        {"type": "one_to_many", "sources": [9], "targets": [1, 3], "min_spikes": 1, "window": 0,
                         "delay": 0.1, "weight": 0.25}]},
             {"pre": "a", "post": "a",
              "edges": [{"type": "all_to_all", "members": [0, 1, 2], "min_spikes": 3, "window": 2, "delay": 1,
                         "weight": 0.1}]}]
            """;

    @Test
    void aFileDescribesHyperedgesAndWritesThemBackEqual() {
        NetworkSpec spec = SpecJson.parse(network(GOOD), "h.json", null);
        assertEquals(2, spec.hyperedges().size());
        HyperedgeSpec g = spec.hyperedges().get(0);
        assertEquals(1, g.receptorIndex());
        HyperedgeSpec.Edge e = g.edges().get(0);
        assertEquals(HyperedgeSpec.Kind.MANY_TO_MANY, e.kind());
        assertArrayEquals(new int[] {3, 1}, e.sources(), "as written (the engine sorts, permuting the pair weights)");
        assertArrayEquals(new double[] {1, 2, 3, 4}, e.weights());
        assertEquals("a=>a", spec.hyperedges().get(1).label(), "default label");
        assertEquals(spec, SpecJson.parse(SpecJson.write(spec), "again.json", null));
    }

    private static String error(String hyperedges) {
        return assertThrows(SpecException.class, () -> SpecJson.parse(network(hyperedges), "h.json", null)).getMessage();
    }

    @Test
    void badHyperedgesAreRefusedNamingThePlace() {
        String out = error(GOOD.replace("\"targets\": [0, 2]", "\"targets\": [0, 4]"));
        assertTrue(out.contains("hyperedges[0].edges[0].targets[1]") && out.contains("[0, 4)"), out);
        String pairs = error(GOOD.replace("[1, 2, 3, 4]", "[1, 2, 3]"));
        assertTrue(pairs.contains("hyperedges[0].edges[0].weights") && pairs.contains("expected 4"), pairs);
        String min = error(GOOD.replace("\"min_spikes\": 3", "\"min_spikes\": 4"));
        assertTrue(min.contains("hyperedges[1].edges[0].min_spikes"), min);
        String delay = error(GOOD.replace("\"delay\": 0.1", "\"delay\": 0.05"));
        assertTrue(delay.contains("hyperedges[0].edges[1].delay") && delay.contains(">= dt"), delay);
        String twice = error(GOOD.replace("{\"pre\": \"a\", \"post\": \"a\"", "{\"pre\": \"a\", \"post\": \"b\"")
                .replace("\"all_to_all\", \"members\": [0, 1, 2]", "\"many_to_one\", \"sources\": [0, 1, 2], \"targets\": [1]"));
        assertTrue(twice.contains("hyperedges[1].pre") && twice.contains("one hyperedge group per pair"), twice);
        String source = error(GOOD.replace("\"post\": \"b\", \"receptor_type\"", "\"post\": \"x\", \"receptor_type\""));
        assertTrue(source.contains("hyperedges[0].post"), source);
        String shape = error(GOOD.replace("\"sources\": [9]", "\"sources\": [8, 9]"));
        assertTrue(shape.contains("hyperedges[0].edges[1].sources") && shape.contains("one source"), shape);
    }
}
