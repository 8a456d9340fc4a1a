package org.shnn.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random damage to valid documents (flipped, deleted, inserted, duplicated bytes; truncation) gives a tree or a
 * {@link JsonException} with a place in the text, never another exception. The seed is printed in every failure
 * and can be replayed with {@code -Dshnn.fuzz.seed=...}.
 */
class JsonCorruptionTest {

    /** A network description of the kind the reader is for, with every kind of value and escapes. */
    private static final String NETWORK = """
            {
              "name": "coba",
              "dt": 0.1,
              "seed": 1,
              "populations": [
                {"name": "exc", "size": 3200, "model": "IF_cond_exp",
                 "parameters": {"tau_m": 20.0, "v_rest": -60.0, "v_thresh": -50.0, "cm": 0.2, "e_rev_E": 0.0},
                 "initial": {"v": {"distribution": "uniform", "low": -60, "high": -50}}},
                {"name": "inh", "size": 800, "model": "IF_cond_exp", "record": ["spikes", "v"], "positions": null}
              ],
              "projections": [
                {"pre": "exc", "post": "inh", "connector": {"type": "fixed_probability", "p": 0.02, "autapses": false},
                 "weight": 4e-3, "delay": [0.1, 0.2, 1.5E+1], "label": "e\\u2192i \\"tab\\t\\" \\ud83d\\ude00 é"}
              ]
            }""";

    private static final byte[] STRUCTURAL = "{}[],:\"\\-+.eE0123456789tfnul \n\t\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard (the parser is linear), not a speed claim
    void mutatedDocumentsGiveATreeOrAJsonException() {
        long seed = Long.getLong("shnn.fuzz.seed", 0x15_0C0DECL);
        System.out.println("JsonCorruptionTest seed=0x" + Long.toHexString(seed) + " (replay with -Dshnn.fuzz.seed=...)");
        SplittableRandom r = new SplittableRandom(seed);
        byte[][] valid = {NETWORK.getBytes(StandardCharsets.UTF_8),
            JsonWriter.compact(JsonReader.DEFAULT.parse(NETWORK, "n")).getBytes(StandardCharsets.UTF_8),
            JsonWriter.pretty(JsonRoundTripTest.randomValue(r, 0)).getBytes(StandardCharsets.UTF_8)};
        JsonReader reader = new JsonReader(16, 1 << 16);
        int rejected = 0;
        int trials = 20_000;
        for (int t = 0; t < trials; t++) {
            byte[] doc = mutate(r, valid[r.nextInt(valid.length)]);
            try {
                JsonValue v = reader.parse(doc, "fuzz.json");
                assertEquals(v, reader.parse(JsonWriter.compact(v), "again"), "seed " + seed + ": a parsed tree round-trips");
            } catch (JsonException e) {
                rejected++;
                assertTrue(e.getMessage().startsWith("fuzz.json:"), e.getMessage());
                assertTrue(e.line() >= 1 && e.column() >= 1, "seed " + seed + ": a place in the text: " + e.getMessage());
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + " (replay: -Dshnn.fuzz.seed=" + seed + "), trial " + t + ", input "
                        + new String(doc, StandardCharsets.ISO_8859_1) + ": " + e, e);
            }
        }
        assertTrue(rejected > trials / 2, "most damage is detected: " + rejected + " of " + trials + ", seed " + seed);
    }

    @Test
    void everyTruncationIsAnError() {
        byte[] doc = NETWORK.getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < doc.length; n++) {
            byte[] cut = Arrays.copyOf(doc, n);
            try {
                JsonReader.DEFAULT.parse(cut, "cut.json");
                fail("a document cut at byte " + n + " was accepted");
            } catch (JsonException expected) {
                assertTrue(expected.line() >= 1, expected.getMessage());
            }
        }
    }

    @Test
    void pathologicalInputsEndQuickly() {
        String[] hostile = {"[".repeat(1 << 20), "{\"a\":".repeat(1 << 18), "1".repeat(1 << 20), "\"" + "\\u".repeat(1 << 18),
            "[" + "1,".repeat(1 << 18), "\"" + "a".repeat(1 << 20), "-".repeat(1 << 20), "[" + "\"\\uD800\\uD800\"," };
        for (String h : hostile) {
            JsonException e = assertThrows(JsonException.class, () -> JsonReader.DEFAULT.parse(h, "h.json"));
            assertTrue(e.getMessage().startsWith("h.json:1:"), e.getMessage());
        }
    }

    private static byte[] mutate(SplittableRandom r, byte[] doc) {
        byte[] d = doc.clone();
        for (int k = 1 + r.nextInt(3); k > 0 && d.length > 0; k--) {
            int at = r.nextInt(d.length);
            d = switch (r.nextInt(6)) {
                case 0 -> { // flip a bit
                    d[at] ^= (byte) (1 << r.nextInt(8));
                    yield d;
                }
                case 1 -> { // replace with a structural or random byte
                    d[at] = r.nextBoolean() ? STRUCTURAL[r.nextInt(STRUCTURAL.length)] : (byte) r.nextInt(256);
                    yield d;
                }
                case 2 -> concat(Arrays.copyOf(d, at), Arrays.copyOfRange(d, at + 1, d.length)); // delete
                case 3 -> concat(Arrays.copyOf(d, at), new byte[] {STRUCTURAL[r.nextInt(STRUCTURAL.length)]},
                        Arrays.copyOfRange(d, at, d.length)); // insert
                case 4 -> { // duplicate a range
                    int to = Math.min(d.length, at + 1 + r.nextInt(40));
                    yield concat(Arrays.copyOf(d, to), Arrays.copyOfRange(d, at, d.length));
                }
                default -> Arrays.copyOf(d, at); // truncate
            };
        }
        return d;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
