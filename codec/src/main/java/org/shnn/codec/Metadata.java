package org.shnn.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Free key/value metadata of a file (creator, seed, simulated time, wall-clock date, simulation parameters):
 * an ordered map of UTF-8 strings stored in a {@link SectionType#METADATA} section as
 *
 * <pre>
 * u32 entryCount, then entryCount times: u32 keyBytes, key (UTF-8), u32 valueBytes, value (UTF-8)
 * </pre>
 *
 * all little-endian, keys unique and non-empty. Numbers are stored as text: {@link #putLong} in decimal,
 * {@link #putDouble} as the exact hexadecimal bits so a resumed simulation gets the very same value.
 *
 * <p>Thread-safety: instances are immutable; {@link Builder} is not thread-safe.
 */
public final class Metadata {

    /** The empty metadata. */
    public static final Metadata EMPTY = new Metadata(Map.of());

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Map<String, String> entries;

    private Metadata(Map<String, String> entries) {
        this.entries = entries;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The entries in insertion order (unmodifiable). */
    public Map<String, String> asMap() {
        return entries;
    }

    /** The value of {@code key}, if present. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * The value of {@code key} parsed as a decimal long.
     *
     * @throws java.util.NoSuchElementException if absent
     * @throws NumberFormatException if not a long
     */
    public long getLong(String key) {
        return Long.parseLong(get(key).orElseThrow());
    }

    /**
     * The value of {@code key} stored by {@link Builder#putDouble}: exact bits, hexadecimal.
     *
     * @throws java.util.NoSuchElementException if absent
     * @throws NumberFormatException if not a hexadecimal long
     */
    public double getDouble(String key) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(get(key).orElseThrow(), 16));
    }

    /** The encoded bytes (the section payload). */
    public byte[] encode() {
        int total = 4;
        Map<byte[], byte[]> raw = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
            raw.put(k, v);
            total = Math.addExact(total, Math.addExact(8, Math.addExact(k.length, v.length)));
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(raw.size());
        raw.forEach((k, v) -> b.putInt(k.length).put(k).putInt(v.length).put(v));
        return b.array();
    }

    /**
     * Decodes a metadata payload, checking every length against the payload before reading.
     *
     * @param payload the section bytes
     * @param file the file, for errors
     * @param section the section name, for errors
     * @param fileOffset the payload's offset in the file, for errors
     * @throws CodecException if a length runs past the payload, a string is not UTF-8, or a key repeats
     */
    public static Metadata decode(MemorySegment payload, Path file, String section, long fileOffset) {
        long size = payload.byteSize();
        long pos = 0;
        long count = readU32(payload, pos, size, file, section, fileOffset, "entryCount");
        pos += 4;
        // Each entry takes at least 8 bytes: a count beyond that is corrupt (and would loop long).
        if (count > (size - 4) / 8) {
            throw new CodecException(file, section, fileOffset, "entryCount",
                    "at most " + (size - 4) / 8 + " entries in " + size + " bytes", Long.toString(count));
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            String key = readString(payload, pos, size, file, section, fileOffset, "key[" + i + "]");
            pos += 4 + key.getBytes(StandardCharsets.UTF_8).length;
            String value = readString(payload, pos, size, file, section, fileOffset, "value[" + i + "]");
            pos += 4 + value.getBytes(StandardCharsets.UTF_8).length;
            if (key.isEmpty() || map.putIfAbsent(key, value) != null) {
                throw new CodecException(file, section, fileOffset, "key[" + i + "]", "a unique non-empty key",
                        "'" + key + "'");
            }
        }
        if (pos != size) {
            throw new CodecException(file, section, fileOffset + pos, "length",
                    pos + " bytes for " + count + " entries", size + " bytes");
        }
        return new Metadata(Collections.unmodifiableMap(map));
    }

    private static long readU32(MemorySegment s, long pos, long size, Path file, String section, long base,
            String field) {
        if (size - pos < 4) {
            throw new CodecException(file, section, base + pos, field, "4 bytes", (size - pos) + " bytes left");
        }
        return Integer.toUnsignedLong(s.get(U32, pos));
    }

    private static String readString(MemorySegment s, long pos, long size, Path file, String section, long base,
            String field) {
        long n = readU32(s, pos, size, file, section, base, field + ".length");
        if (n > size - pos - 4) {
            throw new CodecException(file, section, base + pos, field + ".length",
                    "at most " + (size - pos - 4) + " bytes", Long.toString(n));
        }
        byte[] bytes = s.asSlice(pos + 4, n).toArray(ValueLayout.JAVA_BYTE);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CodecException(file, section, base + pos + 4, field, "UTF-8", "malformed bytes", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata m && m.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Metadata" + entries;
    }

    /** Collects entries in order; a repeated key replaces the value. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds {@code key = value}.
         *
         * @throws IllegalArgumentException if {@code key} is empty
         */
        public Builder put(String key, String value) {
            if (key.isEmpty()) {
                throw new IllegalArgumentException("metadata key must not be empty (value '" + value + "')");
            }
            entries.put(key, value);
            return this;
        }

        /** Adds a long, in decimal. */
        public Builder putLong(String key, long value) {
            return put(key, Long.toString(value));
        }

        /** Adds a double as its exact IEEE bits in hexadecimal (read back with {@link Metadata#getDouble}). */
        public Builder putDouble(String key, double value) {
            return put(key, Long.toHexString(Double.doubleToRawLongBits(value)));
        }

        /** Adds every entry of {@code other}. */
        public Builder putAll(Metadata other) {
            other.entries.forEach(this::put);
            return this;
        }

        /** The metadata. */
        public Metadata build() {
            return new Metadata(Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
        }
    }
}
