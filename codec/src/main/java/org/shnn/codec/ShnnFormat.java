package org.shnn.codec;

/**
 * Constants of the {@code .shnn} format version written by this code (see {@code codec/FORMAT.md}); the
 * structures themselves are {@link org.shnn.layouts.file.ShnnFileLayouts}.
 *
 * <p>Thread-safety: constants only.
 */
public final class ShnnFormat {

    /** {@code "SHNN"} in ASCII, read as a little-endian u32. */
    public static final int MAGIC = 0x4E4E_4853;
    /** Byte-order mark: reads as this value only when the reader decodes little-endian. */
    public static final int BYTE_ORDER_MARK = 0x0102_0304;
    /** Major version written and read; a file of another major is refused. */
    public static final int VERSION_MAJOR = 1;
    /** Minor version written; files of any minor of {@link #VERSION_MAJOR} are read. */
    public static final int VERSION_MINOR = 1;
    /** Alignment every section offset and the table offset must have, in bytes (a cache line). */
    public static final long MIN_ALIGNMENT = 64;
    /** Alignment the writer gives sections of at least this many bytes (a page), so they map cleanly. */
    public static final long PAGE_ALIGNMENT = 4096;
    /** Largest number of sections a reader accepts. */
    public static final int MAX_SECTIONS = 1 << 20;
    /** Largest header or section-entry size a reader accepts, in bytes (future minors may grow them). */
    public static final int MAX_STRUCT_SIZE = 1 << 16;
    /** Header flags: the high 32 bits are incompatible features; a reader refuses any it does not know. */
    public static final long INCOMPATIBLE_FLAGS_MASK = 0xFFFF_FFFF_0000_0000L;
    /** Incompatible feature bits this reader knows (none in versions 1.0 and 1.1). */
    public static final long KNOWN_INCOMPATIBLE_FLAGS = 0;

    /** Smallest block size of block checksums (a page), in bytes. */
    public static final int MIN_BLOCK_SIZE = 4096;
    /** Largest block size of block checksums (1 GiB), in bytes. */
    public static final int MAX_BLOCK_SIZE = 1 << 30;

    private ShnnFormat() {
    }

    /** Whether {@code bytes} is a valid block size of block checksums: a power of two in [MIN, MAX_BLOCK_SIZE]. */
    static boolean isBlockSize(long bytes) {
        return Long.bitCount(bytes) == 1 && bytes >= MIN_BLOCK_SIZE && bytes <= MAX_BLOCK_SIZE;
    }

    /** Blocks of {@code blockSize} bytes (the last one shorter) in {@code length} bytes; 0 when blockSize is 0. */
    static long blocks(long length, long blockSize) {
        return blockSize == 0 ? 0 : Math.ceilDiv(length, blockSize);
    }

    /** Rounds {@code value} (non-negative) up to a multiple of {@code alignment} (a power of two). */
    static long alignUp(long value, long alignment) {
        return Math.addExact(value, alignment - 1) & -alignment;
    }
}
