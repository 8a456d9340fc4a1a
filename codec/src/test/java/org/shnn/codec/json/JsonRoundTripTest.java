package org.shnn.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** write then read gives an equal tree, doubles to the bit, for random trees and every tricky scalar. */
class JsonRoundTripTest {

    private static JsonValue roundTrip(JsonValue v, boolean pretty) {
        String text = pretty ? JsonWriter.pretty(v) : JsonWriter.compact(v);
        return JsonReader.DEFAULT.parse(text, "rt.json");
    }

    @Test
    void trickyScalarsSurviveBitForBit() {
        double[] doubles = {0.0, -0.0, 0.1, 1.0 / 3, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
            1e21, 1e-7, 123456789012345678.0, 9007199254740993.0, Math.PI, 2.2250738585072011e-308};
        for (double d : doubles) {
            for (boolean pretty : new boolean[] {true, false}) {
                double back = roundTrip(JsonNumber.of(d), pretty).asDouble();
                assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back), "double " + d);
            }
        }
        for (long l : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 53, (1L << 53) + 1}) {
            assertEquals(l, roundTrip(JsonNumber.of(l), false).asLong());
        }
        String s = "quote \" backslash \\ slash / controls \u0000\u0001\u001f\b\f\n\r\t del \u007f é € 😀 \u2028";
        assertEquals(s, roundTrip(JsonString.of(s), true).asString());
    }

    @Test
    void randomTreesSurviveWriteAndRead() {
        long seed = Long.getLong("shnn.fuzz.seed", 20261204L);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 300; i++) {
            JsonValue tree = randomValue(r, 0);
            assertEquals(tree, roundTrip(tree, true), "seed " + seed + ", tree " + i + " (replay: -Dshnn.fuzz.seed=" + seed + ")");
            assertEquals(tree, roundTrip(tree, false), "seed " + seed + ", tree " + i);
            assertEquals(JsonWriter.compact(tree), JsonWriter.compact(roundTrip(tree, true)), "key order kept");
        }
    }

    @Test
    void prettyTextIsReadableAndFilesAreWrittenAtomically(@TempDir Path dir) throws IOException {
        JsonValue v = JsonReader.DEFAULT.parse("{\"name\":\"coba\",\"sizes\":[3200,800],\"p\":[{\"a\":1},{}],\"e\":[],\"o\":{}}",
                "in");
        String expected = """
                {
                  "name": "coba",
                  "sizes": [3200, 800],
                  "p": [
                    {
                      "a": 1
                    },
                    {}
                  ],
                  "e": [],
                  "o": {}
                }""";
        assertEquals(expected, JsonWriter.pretty(v));
        Path f = dir.resolve("net.json");
        JsonWriter.write(f, v);
        assertEquals(expected + "\n", Files.readString(f));
        assertEquals(v, JsonReader.DEFAULT.read(f));
    }

    static JsonValue randomValue(SplittableRandom r, int depth) {
        int kind = r.nextInt(depth >= 5 ? 5 : 7);
        return switch (kind) {
            case 0 -> JsonNull.NULL;
            case 1 -> JsonBoolean.of(r.nextBoolean());
            case 2 -> JsonNumber.of(r.nextInt(4) == 0 ? r.nextLong() : r.nextLong(-1000, 1000));
            case 3 -> JsonNumber.of(randomDouble(r));
            case 4 -> JsonString.of(randomString(r));
            case 5 -> {
                List<JsonValue> elements = new ArrayList<>();
                for (int n = r.nextInt(6); n > 0; n--) {
                    elements.add(randomValue(r, depth + 1));
                }
                yield JsonArray.of(elements);
            }
            default -> {
                Map<String, JsonValue> members = new LinkedHashMap<>();
                for (int n = r.nextInt(6); n > 0; n--) {
                    members.put(randomString(r), randomValue(r, depth + 1));
                }
                yield JsonObject.of(members);
            }
        };
    }

    private static double randomDouble(SplittableRandom r) {
        while (true) {
            double d = switch (r.nextInt(3)) {
                case 0 -> Double.longBitsToDouble(r.nextLong()); // any bit pattern: subnormals, huge, tiny
                case 1 -> r.nextDouble(-100, 100);
                default -> Math.scalb(r.nextDouble(), r.nextInt(-1074, 1024));
            };
            if (Double.isFinite(d)) {
                return d;
            }
        }
    }

    private static String randomString(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(8); n > 0; n--) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(0x20); // control characters
                case 1 -> r.nextInt(0x20, 0x80);
                case 2 -> r.nextInt(0x80, 0xD800);
                default -> r.nextInt(0x10000, 0x110000); // surrogate pairs in the string
            };
            b.appendCodePoint(cp);
        }
        return b.toString();
    }
}
