package org.shnn.codec;

import java.nio.file.Path;

/**
 * A file the codec reads or writes is not what the format says it must be: wrong magic, unsupported version,
 * truncated, a section outside the file or overlapping another, a bad checksum, a malformed NumPy header...
 * The exception names where: the file, the section (if any), the byte offset, the field, and what was
 * expected against what was found, and exposes each for programs.
 *
 * <p>Unchecked, like {@link java.io.UncheckedIOException}: a corrupt file is not something a caller can
 * recover from at the call site (it reports it or picks another file), and an unchecked type keeps the
 * mapped-section accessors usable from lambdas and streams. Genuine I/O failures of the operating system
 * (permission denied, disk full) stay checked {@link java.io.IOException}s on the methods that touch disk.
 *
 * <p>Thread-safety: immutable.
 */
public final class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@link #offset()} when no byte offset applies. */
    public static final long NO_OFFSET = -1;

    private final transient Path file;
    private final String section;
    private final long offset;
    private final String field;
    private final String expected;
    private final String found;

    /**
     * @param file the file (may be null for a stream or an in-memory segment)
     * @param section the section or array name, or null for the header and table
     * @param offset the byte offset in the file of the offending field, or {@link #NO_OFFSET}
     * @param field the field (e.g. {@code "magic"}, {@code "offset"}, {@code "checksum"})
     * @param expected what the format requires
     * @param found what the file holds
     */
    public CodecException(Path file, String section, long offset, String field, String expected, String found) {
        this(file, section, offset, field, expected, found, null);
    }

    /** As {@link #CodecException(Path, String, long, String, String, String)}, with the underlying cause. */
    public CodecException(Path file, String section, long offset, String field, String expected, String found,
            Throwable cause) {
        super(message(file, section, offset, field, expected, found), cause);
        this.file = file;
        this.section = section;
        this.offset = offset;
        this.field = field;
        this.expected = expected;
        this.found = found;
    }

    private static String message(Path file, String section, long offset, String field, String expected,
            String found) {
        StringBuilder b = new StringBuilder();
        b.append(file == null ? "<segment>" : file.toString());
        if (section != null) {
            b.append(": section '").append(section).append('\'');
        }
        b.append(": field '").append(field).append('\'');
        if (offset != NO_OFFSET) {
            b.append(" at byte ").append(offset);
        }
        return b.append(": expected ").append(expected).append(", found ").append(found).toString();
    }

    /** The file, or null when the input was not a file. */
    public Path file() {
        return file;
    }

    /** The section or array name, or null when the problem is in the header or the table as a whole. */
    public String section() {
        return section;
    }

    /** Byte offset in the file of the offending field, or {@link #NO_OFFSET}. */
    public long offset() {
        return offset;
    }

    /** Name of the offending field. */
    public String field() {
        return field;
    }

    /** What the format requires. */
    public String expected() {
        return expected;
    }

    /** What the file holds. */
    public String found() {
        return found;
    }
}
