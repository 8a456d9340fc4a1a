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
