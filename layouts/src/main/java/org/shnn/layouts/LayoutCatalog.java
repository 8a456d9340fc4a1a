package org.shnn.layouts;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.shnn.layouts.file.ShnnFileLayouts;
import org.shnn.layouts.hyper.HyperedgeLayouts;
import org.shnn.layouts.plasticity.PlasticityLayouts;
import org.shnn.layouts.state.NeuronStateLayouts;
import org.shnn.layouts.state.SoaLayout;
import org.shnn.layouts.stream.SpikeStreamLayout;
import org.shnn.layouts.synapse.CsrLayout;
import org.shnn.memory.ring.RingDescriptor;
import org.shnn.memory.ring.SpikeRecord;

/**
 * The registry of every named off-heap layout that leaves the JVM: the generated C header
 * ({@code shnn_layouts.h}) declares exactly these entries, in this order, and the gcc test checks every
 * offset and size of every entry against the Java layout.
 *
 * <p><b>Registering a layout</b> (one line in {@link #DECLARED}, under your package's comment; the trailing
 * comma is legal in an array initializer, so an appended line never touches its neighbour):
 * <pre>{@code
 * CatalogEntry.struct("shnn_file_header", ShnnFileLayouts.HEADER, "SHNN file header, 128 bytes, at offset 0"),
 * CatalogEntry.columns("shnn_csr_parts", 64, List.of(JAVA_LONG.withName("rowOffsets"), ...), "CSR synapse arrays"),
 * }</pre>
 * The entry's {@code cName} must start with {@code shnn_} and be unique. Nothing else is needed: the
 * generator and the gcc test iterate {@link #entries()}.
 *
 * <p>Thread-safety: immutable after class initialisation.
 */
public final class LayoutCatalog {

    /** Every registered entry in header order. Append one line per layout in your package's section. */
    private static final CatalogEntry[] DECLARED = {
        // memory: org.shnn.memory.ring
        CatalogEntry.struct("shnn_spike_record", SpikeRecord.LAYOUT,
                "One spike in a ring slot: time step (simulation steps), neuron id, spare word; 16 bytes."),
        CatalogEntry.struct("shnn_ring_header", RingDescriptor.HEADER_LAYOUT,
                "Header of an SPSC/MPSC record ring (512 bytes, base 64-byte aligned); records follow it."),
        // layouts.stream (live spike streams: this header, then a ring at byte 512)
        CatalogEntry.struct("shnn_stream_header", SpikeStreamLayout.HEADER,
                "Header of a live spike stream (512 bytes): policy, consumer lock, drop count, engine step; its ring follows."),
        // layouts.state (neuron state, struct of arrays)
        soa(NeuronStateLayouts.LIF_CUBA),
        soa(NeuronStateLayouts.LIF_COBA),
        soa(NeuronStateLayouts.ADEX),
        soa(NeuronStateLayouts.IZHIKEVICH),
        soa(NeuronStateLayouts.FIXED_POINT_LIF),
        soa(NeuronStateLayouts.LIF_DELTA),
        soa(NeuronStateLayouts.LIF_CUBA_ALPHA),
        soa(NeuronStateLayouts.LIF_COBA_ALPHA),
        soa(NeuronStateLayouts.LIF_COBA_SFA_RR),
        soa(NeuronStateLayouts.ADEX_ALPHA),
        soa(NeuronStateLayouts.HH_TRAUB),
        // layouts.synapse (CSR parts, delay ring)
        CatalogEntry.struct("shnn_csr_header", CsrLayout.HEADER, "Header of one projection's CSR synapse matrix; 64 bytes."),
        // layouts.file (file header, section table)
        CatalogEntry.struct("shnn_file_header", ShnnFileLayouts.HEADER, "SHNN file header, 128 bytes, at offset 0"),
        CatalogEntry.struct("shnn_section_entry", ShnnFileLayouts.SECTION_ENTRY,
                "SHNN section-table entry, 128 bytes; little-endian on disk like the header"),
        // layouts.plasticity (STDP traces, homeostasis, transposed synapse index)
        soa(PlasticityLayouts.STDP_PRE),
        soa(PlasticityLayouts.STDP_POST),
        soa(PlasticityLayouts.TRIPLET_PRE),
        soa(PlasticityLayouts.TRIPLET_POST),
        soa(PlasticityLayouts.HOMEOSTASIS),
        CatalogEntry.columns("shnn_transposed_index", PlasticityLayouts.ALIGNMENT, List.of(PlasticityLayouts.COL_OFFSET.withName("col_offsets"), PlasticityLayouts.SYNAPSE.withName("synapses"), PlasticityLayouts.SOURCE.withName("sources")), "Post-synaptic index of a plastic projection: col_offsets[posts+1], CSR entry and source row per slot"),
        // layouts.hyper (hyperedge records, incidence arrays, coincidence state)
        CatalogEntry.struct("shnn_hyperedge", HyperedgeLayouts.EDGE, "One hyperedge: kind, activation rule (min distinct sources, window, delay), weights; 64 bytes."),
        CatalogEntry.columns("shnn_hypergraph_incidence", HyperedgeLayouts.ALIGNMENT, HyperedgeLayouts.INCIDENCE, "Hyperedge incidence: edge->sources, edge->targets, source->edges (with position), pair weights"),
        soa(HyperedgeLayouts.EDGE_STATE),
        soa(HyperedgeLayouts.RING),
    };

    private static final Map<String, CatalogEntry> BY_NAME = index(DECLARED);
    private static final List<CatalogEntry> ENTRIES = List.copyOf(BY_NAME.values());

    private LayoutCatalog() {
    }

    /** All entries in registration (= header) order; an unmodifiable list. */
    public static List<CatalogEntry> entries() {
        return ENTRIES;
    }

    /**
     * The entry registered under {@code cName}.
     *
     * @throws IllegalArgumentException if none is, naming the known entries
     */
    public static CatalogEntry entry(String cName) {
        CatalogEntry entry = BY_NAME.get(cName);
        if (entry == null) {
            throw new IllegalArgumentException("no layout '" + cName + "' in the catalog; known: " + BY_NAME.keySet());
        }
        return entry;
    }

    /**
     * The catalog entry of a neuron-state layout: C name {@code shnn_<name>}, one column per state variable
     * aligned to {@link SoaLayout#COLUMN_ALIGNMENT}, doc listing the columns with their units.
     */
    static CatalogEntry.Columns soa(SoaLayout layout) {
        List<ValueLayout> columns = new ArrayList<>();
        StringJoiner doc = new StringJoiner(", ", "Neuron state of model " + layout.name() + ", one column per variable: ",
                ".");
        for (SoaLayout.Column column : layout.columns()) {
            columns.add(column.type().withName(column.name()));
            doc.add(column.name() + " (" + column.unit() + ")");
        }
        return CatalogEntry.columns("shnn_" + layout.name(), SoaLayout.COLUMN_ALIGNMENT, columns, doc.toString());
    }

    /** Indexes entries by name in order; a duplicate name is a registration error. */
    static Map<String, CatalogEntry> index(CatalogEntry... entries) {
        Map<String, CatalogEntry> byName = new LinkedHashMap<>();
        for (CatalogEntry entry : entries) {
            CatalogEntry previous = byName.putIfAbsent(entry.cName(), entry);
            if (previous != null) {
                throw new IllegalStateException("layout catalog: '" + entry.cName() + "' is registered twice ("
                        + previous.doc() + " / " + entry.doc() + ")");
            }
        }
        return byName;
    }
}
