package org.shnn.engine.assembly;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.shnn.codec.CodecException;
import org.shnn.codec.FileFailure;
import org.shnn.codec.Dtype;
import org.shnn.codec.npy.NpyArray;
import org.shnn.codec.npy.NpyFile;
import org.shnn.codec.npy.NpyHeader;
import org.shnn.codec.npy.NpzFile;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.SpecException;

/**
 * Opens the arrays of a description ({@link ArrayRef}) for element reads as doubles: inline arrays from the heap,
 * lent segments in place, {@code .npy} files and {@code .npz} members mapped by codec's readers (no copy through
 * the heap), members of compressed {@code .npz} files ({@code numpy.savez_compressed}) inflated once into off-heap
 * memory through a fixed heap buffer, CSV columns parsed (text cannot be mapped; a CSV column is read into one heap array). Relative file
 * paths are resolved against the working directory; a reader of network files resolves them against the file's
 * directory before they get here.
 *
 * <p>Errors name the element and field of the description, the file and what was expected.
 * Thread-safety: stateless; a {@link Column} may be read from several threads at once while open.
 */
final class ArrayReader {

    /** The one reader. */
    static final ArrayReader INSTANCE = new ArrayReader();

    private ArrayReader() {
    }

    /** An opened array: element reads as double until closed. */
    abstract static class Column implements AutoCloseable {
        final String element;
        final String field;

        Column(String element, String field) {
            this.element = element;
            this.field = field;
        }

        /** The number of elements. */
        abstract long length();

        /** Element {@code k} as a double. */
        abstract double get(long k);

        /** Element {@code k}, checked finite. @throws SpecException naming field[k] otherwise */
        final double finite(long k) {
            double v = get(k);
            if (!Double.isFinite(v)) {
                throw new SpecException(element, field + "[" + k + "]", "expected a finite number but found " + v);
            }
            return v;
        }

        /** Element {@code k} as an index in [0, size). @throws SpecException naming field[k] otherwise */
        final int index(long k, int size, String population) {
            double v = get(k);
            if (!(v >= 0 && v < size) || v != Math.rint(v)) {
                throw new SpecException(element, field + "[" + k + "]", "expected an index in [0, " + size + ") of '"
                        + population + "' but found " + v);
            }
            return (int) v;
        }

        @Override
        public void close() {
        }
    }

    /**
     * Opens {@code ref}.
     *
     * @throws SpecException naming element and field if a file is missing, unreadable, not a 1-D numeric array, or
     *     has no such member or column
     */
    Column open(String element, String field, ArrayRef ref) {
        return switch (ref) {
            case ArrayRef.Inline in -> {
                double[] v = in.values();
                yield new Column(element, field) {
                    @Override
                    long length() {
                        return v.length;
                    }

                    @Override
                    double get(long k) {
                        return v[(int) k];
                    }
                };
            }
            case ArrayRef.Lent l -> segment(element, field, l.segment(), l.dtype(), ByteOrder.nativeOrder(), null);
            case ArrayRef.Stored s -> stored(element, field, s);
        };
    }

    private static Column stored(String element, String field, ArrayRef.Stored s) {
        Path file = s.file();
        String name = String.valueOf(file.getFileName());
        String where = field + " (" + file + (s.key() == null ? "" : ", '" + s.key() + "'") + ")";
        try {
            if (name.endsWith(".npy")) {
                NpyFile f = NpyFile.open(file);
                return array(element, where, f.array(), f);
            }
            if (name.endsWith(".npz")) {
                if (s.key() == null) {
                    throw new SpecException(element, where, "expected the name of a member of the .npz but found none");
                }
                if (compressed(file)) {
                    return inflated(element, where, file, s.key());
                }
                NpzFile f = NpzFile.open(file);
                try {
                    return array(element, where, f.array(s.key()), f);
                } catch (RuntimeException e) {
                    f.close();
                    throw e;
                }
            }
            if (name.endsWith(".csv")) {
                return csv(element, where, file, s.key());
            }
            throw new SpecException(element, where, "expected a .npy, .npz or .csv file but found '" + name + "'");
        } catch (IOException e) {
            throw new SpecException(element, where, "expected a readable file " + file + " but found: "
                    + FileFailure.reason(file, e));
        } catch (CodecException e) {
            throw new SpecException(element, where, "expected a NumPy array but found: " + e.getMessage());
        }
    }

