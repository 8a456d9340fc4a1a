package org.shnn.codec.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The typed accessors fail with the file, line, column, path, expected and found: what a file reader reports. */
class JsonValueTest {

    private static final String NETWORK = """
            {
              "populations": [
                {"name": "exc", "size": 3200},
                {"name": "inh", "size": 800.5,
                 "parameters": {"tau_m": "20 ms", "v_rest": -60.0, "n": 3000000000, "on": 1},
                 "weights": [0.1, null, 3]}
              ]
            }""";

    private static String fails(Executable e) {
        return assertThrows(JsonException.class, e).getMessage();
    }

    @Test
    void typedAccessorsNamePathExpectedAndFound() {
        JsonObject root = JsonReader.DEFAULT.parse(NETWORK, "coba.json").asObject();
        JsonObject inh = root.getArray("populations").get(1).asObject();
        JsonObject p = inh.getObject("parameters");
        assertEquals(-60.0, p.getDouble("v_rest"));
        assertEquals("coba.json:5:30: populations[1].parameters.tau_m: expected a number but found a string",
                fails(() -> p.getDouble("tau_m")));
        JsonException e = assertThrows(JsonException.class, () -> p.getDouble("tau_m"));
        assertEquals("coba.json", e.source());
        assertEquals(5, e.line());
        assertEquals(30, e.column());
        assertEquals("populations[1].parameters.tau_m", e.path());
        assertEquals("expected a number but found a string", e.detail());
        assertEquals("coba.json:5:20: populations[1].parameters: missing field 'tau_syn'", fails(() -> p.getDouble("tau_syn")));
        assertEquals("coba.json:4:29: populations[1].size: expected an integer but found 800.5", fails(() -> inh.getInt("size")));
        assertEquals("coba.json:5:61: populations[1].parameters.n: expected an integer in [-2147483648, 2147483647] but"
                + " found 3000000000", fails(() -> p.getInt("n")));
        assertEquals(3_000_000_000L, p.getLong("n"));
        assertEquals("coba.json:5:79: populations[1].parameters.on: expected a boolean but found a number",
                fails(() -> p.getBoolean("on")));
        assertEquals("coba.json:6:23: populations[1].weights[1]: expected a number but found null",
                fails(() -> inh.getArray("weights").toDoubleArray()));
        assertEquals("coba.json:6:17: populations[1].weights: expected an element at index 5 but found 3 elements",
                fails(() -> inh.getArray("weights").get(5)));
        assertEquals("coba.json:6:17: populations[1].weights: expected 2 elements but found 3",
                fails(() -> inh.getArray("weights").requireSize(2)));
        assertEquals("coba.json:3:5: populations[0]: expected an array but found an object",
                fails(() -> root.getArray("populations").get(0).asArray()));
        assertEquals("coba.json:1:1: expected a string but found an object", fails(root::asString));
    }

    @Test
    void defaultsAndUnknownFields() {
        JsonObject p = JsonReader.DEFAULT.parse(NETWORK, "coba.json").asObject().getArray("populations").get(1).asObject()
                .getObject("parameters");
        assertEquals(10.0, p.getDouble("tau_syn", 10.0));
        assertEquals(-60.0, p.getDouble("v_rest", 0));
        assertEquals("coba.json:5:30: populations[1].parameters.tau_m: expected a number but found a string",
                fails(() -> p.getDouble("tau_m", 20.0))); // a present field of the wrong type is not defaulted
        p.requireOnly("tau_m", "v_rest", "n", "on");
        assertEquals("coba.json:5:49: populations[1].parameters.v_rest: unknown field; expected one of tau_m, n, on",
                fails(() -> p.requireOnly("tau_m", "n", "on")));
    }

    @Test
    void builtValuesAndEquality() {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("b", JsonNumber.of(1));
        m.put("a", JsonArray.ofDoubles(0.5, -2));
        JsonObject built = JsonObject.of(m);
        JsonValue parsed = JsonReader.DEFAULT.parse("{\"a\": [0.5, -2.0], \"b\": 1}", "x");
        assertEquals(built, parsed); // members in any order; places do not count
        assertEquals(built.hashCode(), parsed.hashCode());
        assertEquals("{\"b\":1,\"a\":[0.5,-2.0]}", built.toString());
        assertArrayEquals(new double[] {0.5, -2}, built.getArray("a").toDoubleArray());
        assertEquals(JsonNumber.of(1.0), JsonReader.DEFAULT.parse("1.0", "y")); // a double equals a double, wherever it came from
        assertThrows(AssertionError.class, () -> assertEquals(JsonNumber.of(1), JsonNumber.of(1.0)));
        assertThrows(IllegalArgumentException.class, () -> JsonNumber.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> JsonString.of("a\uD800"));
        assertEquals(List.of("x", "y"), JsonArray.of(List.of(JsonString.of("x"), JsonString.of("y"))).toStringList());
        assertEquals("(built in code): expected an integer but found 0.5", fails(() -> JsonNumber.of(0.5).asLong()));
    }
}
