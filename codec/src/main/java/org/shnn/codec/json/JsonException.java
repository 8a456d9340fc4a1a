package org.shnn.codec.json;

/**
 * A JSON text is malformed, too large, or does not hold what a reader asked for. The message names the source
 * (usually the file), the line and column (1-based, columns in code points), the path of the node and the
 * problem, as expected against found:
 * {@code coba.json:12:7: expected ',' or '}' but found ']'},
 * {@code coba.json:14:19: populations[1].parameters.tau_m: expected a number but found a string}.
 *
 * <p>Unchecked, like {@link org.shnn.codec.CodecException}: a bad file is reported, not recovered from at the
 * call site, and the typed accessors stay usable from lambdas. I/O failures stay {@link java.io.IOException}s.
 *
 * <p>Thread-safety: immutable.
 */
public final class JsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String path;
    private final String detail;

    /**
     * @param source the file or other source name
     * @param line   1-based line, or 0 when no place in the text applies (a value built in code, a size limit)
     * @param column 1-based column in code points, or 0
     * @param path   the node's path ({@link JsonPath#toString()}), empty for the document or no node
     * @param detail what is wrong, e.g. {@code "expected a number but found a string"}
     */
    public JsonException(String source, int line, int column, String path, String detail) {
        super(message(source, line, column, path, detail));
        this.source = source;
        this.line = line;
        this.column = column;
        this.path = path;
        this.detail = detail;
    }

    private static String message(String source, int line, int column, String path, String detail) {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(detail).toString();
    }

    /** The file or source name. */
    public String source() {
        return source;
    }

    /** 1-based line, or 0 if no place in the text applies. */
    public int line() {
        return line;
    }

    /** 1-based column in code points, or 0 if no place in the text applies. */
    public int column() {
        return column;
    }

    /** The path of the node concerned ({@code populations[1].parameters.tau_m}), empty for none or the root. */
    public String path() {
        return path;
    }

    /** The problem without the place: {@code "expected a number but found a string"}. */
    public String detail() {
        return detail;
    }
}
