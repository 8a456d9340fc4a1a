package org.shnn.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReaderTest {

    private static JsonValue parse(String text) {
        return JsonReader.DEFAULT.parse(text, "t.json");
    }

    private static String error(String text) {
        return assertThrows(JsonException.class, () -> parse(text)).getMessage();
    }

    @Test
    void readsEveryKindAndKeepsKeyOrder() {
        JsonObject o = parse("{\"z\": 1, \"a\": [true, false, null], \"m\": {\"s\": \"x\"}, \"d\": -2.5e-3}").asObject();
        assertEquals(List.of("z", "a", "m", "d"), List.copyOf(o.keys()));
        assertEquals(1, o.getLong("z"));
        JsonArray a = o.getArray("a");
        assertTrue(a.get(0).asBoolean());
        assertFalse(a.get(1).asBoolean());
        assertTrue(a.get(2).isNull());
        assertEquals("x", o.getObject("m").getString("s"));
        assertEquals(-2.5e-3, o.getDouble("d"));
        assertEquals(0, parse(" [ ] ").asArray().size());
        assertEquals(0, parse("{}").asObject().size());
        assertEquals("top", parse("\"top\"").asString());
    }

    @Test
    void numbersAreExact() {
        assertEquals(0.1, parse("0.1").asDouble());
        assertEquals(Double.MIN_VALUE, parse("4.9e-324").asDouble());
        assertEquals(Double.MAX_VALUE, parse("1.7976931348623157E308").asDouble());
        assertEquals(0.0, parse("1e-400").asDouble()); // below the smallest subnormal: the nearest double
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807").asLong());
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808").asLong());
        assertEquals(9007199254740993L, parse("9007199254740993").asLong()); // not a double
        JsonNumber big = (JsonNumber) parse("9223372036854775808");
        assertFalse(big.isLong());
        assertEquals(9.223372036854775808e18, big.asDouble());
        assertEquals(1000, parse("1e3").asLong());
        assertEquals(1000, parse("1000.0").asInt());
        assertEquals(-0.0, parse("-0.0").asDouble());
    }

    @Test
    void stringsDecodeEveryEscapeAndUtf8() {
        assertEquals("\" \\ / \b \f \n \r \t A é", parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9\"").asString());
        assertEquals("\uD83D\uDE00", parse("\"\\uD83D\\uDE00\"").asString()); // a surrogate pair: U+1F600
        assertEquals("é€😀", parse("\"é€😀\"").asString()); // 2, 3 and 4-byte UTF-8
        assertEquals("\u007f", parse("\"\u007f\"").asString()); // DEL needs no escape
        assertEquals("ok", JsonReader.DEFAULT.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '"', 'o', 'k', '"'},
                "bom.json").asString());
    }

    @Test
    void syntaxErrorsNameLineColumnExpectedAndFound() {
        String doc = """
                {
                  "populations": [
                    {"size": 3200}
                  ]]
                }""";
        assertEquals("t.json:4:4: expected ',' or '}' but found ']'", error(doc));
        assertEquals("t.json:1:1: expected a value but found end of input", error(""));
        assertEquals("t.json:1:4: expected a value but found ']'", error("[1,]"));
        assertEquals("t.json:1:8: expected a string key but found '}'", error("{\"a\":1,}"));
        assertEquals("t.json:1:2: expected a string key or '}' but found 'a'", error("{a:1}"));
        assertEquals("t.json:1:6: expected ':' but found '1'", error("{\"a\" 1}"));
        assertEquals("t.json:1:4: expected ',' or ']' but found '2'", error("[1 2]"));
        assertEquals("t.json:1:3: expected end of input but found '2'", error("1 2"));
        assertEquals("t.json:1:1: expected a value but found 'True'", error("True"));
        assertEquals("t.json:1:2: expected a value but found 'NaN' (JSON has no NaN or Infinity)", error("[NaN]"));
        assertEquals("t.json:1:2: expected a digit after '-' but found 'Infinity' (JSON has no NaN or Infinity)",
                error("-Infinity"));
        assertEquals("t.json:2:1: expected a value but found '/' (JSON has no comments)", error("[\n// x\n1]"));
        assertEquals("t.json:1:2: expected a value but found ''' (JSON strings use double quotes)", error("['a']"));
        assertEquals("t.json:1:2: expected '.', 'e' or the end of the number after a leading 0 but found '1'"
                + " (JSON numbers have no leading zeros)", error("01"));
        assertEquals("t.json:1:3: expected a digit after '.' but found 'e5'", error("1.e5"));
        assertEquals("t.json:1:3: expected a digit in the exponent but found end of input", error("1e"));
        assertEquals("t.json:1:2: [0]: expected a number within the range of a double (magnitude below 1.8e308) but found"
                + " 1e999", error("[1e999]"));
    }

    @Test
    void stringErrors() {
        assertEquals("t.json:1:6: expected '\"' to end the string that starts at 1:2 but found end of input", error("[\"abc"));
        assertEquals("t.json:1:3: expected a character or an escape but found U+000A (control characters must be escaped"
                + " in strings)", error("\"a\nb\""));
        assertEquals("t.json:1:3: expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) after '\\' but found 'x'",
                error("\"\\x\""));
        assertEquals("t.json:1:5: expected 4 hex digits after \\u but found 'g00'", error("\"\\u0g00\""));
        assertEquals("t.json:1:8: expected a low surrogate escape \\uDC00-\\uDFFF after \\uD83D but found '\"'"
                + " (an unpaired surrogate has no UTF-8 form)", error("\"\\uD83D\""));
        assertEquals("t.json:1:8: expected a low surrogate escape \\uDC00-\\uDFFF after \\uD83D but found \\u0041",
                error("\"\\uD83D\\u0041\""));
        assertEquals("t.json:1:2: expected a high surrogate escape \\uD800-\\uDBFF before \\uDE00 but found none"
                + " (an unpaired surrogate has no UTF-8 form)", error("\"\\uDE00\""));
    }

    @Test
    void columnsCountCodePointsAndInvalidUtf8IsNamed() {
        assertEquals("t.json:1:9: expected ',' or '}' but found ']'", error("{\"é😀\": 1]"));
        byte[] bad = {'[', '"', 'a', (byte) 0xC3, '"', ']'};
        JsonException e = assertThrows(JsonException.class, () -> JsonReader.DEFAULT.parse(bad, "b.json"));
        assertEquals("b.json:1:4: expected UTF-8 text but found the byte 0xC3, which is not UTF-8 here", e.getMessage());
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0x80, '"'};
        assertThrows(JsonException.class, () -> JsonReader.DEFAULT.parse(overlong, "b.json"));
        byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        assertThrows(JsonException.class, () -> JsonReader.DEFAULT.parse(surrogate, "b.json"));
        assertEquals("t.json:3:1: expected a value but found ']'", error("[\r\n1,\r]"));
    }

    @Test
    void repeatedKeyIsAnError() {
        assertEquals("t.json:2:11: a: expected each key once but found 'x' again (first value at 2:8)",
                error("{\"a\":\n {\"x\": 1, \"x\": 2}}"));
    }

    @Test
    void nestingBeyondTheLimitIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(1_000_000);
        assertEquals("t.json:1:257: expected at most 256 nested objects and arrays but found more (a limit against"
                + " hostile input)", error(deep));
        JsonReader shallow = new JsonReader(2, 100);
        assertEquals(1, shallow.parse("[[1]]", "s").asArray().get(0).asArray().get(0).asInt());
        assertThrows(JsonException.class, () -> shallow.parse("[{\"a\":[]}]", "s"));
        // Within a large limit the iterative parser goes as deep as asked.
        JsonReader deepReader = new JsonReader(200_000, 1 << 20);
        JsonValue v = deepReader.parse("[".repeat(100_000) + "]".repeat(100_000), "d");
        assertEquals(1, v.asArray().size());
    }

    @Test
    void sizeAndNumberLimits(@TempDir Path dir) throws IOException {
        JsonReader small = new JsonReader(8, 10);
        assertEquals("s: expected a JSON text of at most 10 bytes but found 11 bytes",
                assertThrows(JsonException.class, () -> small.parse("[1,2,3,4,5]", "s")).getMessage());
        Path f = dir.resolve("big.json");
        Files.writeString(f, "[1,2,3,4,5]");
        assertEquals(f + ": expected a JSON text of at most 10 bytes but found a larger file (put large arrays in .npy or"
                + " .npz files)", assertThrows(JsonException.class, () -> small.read(f)).getMessage());
        assertEquals(5, JsonReader.DEFAULT.read(f).asArray().size());
        String longNumber = "1".repeat(JsonReader.MAX_NUMBER_LENGTH + 1);
        assertTrue(error(longNumber).startsWith("t.json:1:1: expected a number of at most 1000 characters but found 1001"));
    }

    @Test
    void nodesKnowTheirPlace() {
        JsonObject o = parse("{\n  \"populations\": [\n    {\"name\": \"e\"},\n    {\"name\": \"i\", \"a b\": [0, 7]}\n  ]\n}")
                .asObject();
        JsonValue seven = o.getArray("populations").get(1).asObject().getArray("a b").get(1);
        assertEquals("populations[1][\"a b\"][1]", seven.path().toString());
        assertEquals(4, seven.line());
        assertEquals(30, seven.column());
        assertEquals("t.json", seven.source());
        assertEquals("", o.path().toString());
    }
}
