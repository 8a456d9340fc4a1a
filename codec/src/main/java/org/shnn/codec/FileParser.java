package org.shnn.codec;

import static org.shnn.layouts.file.ShnnFileLayouts.BYTE_ORDER_MARK;
import static org.shnn.layouts.file.ShnnFileLayouts.CHECKSUM;
import static org.shnn.layouts.file.ShnnFileLayouts.DTYPE;
import static org.shnn.layouts.file.ShnnFileLayouts.ELEMENT_COUNT;
import static org.shnn.layouts.file.ShnnFileLayouts.ELEMENT_SIZE;
import static org.shnn.layouts.file.ShnnFileLayouts.FILE_LENGTH;
import static org.shnn.layouts.file.ShnnFileLayouts.HEADER_CHECKSUM;
import static org.shnn.layouts.file.ShnnFileLayouts.HEADER_FLAGS;
import static org.shnn.layouts.file.ShnnFileLayouts.HEADER_SIZE_FIELD;
import static org.shnn.layouts.file.ShnnFileLayouts.LENGTH;
import static org.shnn.layouts.file.ShnnFileLayouts.MAGIC;
import static org.shnn.layouts.file.ShnnFileLayouts.OFFSET;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_COUNT;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_ENTRY_SIZE_FIELD;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_FLAGS;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_TABLE_CHECKSUM;
import static org.shnn.layouts.file.ShnnFileLayouts.SECTION_TABLE_OFFSET;
import static org.shnn.layouts.file.ShnnFileLayouts.TYPE;
import static org.shnn.layouts.file.ShnnFileLayouts.VERSION_MAJOR;
import static org.shnn.layouts.file.ShnnFileLayouts.VERSION_MINOR;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.shnn.layouts.file.ShnnFileLayouts;

/**
 * Validates a mapped {@code .shnn} file's header and section table and builds the {@link Section}s. Every
 * field is checked against the file length and the layouts before the bytes it points to are touched, with
 * overflow-safe arithmetic (values are read as unsigned and compared by subtraction). Work is proportional to
 * the number of sections, not to the file size. FORMAT.md lists the rules in this order.
 */
final class FileParser {

    private static final long HEADER_SIZE = ShnnFileLayouts.HEADER_SIZE;

    private final Path path;
    private final MemorySegment file;
    private final long size;

    int versionMajor;
    int versionMinor;
    long flags;
    final List<Section> sections = new ArrayList<>();

    private FileParser(Path path, MemorySegment file) {
        this.path = path;
        this.file = file;
        this.size = file.byteSize();
    }

    /** Parses {@code file} (the whole mapping, read-only); throws {@link CodecException} on any violation. */
    static FileParser parse(Path path, MemorySegment file) {
        FileParser p = new FileParser(path, file);
        p.parse();
        return p;
    }

    private CodecException error(String section, long offset, String field, Object expected, Object found) {
        return new CodecException(path, section, offset, field, String.valueOf(expected), String.valueOf(found));
    }

    private static long u32(VarHandle h, MemorySegment s, long base) {
        return Integer.toUnsignedLong((int) h.get(s, base));
    }

