package org.shnn.codec.npy;

import static org.shnn.codec.npy.ZipFormat.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.shnn.codec.CodecException;
import org.shnn.codec.FileFailure;

/**
 * A mapped, uncompressed {@code .npz} archive (what {@code numpy.savez} writes: a ZIP of {@code name.npy}
 * entries, method STORED, ZIP64 extras allowed). Each entry's array is a view of the mapping when its data is
 * aligned to the element size (entries written by {@link NpzWriter} always are), else a one-time aligned copy.
 * A DEFLATED entry ({@code numpy.savez_compressed}) is refused with a {@link CodecException}, since it cannot
 * be mapped. Every offset and size of the ZIP structures is checked against the file before use.
 *
 * <p>Ownership: one shared arena per open file, closed once by {@link #close()}; arrays are valid until then.
 * Thread-safety: accessors are safe from any thread while open; {@code close} must not race with readers.
 */
public final class NpzFile implements AutoCloseable {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final Map<String, NpyArray> arrays;
    private final Map<String, Integer> crcs;
    private final Map<String, MemorySegment> entryBytes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NpzFile(Path path, Arena arena, Map<String, NpyArray> arrays, Map<String, Integer> crcs,
            Map<String, MemorySegment> entryBytes) {
        this.path = path;
        this.arena = arena;
        this.arrays = Collections.unmodifiableMap(arrays);
        this.crcs = crcs;
        this.entryBytes = entryBytes;
    }

