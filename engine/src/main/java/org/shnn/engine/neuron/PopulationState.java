package org.shnn.engine.neuron;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.shnn.layouts.state.SoaLayout;

/**
 * Flyweight over the off-heap state of one population: a single segment holding every column of a
 * {@link SoaLayout} for {@link #count()} neurons, column {@code c} at byte offset {@link #columnOffset(int)}.
 *
 * <p>The typed accessors ({@link #getDouble(int, int)}, {@link #setDouble(int, int, double)}, ...) check the
 * column type and the neuron index and are meant for set-up, monitors and tests. Hot loops (the models'
 * {@code step}) read {@link #segment()} directly at {@code columnOffset(c) + i * elementSize}.
 *
 * <p>Ownership: the segment belongs to the allocator (arena or pool) it came from; this object never frees
 * it and is valid as long as that allocator keeps the segment alive. Thread-safety: none of its own; plain
 * (non-volatile) memory accesses. Threads that step disjoint neuron ranges may share one instance; data
 * written by one thread is published to others by the caller's step barrier.
 */
public final class PopulationState {

    private final SoaLayout layout;
    private final int count;
    private final MemorySegment segment;
    private final long[] offsets;
    /** One slice per column, made once: models index them by int in their step loops without allocating. */
    private final MemorySegment[] columns;

    private PopulationState(SoaLayout layout, MemorySegment segment, int count) {
        this.layout = layout;
        this.count = count;
        this.segment = segment;
        this.offsets = new long[layout.columnCount()];
        this.columns = new MemorySegment[offsets.length];
        for (int c = 0; c < offsets.length; c++) {
            offsets[c] = layout.columnOffset(c, count);
            columns[c] = segment.asSlice(offsets[c], layout.column(c).elementSize() * count);
        }
    }

