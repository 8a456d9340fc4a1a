package org.shnn.layouts;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogEntryTest {

    private static final StructLayout ONE_INT = MemoryLayout.structLayout(JAVA_INT.withName("a"));

    @Test
    void structKeepsItsParts() {
        CatalogEntry.Struct entry = CatalogEntry.struct("shnn_one", ONE_INT, "One int.");
        assertEquals("shnn_one", entry.cName());
        assertEquals(ONE_INT, entry.layout());
        assertEquals("One int.", entry.doc());
    }

    @Test
    void namesMustBeShnnPrefixedLowerSnakeCase() {
        for (String bad : List.of("spike_record", "shnn_", "Shnn_x", "shnn_X", "shnn_x_", "shnn-x", "shnn_x y", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CatalogEntry.struct(bad, ONE_INT, "Doc."), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertEquals("shnn_a2_b", CatalogEntry.struct("shnn_a2_b", ONE_INT, "Doc.").cName());
        assertThrows(NullPointerException.class, () -> CatalogEntry.struct(null, ONE_INT, "Doc."));
        assertThrows(NullPointerException.class, () -> CatalogEntry.struct("shnn_x", null, "Doc."));
    }

    @Test
    void docMustBeOneLineThatCannotCloseACComment() {
        for (String bad : List.of("", "  ", "two\nlines", "cr\rline", "ends */ the comment")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CatalogEntry.struct("shnn_x", ONE_INT, bad));
            assertTrue(e.getMessage().startsWith("shnn_x: doc must be one non-blank line"), e.getMessage());
        }
    }

    @Test
    void columnsCopyTheirListAndCheckIt() {
        List<ValueLayout> list = new ArrayList<>(List.of(JAVA_DOUBLE.withName("v"), JAVA_INT.withName("r")));
        CatalogEntry.Columns entry = CatalogEntry.columns("shnn_state", 64, list, "State.");
        list.clear();
        assertEquals(2, entry.columns().size());
        assertThrows(UnsupportedOperationException.class, () -> entry.columns().clear());
        assertEquals(64, entry.columnAlignment());
    }

    @Test
    void columnsRejectBadAlignmentEmptyUnnamedAndDuplicateColumns() {
        List<ValueLayout> ok = List.of(JAVA_LONG.withName("x"));
        assertEquals("shnn_s: column alignment 48 bytes is not a power of two >= 1", assertThrows(
                IllegalArgumentException.class, () -> CatalogEntry.columns("shnn_s", 48, ok, "S.")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CatalogEntry.columns("shnn_s", 0, ok, "S."));
        assertEquals("shnn_s: a struct of arrays needs at least one column", assertThrows(
                IllegalArgumentException.class, () -> CatalogEntry.columns("shnn_s", 64, List.of(), "S.")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CatalogEntry.columns("shnn_s", 64,
                List.of(JAVA_INT.withName("a"), JAVA_INT), "S.")).getMessage().startsWith("shnn_s: column 1 ("));
        assertEquals("shnn_s: column name 'a' is used twice", assertThrows(IllegalArgumentException.class,
                () -> CatalogEntry.columns("shnn_s", 64, List.of(JAVA_INT.withName("a"), JAVA_LONG.withName("a")),
                        "S.")).getMessage());
        assertEquals("shnn_s: column 'x' needs 8-byte alignment, more than the column alignment 4",
                assertThrows(IllegalArgumentException.class,
                        () -> CatalogEntry.columns("shnn_s", 4, ok, "S.")).getMessage());
    }
}