    private void parse() {
        // The header handles need a whole header's bytes: read a short file's prefix from a zero-padded copy.
        MemorySegment head = file;
        if (size < HEADER_SIZE) {
            head = MemorySegment.ofArray(new long[(int) HEADER_SIZE / 8]);
            MemorySegment.copy(file, 0, head, 0, size);
        }
        int magic = (int) MAGIC.get(head, 0L);
        if (size < 4 || magic != ShnnFormat.MAGIC) {
            throw error(null, 0, "magic", "\"SHNN\" (0x53 0x48 0x4e 0x4e)",
                    size < 4 ? size + "-byte file" : String.format("0x%08x", magic));
        }
        if (size < 12) {
            throw error(null, size, "fileLength", "at least " + HEADER_SIZE + " bytes (the header)", size + " bytes");
        }
        int bom = (int) BYTE_ORDER_MARK.get(head, 0L);
        if (bom != ShnnFormat.BYTE_ORDER_MARK) {
            throw error(null, 4, "byteOrderMark", String.format("0x%08x (little-endian)", ShnnFormat.BYTE_ORDER_MARK),
                    String.format("0x%08x", bom) + (Integer.reverseBytes(bom) == ShnnFormat.BYTE_ORDER_MARK
                            ? " (a big-endian file)" : ""));
        }
        versionMajor = Short.toUnsignedInt((short) VERSION_MAJOR.get(head, 0L));
        versionMinor = Short.toUnsignedInt((short) VERSION_MINOR.get(head, 0L));
        if (versionMajor != ShnnFormat.VERSION_MAJOR) {
            throw error(null, 8, "versionMajor", "version " + ShnnFormat.VERSION_MAJOR + ".x (this reader is "
                    + ShnnFormat.VERSION_MAJOR + "." + ShnnFormat.VERSION_MINOR + ")",
                    "version " + versionMajor + "." + versionMinor);
        }
        if (size < HEADER_SIZE) {
            throw error(null, size, "fileLength", "at least " + HEADER_SIZE + " bytes (the header)", size + " bytes");
        }
        long headerSize = u32(HEADER_SIZE_FIELD, file, 0);
        if (headerSize < HEADER_SIZE || headerSize > ShnnFormat.MAX_STRUCT_SIZE || headerSize % 8 != 0) {
            throw error(null, 12, "headerSize", "a multiple of 8 in [" + HEADER_SIZE + ", "
                    + ShnnFormat.MAX_STRUCT_SIZE + "]", headerSize);
        }
        if (headerSize > size) {
            throw error(null, size, "fileLength", "at least " + headerSize + " bytes (the header)", size + " bytes");
        }
        int storedHeaderCrc = (int) HEADER_CHECKSUM.get(file, 0L);
        int headerCrc = Crc32c.skipping(file.asSlice(0, headerSize), ShnnFileLayouts.HEADER_CHECKSUM_OFFSET);
        if (headerCrc != storedHeaderCrc) {
            throw error(null, ShnnFileLayouts.HEADER_CHECKSUM_OFFSET, "headerChecksum",
                    Crc32c.hex(headerCrc) + " (CRC32C of the header)", Crc32c.hex(storedHeaderCrc));
        }
        long fileLength = (long) FILE_LENGTH.get(file, 0L);
        if (fileLength != size) {
            throw error(null, 40, "fileLength", Long.toUnsignedString(fileLength) + " bytes (as the header says)",
                    size + " bytes on disk" + (Long.compareUnsigned(fileLength, size) > 0 ? " (truncated)" : ""));
        }
        flags = (long) HEADER_FLAGS.get(file, 0L);
        long unknown = flags & ShnnFormat.INCOMPATIBLE_FLAGS_MASK & ~ShnnFormat.KNOWN_INCOMPATIBLE_FLAGS;
        if (unknown != 0) {
            throw error(null, 16, "flags", "no unknown incompatible feature bits", String.format("0x%016x", unknown));
        }
        long count = u32(SECTION_COUNT, file, 0);
        if (count > ShnnFormat.MAX_SECTIONS) {
            throw error(null, 24, "sectionCount", "at most " + ShnnFormat.MAX_SECTIONS, count);
        }
        long entrySize = u32(SECTION_ENTRY_SIZE_FIELD, file, 0);
        if (entrySize < ShnnFileLayouts.SECTION_ENTRY_SIZE || entrySize > ShnnFormat.MAX_STRUCT_SIZE
                || entrySize % 8 != 0) {
            throw error(null, 28, "sectionEntrySize", "a multiple of 8 in [" + ShnnFileLayouts.SECTION_ENTRY_SIZE
                    + ", " + ShnnFormat.MAX_STRUCT_SIZE + "]", entrySize);
        }
        long tableOffset = (long) SECTION_TABLE_OFFSET.get(file, 0L);
        long tableBytes = count * entrySize; // <= 2^20 * 2^16: no overflow
        if (tableOffset < headerSize || tableOffset % ShnnFormat.MIN_ALIGNMENT != 0 || tableOffset > size
                || tableBytes > size - tableOffset) {
            throw error(null, 32, "sectionTableOffset", "a multiple of " + ShnnFormat.MIN_ALIGNMENT + " in ["
                    + headerSize + ", " + (size - tableBytes) + "] (table of " + tableBytes + " bytes in a " + size
                    + "-byte file)", Long.toUnsignedString(tableOffset));
        }
        MemorySegment table = file.asSlice(tableOffset, tableBytes);
        int storedTableCrc = (int) SECTION_TABLE_CHECKSUM.get(file, 0L);
        int tableCrc = Crc32c.of(table);
        if (tableCrc != storedTableCrc) {
            throw error(null, 48, "sectionTableChecksum", Crc32c.hex(tableCrc) + " (CRC32C of the table)",
                    Crc32c.hex(storedTableCrc));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Section s = parseEntry(i, tableOffset + i * entrySize, headerSize, count);
            if (!names.add(s.name())) {
                throw error(s.name(), tableOffset + i * entrySize, "name", "a name unique in the file", "a repeat");
            }
            sections.add(s);
        }
        checkOverlaps(headerSize, tableOffset, tableBytes, entrySize);
        checkBlockChecksums(tableOffset, entrySize);
    }