    /** Whether any member of the archive is DEFLATED ({@code numpy.savez_compressed}), which cannot be mapped. */
    private static boolean compressed(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.stream().anyMatch(e -> e.getMethod() == ZipEntry.DEFLATED);
        }
    }

    /**
     * Member {@code key} of a compressed archive, inflated once into off-heap memory of its own (freed when the
     * column closes) through a fixed 64 KiB heap buffer: heap use does not grow with the array.
     */
    private static Column inflated(String element, String where, Path file, String key) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(key + ".npy");
            if (e == null) {
                throw new SpecException(element, where, "expected a member '" + key + ".npy' but found "
                        + zip.stream().map(ZipEntry::getName).toList());
            }
            if (e.getSize() < 0) {
                throw new SpecException(element, where, "expected the member's size in the archive but found none");
            }
            Arena arena = Arena.ofShared();
            try (InputStream in = zip.getInputStream(e)) {
                MemorySegment bytes = arena.allocate(Math.max(1, e.getSize()), 64).asSlice(0, e.getSize());
                byte[] buffer = new byte[1 << 16];
                long at = 0;
                for (int n; at < bytes.byteSize() && (n = in.read(buffer, 0, (int) Math.min(buffer.length,
                        bytes.byteSize() - at))) > 0; at += n) {
                    MemorySegment.copy(buffer, 0, bytes, ValueLayout.JAVA_BYTE, at, n);
                }
                if (at != bytes.byteSize()) {
                    throw new SpecException(element, where, "expected " + bytes.byteSize() + " inflated bytes but found "
                            + at);
                }
                NpyHeader h = NpyHeader.parse(bytes, file, key, 0);
                if (h.shape().length != 1) {
                    throw new SpecException(element, where, "expected a 1-D array but found shape "
                            + java.util.Arrays.toString(h.shape()));
                }
                if (h.dtype() == Dtype.BYTES || h.dtype() == Dtype.RECORD) {
                    throw new SpecException(element, where, "expected an integer or floating dtype but found "
                            + h.dtype());
                }
                return segment(element, where, bytes.asSlice(h.dataOffset()), h.dtype(), ByteOrder.LITTLE_ENDIAN, arena);
            } catch (RuntimeException | IOException x) {
                arena.close();
                throw x;
            }
        }
    }

    private static Column array(String element, String where, NpyArray a, AutoCloseable owner) {
        try {
            if (a.shape().length != 1) {
                throw new SpecException(element, where, "expected a 1-D array but found shape "
                        + java.util.Arrays.toString(a.shape()));
            }
            if (a.dtype() == Dtype.BYTES || a.dtype() == Dtype.RECORD) {
                throw new SpecException(element, where, "expected an integer or floating dtype but found " + a.dtype());
            }
            return segment(element, where, a.data(), a.dtype(), ByteOrder.LITTLE_ENDIAN, owner);
        } catch (RuntimeException e) {
            closeQuietly(owner);
            throw e;
        }
    }

    // Constant layouts: a segment access through a layout held in a local or a field that is not static final is
    // not folded by C2 and costs a hundred nanoseconds or more per element instead of one.
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * A column over {@code data} of {@code dtype}, in {@code order}; {@code owner} (may be null) closes with it.
     *
     * @throws SpecException if the order is big-endian (no host the project supports lends big-endian memory)
     */
    static Column segment(String element, String field, MemorySegment data, Dtype dtype, ByteOrder order,
            AutoCloseable owner) {
        if (order != ByteOrder.LITTLE_ENDIAN && dtype.size() > 1) {
            throw new SpecException(element, field, "expected little-endian elements but found " + order);
        }
        long n = data.byteSize() / dtype.size();
        return switch (dtype) {
            case INT32 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    return data.getAtIndex(I32, k);
                }
            };
            case INT64 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    return data.getAtIndex(I64, k);
                }
            };
            case FLOAT32 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    return data.getAtIndex(F32, k);
                }
            };
            case FLOAT64 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    return data.getAtIndex(F64, k);
                }
            };
            case UINT32 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    return Integer.toUnsignedLong(data.getAtIndex(I32, k));
                }
            };
            case UINT64 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    long v = data.getAtIndex(I64, k);
                    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
                }
            };
            case INT16 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    return data.getAtIndex(I16, k);
                }
            };
            case UINT16 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    return Short.toUnsignedInt(data.getAtIndex(I16, k));
                }
            };
            case INT8 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    return data.get(ValueLayout.JAVA_BYTE, k);
                }
            };
            case UINT8 -> new SegmentColumn(element, field, n, owner) {
                @Override
                double get(long k) {
                    return Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, k));
                }
            };
            case BYTES, RECORD -> throw new SpecException(element, field, "expected an integer or floating dtype but found "
                    + dtype);
        };
    }

    /** A column over a segment, closing its owner (a mapped file) when closed. */
    private abstract static class SegmentColumn extends Column {
        private final long length;
        private final AutoCloseable owner;

        SegmentColumn(String element, String field, long length, AutoCloseable owner) {
            super(element, field);
            this.length = length;
            this.owner = owner;
        }

        @Override
        final long length() {
            return length;
        }

        @Override
        public final void close() {
            closeQuietly(owner);
        }
    }

    /** Column {@code key} (a header name or a 0-based index) of a comma-separated file. */
    private static Column csv(String element, String where, Path file, String key) throws IOException {
        if (key == null) {
            throw new SpecException(element, where, "expected a column (header name or 0-based index) of the CSV file "
                    + "but found none");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int first = 0;
        int column = -1;
        if (!lines.isEmpty()) {
            String[] head = lines.get(0).split(",", -1);
            for (int c = 0; c < head.length; c++) {
                if (head[c].trim().equals(key)) {
                    column = c;
                    first = 1;
                }
            }
            if (column < 0) {
                try {
                    column = Integer.parseInt(key.trim());
                } catch (NumberFormatException e) {
                    throw new SpecException(element, where, "expected a header name of " + List.of(head)
                            + " or a 0-based column index but found '" + key + "'");
                }
                first = isNumber(head.length > column && column >= 0 ? head[column] : "") ? 0 : 1;
            }
        }
        List<Double> values = new ArrayList<>();
        for (int l = first; l < lines.size(); l++) {
            String line = lines.get(l);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (column < 0 || column >= cells.length) {
                throw new SpecException(element, where, "expected column " + column + " on line " + (l + 1)
                        + " but found " + cells.length + " columns");
            }
            try {
                values.add(Double.parseDouble(cells[column].trim()));
            } catch (NumberFormatException e) {
                throw new SpecException(element, where, "expected a number on line " + (l + 1) + ", column "
                        + (column + 1) + " but found '" + cells[column] + "'");
            }
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return INSTANCE.open(element, where, new ArrayRef.Inline(v));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + c + " failed", e);
            }
        }
    }
}
