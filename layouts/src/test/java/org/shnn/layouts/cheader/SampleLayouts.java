package org.shnn.layouts.cheader;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_CHAR;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;
import org.shnn.layouts.CatalogEntry;

/** Synthetic layouts that exercise every feature of the generator (shared by the text and the gcc tests). */
final class SampleLayouts {

    /** Padding, a float, a nested struct, an array and an over-aligned member; 48 bytes, 16-byte aligned. */
    static final StructLayout SAMPLE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("flag"),
            MemoryLayout.paddingLayout(3),
            JAVA_FLOAT.withName("weight"),
            MemoryLayout.structLayout(JAVA_INT.withName("lo"), JAVA_INT.withName("hi")).withName("range"),
            MemoryLayout.sequenceLayout(3, JAVA_SHORT).withName("delays"),
            MemoryLayout.paddingLayout(10),
            JAVA_LONG.withByteAlignment(16).withName("stamp"),
            MemoryLayout.paddingLayout(8));

    /** A struct of arrays with two columns. */
    static final CatalogEntry.Columns STATE = CatalogEntry.columns("shnn_test_state", 64,
            List.of(JAVA_DOUBLE.withName("v"), JAVA_INT.withName("refractorySteps")), "Two columns.");

    /**
     * Everything else: char and boolean, 2-D array, array of structs, an over-aligned nested struct, a
     * byte array aligned like ring records, names that need sanitising; the struct is 64-byte aligned.
     */
    static final StructLayout WIDE = MemoryLayout.structLayout(
            JAVA_CHAR.withName("symbol"),
            JAVA_BOOLEAN.withName("enabled"),
            MemoryLayout.paddingLayout(1),
            JAVA_INT.withName("default"),
            JAVA_DOUBLE.withName("time-step"),
            MemoryLayout.sequenceLayout(2, MemoryLayout.sequenceLayout(3, JAVA_INT)).withName("grid"),
            MemoryLayout.sequenceLayout(2, MemoryLayout.structLayout(
                    JAVA_LONG.withName("step"), JAVA_INT.withName("neuron"), MemoryLayout.paddingLayout(4)))
                    .withName("events"),
            MemoryLayout.paddingLayout(24),
            MemoryLayout.structLayout(JAVA_DOUBLE.withName("x"), MemoryLayout.paddingLayout(24))
                    .withByteAlignment(32).withName("block"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withByteAlignment(8).withName("raw"),
            JAVA_INT.withName("2nd"),
            JAVA_SHORT.withName("HTTPCode"),
            MemoryLayout.paddingLayout(42))
            .withByteAlignment(64);

    /** Every sample entry. */
    static final List<CatalogEntry> ALL = List.of(
            CatalogEntry.struct("shnn_test_sample", SAMPLE, "A small sample."),
            STATE,
            CatalogEntry.struct("shnn_test_wide", WIDE, "Every other feature."));

    private SampleLayouts() {
    }
}