    /**
     * A section with block checksums names a BLOCK_CHECKSUMS section of UINT32, one per block, that no other section
     * names and that has none itself.
     */
    private void checkBlockChecksums(long tableOffset, long entrySize) {
        Set<Integer> named = new HashSet<>();
        for (Section s : sections) {
            if (!s.hasBlockChecksums()) {
                continue;
            }
            Section c = sections.get(s.blockChecksumsIndex());
            long at = entryOffset(tableOffset, entrySize, s) + 80;
            boolean twice = !named.add(c.index());
            if (c.type() != SectionType.BLOCK_CHECKSUMS || c.dtype() != Dtype.UINT32 || c.elementCount() != s.blocks()
                    || c.hasBlockChecksums() || twice) {
                throw error(s.name(), at, "blockChecksums", "a BLOCK_CHECKSUMS section of " + s.blocks()
                        + " UINT32 (one per " + s.blockSize() + "-byte block) named by no other section",
                        "section '" + c.name() + "': " + SectionType.name(c.type()) + " " + c.dtype() + " x "
                                + c.elementCount() + (c.hasBlockChecksums() ? ", with block checksums" : "")
                                + (twice ? ", named by another section too" : ""));
            }
        }
    }

    private Section parseEntry(int index, long at, long headerSize, long count) {
        String name = readName(index, at);
        int type = (int) TYPE.get(file, at);
        int dtypeId = (int) DTYPE.get(file, at);
        if (!Dtype.isKnown(dtypeId)) {
            throw error(name, at + 36, "dtype", "a dtype id in [0, " + (Dtype.values().length - 1) + "]",
                    Integer.toUnsignedString(dtypeId));
        }
        Dtype dtype = Dtype.ofId(dtypeId);
        long elementSize = u32(ELEMENT_SIZE, file, at);
        if (!dtype.acceptsElementSize(elementSize)) {
            throw error(name, at + 40, "elementSize", dtype == Dtype.RECORD ? "1 to " + Dtype.MAX_RECORD_SIZE
                    + " bytes for RECORD" : dtype.size() + " bytes for " + dtype, elementSize);
        }
        int sectionFlags = (int) SECTION_FLAGS.get(file, at);
        boolean foreign = !SectionType.isKnown(type) && Integer.compareUnsigned(type, SectionType.USER_FIRST) < 0;
        if (foreign && (sectionFlags & Section.FLAG_REQUIRED) != 0) {
            throw error(name, at + 32, "type", "a section type this reader knows (the section is marked required)",
                    SectionType.name(type));
        }
        long elementCount = (long) ELEMENT_COUNT.get(file, at);
        if (elementCount < 0 || elementCount > size / elementSize) {
            throw error(name, at + 48, "elementCount", "at most " + size / elementSize + " elements of "
                    + elementSize + " bytes in a " + size + "-byte file", Long.toUnsignedString(elementCount));
        }
        long length = (long) LENGTH.get(file, at);
        if (length != elementCount * elementSize) { // elementCount <= size / elementSize: no overflow
            throw error(name, at + 64, "length", (elementCount * elementSize) + " bytes (" + elementCount + " x "
                    + elementSize + ")", Long.toUnsignedString(length));
        }
        long offset = (long) OFFSET.get(file, at);
        if (offset < headerSize || offset % ShnnFormat.MIN_ALIGNMENT != 0 || offset > size - length) {
            throw error(name, at + 56, "offset", "a multiple of " + ShnnFormat.MIN_ALIGNMENT + " in [" + headerSize
                    + ", " + (size - length) + "] (" + length + " bytes in a " + size + "-byte file)",
                    Long.toUnsignedString(offset));
        }
        int checksum = (int) CHECKSUM.get(file, at);
        long blockSize = u32(ShnnFileLayouts.BLOCK_SIZE, file, at);
        long blockChecksums = u32(ShnnFileLayouts.BLOCK_CHECKSUMS, file, at);
        if (blockSize != 0 && !ShnnFormat.isBlockSize(blockSize)) {
            throw error(name, at + 76, "blockSize", "0 or a power of two in [" + ShnnFormat.MIN_BLOCK_SIZE + ", "
                    + ShnnFormat.MAX_BLOCK_SIZE + "]", blockSize);
        }
        if (blockSize == 0 ? blockChecksums != 0 : blockChecksums >= count || blockChecksums == index) {
            throw error(name, at + 80, "blockChecksums", blockSize == 0 ? "0 (blockSize is 0)"
                    : "the index of another section in [0, " + count + ")", blockChecksums);
        }
        MemorySegment bytes = file.asSlice(offset, length);
        return new Section(index, name, type, dtype, (int) elementSize, sectionFlags, elementCount, offset, length,
                checksum, (int) blockSize, (int) blockChecksums, bytes);
    }

