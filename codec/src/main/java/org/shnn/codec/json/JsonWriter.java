package org.shnn.codec.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.shnn.codec.AtomicFile;

/**
 * Writes a {@link JsonValue} tree as JSON text that {@link JsonReader} reads back to an equal tree: numbers as
 * {@link JsonNumber#text()} (a double by {@link Double#toString(double)}, which round-trips to the same bits),
 * strings escaped ({@code " \ } and the control characters; everything else as is, UTF-8), object members in
 * their order.
 *
 * <p>{@link #pretty} indents by two spaces and keeps an array of numbers, strings, booleans and nulls on one line
 * (per-neuron parameter arrays stay readable); {@link #compact} adds no whitespace. Recursive over the tree: a
 * parsed tree is at most {@link JsonReader#maxDepth()} deep.
 *
 * <p>Thread-safety: stateless.
 */
public final class JsonWriter {

    private JsonWriter() {
    }

    /** The indented text of {@code value}, without a final newline. */
    public static String pretty(JsonValue value) {
        StringBuilder b = new StringBuilder();
        write(b, value, 0, true);
        return b.toString();
    }

    /** The text of {@code value} without any whitespace. */
    public static String compact(JsonValue value) {
        StringBuilder b = new StringBuilder();
        write(b, value, 0, false);
        return b.toString();
    }

    /**
     * Writes {@link #pretty} text and a newline to {@code file} in UTF-8, atomically ({@link AtomicFile}: the file
     * shows the old content or the whole new one).
     *
     * @throws IOException if the file cannot be written (it keeps its previous content)
     */
    public static void write(Path file, JsonValue value) throws IOException {
        byte[] bytes = (pretty(value) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    private static void write(StringBuilder b, JsonValue v, int indent, boolean pretty) {
        switch (v) {
            case JsonObject o -> object(b, o, indent, pretty);
            case JsonArray a -> array(b, a, indent, pretty);
            case JsonString s -> appendQuoted(b, s.value());
            case JsonNumber n -> b.append(n.text());
            case JsonBoolean t -> b.append(t.value());
            case JsonNull n -> b.append("null");
        }
    }

    private static void object(StringBuilder b, JsonObject o, int indent, boolean pretty) {
        if (o.size() == 0) {
            b.append("{}");
            return;
        }
        b.append('{');
        Iterator<Map.Entry<String, JsonValue>> it = o.members().entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonValue> m = it.next();
            newline(b, indent + 1, pretty);
            appendQuoted(b, m.getKey());
            b.append(pretty ? ": " : ":");
            write(b, m.getValue(), indent + 1, pretty);
            if (it.hasNext()) {
                b.append(',');
            }
        }
        newline(b, indent, pretty);
        b.append('}');
    }

    private static void array(StringBuilder b, JsonArray a, int indent, boolean pretty) {
        boolean flat = !pretty || a.elements().stream().noneMatch(e -> e instanceof JsonObject || e instanceof JsonArray);
        b.append('[');
        for (int i = 0; i < a.size(); i++) {
            if (!flat) {
                newline(b, indent + 1, true);
            } else if (i > 0 && pretty) {
                b.append(' ');
            }
            write(b, a.get(i), indent + 1, pretty);
            if (i + 1 < a.size()) {
                b.append(',');
            }
        }
        if (!flat && a.size() > 0) {
            newline(b, indent, true);
        }
        b.append(']');
    }

    private static void newline(StringBuilder b, int indent, boolean pretty) {
        if (pretty) {
            b.append('\n').repeat("  ", indent);
        }
    }

    /**
     * Appends {@code s} as a JSON string literal: quotes, {@code \"}, {@code \\}, the short escapes of
     * {@code \b \f \n \r \t} and {@code \}{@code u00XX} for the other control characters.
     */
    public static void appendQuoted(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
