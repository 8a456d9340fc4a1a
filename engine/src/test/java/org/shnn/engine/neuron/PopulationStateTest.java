package org.shnn.engine.neuron;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import org.junit.jupiter.api.Test;
import org.shnn.layouts.state.SoaLayout;
import org.shnn.layouts.state.SoaLayout.Column;

class PopulationStateTest {

    private static final SoaLayout LAYOUT = SoaLayout.of("test_state",
            new Column("x", JAVA_DOUBLE, "mV", "x"),
            new Column("y", JAVA_FLOAT, "pA", "y"),
            new Column("n", JAVA_INT, "steps", "n"),
            new Column("l", JAVA_LONG, "1", "l"));

    @Test
    void columnsAreDisjointAndAccessorsRoundTrip() {
        try (Arena arena = Arena.ofConfined()) {
            int count = 37;
            PopulationState s = PopulationState.allocate(LAYOUT, arena, count);
            assertEquals(0, s.segment().address() % 64);
            for (int i = 0; i < count; i++) {
                s.setDouble(0, i, i + 0.5);
                s.setFloat(1, i, -i);
                s.setInt(2, i, 1000 + i);
                s.setLong(3, i, 1L << 40 | i);
            }
            for (int i = 0; i < count; i++) {
                assertEquals(i + 0.5, s.getDouble("x", i));
                assertEquals(-i, s.getFloat(1, i));
                assertEquals(1000 + i, s.getInt("n", i));
                assertEquals(1L << 40 | i, s.getLong(3, i));
                assertEquals(i + 0.5, s.column("x").getAtIndex(JAVA_DOUBLE, i));
                assertEquals(1000 + i, s.segment().get(JAVA_INT, s.columnOffset("n") + 4L * i));
            }
            for (int c = 0; c < LAYOUT.columnCount(); c++) {
                assertEquals(LAYOUT.columnOffset(c, count), s.columnOffset(c));
                assertEquals(0, s.columnOffset(c) % 64);
                assertEquals(LAYOUT.column(c).elementSize() * count, s.column(c).byteSize());
            }
        }
    }

    @Test
    void allocateZeroesRecycledMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dirty = arena.allocate(LAYOUT.byteSize(5), 64);
            dirty.fill((byte) 0x5A);
            SegmentAllocator recycling = (bytes, alignment) -> dirty.asSlice(0, bytes);
            PopulationState s = PopulationState.allocate(LAYOUT, recycling, 5);
            for (int i = 0; i < 5; i++) {
                assertEquals(0.0, s.getDouble(0, i));
                assertEquals(0, s.getInt(2, i));
            }
        }
    }

    @Test
    void misuseIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            PopulationState s = PopulationState.allocate(LAYOUT, arena, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.getDouble(2, 0));
            assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("int32_t"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> s.getDouble(0, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> s.setInt(2, -1, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> s.columnOffset(4));
            e = assertThrows(IllegalArgumentException.class, () -> s.column("nope"));
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PopulationState.allocate(LAYOUT, arena, -1));
            MemorySegment small = arena.allocate(LAYOUT.byteSize(4) - 1, 64);
            e = assertThrows(IllegalArgumentException.class, () -> PopulationState.wrap(LAYOUT, small, 4));
            assertTrue(e.getMessage().contains(Long.toString(LAYOUT.byteSize(4))), e.getMessage());
            MemorySegment misaligned = arena.allocate(LAYOUT.byteSize(4) + 64, 64).asSlice(8);
            e = assertThrows(IllegalArgumentException.class, () -> PopulationState.wrap(LAYOUT, misaligned, 4));
            assertTrue(e.getMessage().contains("aligned"), e.getMessage());
        }
    }

    @Test
    void wrapSharesMemoryWithoutCopy() {
        try (Arena arena = Arena.ofConfined()) {
            PopulationState a = PopulationState.allocate(LAYOUT, arena, 8);
            PopulationState b = PopulationState.wrap(LAYOUT, a.segment(), 8);
            a.setDouble(0, 7, 3.25);
            assertEquals(3.25, b.getDouble(0, 7));
            assertEquals(0, PopulationState.allocate(LAYOUT, arena, 0).segment().byteSize());
        }
    }
}
