package org.shnn.codec.npy;

import static org.shnn.codec.npy.ZipFormat.*;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import org.shnn.codec.AtomicFile;
import org.shnn.codec.Dtype;

/**
 * Writes an uncompressed {@code .npz} (readable by {@code numpy.load}) atomically, streaming each array as it
 * is added. Every entry is STORED with a ZIP64 extra in its local header (as NumPy writes them), and padded
 * by an alignment extra field (id 0xD935, as Android's zipalign) so each array's data starts at a multiple of
 * 64 bytes of the file: {@link NpzFile} then maps it with no copy. ZIP64 directory records are added when the
 * archive needs them (4 GiB offsets or 65535 entries).
 *
 * <p>Thread-safety: not thread-safe; one writer thread.
 */
public final class NpzWriter implements AutoCloseable {

    private static final int VERSION = 45; // 4.5: ZIP64
    private static final int DOS_DATE_1980 = 0x0021; // 1980-01-01: deterministic output
    private static final int ZIP64_LOCAL_EXTRA = 20;

    private final AtomicFile file;
    private final Set<String> names = new HashSet<>();
    private ByteBuffer dir = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    private long end;
    private long entries;
    private boolean usable = true;

    private NpzWriter(AtomicFile file) {
        this.file = file;
    }

    /**
     * Starts writing {@code target} (through a temporary file in its directory).
     *
     * @throws IOException if the temporary file cannot be created
     */
    public static NpzWriter create(Path target) throws IOException {
        return new NpzWriter(AtomicFile.create(target));
    }

    /**
     * Adds the array {@code name} ({@code name.npy} in the archive).
     *
     * @param data C order, little-endian; its size must match the shape
     * @throws IllegalArgumentException for a repeated or empty name, an unsupported dtype or a size mismatch
     * @throws IllegalStateException after commit, close or a failure
     * @throws IOException on a write error (the writer is then failed)
     */
    public void add(String name, Dtype dtype, long[] shape, MemorySegment data) throws IOException {
        check();
        byte[] entryName = (name + ".npy").getBytes(StandardCharsets.UTF_8);
        if (name.isEmpty() || entryName.length > U16_MAX || !names.add(name)) {
            throw new IllegalArgumentException("array name '" + name + "' is empty, too long or already used");
        }
        byte[] preamble = NpyFile.preamble(dtype, shape, data);
        usable = false;
        long size = preamble.length + data.byteSize();
        long offset = end;
        long fixed = offset + LOCAL_SIZE + entryName.length + ZIP64_LOCAL_EXTRA;
        long pad = -fixed & (NpyHeader.ALIGN - 1);
        if (pad > 0 && pad < 4) {
            pad += NpyHeader.ALIGN; // an extra field needs 4 bytes of header
        }
        long dataStart = fixed + pad;
        CRC32 crc = new CRC32();
        crc.update(preamble);
        for (long off = 0; off < data.byteSize(); off += 1 << 24) {
            MemorySegment part = data.asSlice(off, Math.min(1 << 24, data.byteSize() - off));
            crc.update(part.isNative() || part.heapBase().orElse(null) instanceof byte[] ? part.asByteBuffer()
                    : ByteBuffer.wrap(part.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        }
        int crc32 = (int) crc.getValue();
        ByteBuffer local = ByteBuffer.allocate((int) (dataStart - offset)).order(ByteOrder.LITTLE_ENDIAN);
        local.putInt(LOCAL_SIG).putShort((short) VERSION).putShort((short) 0).putShort((short) METHOD_STORED)
                .putShort((short) 0).putShort((short) DOS_DATE_1980).putInt(crc32).putInt(-1).putInt(-1)
                .putShort((short) entryName.length).putShort((short) (ZIP64_LOCAL_EXTRA + pad)).put(entryName)
                .putShort((short) ZIP64_EXTRA_ID).putShort((short) 16).putLong(size).putLong(size);
        if (pad > 0) {
            local.putShort((short) ALIGN_EXTRA_ID).putShort((short) (pad - 4));
        }
        file.write(MemorySegment.ofArray(local.array()), offset);
        file.write(MemorySegment.ofArray(preamble), dataStart);
        file.write(data, dataStart + preamble.length);
        centralEntry(entryName, crc32, size, offset);
        end = dataStart + size;
        entries++;
        usable = true;
    }

    private void centralEntry(byte[] entryName, int crc32, long size, long offset) {
        boolean bigSize = size >= U32_MAX;
        boolean bigOffset = offset >= U32_MAX;
        int extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
        ensure(CENTRAL_SIZE + entryName.length + (extra > 0 ? 4 + extra : 0));
        dir.putInt(CENTRAL_SIG).putShort((short) VERSION).putShort((short) VERSION).putShort((short) 0)
                .putShort((short) METHOD_STORED).putShort((short) 0).putShort((short) DOS_DATE_1980).putInt(crc32)
                .putInt(bigSize ? -1 : (int) size).putInt(bigSize ? -1 : (int) size)
                .putShort((short) entryName.length).putShort((short) (extra > 0 ? 4 + extra : 0)).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt(0).putInt(bigOffset ? -1 : (int) offset)
                .put(entryName);
        if (extra > 0) {
            dir.putShort((short) ZIP64_EXTRA_ID).putShort((short) extra);
            if (bigSize) {
                dir.putLong(size).putLong(size);
            }
            if (bigOffset) {
                dir.putLong(offset);
            }
        }
    }

    private void ensure(int bytes) {
        if (dir.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(dir.capacity() * 2, dir.position() + bytes))
                    .order(ByteOrder.LITTLE_ENDIAN);
            dir.flip();
            bigger.put(dir);
            dir = bigger;
        }
    }

    /**
     * Writes the central directory, forces the file and renames it over the target.
     *
     * @throws IllegalStateException after commit, close or a failure
     * @throws IOException on a write, force or rename error (the target keeps its previous content)
     */
    public void commit() throws IOException {
        check();
        usable = false;
        long cdOffset = end;
        long cdSize = dir.position();
        boolean zip64 = cdOffset >= U32_MAX || cdSize >= U32_MAX || entries >= U16_MAX;
        ensure(ZIP64_EOCD_SIZE + ZIP64_LOCATOR_SIZE + EOCD_SIZE);
        if (zip64) {
            long z = cdOffset + cdSize;
            dir.putInt(ZIP64_EOCD_SIG).putLong(ZIP64_EOCD_SIZE - 12).putShort((short) VERSION)
                    .putShort((short) VERSION).putInt(0).putInt(0).putLong(entries).putLong(entries).putLong(cdSize)
                    .putLong(cdOffset);
            dir.putInt(ZIP64_LOCATOR_SIG).putInt(0).putLong(z).putInt(1);
        }
        dir.putInt(EOCD_SIG).putShort((short) 0).putShort((short) 0)
                .putShort((short) (zip64 ? -1 : entries)).putShort((short) (zip64 ? -1 : entries))
                .putInt(zip64 ? -1 : (int) cdSize).putInt(zip64 ? -1 : (int) cdOffset).putShort((short) 0);
        file.write(MemorySegment.ofArray(dir.array()).asSlice(0, dir.position()), cdOffset);
        file.commit();
    }

    private void check() {
        if (!usable) {
            throw new IllegalStateException("npz writer of " + file.target() + " is committed, closed or failed");
        }
    }

    /** Discards the archive unless {@link #commit()} succeeded. Idempotent. */
    @Override
    public void close() throws IOException {
        usable = false;
        file.close();
    }
}
