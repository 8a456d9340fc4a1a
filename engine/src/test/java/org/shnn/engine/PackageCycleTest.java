package org.shnn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE rule 1: no import cycle between two packages of the engine (e.g. {@code run} never uses {@code checkpoint}:
 * Checkpoint calls Simulation, never the reverse). Reads the main sources, takes every reference to an
 * {@code org.shnn.engine.<package>.} name outside comments (imports and fully qualified uses), and looks for a
 * cycle in that package graph.
 */
class PackageCycleTest {

    private static final Path SOURCES = Path.of("src/main/java/org/shnn/engine");
    private static final Pattern REFERENCE = Pattern.compile("org\\.shnn\\.engine\\.([a-z][a-z0-9]*)\\.[A-Za-z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Path rel = SOURCES.relativize(f.getParent());
                String from = rel.toString().isEmpty() ? "" : rel.getName(0).toString();
                String code = COMMENT.matcher(Files.readString(f, StandardCharsets.UTF_8)).replaceAll(" ");
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    /** A path that leads from {@code start} back to it, or an empty list. */
    private static List<String> cycleThrough(String start, Map<String, Set<String>> graph) {
        List<String> path = new ArrayList<>();
        path.add(start);
        return search(start, start, graph, path, new TreeSet<>()) ? path : List.of();
    }

    private static boolean search(String start, String at, Map<String, Set<String>> graph, List<String> path,
            Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            path.add(next);
            if (next.equals(start) || (seen.add(next) && search(start, next, graph, path, seen))) {
                return true;
            }
            path.removeLast();
        }
        return false;
    }

    @Test
    void noPackageOfTheEngineDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.containsKey("run") && graph.get("checkpoint").contains("run"),
                "the scan found the engine's packages: " + graph);
        List<String> cycles = new ArrayList<>();
        for (String p : graph.keySet()) {
            List<String> c = cycleThrough(p, graph);
            if (!c.isEmpty()) {
                cycles.add(String.join(" -> ", c));
            }
        }
        assertEquals(List.of(), cycles, "package import cycles in engine (graph: " + graph + ")");
    }
}
