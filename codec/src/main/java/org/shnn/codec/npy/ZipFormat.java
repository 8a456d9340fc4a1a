package org.shnn.codec.npy;

/**
 * The ZIP structures an {@code .npz} uses (PKWARE APPNOTE 6.3.x, sections 4.3.7, 4.3.12, 4.3.14-16, 4.5.3):
 * field offsets of the local file header, the central directory header, the end of central directory record
 * and their ZIP64 forms. All fields are little-endian and unaligned.
 */
final class ZipFormat {

    static final int LOCAL_SIG = 0x04034b50;
    static final int CENTRAL_SIG = 0x02014b50;
    static final int EOCD_SIG = 0x06054b50;
    static final int ZIP64_EOCD_SIG = 0x06064b50;
    static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    static final int ZIP64_EXTRA_ID = 0x0001;
    /** Extra-field id used for alignment padding (as Android's zipalign). */
    static final int ALIGN_EXTRA_ID = 0xD935;

    static final int LOCAL_SIZE = 30;
    static final int LOCAL_METHOD = 8;
    static final int LOCAL_NAME_LEN = 26;
    static final int LOCAL_EXTRA_LEN = 28;

    static final int CENTRAL_SIZE = 46;
    static final int CENTRAL_FLAGS = 8;
    static final int CENTRAL_METHOD = 10;
    static final int CENTRAL_CRC = 16;
    static final int CENTRAL_COMPRESSED = 20;
    static final int CENTRAL_UNCOMPRESSED = 24;
    static final int CENTRAL_NAME_LEN = 28;
    static final int CENTRAL_EXTRA_LEN = 30;
    static final int CENTRAL_COMMENT_LEN = 32;
    static final int CENTRAL_LOCAL_OFFSET = 42;

    static final int EOCD_SIZE = 22;
    static final int EOCD_ENTRIES = 10;
    static final int EOCD_CD_SIZE = 12;
    static final int EOCD_CD_OFFSET = 16;
    static final int EOCD_COMMENT_LEN = 20;

    static final int ZIP64_LOCATOR_SIZE = 20;
    static final int ZIP64_LOCATOR_EOCD_OFFSET = 8;
    static final int ZIP64_EOCD_SIZE = 56;
    static final int ZIP64_EOCD_ENTRIES = 32;
    static final int ZIP64_EOCD_CD_SIZE = 40;
    static final int ZIP64_EOCD_CD_OFFSET = 48;

    static final int METHOD_STORED = 0;
    static final int METHOD_DEFLATED = 8;
    static final long U32_MAX = 0xFFFF_FFFFL;
    static final int U16_MAX = 0xFFFF;

    private ZipFormat() {
    }
}