    private String readName(int index, long at) {
        int n = 0;
        while (n < ShnnFileLayouts.NAME_BYTES && file.get(ValueLayout.JAVA_BYTE, at + n) != 0) {
            n++;
        }
        for (int i = n; i < ShnnFileLayouts.NAME_BYTES; i++) {
            if (file.get(ValueLayout.JAVA_BYTE, at + i) != 0) {
                throw error("#" + index, at + i, "name", "NUL padding after the name", "a non-zero byte");
            }
        }
        if (n == 0) {
            throw error("#" + index, at, "name", "1 to " + ShnnFileLayouts.NAME_BYTES + " bytes of UTF-8", "empty");
        }
        byte[] raw = file.asSlice(at, n).toArray(ValueLayout.JAVA_BYTE);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new CodecException(path, "#" + index, at, "name", "UTF-8", "malformed bytes", e);
        }
    }

    /** Sections must not overlap each other nor the section table (the header is excluded by offset checks). */
    private void checkOverlaps(long headerSize, long tableOffset, long tableBytes, long entrySize) {
        List<Section> sorted = new ArrayList<>();
        for (Section s : sections) {
            if (s.length() > 0) {
                sorted.add(s);
            }
        }
        sorted.sort(Comparator.comparingLong(Section::offset));
        Section previous = null;
        for (Section s : sorted) {
            if (previous != null && s.offset() < previous.offset() + previous.length()) {
                throw error(s.name(), entryOffset(tableOffset, entrySize, s) + 56, "offset",
                        "no overlap with section '" + previous.name() + "' [" + previous.offset() + ", "
                                + (previous.offset() + previous.length()) + ")", s.offset());
            }
            if (tableBytes > 0 && s.offset() < tableOffset + tableBytes && tableOffset < s.offset() + s.length()) {
                throw error(s.name(), entryOffset(tableOffset, entrySize, s) + 56, "offset",
                        "no overlap with the section table [" + tableOffset + ", " + (tableOffset + tableBytes) + ")",
                        "[" + s.offset() + ", " + (s.offset() + s.length()) + ")");
            }
            previous = s;
        }
    }

    private static long entryOffset(long tableOffset, long entrySize, Section s) {
        return tableOffset + s.index() * entrySize;
    }
}
