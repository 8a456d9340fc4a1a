package org.shnn.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the C side in step with the Java declarations: the generated table header equals the
 * checked-in one, and the status macros of shnn.h equal {@link Status}.
 */
class ApiTableTest {

    private static final Path C_DIR = Path.of("src/main/c");

    @Test
    void checkedInTableHeaderIsTheGeneratedOne() throws IOException {
        Path header = C_DIR.resolve("shnn_api_table.h");
        String generated = ApiTable.cHeader();
        if (Boolean.getBoolean("shnn.regenerate")) {
            Files.writeString(header, generated);
        }
        assertEquals(generated, Files.readString(header),
                header + " is stale: run scripts/build-native --regenerate");
    }

    @Test
    void layoutHasHeaderThenOnePointerPerEntry() {
        assertEquals(0, ApiTable.offsetOf("magic"));
        assertEquals(4, ApiTable.offsetOf("abi_version"));
        assertEquals(8, ApiTable.offsetOf("size"));
        assertEquals(16, ApiTable.offsetOf("version"));
        for (int i = 0; i < ApiTable.ENTRIES.size(); i++) {
            assertEquals(24 + 8L * i, ApiTable.offsetOf(ApiTable.ENTRIES.get(i).name()), ApiTable.ENTRIES.get(i).name());
        }
        assertEquals(24 + 8L * ApiTable.ENTRIES.size(), ApiTable.LAYOUT.byteSize());
    }

    @Test
    void entryNamesAreUniqueAndMapToCamelCase() {
        Set<String> names = new HashSet<>();
        for (ApiTable.Entry e : ApiTable.ENTRIES) {
            assertTrue(names.add(e.name()), "duplicate entry " + e.name());
            assertTrue(e.name().matches("[a-z][a-z0-9_]*"), e.name());
        }
        assertEquals("sumI32", new ApiTable.Entry("sum_i32", java.util.List.of()).javaName());
    }

    @Test
    void columnTypeMacrosOfShnnHMatchColumnType() throws IOException {
        String h = Files.readString(C_DIR.resolve("shnn.h"));
        Matcher m = Pattern.compile("#define (SHNN_TYPE_[A-Z0-9]+) (\\d+)").matcher(h);
        int found = 0;
        while (m.find()) {
            assertEquals(ColumnType.name(Integer.parseInt(m.group(2))), m.group(1));
            found++;
        }
        assertEquals(4, found, "shnn.h must define the 4 column types");
        Matcher kept = Pattern.compile("#define SHNN_LEND_KEPT (\\d+)\\s").matcher(h);
        assertTrue(kept.find(), "shnn.h defines SHNN_LEND_KEPT");
        assertEquals(NetworkDrafts.LEND_KEPT, Integer.parseInt(kept.group(1)));
        assertTrue(NetworkDrafts.LEND_KEPT > ColumnType.I64, "the flag lies above every column type code");
        assertEquals(ColumnType.F64, ColumnType.of(java.lang.foreign.ValueLayout.JAVA_DOUBLE.withName("v")));
        assertEquals(ColumnType.F32, ColumnType.of(java.lang.foreign.ValueLayout.JAVA_FLOAT));
        assertEquals(ColumnType.I32, ColumnType.of(java.lang.foreign.ValueLayout.JAVA_INT));
        assertEquals(ColumnType.I64, ColumnType.of(java.lang.foreign.ValueLayout.JAVA_LONG));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ColumnType.of(java.lang.foreign.ValueLayout.JAVA_SHORT));
    }

    @Test
    void cHeadersWritesTheGeneratedLayoutHeader(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        CHeaders.main(new String[] {dir.resolve("inc").toString()});
        String written = Files.readString(dir.resolve("inc").resolve("shnn_layouts.h"));
        assertEquals(org.shnn.layouts.cheader.CHeaderGenerator.generate(), written);
        assertTrue(written.contains("shnn_file_header"), "the .shnn file header is in the catalog");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CHeaders.main(new String[0]));
    }

    @Test
    void statusMacrosOfShnnHMatchStatus() throws IOException {
        String h = Files.readString(C_DIR.resolve("shnn.h"));
        Matcher m = Pattern.compile("#define (SHNN_(?:OK|E_[A-Z]+))\\s+\\(?(-?\\d+)\\)?").matcher(h);
        int found = 0;
        while (m.find()) {
            int code = Integer.parseInt(m.group(2));
            assertEquals(Status.name(code), m.group(1), "shnn.h defines " + m.group(1) + " as " + code);
            found++;
        }
        assertEquals(Status.all().length, found, "shnn.h must define every status code once");
    }
}
