package org.shnn.layouts.plasticity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.shnn.layouts.CatalogEntry;
import org.shnn.layouts.LayoutCatalog;

class PlasticityLayoutsTest {

    @Test
    void traceLayoutsHaveTheRulesColumnsAndAreInTheCatalog() {
        assertEquals(List.of("x"), PlasticityLayouts.STDP_PRE.columns().stream().map(c -> c.name()).toList());
        assertEquals(List.of("o1", "o2"), PlasticityLayouts.TRIPLET_POST.columns().stream().map(c -> c.name()).toList());
        assertEquals(3, PlasticityLayouts.HOMEOSTASIS.columnCount());
        for (String name : List.of("shnn_stdp_pre_trace", "shnn_stdp_post_trace", "shnn_triplet_pre_trace",
                "shnn_triplet_post_trace", "shnn_homeostasis_state")) {
            assertInstanceOf(CatalogEntry.Columns.class, LayoutCatalog.entry(name));
        }
        CatalogEntry.Columns index = (CatalogEntry.Columns) LayoutCatalog.entry("shnn_transposed_index");
        assertEquals(3, index.columns().size());
    }

    @Test
    void transposedIndexArraysHaveTheDocumentedSizes() {
        assertEquals(8 * 11, PlasticityLayouts.colOffsets(10).byteSize());
        assertEquals(8 * 100, PlasticityLayouts.synapses(100).byteSize());
        assertEquals(4 * 100, PlasticityLayouts.sources(100).byteSize());
    }
}
