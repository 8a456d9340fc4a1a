package org.shnn.layouts;

import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One named off-heap layout of the {@link LayoutCatalog}: what the generated C header declares under
 * {@link #cName()}. Two kinds:
 * <ul>
 *   <li>{@link Struct}: one fixed-size record ({@code typedef struct}, offsets and size);</li>
 *   <li>{@link Columns}: a struct of arrays (neuron state, CSR parts) whose lengths are only known at run
 *       time; C gets one element type per column and the column alignment, not a struct.</li>
 * </ul>
 *
 * <p>This type checks names and docs only; whether a layout can be expressed in C11 is checked by the
 * header generator ({@code org.shnn.layouts.cheader.CHeaderGenerator}), which names the offending field.
 * Immutable and thread-safe.
 */
public sealed interface CatalogEntry permits CatalogEntry.Struct, CatalogEntry.Columns {

    /** C names are {@code shnn_} plus lower-case snake case, so they cannot clash with C keywords or user code. */
    Pattern C_NAME = Pattern.compile("shnn_[a-z0-9_]*[a-z0-9]");

    /** The C type name (e.g. {@code shnn_spike_record}); also, upper-cased, the prefix of every macro of the entry. */
    String cName();

    /** A one-line description, copied into a C comment above the declaration. */
    String doc();

    /**
     * A fixed-size record declared as one C struct.
     *
     * @param cName C type name matching {@link #C_NAME}
     * @param layout the Java declaration; every non-padding member must be named
     * @param doc one line, no {@code *}{@code /}
     * @throws IllegalArgumentException for a bad name or doc
     */
    static Struct struct(String cName, StructLayout layout, String doc) {
        return new Struct(cName, layout, doc);
    }

    /**
     * A struct of arrays: one array (column) per layout in {@code columns}, each starting on a
     * {@code columnAlignment}-byte boundary; how the columns follow each other is the owning class's rule
     * (e.g. {@code SoaLayout.columnOffset}).
     *
     * @param cName C name prefix matching {@link #C_NAME}
     * @param columnAlignment bytes, a power of two, at least every column element's alignment
     * @param columns the element layout of each column, each named (names unique), in column order
     * @param doc one line, no {@code *}{@code /}
     * @throws IllegalArgumentException for a bad name, doc, alignment or column list
     */
    static Columns columns(String cName, long columnAlignment, List<? extends ValueLayout> columns, String doc) {
        return new Columns(cName, columnAlignment, List.copyOf(columns), doc);
    }

    /**
     * A fixed-size record: the header declares {@code typedef struct cName {...} cName;} with
     * {@code CNAME_SIZE}, {@code CNAME_ALIGN} and per-field {@code CNAME_FIELD_OFFSET}/{@code _SIZE} macros.
     *
     * @param cName C type name
     * @param layout the Java declaration (the single source of the offsets)
     * @param doc one-line description
     */
    record Struct(String cName, StructLayout layout, String doc) implements CatalogEntry {
        /** Checks the name and doc (see {@link CatalogEntry#struct}). */
        public Struct {
            checkName(cName);
            Objects.requireNonNull(layout, "layout");
            checkDoc(cName, doc);
        }
    }

    /**
     * A struct of arrays: the header declares one element {@code typedef} per column, the column
     * alignment and count, and per column its index and element size.
     *
     * @param cName C name prefix
     * @param columnAlignment bytes each column starts on (a power of two)
     * @param columns element layout of each column, named, in column order (unmodifiable)
     * @param doc one-line description
     */
    record Columns(String cName, long columnAlignment, List<ValueLayout> columns, String doc)
            implements CatalogEntry {
        /** Checks name, doc, alignment and columns (see {@link CatalogEntry#columns}). */
        public Columns {
            checkName(cName);
            checkDoc(cName, doc);
            columns = List.copyOf(columns);
            if (columnAlignment < 1 || Long.bitCount(columnAlignment) != 1) {
                throw new IllegalArgumentException(cName + ": column alignment " + columnAlignment
                        + " bytes is not a power of two >= 1");
            }
            if (columns.isEmpty()) {
                throw new IllegalArgumentException(cName + ": a struct of arrays needs at least one column");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < columns.size(); i++) {
                ValueLayout column = columns.get(i);
                if (column.name().isEmpty()) {
                    throw new IllegalArgumentException(cName + ": column " + i + " (" + column + ") has no name");
                }
                String name = column.name().get();
                if (!seen.add(name)) {
                    throw new IllegalArgumentException(cName + ": column name '" + name + "' is used twice");
                }
                if (column.byteAlignment() > columnAlignment) {
                    throw new IllegalArgumentException(cName + ": column '" + name + "' needs "
                            + column.byteAlignment() + "-byte alignment, more than the column alignment "
                            + columnAlignment);
                }
            }
        }
    }

    private static void checkName(String cName) {
        Objects.requireNonNull(cName, "cName");
        if (!C_NAME.matcher(cName).matches()) {
            throw new IllegalArgumentException("catalog name '" + cName + "' does not match " + C_NAME.pattern()
                    + " (shnn_ then lower-case letters, digits and underscores)");
        }
    }

    private static void checkDoc(String cName, String doc) {
        Objects.requireNonNull(doc, "doc");
        if (doc.isBlank() || doc.indexOf('\n') >= 0 || doc.indexOf('\r') >= 0 || doc.contains("*/")) {
            throw new IllegalArgumentException(cName + ": doc must be one non-blank line without '*/', got '"
                    + doc + "'");
        }
    }
}
