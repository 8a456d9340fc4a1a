package org.shnn.layouts.state;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A struct-of-arrays layout: named columns of one primitive type each, stored one after the other in a
 * single segment, every column starting on a {@value #COLUMN_ALIGNMENT}-byte boundary.
 *
 * <pre>
 * offset 0                          +------------------------------------------+
 *                                   | column 0: count x type0                  | padding to 64
 * columnOffset(1, count)            +------------------------------------------+
 *                                   | column 1: count x type1                  | padding to 64
 *   ...                             +------------------------------------------+
 * columnOffset(k-1, count)          | column k-1: count x type(k-1)            | padding to 64
 * byteSize(count)                   +------------------------------------------+
 * </pre>
 *
 * <p>Each column is padded to a multiple of 64 bytes, so {@code columnOffset(c, count)} is the sum of the
 * padded sizes of the columns before {@code c}, and {@code byteSize(count)} the sum of all of them. The
 * segment base must itself be 64-byte aligned; then every column starts on a cache line of its own (two
 * columns never share a line, and vector loads over a column start aligned). The same arithmetic is
 * available as a {@link StructLayout} through {@link #memoryLayout(long)}, which the C header generator and
 * the codec use; the two agree by construction and a test checks it.
 *
 * <p>Column types are the native-order {@link ValueLayout#JAVA_DOUBLE}, {@link ValueLayout#JAVA_FLOAT},
 * {@link ValueLayout#JAVA_INT} and {@link ValueLayout#JAVA_LONG}; {@link Column#cType()} gives the C name.
 *
 * <p>Thread-safety: immutable; safe to share between threads.
 */
public final class SoaLayout {

    /** Alignment of every column start and of the segment base, in bytes (one cache line). */
    public static final long COLUMN_ALIGNMENT = 64;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

    /**
     * One column: a C identifier, its element type, the unit of its values and a one-line description.
     *
     * @param name        lower-case C identifier ({@code [a-z][a-z0-9_]*}), unique within the layout
     * @param type        element layout: {@code JAVA_DOUBLE}, {@code JAVA_FLOAT}, {@code JAVA_INT} or {@code JAVA_LONG}
     * @param unit        unit of the values, e.g. {@code "mV"}, {@code "pA"}, {@code "steps"}, {@code "1"}
     * @param description one line for the generated C header
     */
    public record Column(String name, ValueLayout type, String unit, String description) {

        /** Validates the fields; throws {@link IllegalArgumentException} naming the bad one. */
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(description, "description");
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("column name '" + name + "' is not a lower-case C identifier [a-z][a-z0-9_]*");
            }
            type = type.withoutName();
            if (!type.equals(ValueLayout.JAVA_DOUBLE) && !type.equals(ValueLayout.JAVA_FLOAT)
                    && !type.equals(ValueLayout.JAVA_INT) && !type.equals(ValueLayout.JAVA_LONG)) {
                throw new IllegalArgumentException("column '" + name + "' has type " + type
                        + "; allowed: native-order JAVA_DOUBLE, JAVA_FLOAT, JAVA_INT, JAVA_LONG");
            }
        }

        /** Size of one element in bytes (8 or 4). */
        public long elementSize() {
            return type.byteSize();
        }

        /** The C type of one element: {@code double}, {@code float}, {@code int32_t} or {@code int64_t}. */
        public String cType() {
            if (type.equals(ValueLayout.JAVA_DOUBLE)) {
                return "double";
            }
            if (type.equals(ValueLayout.JAVA_FLOAT)) {
                return "float";
            }
            return type.equals(ValueLayout.JAVA_INT) ? "int32_t" : "int64_t";
        }
    }

    private final String name;
    private final List<Column> columns;
    private final Map<String, Integer> indexByName;
    private final long[] elementSizes;

    private SoaLayout(String name, List<Column> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.indexByName = new HashMap<>();
        this.elementSizes = new long[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            elementSizes[c] = columns.get(c).elementSize();
            if (indexByName.put(columns.get(c).name(), c) != null) {
                throw new IllegalArgumentException("layout '" + name + "' declares column '" + columns.get(c).name() + "' twice");
            }
        }
    }

    /**
     * Creates a layout.
     *
     * @param name    lower-case C identifier of the layout (the C struct is named {@code shnn_<name>})
     * @param columns at least one column, names unique
     * @throws IllegalArgumentException if the name is not an identifier, no column is given or a name repeats
     */
    public static SoaLayout of(String name, List<Column> columns) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(columns, "columns");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("layout name '" + name + "' is not a lower-case C identifier [a-z][a-z0-9_]*");
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("layout '" + name + "' has no columns");
        }
        return new SoaLayout(name, new ArrayList<>(columns));
    }

    /** Creates a layout; see {@link #of(String, List)}. */
    public static SoaLayout of(String name, Column... columns) {
        return of(name, List.of(columns));
    }

    /** The layout's name, a lower-case C identifier. */
    public String name() {
        return name;
    }

    /** The columns in storage order (immutable). */
    public List<Column> columns() {
        return columns;
    }

    /** Number of columns. */
    public int columnCount() {
        return columns.size();
    }

    /**
     * The column at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, columnCount())}
     */
    public Column column(int index) {
        Objects.checkIndex(index, columns.size());
        return columns.get(index);
    }

    /** Whether a column of this name exists. */
    public boolean hasColumn(String columnName) {
        return indexByName.containsKey(columnName);
    }

    /**
     * The index of the named column.
     *
     * @throws IllegalArgumentException naming the layout and its columns if there is no such column
     */
    public int columnIndex(String columnName) {
        Integer index = indexByName.get(columnName);
        if (index == null) {
            throw new IllegalArgumentException("layout '" + name + "' has no column '" + columnName + "'; columns: "
                    + columns.stream().map(Column::name).toList());
        }
        return index;
    }

    /**
     * Byte offset of column {@code index} in a segment holding {@code count} rows; a multiple of 64.
     *
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     * @throws IllegalArgumentException  if {@code count} is negative
     */
    public long columnOffset(int index, long count) {
        Objects.checkIndex(index, columns.size());
        checkCount(count);
        long offset = 0;
        for (int c = 0; c < index; c++) {
            offset += paddedSize(elementSizes[c], count);
        }
        return offset;
    }

    /**
     * Byte offset of the named column in a segment holding {@code count} rows; a multiple of 64.
     *
     * @throws IllegalArgumentException if there is no such column or {@code count} is negative
     */
    public long columnOffset(String columnName, long count) {
        return columnOffset(columnIndex(columnName), count);
    }

    /**
     * Bytes needed for {@code count} rows: the padded sizes of all columns; a multiple of 64.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public long byteSize(long count) {
        checkCount(count);
        long size = 0;
        for (long elementSize : elementSizes) {
            size += paddedSize(elementSize, count);
        }
        return size;
    }

    /**
     * The same layout as a {@link StructLayout} for {@code count} rows: for every column a sequence layout
     * named after it, followed by a padding layout named {@code <column>_pad} when the column's size is not
     * a multiple of 64. Used by the C header generator and the codec; hot code uses {@link #columnOffset}.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public StructLayout memoryLayout(long count) {
        checkCount(count);
        List<MemoryLayout> members = new ArrayList<>();
        for (Column column : columns) {
            long bytes = column.elementSize() * count;
            members.add(MemoryLayout.sequenceLayout(count, column.type()).withName(column.name()));
            long pad = paddedSize(column.elementSize(), count) - bytes;
            if (pad > 0) {
                members.add(MemoryLayout.paddingLayout(pad).withName(column.name() + "_pad"));
            }
        }
        return MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new)).withName("shnn_" + name);
    }

    private static long paddedSize(long elementSize, long count) {
        long bytes = Math.multiplyExact(elementSize, count);
        return Math.addExact(bytes, COLUMN_ALIGNMENT - 1) & -COLUMN_ALIGNMENT;
    }

    private static void checkCount(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("row count " + count + " is negative");
        }
    }

    /** Equal when name and columns are equal. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SoaLayout other && name.equals(other.name) && columns.equals(other.columns);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + columns.hashCode();
    }

    /** {@code name[col:type unit, ...]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('[');
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            sb.append(c == 0 ? "" : ", ").append(column.name()).append(':').append(column.cType()).append(' ').append(column.unit());
        }
        return sb.append(']').toString();
    }
}
