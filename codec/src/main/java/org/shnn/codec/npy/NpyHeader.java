package org.shnn.codec.npy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.shnn.codec.CodecException;
import org.shnn.codec.Dtype;

/**
 * The preamble of a {@code .npy} array, parsed strictly or formatted exactly as NumPy 2 writes it.
 *
 * <pre>
 * "\x93NUMPY" | major u8 | minor u8 | headerLen (u16 LE for 1.0, u32 LE for 2.0 and 3.0) | header | data
 * header = "{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3,), }" + spaces + "\n"
 * </pre>
 *
 * NumPy pads the header so the data starts at a multiple of 64 (16 in files older than NumPy 1.14), and adds
 * 21 - digits(shape[0]) spaces of growth room before the padding. The dtypes accepted are {@code <f4 <f8 <i4
 * <i8 <i2} and {@code |u1} (or {@code <u1}); only C order (or {@code fortran_order: True} for at most one
 * dimension, where the orders coincide).
 *
 * @param dtype element type
 * @param shape dimensions, each non-negative; empty for a 0-d array
 * @param major format major version (1, 2 or 3)
 * @param dataOffset byte offset of the data from the start of the array's bytes
 */
public record NpyHeader(Dtype dtype, long[] shape, int major, long dataOffset) {

    /** The magic string's bytes. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Data alignment NumPy writes, in bytes. */
    public static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /** The dimensions (a copy). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (product of the shape). */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d; // parse() proved the product fits
        }
        return n;
    }

    /** Data size in bytes. */
    public long dataBytes() {
        return elementCount() * dtype.size();
    }

    /** The NumPy descr of a dtype, as NumPy writes it. */
    static String descr(Dtype dtype) {
        return switch (dtype) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case INT16 -> "<i2";
            case UINT8 -> "|u1";
            default -> throw new IllegalArgumentException("dtype " + dtype
                    + " has no .npy mapping; use FLOAT32, FLOAT64, INT32, INT64, INT16 or UINT8");
        };
    }

    private static Dtype dtypeOf(String descr) {
        return switch (descr) {
            case "<f4" -> Dtype.FLOAT32;
            case "<f8" -> Dtype.FLOAT64;
            case "<i4" -> Dtype.INT32;
            case "<i8" -> Dtype.INT64;
            case "<i2" -> Dtype.INT16;
            case "|u1", "<u1" -> Dtype.UINT8;
            default -> null;
        };
    }

    /**
     * The full preamble (magic, version, length, header, padding) NumPy 2 writes for {@code dtype} and
     * {@code shape}: version 1.0 unless the header needs more than 65535 bytes (then 2.0).
     *
     * @throws IllegalArgumentException for an unsupported dtype or a negative dimension
     */
    public static byte[] format(Dtype dtype, long[] shape) {
        StringBuilder h = new StringBuilder("{'descr': '").append(descr(dtype))
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": dimension " + i + " < 0");
            }
            h.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        h.append("), }");
        if (shape.length > 0) {
            h.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
        }
        int major = 10 + h.length() + 1 <= 0xFFFF ? 1 : 2;
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + h.length() + 1 + ALIGN - 1) / ALIGN * ALIGN;
        h.append(" ".repeat(total - prefix - h.length() - 1)).append('\n');
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) (total - prefix));
        } else {
            b.putInt(total - prefix);
        }
        b.put(h.toString().getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /**
     * Parses and validates the preamble at the start of {@code bytes} (a whole {@code .npy} file or npz entry),
     * including that the data fills the rest of {@code bytes} exactly.
     *
     * @param file the file, for errors
     * @param name the array name (npz entry), or null, for errors
     * @param base offset of {@code bytes} in the file, for errors
     * @throws CodecException naming the field at fault
     */
    public static NpyHeader parse(MemorySegment bytes, Path file, String name, long base) {
        long size = bytes.byteSize();
        if (size < 10 || !Arrays.equals(bytes.asSlice(0, 6).toArray(ValueLayout.JAVA_BYTE), MAGIC)) {
            throw new CodecException(file, name, base, "magic", "\"\\x93NUMPY\"", size < 10 ? size + " bytes"
                    : "other bytes");
        }
        int major = Byte.toUnsignedInt(bytes.get(ValueLayout.JAVA_BYTE, 6));
        int minor = Byte.toUnsignedInt(bytes.get(ValueLayout.JAVA_BYTE, 7));
        if (major < 1 || major > 3 || minor != 0) {
            throw new CodecException(file, name, base + 6, "version", "1.0, 2.0 or 3.0", major + "." + minor);
        }
        int prefix = major == 1 ? 10 : 12;
        if (size < prefix) {
            throw new CodecException(file, name, base + 8, "headerLen", prefix + " bytes of preamble", size + " bytes");
        }
        long headerLen = major == 1
                ? Short.toUnsignedInt(bytes.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8))
                : Integer.toUnsignedLong(bytes.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                        8));
        if (headerLen > size - prefix) {
            throw new CodecException(file, name, base + 8, "headerLen", "at most " + (size - prefix) + " bytes",
                    Long.toString(headerLen));
        }
        byte[] raw = bytes.asSlice(prefix, headerLen).toArray(ValueLayout.JAVA_BYTE);
        String text;
        try {
            text = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new CodecException(file, name, base + prefix, "header", major == 3 ? "UTF-8" : "ASCII",
                    "other bytes", e);
        }
        HeaderDict d = new HeaderDict(text, file, name, base + prefix).parse();
        Dtype dtype = dtypeOf(d.descr);
        if (dtype == null) {
            throw new CodecException(file, name, base + prefix, "descr", "one of <f4 <f8 <i4 <i8 <i2 |u1 "
                    + "(little-endian)", "'" + d.descr + "'");
        }
        if (d.fortranOrder && d.shape.length > 1) {
            throw new CodecException(file, name, base + prefix, "fortran_order", "False (C order) for "
                    + d.shape.length + " dimensions", "True");
        }
        long count = 1;
        for (long dim : d.shape) {
            if (dim != 0 && count > Long.MAX_VALUE / dim / dtype.size()) {
                throw new CodecException(file, name, base + prefix, "shape", "a size below 2^63 bytes",
                        Arrays.toString(d.shape));
            }
            count *= dim;
        }
        long dataOffset = prefix + headerLen;
        long dataBytes = count * dtype.size();
        if (dataBytes != size - dataOffset) {
            throw new CodecException(file, name, base + dataOffset, "data", dataBytes + " bytes for shape "
                    + Arrays.toString(d.shape) + " of " + d.descr, (size - dataOffset) + " bytes"
                    + (dataBytes > size - dataOffset ? " (truncated)" : ""));
        }
        return new NpyHeader(dtype, d.shape, major, dataOffset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.dtype == dtype && Arrays.equals(h.shape, shape) && h.major == major
                && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + dtype.hashCode() + 7 * Long.hashCode(dataOffset) + major;
    }

    @Override
    public String toString() {
        return "NpyHeader[" + descr(dtype) + " " + Arrays.toString(shape) + " v" + major + ".0, data at "
                + dataOffset + "]";
    }

    /**
     * A strict parser of the header's Python dict literal: exactly the keys descr (str), fortran_order (bool)
     * and shape (tuple of non-negative ints), each once, optional trailing comma, then only spaces and one
     * final newline.
     */
    private static final class HeaderDict {
        private final String s;
        private final Path file;
        private final String name;
        private final long base;
        private int pos;
        String descr;
        Boolean fortranBox;
        boolean fortranOrder;
        long[] shape;

        HeaderDict(String s, Path file, String name, long base) {
            this.s = s;
            this.file = file;
            this.name = name;
            this.base = base;
        }

        private CodecException error(String expected) {
            String near = s.substring(pos, Math.min(s.length(), pos + 20));
            return new CodecException(file, name, base + pos, "header", expected, pos >= s.length()
                    ? "end of header" : "'" + near + "'");
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private void expect(char c) {
            skipSpaces();
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private boolean peek(char c) {
            skipSpaces();
            return pos < s.length() && s.charAt(pos) == c;
        }

        private String string() {
            skipSpaces();
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                throw error("a quoted string");
            }
            char q = s.charAt(pos);
            int end = s.indexOf(q, pos + 1);
            if (end < 0 || s.substring(pos + 1, end).indexOf('\\') >= 0) {
                throw error("a simple quoted string");
            }
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        private boolean bool() {
            skipSpaces();
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("True or False");
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            boolean comma = false;
            while (!peek(')')) {
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos)) && pos - start < 19) {
                    pos++;
                }
                if (pos == start || (pos < s.length() && Character.isDigit(s.charAt(pos)))) {
                    throw error("a non-negative dimension below 10^19");
                }
                dims.add(Long.parseLong(s.substring(start, pos)));
                comma = peek(',');
                if (comma) {
                    pos++;
                } else if (!peek(')')) {
                    throw error("',' or ')'");
                }
            }
            if (dims.size() == 1 && !comma) {
                throw error("a tuple: '(n,)' for one dimension");
            }
            pos++;
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        HeaderDict parse() {
            expect('{');
            while (!peek('}')) {
                int keyPos = pos;
                String key = string();
                expect(':');
                switch (key) {
                    case "descr" -> {
                        if (descr != null) {
                            pos = keyPos;
                            throw error("each key once");
                        }
                        descr = string();
                    }
                    case "fortran_order" -> {
                        if (fortranBox != null) {
                            pos = keyPos;
                            throw error("each key once");
                        }
                        fortranBox = bool();
                    }
                    case "shape" -> {
                        if (shape != null) {
                            pos = keyPos;
                            throw error("each key once");
                        }
                        shape = tuple();
                    }
                    default -> {
                        pos = keyPos;
                        throw error("only the keys 'descr', 'fortran_order', 'shape'");
                    }
                }
                if (peek(',')) {
                    pos++;
                } else if (!peek('}')) {
                    throw error("',' or '}'");
                }
            }
            pos++;
            if (descr == null || fortranBox == null || shape == null) {
                throw error("the keys 'descr', 'fortran_order' and 'shape'");
            }
            fortranOrder = fortranBox;
            skipSpaces();
            if (pos != s.length() - 1 || s.charAt(pos) != '\n') {
                throw error("padding spaces and a final newline");
            }
            return this;
        }
    }
}
