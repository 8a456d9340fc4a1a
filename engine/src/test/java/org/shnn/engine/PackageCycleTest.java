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
 * STYLE rule 1: no import cycle between two packages, in any module of the build (e.g. {@code engine.run} never uses
 * {@code engine.checkpoint}: Checkpoint calls Simulation, never the reverse). Reads the main sources of every module
 * the root {@code pom.xml} lists, takes every reference to an {@code org.shnn.} package outside comments and string
 * literals (imports, {@code import x.*;} and {@code import static} lines, fully qualified uses), and looks for a
 * cycle in that package graph.
 */
class PackageCycleTest {

    /** The build's root, seen from this module's directory (where the tests run). */
    private static final Path ROOT = Path.of("..");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A package (lower-case segments) followed by a type (upper case) or a star import. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.shnn(?:\\.[a-z][a-z0-9_]*)+)\\s*\\.\\s*(?:[A-Z]|\\*)");
    /** What is not code: text blocks, strings, characters, comments (one left-to-right pass, so each hides the others). */
    private static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'|/\\*[\\s\\S]*?\\*/|//[^\\n]*");

    /** The modules of the build, in the root pom's order. */
    static List<String> modules() throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    /** Package to the other {@code org.shnn} packages it refers to, over every module's main sources. */
    static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String module : modules()) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String code = code(Files.readString(f, StandardCharsets.UTF_8));
                    Matcher p = PACKAGE.matcher(code);
                    assertTrue(p.find(), f + ": no package declaration");
                    String from = p.group(1);
                    Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                    for (String r : references(code)) {
                        if (!r.equals(from)) {
                            to.add(r);
                        }
                    }
                }
            }
        }
        return graph;
    }

    /** {@code source} with comments, strings and character literals blanked. */
    static String code(String source) {
        return NOT_CODE.matcher(source).replaceAll(" ");
    }

    /** The {@code org.shnn} packages {@code code} refers to. */
    static Set<String> references(String code) {
        Set<String> out = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
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
    void referencesAreTakenFromCodeOnly() {
        String source = """
                import org.shnn.memory.pool.*;
                import static org.shnn.codec.npy.ZipFormat.*;
                import org.shnn.engine.run.Simulation;
                class A {
                    // org.shnn.cli.Main in a comment
                    /* org.shnn.bench.Any, and a "quote */
                    String s = "org.shnn.layouts.Layout /* not a comment";
                    char q = '"';
                    Object o = org.shnn.engine.network.Network.class;
                }
                """;
        assertEquals(Set.of("org.shnn.memory.pool", "org.shnn.codec.npy", "org.shnn.engine.run",
                "org.shnn.engine.network"), references(code(source)));
    }

    @Test
    void noPackageOfAnyModuleDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        List<String> modules = modules();
        for (String module : List.of("memory", "layouts", "codec", "engine", "cli", "native-interop", "bench")) {
            assertTrue(modules.contains(module), "the root pom lists " + module + ": " + modules);
        }
        for (String p : List.of("org.shnn.memory.ring", "org.shnn.codec", "org.shnn.engine.run", "org.shnn.cli",
                "org.shnn.interop")) {
            assertTrue(graph.containsKey(p), "the scan found package " + p + ": " + graph.keySet());
        }
        assertTrue(graph.get("org.shnn.engine.checkpoint").contains("org.shnn.engine.run"),
                "the scan found Checkpoint's use of Simulation: " + graph.get("org.shnn.engine.checkpoint"));
        List<String> cycles = new ArrayList<>();
        for (String p : graph.keySet()) {
            List<String> c = cycleThrough(p, graph);
            if (!c.isEmpty()) {
                cycles.add(String.join(" -> ", c));
            }
        }
        assertEquals(List.of(), cycles, "package import cycles (graph: " + graph + ")");
    }
}