    /**
     * Allocates zero-filled state for {@code count} neurons: {@code layout.byteSize(count)} bytes, aligned to
     * {@value SoaLayout#COLUMN_ALIGNMENT} bytes, from {@code allocator} (which owns and frees it).
     *
     * @throws IllegalArgumentException if {@code count} is negative or the allocator ignores the alignment
     */
    public static PopulationState allocate(SoaLayout layout, SegmentAllocator allocator, int count) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(allocator, "allocator");
        if (count < 0) {
            throw new IllegalArgumentException("neuron count " + count + " is negative");
        }
        MemorySegment segment = allocator.allocate(layout.byteSize(count), SoaLayout.COLUMN_ALIGNMENT);
        segment.fill((byte) 0); // pools may hand out recycled memory; the state must start defined
        return wrap(layout, segment, count);
    }

    /**
     * Wraps existing state (for example a section of a mapped checkpoint), without copying.
     *
     * @param segment at least {@code layout.byteSize(count)} bytes, base 64-byte aligned; owned by the caller
     * @throws IllegalArgumentException naming the sizes or the address if the segment is too small or misaligned
     */
    public static PopulationState wrap(SoaLayout layout, MemorySegment segment, int count) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(segment, "segment");
        if (count < 0) {
            throw new IllegalArgumentException("neuron count " + count + " is negative");
        }
        long need = layout.byteSize(count);
        if (segment.byteSize() < need) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is smaller than the "
                    + need + " bytes layout '" + layout.name() + "' needs for " + count + " neurons");
        }
        if ((segment.address() & (SoaLayout.COLUMN_ALIGNMENT - 1)) != 0) {
            throw new IllegalArgumentException("segment address 0x" + Long.toHexString(segment.address())
                    + " is not " + SoaLayout.COLUMN_ALIGNMENT + "-byte aligned");
        }
        return new PopulationState(layout, segment.asSlice(0, need), count);
    }

    /** The layout of the columns. */
    public SoaLayout layout() {
        return layout;
    }

    /** Number of neurons. */
    public int count() {
        return count;
    }

    /** The whole state segment ({@code layout().byteSize(count())} bytes); owned by the allocator, see class doc. */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Byte offset of column {@code column} in {@link #segment()} (a multiple of 64).
     *
     * @throws IndexOutOfBoundsException if the column index is out of range
     */
    public long columnOffset(int column) {
        Objects.checkIndex(column, offsets.length);
        return offsets[column];
    }

    /** Byte offset of the named column; see {@link #columnOffset(int)}. */
    public long columnOffset(String column) {
        return offsets[layout.columnIndex(column)];
    }

    /**
     * A slice holding column {@code column}: {@code count()} elements of its type; a view, not a copy, valid
     * as long as the state segment.
     */
    public MemorySegment column(int column) {
        return columns[column];
    }

    /** The named column's slice; see {@link #column(int)}. */
    public MemorySegment column(String column) {
        return column(layout.columnIndex(column));
    }

    /** Value of a {@code double} column for neuron {@code i}. */
    public double getDouble(int column, int i) {
        return segment.get(ValueLayout.JAVA_DOUBLE, at(column, ValueLayout.JAVA_DOUBLE, i));
    }

    /** Sets a {@code double} column for neuron {@code i}. */
    public void setDouble(int column, int i, double value) {
        segment.set(ValueLayout.JAVA_DOUBLE, at(column, ValueLayout.JAVA_DOUBLE, i), value);
    }

    /** Value of the named {@code double} column for neuron {@code i}. */
    public double getDouble(String column, int i) {
        return getDouble(layout.columnIndex(column), i);
    }

    /** Sets the named {@code double} column for neuron {@code i}. */
    public void setDouble(String column, int i, double value) {
        setDouble(layout.columnIndex(column), i, value);
    }

    /** Value of a {@code float} column for neuron {@code i}. */
    public float getFloat(int column, int i) {
        return segment.get(ValueLayout.JAVA_FLOAT, at(column, ValueLayout.JAVA_FLOAT, i));
    }

    /** Sets a {@code float} column for neuron {@code i}. */
    public void setFloat(int column, int i, float value) {
        segment.set(ValueLayout.JAVA_FLOAT, at(column, ValueLayout.JAVA_FLOAT, i), value);
    }

    /** Value of an {@code int} column for neuron {@code i}. */
    public int getInt(int column, int i) {
        return segment.get(ValueLayout.JAVA_INT, at(column, ValueLayout.JAVA_INT, i));
    }

    /** Sets an {@code int} column for neuron {@code i}. */
    public void setInt(int column, int i, int value) {
        segment.set(ValueLayout.JAVA_INT, at(column, ValueLayout.JAVA_INT, i), value);
    }

    /** Value of the named {@code int} column for neuron {@code i}. */
    public int getInt(String column, int i) {
        return getInt(layout.columnIndex(column), i);
    }

    /** Sets the named {@code int} column for neuron {@code i}. */
    public void setInt(String column, int i, int value) {
        setInt(layout.columnIndex(column), i, value);
    }

    /** Value of a {@code long} column for neuron {@code i}. */
    public long getLong(int column, int i) {
        return segment.get(ValueLayout.JAVA_LONG, at(column, ValueLayout.JAVA_LONG, i));
    }

    /** Sets a {@code long} column for neuron {@code i}. */
    public void setLong(int column, int i, long value) {
        segment.set(ValueLayout.JAVA_LONG, at(column, ValueLayout.JAVA_LONG, i), value);
    }

    /**
     * Copies neurons {@code [from, to)} of every column from {@code saved}, the segment of a state of the same layout
     * and count (e.g. a checkpoint shard's section, which holds current values only for the neurons its rank
     * owned): a rank resuming on another rank count takes each block of its neurons from the shard that held it.
     *
     * @throws IllegalArgumentException if {@code saved} is not {@code layout().byteSize(count())} bytes
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, count())}
     */
    public void copyNeurons(MemorySegment saved, int from, int to) {
        if (saved.byteSize() != segment.byteSize()) {
            throw new IllegalArgumentException("saved state of " + saved.byteSize() + " bytes; layout '" + layout.name()
                    + "' needs " + segment.byteSize() + " for " + count + " neurons");
        }
        Objects.checkFromToIndex(from, to, count);
        for (int c = 0; c < offsets.length; c++) {
            long size = layout.column(c).elementSize();
            MemorySegment.copy(saved, offsets[c] + size * from, segment, offsets[c] + size * from, size * (to - from));
        }
    }

    /**
     * Byte offset of neuron {@code i} in column {@code column} after checking both and the column's type.
     *
     * @throws IndexOutOfBoundsException if the column or neuron index is out of range
     * @throws IllegalArgumentException  if the column is not of {@code type}
     */
    private long at(int column, ValueLayout type, int i) {
        SoaLayout.Column c = layout.column(column);
        if (!c.type().equals(type)) {
            throw new IllegalArgumentException("column '" + c.name() + "' of layout '" + layout.name() + "' holds "
                    + c.cType() + ", not " + type);
        }
        Objects.checkIndex(i, count);
        return offsets[column] + i * type.byteSize();
    }

    @Override
    public String toString() {
        return "PopulationState[" + layout.name() + ", count=" + count + ", bytes=" + segment.byteSize() + "]";
    }
}
