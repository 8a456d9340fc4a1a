package org.shnn.layouts.file;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The two fixed structures of a {@code .shnn} file, declared once: the file header at byte 0 and the entry of
 * the section table. Every field is little-endian whatever the host order (the layouts carry the order, so the
 * {@code VarHandle}s derived here swap on a big-endian host). The specification, with the validation rules
 * and compatibility policy, is {@code codec/FORMAT.md}.
 *
 * <pre>
 * file header (shnn_file_header, 128 bytes, at file offset 0)
 * byte  0 | magic u32 = "SHNN"        |  4 | byteOrderMark u32 = 0x01020304                  |
 *       8 | versionMajor u16 | 10 | versionMinor u16 | 12 | headerSize u32 (bytes, &gt;= 128)    |
 *      16 | flags u64 (low 32 bits: compatible, high 32 bits: incompatible feature bits)      |
 *      24 | sectionCount u32          | 28 | sectionEntrySize u32 (bytes, &gt;= 128)           |
 *      32 | sectionTableOffset u64 (bytes from file start, multiple of 64)                     |
 *      40 | fileLength u64 (bytes, the whole file)                                              |
 *      48 | sectionTableChecksum u32 (CRC32C of the table) | 52 | headerChecksum u32 (CRC32C)   |
 *      56 | reserved (72 bytes, zero)                                                           | 128
 *
 * section-table entry (shnn_section_entry, 128 bytes each, sectionCount of them)
 * byte  0 | name: 32 bytes UTF-8, NUL-padded, unique in the file                               |
 *      32 | type u32 (section type id) | 36 | dtype u32 (element layout id)                    |
 *      40 | elementSize u32 (bytes)    | 44 | flags u32 (bit 0: required)                       |
 *      48 | elementCount u64          | 56 | offset u64 (bytes, multiple of 64)                  |
 *      64 | length u64 (bytes = elementCount x elementSize)                                     |
 *      72 | checksum u32 (CRC32C of the section's bytes) | 76 | blockSize u32 (bytes, 0: none)   |
 *      80 | blockChecksums u32 (index of the section of block CRCs) | 84 | reserved (44 bytes, zero) | 128
 * </pre>
 *
 * <p>{@code blockSize} and {@code blockChecksums} are new in 1.1 (reserved, so zero, in 1.0 files): a section
 * whose {@code blockSize} is not 0 has the CRC32C of each {@code blockSize} bytes of it (the last block shorter)
 * in the BLOCK_CHECKSUMS section at table index {@code blockChecksums}, so that a reader can verify the parts it
 * uses without reading the rest.
 *
 * <p>The {@code VarHandle}s have coordinates {@code (MemorySegment, long baseOffset)} and need the structure
 * to be 8-byte aligned in the segment (the codec checks offsets before it reads). Plain (non-atomic) access:
 * files are read after they were written and renamed into place.
 *
 * <p>Thread-safety: immutable constants only.
 */
public final class ShnnFileLayouts {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Bytes of a section name field; a name is 1 to 32 bytes of UTF-8. */
    public static final int NAME_BYTES = 32;

    /** The file header, at file offset 0. */
    public static final StructLayout HEADER = MemoryLayout.structLayout(
            U32.withName("magic"),
            U32.withName("byteOrderMark"),
            U16.withName("versionMajor"),
            U16.withName("versionMinor"),
            U32.withName("headerSize"),
            U64.withName("flags"),
            U32.withName("sectionCount"),
            U32.withName("sectionEntrySize"),
            U64.withName("sectionTableOffset"),
            U64.withName("fileLength"),
            U32.withName("sectionTableChecksum"),
            U32.withName("headerChecksum"),
            MemoryLayout.paddingLayout(72).withName("reserved"))
            .withName("shnn_file_header");

    /** One entry of the section table. */
    public static final StructLayout SECTION_ENTRY = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(NAME_BYTES, JAVA_BYTE).withName("name"),
            U32.withName("type"),
            U32.withName("dtype"),
            U32.withName("elementSize"),
            U32.withName("flags"),
            U64.withName("elementCount"),
            U64.withName("offset"),
            U64.withName("length"),
            U32.withName("checksum"),
            U32.withName("blockSize"),
            U32.withName("blockChecksums"),
            MemoryLayout.paddingLayout(44).withName("reserved"))
            .withName("shnn_section_entry");

    /** Size of the version-1.0 header in bytes (128). */
    public static final long HEADER_SIZE = HEADER.byteSize();
    /** Size of a version-1.x section entry in bytes (128). */
    public static final long SECTION_ENTRY_SIZE = SECTION_ENTRY.byteSize();

    /** Byte offset of the header's {@code headerChecksum}, which its own checksum skips. */
    public static final long HEADER_CHECKSUM_OFFSET = HEADER.byteOffset(groupElement("headerChecksum"));
    /** Byte offset of the entry's {@code name}. */
    public static final long NAME_OFFSET = SECTION_ENTRY.byteOffset(groupElement("name"));

    /** Header handles, coordinates {@code (MemorySegment, long baseOffset)}; u16/u32 read as signed Java values. */
    public static final VarHandle MAGIC = header("magic");
    /** {@code byteOrderMark} (u32). */
    public static final VarHandle BYTE_ORDER_MARK = header("byteOrderMark");
    /** {@code versionMajor} (u16). */
    public static final VarHandle VERSION_MAJOR = header("versionMajor");
    /** {@code versionMinor} (u16). */
    public static final VarHandle VERSION_MINOR = header("versionMinor");
    /** {@code headerSize} (u32, bytes). */
    public static final VarHandle HEADER_SIZE_FIELD = header("headerSize");
    /** {@code flags} (u64). */
    public static final VarHandle HEADER_FLAGS = header("flags");
    /** {@code sectionCount} (u32). */
    public static final VarHandle SECTION_COUNT = header("sectionCount");
    /** {@code sectionEntrySize} (u32, bytes). */
    public static final VarHandle SECTION_ENTRY_SIZE_FIELD = header("sectionEntrySize");
    /** {@code sectionTableOffset} (u64, bytes). */
    public static final VarHandle SECTION_TABLE_OFFSET = header("sectionTableOffset");
    /** {@code fileLength} (u64, bytes). */
    public static final VarHandle FILE_LENGTH = header("fileLength");
    /** {@code sectionTableChecksum} (u32, CRC32C). */
    public static final VarHandle SECTION_TABLE_CHECKSUM = header("sectionTableChecksum");
    /** {@code headerChecksum} (u32, CRC32C). */
    public static final VarHandle HEADER_CHECKSUM = header("headerChecksum");

    /** Entry handles, coordinates {@code (MemorySegment, long entryOffset)}: {@code type} (u32). */
    public static final VarHandle TYPE = entry("type");
    /** {@code dtype} (u32). */
    public static final VarHandle DTYPE = entry("dtype");
    /** {@code elementSize} (u32, bytes). */
    public static final VarHandle ELEMENT_SIZE = entry("elementSize");
    /** {@code flags} (u32). */
    public static final VarHandle SECTION_FLAGS = entry("flags");
    /** {@code elementCount} (u64). */
    public static final VarHandle ELEMENT_COUNT = entry("elementCount");
    /** {@code offset} (u64, bytes from file start). */
    public static final VarHandle OFFSET = entry("offset");
    /** {@code length} (u64, bytes). */
    public static final VarHandle LENGTH = entry("length");
    /** {@code checksum} (u32, CRC32C). */
    public static final VarHandle CHECKSUM = entry("checksum");
    /** {@code blockSize} (u32, bytes; 0 when the section has no block checksums; new in 1.1). */
    public static final VarHandle BLOCK_SIZE = entry("blockSize");
    /** {@code blockChecksums} (u32, a section-table index; 0 when {@code blockSize} is 0; new in 1.1). */
    public static final VarHandle BLOCK_CHECKSUMS = entry("blockChecksums");

    private ShnnFileLayouts() {
    }

    private static VarHandle header(String field) {
        return HEADER.varHandle(groupElement(field));
    }

    private static VarHandle entry(String field) {
        return SECTION_ENTRY.varHandle(groupElement(field));
    }
}
