package org.shnn.codec.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Parses JSON text (RFC 8259, UTF-8) into a tree of {@link JsonValue}s whose nodes know their source, line,
 * column and path. Strict: one value per text, no comments, no trailing commas, no NaN, no leading zeros, no
 * repeated keys in an object, no unpaired surrogate escapes, no invalid UTF-8. A leading byte order mark is
 * skipped. Every error is a {@link JsonException} naming the place and what was expected against what was found:
 * {@code coba.json:12:7: expected ',' or '}' but found ']'}.
 *
 * <p>Limits against hostile input, each a {@link JsonException} when passed: the size of the text
 * ({@link #maxBytes()}; 16 MiB by default: big arrays belong in {@code .npy} files, and a parsed node costs tens
 * of bytes of heap), the nesting depth ({@link #maxDepth()}, 256 by default) and the length of one number
 * ({@value #MAX_NUMBER_LENGTH} characters). The parser keeps its own stack of open containers instead of
 * recursing, so no depth can overflow the thread's stack; time is linear in the input.
 *
 * <p>Numbers: an integer without fraction or exponent that fits a {@code long} is read exactly as one; any other
 * number as the nearest double ({@link Double#parseDouble}); a number beyond the double range is an error.
 *
 * <p>Thread-safety: immutable; one reader may parse on many threads at once.
 */
public final class JsonReader {

    /** Default {@link #maxDepth()}. */
    public static final int DEFAULT_MAX_DEPTH = 256;
    /** Default {@link #maxBytes()}: 16 MiB. */
    public static final int DEFAULT_MAX_BYTES = 16 << 20;
    /** Longest number text accepted (a double needs at most 25 characters; this leaves room for long literals). */
    public static final int MAX_NUMBER_LENGTH = 1000;
    /** The reader with the default limits. */
    public static final JsonReader DEFAULT = new JsonReader(DEFAULT_MAX_DEPTH, DEFAULT_MAX_BYTES);

    private final int maxDepth;
    private final int maxBytes;

    /**
     * @param maxDepth most containers open at once, {@code >= 1}
     * @param maxBytes largest text in UTF-8 bytes, in {@code [1, Integer.MAX_VALUE - 8]}
     */
    public JsonReader(int maxDepth, int maxBytes) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth = " + maxDepth + " must be >= 1");
        }
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes = " + maxBytes + " must be in [1, " + (Integer.MAX_VALUE - 8) + "]");
        }
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
    }

    /** Most containers (objects and arrays) open at once. */
    public int maxDepth() {
        return maxDepth;
    }

    /** Largest text accepted, in UTF-8 bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Reads and parses {@code file}; messages name it as given ({@code file.toString()}).
     *
     * @throws JsonException if the file is larger than {@link #maxBytes()} or is not valid JSON
     * @throws IOException   if the file cannot be read
     */
    public JsonValue read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new JsonException(file.toString(), 0, 0, "", "expected a JSON text of at most " + maxBytes
                    + " bytes but found a larger file (put large arrays in .npy or .npz files)");
        }
        return parse(bytes, file.toString());
    }

    /**
     * Parses UTF-8 text.
     *
     * @param source the name messages give the text (a file name)
     * @throws JsonException if the text is longer than {@link #maxBytes()} or is not valid JSON
     */
    public JsonValue parse(byte[] utf8, String source) {
        if (utf8.length > maxBytes) {
            throw new JsonException(source, 0, 0, "", "expected a JSON text of at most " + maxBytes + " bytes but found "
                    + utf8.length + " bytes");
        }
        return new Parser(utf8, source, maxDepth).document();
    }

    /**
     * Parses a string (encoded to UTF-8 first).
     *
     * @param source the name messages give the text
     * @throws JsonException as {@link #parse(byte[], String)}
     */
    public JsonValue parse(String text, String source) {
        return parse(text.getBytes(StandardCharsets.UTF_8), source);
    }

    /** An object or array being filled; the parser's explicit stack. */
    private static final class Frame {
        final Frame parent;
        /** 1 for the outermost container. */
        final int depth;
        final JsonPath path;
        final int line;
        final int column;
        final LinkedHashMap<String, JsonValue> members; // null for an array
        final ArrayList<JsonValue> elements; // null for an object
        String key;
        int keyLine;
        int keyColumn;

        Frame(Frame parent, int depth, boolean object, JsonPath path, int line, int column) {
            this.parent = parent;
            this.depth = depth;
            this.path = path;
            this.line = line;
            this.column = column;
            this.members = object ? new LinkedHashMap<>() : null;
            this.elements = object ? null : new ArrayList<>();
        }

        JsonValue finish() {
            return members != null ? new JsonObject(path, line, column, members) : new JsonArray(path, line, column, elements);
        }
    }

    /** One parse: the text, the position and the line bookkeeping. Not thread-safe; one per call. */
    private static final class Parser {
        private final byte[] b;
        private final String source;
        private final int maxDepth;
        private int pos;
        private int line = 1;
        /** Byte offset where the current line starts. */
        private int lineStart;
        /** UTF-8 continuation bytes between lineStart and pos: column = pos - lineStart - continuations + 1. */
        private int continuations;
        /** The innermost open container, or null. */
        private Frame top;

        Parser(byte[] b, String source, int maxDepth) {
            this.b = b;
            this.source = source;
            this.maxDepth = maxDepth;
        }

        private int column() {
            return pos - lineStart - continuations + 1;
        }

        JsonValue document() {
            if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
                pos = 3; // byte order mark: not part of the text, not a column
                lineStart = 3;
            }
            skipWhitespace();
            JsonValue root = value(JsonPath.root(source));
            skipWhitespace();
            if (pos < b.length) {
                throw expected("end of input", "");
            }
            return root;
        }

        /**
         * Parses one value at {@code pos} (whitespace skipped). Containers go on an explicit stack of frames
         * ({@link #top}) instead of the thread's stack.
         */
        private JsonValue value(JsonPath rootPath) {
            JsonPath next = rootPath;
            while (true) {
                JsonValue v;
                int c = peek();
                if (c == '{' || c == '[') {
                    next = open(c == '{', next);
                    if (next != null) {
                        continue; // parse the first member or element
                    }
                    v = close(); // empty
                } else {
                    v = scalar(next);
                }
                // v is complete: add it to the open containers, closing those that end after it.
                while (true) {
                    if (top == null) {
                        return v;
                    }
                    add(top, v);
                    next = afterElement();
                    if (next != null) {
                        break;
                    }
                    v = close();
                }
            }
        }

        /**
         * Opens the object or array at {@code pos}: returns the path of its first member or element, or null if
         * it is empty (its closing bracket consumed; {@link #close()} then finishes it).
         */
        private JsonPath open(boolean object, JsonPath path) {
            int depth = top == null ? 1 : top.depth + 1;
            if (depth > maxDepth) {
                throw error("expected at most " + maxDepth + " nested objects and arrays but found more"
                        + " (a limit against hostile input)");
            }
            top = new Frame(top, depth, object, path, line, column());
            pos++;
            skipWhitespace();
            if (peek() == (object ? '}' : ']')) {
                pos++;
                return null;
            }
            return object ? key(top, "a string key or '}'") : top.path.element(0);
        }

        /** After a member or element: the path of the next one after a ',', or null after the closing bracket. */
        private JsonPath afterElement() {
            skipWhitespace();
            int c = peek();
            boolean object = top.members != null;
            if (c == ',') {
                pos++;
                skipWhitespace();
                return object ? key(top, "a string key") : top.path.element(top.elements.size());
            }
            if (c != (object ? '}' : ']')) {
                throw expected(object ? "',' or '}'" : "',' or ']'", "");
            }
            pos++;
            return null;
        }

        /** Finishes the innermost open container (its closing bracket already consumed) and pops it. */
        private JsonValue close() {
            JsonValue v = top.finish();
            top = top.parent;
            return v;
        }

        /** Reads {@code "key" :} into the frame and returns the member's path; whitespace after it skipped. */
        private JsonPath key(Frame f, String what) {
            if (peek() != '"') {
                throw expected(what, peek() == '\'' ? " (JSON strings use double quotes)" : "");
            }
            f.keyLine = line;
            f.keyColumn = column();
            f.key = string();
            skipWhitespace();
            if (peek() != ':') {
                throw expected("':'", "");
            }
            pos++;
            skipWhitespace();
            return f.path.key(f.key);
        }

        private void add(Frame f, JsonValue v) {
            if (f.members == null) {
                f.elements.add(v);
                return;
            }
            JsonValue first = f.members.putIfAbsent(f.key, v);
            if (first != null) {
                throw new JsonException(source, f.keyLine, f.keyColumn, f.path.toString(), "expected each key once but found '"
                        + f.key + "' again (first value at " + first.line() + ":" + first.column() + ")");
            }
        }

        private JsonValue scalar(JsonPath path) {
            int l = line;
            int col = column();
            int c = peek();
            switch (c) {
                case '"':
                    return new JsonString(path, l, col, string());
                case 't':
                    literal("true");
                    return new JsonBoolean(path, l, col, true);
                case 'f':
                    literal("false");
                    return new JsonBoolean(path, l, col, false);
                case 'n':
                    literal("null");
                    return new JsonNull(path, l, col);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number(path, l, col);
                    }
                    throw expected("a value", hint(c));
            }
        }

        private static String hint(int c) {
            return switch (c) {
                case 'N', 'I' -> " (JSON has no NaN or Infinity)";
                case '/', '#' -> " (JSON has no comments)";
                case '\'' -> " (JSON strings use double quotes)";
                default -> "";
            };
        }

        private void literal(String word) {
            for (int i = 0; i < word.length(); i++) {
                if (pos + i >= b.length || b[pos + i] != word.charAt(i)) {
                    throw expected("a value", "");
                }
            }
            pos += word.length();
        }

        private JsonNumber number(JsonPath path, int l, int col) {
            int start = pos;
            boolean integral = true;
            if (peek() == '-') {
                pos++;
            }
            int c = peek();
            if (c == '0') {
                pos++;
                if (isDigit(peek())) {
                    throw expected("'.', 'e' or the end of the number after a leading 0", " (JSON numbers have no leading zeros)");
                }
            } else if (isDigit(c)) {
                digits();
            } else {
                throw expected("a digit after '-'", hint(c));
            }
            if (peek() == '.') {
                pos++;
                integral = false;
                if (!isDigit(peek())) {
                    throw expected("a digit after '.'", "");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                integral = false;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw expected("a digit in the exponent", "");
                }
                digits();
            }
            int length = pos - start;
            if (length > MAX_NUMBER_LENGTH) {
                throw new JsonException(source, l, col, path.toString(), "expected a number of at most " + MAX_NUMBER_LENGTH
                        + " characters but found " + length + " (a limit against hostile input)");
            }
            String text = new String(b, start, length, StandardCharsets.US_ASCII);
            if (integral && length <= 20) {
                try {
                    long v = Long.parseLong(text);
                    return new JsonNumber(path, l, col, v, v, true);
                } catch (NumberFormatException outOfLongRange) {
                    // read as a double below
                }
            }
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d)) {
                throw new JsonException(source, l, col, path.toString(), "expected a number within the range of a double"
                        + " (magnitude below 1.8e308) but found " + abbreviate(text));
            }
            return new JsonNumber(path, l, col, d, 0, false);
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }

        /** Reads a string at {@code pos} (the opening quote) and returns its value. */
        private String string() {
            int startLine = line;
            int startColumn = column();
            pos++;
            int from = pos;
            while (pos < b.length) { // fast path: printable ASCII without escapes
                int c = b[pos];
                if (c == '"') {
                    String s = new String(b, from, pos - from, StandardCharsets.ISO_8859_1);
                    pos++;
                    return s;
                }
                if (c == '\\' || c < 0x20) { // non-ASCII bytes are negative: the slow path decodes them
                    break;
                }
                pos++;
            }
            StringBuilder sb = new StringBuilder(pos - from + 16);
            sb.append(new String(b, from, pos - from, StandardCharsets.ISO_8859_1));
            while (true) {
                if (pos >= b.length) {
                    throw expected("'\"' to end the string that starts at " + startLine + ":" + startColumn, "");
                }
                int c = b[pos] & 0xff;
                if (c == '"') {
                    pos++;
                    return sb.toString();
                } else if (c == '\\') {
                    escape(sb);
                } else if (c < 0x20) {
                    throw expected("a character or an escape", " (control characters must be escaped in strings)");
                } else if (c < 0x80) {
                    sb.append((char) c);
                    pos++;
                } else {
                    sb.appendCodePoint(utf8());
                }
            }
        }

        private void escape(StringBuilder sb) {
            pos++; // the backslash
            int e = peek();
            switch (e) {
                case '"', '\\', '/' -> sb.append((char) e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    pos++;
                    char unit = hex4();
                    if (Character.isHighSurrogate(unit)) {
                        lowSurrogateAfter(unit, sb);
                    } else if (Character.isLowSurrogate(unit)) {
                        pos -= 6;
                        throw error("expected a high surrogate escape \\uD800-\\uDBFF before \\u" + hex(unit)
                                + " but found none (an unpaired surrogate has no UTF-8 form)");
                    } else {
                        sb.append(unit);
                    }
                    return;
                }
                default -> throw expected("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) after '\\'", "");
            }
            pos++;
        }

        /** After the escape of a high surrogate: the escape of its low surrogate, appended with it. */
        private void lowSurrogateAfter(char high, StringBuilder sb) {
            String expected = "expected a low surrogate escape \\uDC00-\\uDFFF after \\u" + hex(high) + " but found ";
            if (!(peek() == '\\' && pos + 1 < b.length && b[pos + 1] == 'u')) {
                throw error(expected + found() + " (an unpaired surrogate has no UTF-8 form)");
            }
            pos += 2;
            char low = hex4();
            if (!Character.isLowSurrogate(low)) {
                pos -= 6;
                throw error(expected + "\\u" + hex(low));
            }
            sb.append(high).append(low);
        }

        /** Four hex digits at {@code pos}, consumed. */
        private char hex4() {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = peek() < 0x80 ? Character.digit(peek(), 16) : -1;
                if (d < 0) {
                    throw expected("4 hex digits after \\u", "");
                }
                v = v * 16 + d;
                pos++;
            }
            return (char) v;
        }

        private static String hex(char c) {
            return String.format("%04X", (int) c);
        }

        /**
         * Decodes one UTF-8 sequence at {@code pos} (its first byte is >= 0x80) and moves past it, counting its
         * continuation bytes for the column.
         */
        private int utf8() {
            int cp = codePointAt(pos);
            if (cp < 0) {
                throw expected("UTF-8 text", "");
            }
            int n = cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
            pos += n + 1;
            continuations += n;
            return cp;
        }

        /**
         * The code point of the UTF-8 sequence at {@code at}, or -1 if it is not the shortest form of a scalar value
         * (truncated, overlong, a surrogate, beyond U+10FFFF).
         */
        private int codePointAt(int at) {
            int c = b[at] & 0xff;
            int n;
            int cp;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                cp = c & 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                cp = c & 0x0F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                cp = c & 0x07;
            } else {
                return -1;
            }
            for (int i = 1; i <= n; i++) {
                int k = at + i < b.length ? b[at + i] & 0xff : 0;
                if ((k & 0xC0) != 0x80) {
                    return -1;
                }
                cp = (cp << 6) | (k & 0x3F);
            }
            int min = n == 1 ? 0x80 : n == 2 ? 0x800 : 0x10000;
            return cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? -1 : cp;
        }

        private void skipWhitespace() {
            while (pos < b.length) {
                int c = b[pos];
                if (c == ' ' || c == '\t') {
                    pos++;
                } else if (c == '\n' || c == '\r') {
                    pos++;
                    if (c == '\r' && pos < b.length && b[pos] == '\n') {
                        pos++;
                    }
                    line++;
                    lineStart = pos;
                    continuations = 0;
                } else {
                    return;
                }
            }
        }

        /** The byte at {@code pos} (0-255), or -1 at the end. */
        private int peek() {
            return pos < b.length ? b[pos] & 0xff : -1;
        }

        private JsonException error(String detail) {
            return new JsonException(source, line, column(), "", detail);
        }

        private JsonException expected(String what, String hint) {
            return error("expected " + what + " but found " + found() + hint);
        }

        /** What is at {@code pos}, as a message shows it: {@code ']'}, {@code 'True'}, {@code U+0009}, end of input. */
        private String found() {
            int c = peek();
            if (c < 0) {
                return "end of input";
            }
            if (c < 0x20 || c == 0x7f) {
                return String.format("U+%04X", c);
            }
            if (c >= 0x80) {
                return foundNonAscii(c);
            }
            if (Character.isLetterOrDigit(c) || c == '_') {
                int end = pos;
                while (end < b.length && end - pos < 20 && b[end] > 0x20 && b[end] < 0x7f
                        && (Character.isLetterOrDigit(b[end]) || b[end] == '_' || b[end] == '.' || b[end] == '-' || b[end] == '+')) {
                    end++;
                }
                return "'" + new String(b, pos, end - pos, StandardCharsets.US_ASCII) + "'";
            }
            return "'" + (char) c + "'";
        }

        private String foundNonAscii(int c) {
            int cp = codePointAt(pos);
            return cp < 0 ? String.format("the byte 0x%02X, which is not UTF-8 here", c)
                    : "'" + Character.toString(cp) + "' (U+" + String.format("%04X", cp) + ")";
        }

        private static String abbreviate(String text) {
            return text.length() <= 40 ? text : text.substring(0, 20) + "..." + text.substring(text.length() - 10);
        }
    }
}
