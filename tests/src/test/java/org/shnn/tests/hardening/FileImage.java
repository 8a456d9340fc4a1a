package org.shnn.tests.hardening;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.shnn.layouts.file.ShnnFileLayouts;

/**
 * A {@code .shnn} file image in memory (native, 8-aligned, so the layout VarHandles apply) for tests that
 * damage files: find a section, edit its bytes, and {@link #reseal} every checksum so that only the
 * structural checks can catch the edit. Assumes the table itself is intact (edit the table last).
 */
final class FileImage {

    final MemorySegment bytes;

    private FileImage(MemorySegment bytes) {
        this.bytes = bytes;
    }

    static FileImage of(byte[] file, Arena arena) {
        MemorySegment s = arena.allocate(Math.max(8, file.length), 8).asSlice(0, file.length);
        MemorySegment.copy(MemorySegment.ofArray(file), 0, s, 0, file.length);
        return new FileImage(s);
    }

    int sectionCount() {
        return (int) ShnnFileLayouts.SECTION_COUNT.get(bytes, 0L);
    }

    long entry(int i) {
        return (long) ShnnFileLayouts.SECTION_TABLE_OFFSET.get(bytes, 0L) + i * ShnnFileLayouts.SECTION_ENTRY_SIZE;
    }

    String name(int i) {
        byte[] raw = bytes.asSlice(entry(i) + ShnnFileLayouts.NAME_OFFSET, ShnnFileLayouts.NAME_BYTES)
                .toArray(ValueLayout.JAVA_BYTE);
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.UTF_8);
    }

    int index(String name) {
        for (int i = 0; i < sectionCount(); i++) {
            if (name(i).equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no section " + name);
    }

    long offset(int i) {
        return (long) ShnnFileLayouts.OFFSET.get(bytes, entry(i));
    }

    long length(int i) {
        return (long) ShnnFileLayouts.LENGTH.get(bytes, entry(i));
    }

    /** The bytes of section {@code name} (a writable view). */
    MemorySegment section(String name) {
        int i = index(name);
        return bytes.asSlice(offset(i), length(i));
    }

    /**
     * Recomputes every section's block checksums (format 1.1) and checksum, then the table's and the header's (after
     * an edit of section bytes).
     */
    void reseal() {
        for (int i = 0; i < sectionCount(); i++) {
            int block = (int) ShnnFileLayouts.BLOCK_SIZE.get(bytes, entry(i));
            if (block != 0) {
                int table = (int) ShnnFileLayouts.BLOCK_CHECKSUMS.get(bytes, entry(i));
                MemorySegment crcs = bytes.asSlice(offset(table), length(table));
                for (long at = 0, b = 0; at < length(i); at += block, b++) {
                    crcs.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), b,
                            crc(bytes.asSlice(offset(i) + at, Math.min(block, length(i) - at))));
                }
            }
        }
        for (int i = 0; i < sectionCount(); i++) {
            ShnnFileLayouts.CHECKSUM.set(bytes, entry(i), crc(bytes.asSlice(offset(i), length(i))));
        }
        resealTable();
    }

    /** Recomputes the table's checksum, then the header's (after an edit of the table). */
    void resealTable() {
        long table = (long) ShnnFileLayouts.SECTION_TABLE_OFFSET.get(bytes, 0L);
        ShnnFileLayouts.SECTION_TABLE_CHECKSUM.set(bytes, 0L,
                crc(bytes.asSlice(table, sectionCount() * ShnnFileLayouts.SECTION_ENTRY_SIZE)));
        resealHeader();
    }

    /** Recomputes the header's checksum (after an edit of the header). */
    void resealHeader() {
        CRC32C c = new CRC32C();
        c.update(bytes.asSlice(0, ShnnFileLayouts.HEADER_CHECKSUM_OFFSET).asByteBuffer());
        c.update(bytes.asSlice(ShnnFileLayouts.HEADER_CHECKSUM_OFFSET + 4,
                ShnnFileLayouts.HEADER_SIZE - ShnnFileLayouts.HEADER_CHECKSUM_OFFSET - 4).asByteBuffer());
        ShnnFileLayouts.HEADER_CHECKSUM.set(bytes, 0L, (int) c.getValue());
    }

    private static int crc(MemorySegment s) {
        CRC32C c = new CRC32C();
        c.update(s.asByteBuffer());
        return (int) c.getValue();
    }

    void write(Path p) throws IOException {
        Files.write(p, bytes.toArray(ValueLayout.JAVA_BYTE));
    }
}
