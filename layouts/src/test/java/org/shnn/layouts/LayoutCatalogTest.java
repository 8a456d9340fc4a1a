package org.shnn.layouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;
import org.shnn.memory.ring.RingDescriptor;
import org.shnn.memory.ring.SpikeRecord;

class LayoutCatalogTest {

    @Test
    void holdsTheRingLayoutsOfMemoryByReference() {
        assertSame(SpikeRecord.LAYOUT, ((CatalogEntry.Struct) LayoutCatalog.entry("shnn_spike_record")).layout());
        assertSame(RingDescriptor.HEADER_LAYOUT,
                ((CatalogEntry.Struct) LayoutCatalog.entry("shnn_ring_header")).layout());
    }

    @Test
    void holdsEveryNeuronStateLayoutAsColumns() {
        for (SoaLayout soa : NeuronStateLayouts.ALL) {
            CatalogEntry.Columns entry = (CatalogEntry.Columns) LayoutCatalog.entry("shnn_" + soa.name());
            assertEquals(SoaLayout.COLUMN_ALIGNMENT, entry.columnAlignment());
            assertEquals(soa.columnCount(), entry.columns().size(), soa.name());
            for (int c = 0; c < soa.columnCount(); c++) {
                assertEquals(soa.column(c).name(), entry.columns().get(c).name().orElseThrow());
                assertEquals(soa.column(c).type(), entry.columns().get(c).withoutName());
                assertTrue(entry.doc().contains(soa.column(c).name() + " (" + soa.column(c).unit() + ")"), entry.doc());
            }
        }
    }

    @Test
    void namesAreUniqueAndLookupsFindEveryEntry() {
        Set<String> names = new HashSet<>();
        for (CatalogEntry entry : LayoutCatalog.entries()) {
            assertTrue(names.add(entry.cName()), "registered twice: " + entry.cName());
            assertSame(entry, LayoutCatalog.entry(entry.cName()));
        }
        assertTrue(names.size() >= 2, names.toString());
    }

    @Test
    void entriesAreUnmodifiable() {
        List<CatalogEntry> entries = LayoutCatalog.entries();
        assertThrows(UnsupportedOperationException.class, () -> entries.add(entries.getFirst()));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayoutCatalog.entry("shnn_nope"));
        assertTrue(e.getMessage().startsWith("no layout 'shnn_nope' in the catalog; known: [shnn_spike_record"),
                e.getMessage());
    }

    @Test
    void indexRejectsADuplicateName() {
        CatalogEntry a = CatalogEntry.struct("shnn_x", MemoryLayout.structLayout(ValueLayout.JAVA_INT.withName("a")),
                "First.");
        CatalogEntry b = CatalogEntry.struct("shnn_x", MemoryLayout.structLayout(ValueLayout.JAVA_LONG.withName("b")),
                "Second.");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LayoutCatalog.index(a, b));
        assertEquals("layout catalog: 'shnn_x' is registered twice (First. / Second.)", e.getMessage());
        assertEquals(List.of("shnn_x"), List.copyOf(LayoutCatalog.index(a).keySet()));
    }
}