    /**
     * Maps {@code path} and validates its ZIP directory and every entry's {@code .npy} header.
     *
     * @throws CodecException naming the entry, offset and field at fault
     * @throws IOException if the file cannot be read
     */
    public static NpzFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment file;
            try (FileChannel ch = FileChannel.open(FileFailure.requireMappable(path), StandardOpenOption.READ)) {
                file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            return new Parser(path, file, arena).parse();
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** The array names (entry names without {@code .npy}), in directory order. */
    public Set<String> names() {
        return arrays.keySet();
    }

    /** The array {@code name}, if present. */
    public Optional<NpyArray> find(String name) {
        return Optional.ofNullable(arrays.get(name));
    }

    /**
     * The array {@code name}.
     *
     * @throws CodecException if the archive has no such entry
     */
    public NpyArray array(String name) {
        NpyArray a = arrays.get(name);
        if (a == null) {
            throw new CodecException(path, name, CodecException.NO_OFFSET, "entry", "an entry '" + name + ".npy'",
                    "none among " + arrays.keySet());
        }
        return a;
    }

    /**
     * Checks every entry's CRC-32 (the ZIP checksum) against its bytes (reads the whole archive).
     *
     * @throws CodecException naming the first entry that differs
     */
    public void verify() {
        for (Map.Entry<String, MemorySegment> e : entryBytes.entrySet()) {
            CRC32 crc = new CRC32();
            MemorySegment s = e.getValue();
            for (long off = 0; off < s.byteSize(); off += 1 << 26) {
                crc.update(s.asSlice(off, Math.min(1 << 26, s.byteSize() - off)).asByteBuffer());
            }
            int stored = crcs.get(e.getKey());
            if ((int) crc.getValue() != stored) {
                throw new CodecException(path, e.getKey(), CodecException.NO_OFFSET, "crc32",
                        String.format("0x%08x (stored)", stored), String.format("0x%08x (computed)",
                                (int) crc.getValue()));
            }
        }
    }

    /** Unmaps the archive (and frees copies). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            arena.close();
        }
    }

    /** Reads the directory; every read is preceded by a bounds check against the file size. */
    private static final class Parser {
        private final Path path;
        private final MemorySegment file;
        private final Arena arena;
        private final long size;

        Parser(Path path, MemorySegment file, Arena arena) {
            this.path = path;
            this.file = file;
            this.arena = arena;
            this.size = file.byteSize();
        }

        private CodecException error(String entry, long offset, String field, Object expected, Object found) {
            return new CodecException(path, entry, offset, field, String.valueOf(expected), String.valueOf(found));
        }

        private void need(String entry, long offset, long bytes, String what) {
            if (offset < 0 || offset > size || bytes > size - offset) {
                throw error(entry, offset, what, bytes + " bytes inside the " + size + "-byte file",
                        "a structure past the end (truncated?)");
            }
        }

        private int u16(long at) {
            return Short.toUnsignedInt(file.get(U16, at));
        }

        private long u32(long at) {
            return Integer.toUnsignedLong(file.get(U32, at));
        }

        NpzFile parse() {
            long eocd = findEocd();
            long entries = u16(eocd + EOCD_ENTRIES);
            long cdSize = u32(eocd + EOCD_CD_SIZE);
            long cdOffset = u32(eocd + EOCD_CD_OFFSET);
            long locator = eocd - ZIP64_LOCATOR_SIZE;
            if (locator >= 0 && file.get(U32, locator) == ZIP64_LOCATOR_SIG) {
                long z = file.get(U64, locator + ZIP64_LOCATOR_EOCD_OFFSET);
                need(null, z, ZIP64_EOCD_SIZE, "zip64EndOfCentralDirectory");
                if (file.get(U32, z) != ZIP64_EOCD_SIG) {
                    throw error(null, z, "zip64EndOfCentralDirectory", "signature 0x06064b50",
                            String.format("0x%08x", file.get(U32, z)));
                }
                entries = file.get(U64, z + ZIP64_EOCD_ENTRIES);
                cdSize = file.get(U64, z + ZIP64_EOCD_CD_SIZE);
                cdOffset = file.get(U64, z + ZIP64_EOCD_CD_OFFSET);
            }
            need(null, cdOffset, cdSize, "centralDirectory");
            if (entries < 0 || entries > cdSize / CENTRAL_SIZE) {
                throw error(null, eocd + EOCD_ENTRIES, "entries", "at most " + cdSize / CENTRAL_SIZE
                        + " in a " + cdSize + "-byte directory", Long.toUnsignedString(entries));
            }
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            Map<String, Integer> crcs = new LinkedHashMap<>();
            Map<String, MemorySegment> bytes = new LinkedHashMap<>();
            long at = cdOffset;
            long end = cdOffset + cdSize;
            for (long i = 0; i < entries; i++) {
                if (end - at < CENTRAL_SIZE || file.get(U32, at) != CENTRAL_SIG) {
                    throw error("#" + i, at, "centralDirectoryHeader", "signature 0x02014b50 within the directory",
                            end - at < CENTRAL_SIZE ? "end of directory" : String.format("0x%08x", file.get(U32, at)));
                }
                long nameLen = u16(at + CENTRAL_NAME_LEN);
                long extraLen = u16(at + CENTRAL_EXTRA_LEN);
                long commentLen = u16(at + CENTRAL_COMMENT_LEN);
                long headerLen = CENTRAL_SIZE + nameLen + extraLen + commentLen;
                if (headerLen > end - at) {
                    throw error("#" + i, at, "centralDirectoryHeader", headerLen + " bytes within the directory",
                            (end - at) + " bytes left");
                }
                String entryName = new String(file.asSlice(at + CENTRAL_SIZE, nameLen).toArray(ValueLayout.JAVA_BYTE),
                        StandardCharsets.UTF_8);
                readEntry(at, entryName, nameLen, extraLen, arrays, crcs, bytes);
                at += headerLen;
            }
            return new NpzFile(path, arena, arrays, crcs, bytes);
        }

        private long findEocd() {
            long last = size - EOCD_SIZE;
            long first = Math.max(0, last - U16_MAX);
            for (long p = last; p >= first; p--) {
                if (file.get(U32, p) == EOCD_SIG && p + EOCD_SIZE + u16(p + EOCD_COMMENT_LEN) == size) {
                    return p;
                }
            }
            throw error(null, Math.max(0, last), "endOfCentralDirectory", "a ZIP end record (signature 0x06054b50)",
                    size < EOCD_SIZE ? size + "-byte file" : "none in the last " + (size - first) + " bytes");
        }

        private void readEntry(long at, String entryName, long nameLen, long extraLen, Map<String, NpyArray> arrays,
                Map<String, Integer> crcs, Map<String, MemorySegment> bytes) {
            String name = entryName.endsWith(".npy") ? entryName.substring(0, entryName.length() - 4) : null;
            if (name == null || name.isEmpty()) {
                throw error(entryName, at + CENTRAL_SIZE, "name", "'<array>.npy'", "'" + entryName + "'");
            }
            int flags = u16(at + CENTRAL_FLAGS);
            if ((flags & 1) != 0) {
                throw error(name, at + CENTRAL_FLAGS, "flags", "not encrypted", "encrypted");
            }
            int method = u16(at + CENTRAL_METHOD);
            if (method != METHOD_STORED) {
                throw error(name, at + CENTRAL_METHOD, "compressionMethod", "0 (STORED): save with numpy.savez, "
                        + "not savez_compressed, so the arrays can be mapped", method + (method == METHOD_DEFLATED
                        ? " (DEFLATED)" : ""));
            }
            long compressed = u32(at + CENTRAL_COMPRESSED);
            long uncompressed = u32(at + CENTRAL_UNCOMPRESSED);
            long localOffset = u32(at + CENTRAL_LOCAL_OFFSET);
            // ZIP64 extra: the 64-bit values of exactly the fields stored as 0xFFFFFFFF, in this order.
            long x = at + CENTRAL_SIZE + nameLen;
            long xEnd = x + extraLen;
            while (xEnd - x >= 4) {
                int id = u16(x);
                long len = u16(x + 2);
                if (len > xEnd - x - 4) {
                    throw error(name, x, "extraField", "a length within the extra data", len);
                }
                if (id == ZIP64_EXTRA_ID) {
                    long f = x + 4;
                    long fEnd = f + len;
                    if (uncompressed == U32_MAX) {
                        uncompressed = zip64Value(name, f, fEnd, "uncompressedSize");
                        f += 8;
                    }
                    if (compressed == U32_MAX) {
                        compressed = zip64Value(name, f, fEnd, "compressedSize");
                        f += 8;
                    }
                    if (localOffset == U32_MAX) {
                        localOffset = zip64Value(name, f, fEnd, "localHeaderOffset");
                    }
                }
                x += 4 + len;
            }
            if (compressed != uncompressed) {
                throw error(name, at + CENTRAL_COMPRESSED, "compressedSize", uncompressed + " (= uncompressed size "
                        + "for STORED)", Long.toUnsignedString(compressed));
            }
            need(name, localOffset, LOCAL_SIZE, "localHeader");
            if (file.get(U32, localOffset) != LOCAL_SIG) {
                throw error(name, localOffset, "localHeader", "signature 0x04034b50",
                        String.format("0x%08x", file.get(U32, localOffset)));
            }
            if (u16(localOffset + LOCAL_METHOD) != METHOD_STORED) {
                throw error(name, localOffset + LOCAL_METHOD, "compressionMethod", "0 (STORED) as in the directory",
                        u16(localOffset + LOCAL_METHOD));
            }
            long dataStart = localOffset + LOCAL_SIZE + u16(localOffset + LOCAL_NAME_LEN)
                    + u16(localOffset + LOCAL_EXTRA_LEN);
            need(name, dataStart, compressed, "data");
            MemorySegment entry = file.asSlice(dataStart, compressed);
            NpyHeader header = NpyHeader.parse(entry, path, name, dataStart);
            if (arrays.putIfAbsent(name, NpyArray.of(name, header, entry, arena)) != null) {
                throw error(name, at + CENTRAL_SIZE, "name", "a name unique in the archive", "a repeat");
            }
            crcs.put(name, (int) u32(at + CENTRAL_CRC));
            bytes.put(name, entry);
        }

        private long zip64Value(String name, long f, long fEnd, String field) {
            if (fEnd - f < 8) {
                throw error(name, f, field, "8 bytes in the ZIP64 extra field", (fEnd - f) + " bytes");
            }
            long v = file.get(U64, f);
            if (v < 0) {
                throw error(name, f, field, "a value below 2^63", Long.toUnsignedString(v));
            }
            return v;
        }
    }
}
