package org.shnn.layouts.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.foreign.MemoryLayout.PathElement;
import org.junit.jupiter.api.Test;
import org.shnn.layouts.CatalogEntry;
import org.shnn.layouts.LayoutCatalog;

class HyperedgeLayoutsTest {

    @Test
    void edgeRecordMatchesTheDiagramAndIsRegistered() {
        assertEquals(64, HyperedgeLayouts.EDGE.byteSize());
        assertEquals(24, HyperedgeLayouts.EDGE.byteOffset(PathElement.groupElement("uniformWeight")));
        assertEquals(32, HyperedgeLayouts.EDGE.byteOffset(PathElement.groupElement("ringOffset")));
        assertEquals(40, HyperedgeLayouts.EDGE.byteOffset(PathElement.groupElement("pairWeightOffset")));
        assertEquals(64 * 3, HyperedgeLayouts.edges(3).byteSize());
        assertInstanceOf(CatalogEntry.Struct.class, LayoutCatalog.entry("shnn_hyperedge"));
        assertEquals(8, ((CatalogEntry.Columns) LayoutCatalog.entry("shnn_hypergraph_incidence")).columns().size());
        assertInstanceOf(CatalogEntry.Columns.class, LayoutCatalog.entry("shnn_hyperedge_state"));
        assertInstanceOf(CatalogEntry.Columns.class, LayoutCatalog.entry("shnn_hyperedge_ring"));
    }
}
