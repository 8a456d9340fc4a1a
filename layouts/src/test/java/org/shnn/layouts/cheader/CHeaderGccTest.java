package org.shnn.layouts.cheader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.layouts.CatalogEntry;
import org.shnn.layouts.LayoutCatalog;

/**
 * Compiles a C program against the generated header with {@code gcc -std=c11 -Wall -Wextra -Werror
 * -pedantic} (so every {@code _Static_assert} is checked), runs it and compares every {@code sizeof},
 * {@code _Alignof}, {@code offsetof} and macro it prints with the Java layouts. Iterates the catalog, so a
 * newly registered layout is checked without touching this test. gcc is required: scripts/test installs
 * it; without it the test fails (it does not skip).
 */
class CHeaderGccTest {

    private static final long COMPILE_TIMEOUT_S = 120;
    private static final long RUN_TIMEOUT_S = 30;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the header and program for inspection
    Path dir;

    @Test
    void everyCatalogLayoutMatchesGcc() throws Exception {
        checkWithGcc(LayoutCatalog.entries());
    }

    @Test
    void everyGeneratorFeatureMatchesGcc() throws Exception {
        checkWithGcc(SampleLayouts.ALL);
    }

    private void checkWithGcc(List<CatalogEntry> entries) throws Exception {
        CHeaderGenerator.write(dir.resolve(CHeaderGenerator.FILE_NAME), entries);
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, String> expressions = new LinkedHashMap<>();
        for (CatalogEntry entry : entries) {
            switch (entry) {
                case CatalogEntry.Struct struct -> expectStruct(struct, expected, expressions);
                case CatalogEntry.Columns columns -> expectColumns(columns, expected, expressions);
            }
        }
        StringBuilder program = new StringBuilder("#include <stdio.h>\n#include \"")
                .append(CHeaderGenerator.FILE_NAME).append("\"\n\nint main(void) {\n");
        expressions.forEach((key, expression) -> program.append("    printf(\"%s %lld\\n\", \"").append(key)
                .append("\", (long long) (").append(expression).append("));\n"));
        program.append("    return 0;\n}\n");
        Files.writeString(dir.resolve("check.c"), program, StandardCharsets.US_ASCII);

        run(COMPILE_TIMEOUT_S, "gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic",
                "-o", dir.resolve("check").toString(), dir.resolve("check.c").toString());
        String output = run(RUN_TIMEOUT_S, dir.resolve("check").toString());

        Map<String, Long> actual = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                int space = line.lastIndexOf(' ');
                actual.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
            }
        }
        List<String> mismatches = new ArrayList<>();
        expected.forEach((key, value) -> {
            if (!value.equals(actual.get(key))) {
                mismatches.add(key + ": Java " + value + ", C " + actual.get(key) + " (" + expressions.get(key) + ")");
            }
        });
        assertEquals(List.of(), mismatches, "C and Java disagree; header and program kept in " + dir);
        assertEquals(expected.size(), actual.size(), "C printed other keys than expected:\n" + output);
    }

    private static void expectStruct(CatalogEntry.Struct entry, Map<String, Long> expected,
            Map<String, String> expressions) {
        String name = entry.cName();
        String prefix = CNames.macroPrefix(name);
        StructLayout layout = entry.layout();
        List<CField> fields = CHeaderGenerator.fields(entry);
        assertEquals(javaMemberPaths(layout, List.of()), fields.stream().map(CField::javaPath).toList(),
                name + ": the header must declare every named member (nested structs included) in order");
        expect(expected, expressions, name + " sizeof", "sizeof(" + name + ")", layout.byteSize());
        expect(expected, expressions, name + " alignof", "_Alignof(" + name + ")", layout.byteAlignment());
        expect(expected, expressions, name + " SIZE", prefix + "_SIZE", layout.byteSize());
        expect(expected, expressions, name + " ALIGN", prefix + "_ALIGN", layout.byteAlignment());
        for (CField field : fields) {
            MemoryLayout.PathElement[] path = field.javaPath().stream()
                    .map(MemoryLayout.PathElement::groupElement).toArray(MemoryLayout.PathElement[]::new);
            long offset = layout.byteOffset(path);
            long size = layout.select(path).byteSize();
            String key = name + "." + field.designator();
            expect(expected, expressions, key + " offsetof", "offsetof(" + name + ", " + field.designator() + ")", offset);
            expect(expected, expressions, key + " sizeof", "sizeof(((" + name + " *) 0)->" + field.designator() + ")", size);
            expect(expected, expressions, key + " OFFSET", field.offsetMacro(), offset);
            expect(expected, expressions, key + " SIZE", field.sizeMacro(), size);
        }
    }

    private static void expectColumns(CatalogEntry.Columns entry, Map<String, Long> expected,
            Map<String, String> expressions) {
        String name = entry.cName();
        String prefix = CNames.macroPrefix(name);
        expect(expected, expressions, name + " COLUMN_ALIGN", prefix + "_COLUMN_ALIGN", entry.columnAlignment());
        expect(expected, expressions, name + " COLUMN_COUNT", prefix + "_COLUMN_COUNT", entry.columns().size());
        for (int i = 0; i < entry.columns().size(); i++) {
            ValueLayout column = entry.columns().get(i);
            String columnName = column.name().orElseThrow();
            String type = CNames.columnType(name, columnName);
            String stem = prefix + "_" + CNames.macroSegment(columnName);
            String key = name + "." + columnName;
            expect(expected, expressions, key + " sizeof", "sizeof(" + type + ")", column.byteSize());
            expect(expected, expressions, key + " alignof", "_Alignof(" + type + ")", column.byteAlignment());
            expect(expected, expressions, key + " INDEX", stem + "_INDEX", i);
            expect(expected, expressions, key + " SIZE", stem + "_SIZE", column.byteSize());
        }
    }

    /** Independent of the generator: every named non-padding member path, nested structs included. */
    private static List<List<String>> javaMemberPaths(StructLayout layout, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        for (MemoryLayout member : layout.memberLayouts()) {
            if (member instanceof PaddingLayout) {
                continue;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(member.name().orElseThrow());
            paths.add(path);
            if (member instanceof StructLayout nested) {
                paths.addAll(javaMemberPaths(nested, path));
            }
        }
        return paths;
    }

    private static void expect(Map<String, Long> expected, Map<String, String> expressions, String key,
            String expression, long value) {
        if (expected.put(key, value) != null) {
            fail("duplicate check key " + key);
        }
        expressions.put(key, expression);
    }

    /** Runs a command in {@link #dir}, returns its output, fails on a non-zero exit or a timeout. */
    private String run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = dir.resolve("process.log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start '" + command[0] + "' (" + e.getMessage() + "). The C header test "
                    + "needs gcc on the PATH: scripts/test installs it (apt-get install gcc libc6-dev).", e);
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output
                    + "\nfiles kept in " + dir);
        }
        return output;
    }
}
