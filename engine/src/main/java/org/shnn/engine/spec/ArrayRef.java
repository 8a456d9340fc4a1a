package org.shnn.engine.spec;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.shnn.codec.Dtype;

/**
 * A one-dimensional array of numbers in a description: held inline (small arrays), kept in a file
 * ({@code .npy}, a member of a {@code .npz}, or a column of a CSV file; mapped, never copied through the heap,
 * when it is big), or lent by a host as a segment of its own memory (a contiguous NumPy array or a C
 * pointer). Values are read as doubles in the unit of the quantity they give (indices as whole numbers).
 *
 * <p>Immutable (an {@link Inline} copies its array; a {@link Lent} segment must not change while a
 * network is built from it); thread-safe.
 */
public sealed interface ArrayRef {

    /** The number of elements, or -1 when only opening the file tells. */
    long knownLength();

    /**
     * An array held in the description.
     *
     * @param values the values; copied
     */
    record Inline(double[] values) implements ArrayRef {
        /** Copies {@code values}. */
        public Inline {
            values = Objects.requireNonNull(values, "values").clone();
        }

        /** A copy of the values. */
        @Override
        public double[] values() {
            return values.clone();
        }

        /** The value at {@code i}. */
        public double get(int i) {
            return values[i];
        }

        @Override
        public long knownLength() {
            return values.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Inline i && Arrays.equals(values, i.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Inline[" + values.length + " values]";
        }
    }

    /**
     * An array in a file: a {@code .npy} file ({@code key} null), the member {@code key} of a {@code .npz}
     * file (compressed or not), or the column {@code key} (a header name or a 0-based index) of a CSV file.
     *
     * @param file the file; a relative path is resolved against the directory of the description that names it
     * @param key the member or column, or null for a {@code .npy} file
     */
    record Stored(Path file, String key) implements ArrayRef {
        /** @throws NullPointerException if file is null */
        public Stored {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public long knownLength() {
            return -1;
        }
    }

    /**
     * An array in a host's memory, used in place while a network is built (no copy through the heap).
     *
     * @param segment the elements, native byte order, contiguous
     * @param dtype the element type: one of the integer or floating types of {@link Dtype}
     */
    record Lent(MemorySegment segment, Dtype dtype) implements ArrayRef {
        /** @throws SpecException if the dtype is not numeric or the segment is not a whole number of elements */
        public Lent {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(dtype, "dtype");
            if (dtype == Dtype.BYTES || dtype == Dtype.RECORD) {
                throw new SpecException("lent array", "dtype", "expected an integer or floating type but found " + dtype);
            }
            if (segment.byteSize() % dtype.size() != 0) {
                throw new SpecException("lent array", "segment", "expected whole " + dtype + " elements but found "
                        + segment.byteSize() + " bytes");
            }
        }

        @Override
        public long knownLength() {
            return segment.byteSize() / dtype.size();
        }
    }
}
