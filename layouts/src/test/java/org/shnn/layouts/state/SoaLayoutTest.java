package org.shnn.layouts.state;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.StructLayout;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shnn.layouts.state.SoaLayout.Column;

class SoaLayoutTest {

    private static final SoaLayout MIXED = SoaLayout.of("mixed",
            new Column("a", JAVA_DOUBLE, "mV", "a"),
            new Column("b", JAVA_FLOAT, "pA", "b"),
            new Column("c", JAVA_INT, "steps", "c"),
            new Column("d", JAVA_LONG, "1", "d"));

    @Test
    void columnsStartOn64ByteBoundariesAndDoNotOverlap() {
        for (long count : new long[] {0, 1, 3, 7, 8, 15, 16, 17, 1000, 1_000_003}) {
            long end = 0;
            for (int c = 0; c < MIXED.columnCount(); c++) {
                long offset = MIXED.columnOffset(c, count);
                assertEquals(0, offset % 64, "column " + c + " count " + count);
                assertTrue(offset >= end, "column " + c + " overlaps the previous one at count " + count);
                assertTrue(offset - end < 64, "more than one line of padding before column " + c);
                end = offset + MIXED.column(c).elementSize() * count;
            }
            assertTrue(MIXED.byteSize(count) >= end);
            assertTrue(MIXED.byteSize(count) - end < 64);
            assertEquals(0, MIXED.byteSize(count) % 64);
        }
    }

    @Test
    void offsetsByNameMatchOffsetsByIndexAndTheStructLayout() {
        for (long count : new long[] {0, 1, 5, 16, 33, 4000}) {
            StructLayout struct = MIXED.memoryLayout(count);
            assertEquals(MIXED.byteSize(count), struct.byteSize(), "byteSize at count " + count);
            for (int c = 0; c < MIXED.columnCount(); c++) {
                String name = MIXED.column(c).name();
                assertEquals(MIXED.columnOffset(c, count), MIXED.columnOffset(name, count));
                assertEquals(MIXED.columnOffset(c, count), struct.byteOffset(groupElement(name)), name + " at " + count);
            }
        }
    }

    @Test
    void exactSizesForASmallCase() {
        // 3 doubles = 24 B -> 64; 3 floats = 12 B -> 64; 3 ints -> 64; 3 longs -> 64.
        assertEquals(List.of(0L, 64L, 128L, 192L), List.of(MIXED.columnOffset(0, 3), MIXED.columnOffset(1, 3),
                MIXED.columnOffset(2, 3), MIXED.columnOffset(3, 3)));
        assertEquals(256, MIXED.byteSize(3));
        // 9 doubles = 72 B -> 128.
        assertEquals(128, MIXED.columnOffset(1, 9));
    }

    @Test
    void cTypesAndMetadata() {
        assertEquals(List.of("double", "float", "int32_t", "int64_t"),
                MIXED.columns().stream().map(Column::cType).toList());
        assertEquals("mixed", MIXED.name());
        assertEquals(2, MIXED.columnIndex("c"));
        assertTrue(MIXED.hasColumn("d"));
        assertFalse(MIXED.hasColumn("e"));
        assertEquals("mixed[a:double mV, b:float pA, c:int32_t steps, d:int64_t 1]", MIXED.toString());
        assertEquals("shnn_mixed", MIXED.memoryLayout(1).name().orElseThrow());
    }

    @Test
    void badInputIsRejectedWithNamedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MIXED.columnIndex("zz"));
        assertTrue(e.getMessage().contains("zz") && e.getMessage().contains("mixed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MIXED.byteSize(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> MIXED.columnOffset(4, 1));
        e = assertThrows(IllegalArgumentException.class, () -> new Column("x", JAVA_SHORT, "1", "x"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Column("x", JAVA_DOUBLE.withOrder(nonNative()), "1", "x"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Column("Bad", JAVA_DOUBLE, "1", "x"));
        assertThrows(IllegalArgumentException.class, () -> SoaLayout.of("empty", List.of()));
        assertThrows(IllegalArgumentException.class, () -> SoaLayout.of("Bad name", new Column("a", JAVA_INT, "1", "a")));
        e = assertThrows(IllegalArgumentException.class, () -> SoaLayout.of("dup",
                new Column("a", JAVA_INT, "1", "a"), new Column("a", JAVA_DOUBLE, "1", "a")));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void namedValueLayoutsAreAcceptedAndNormalised() {
        Column c = new Column("x", JAVA_DOUBLE.withName("whatever"), "1", "x");
        assertEquals(JAVA_DOUBLE, c.type());
    }

    @Test
    void neuronStateLayoutsAreDistinctAndHaveAMembranePotential() {
        assertEquals(NeuronStateLayouts.ALL.size(),
                NeuronStateLayouts.ALL.stream().map(SoaLayout::name).distinct().count());
        for (SoaLayout layout : NeuronStateLayouts.ALL) {
            assertEquals(0, layout.columnIndex("v"), layout.name());
            assertEquals(layout.byteSize(100), layout.memoryLayout(100).byteSize(), layout.name());
        }
        assertEquals(JAVA_INT, NeuronStateLayouts.LIF_CUBA.column(NeuronStateLayouts.LIF_CUBA.columnIndex("refractory")).type());
    }

    private static ByteOrder nonNative() {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
}
