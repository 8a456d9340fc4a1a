package org.shnn.engine.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Damaged network files: mutated text and mutated values give either a valid description or one
 * {@link SpecException} naming the file and a place in it, on one line; never another exception or a hang.
 * A failure prints the seed (replay with {@code -Dshnn.seed=...}), the mutation and the document.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SpecJsonCorruptionTest {

    private static final long SEED = Long.getLong("shnn.seed", System.nanoTime());

    /** The document of {@link SpecJsonTest#everything}: every record type, so every reader path is mutated. */
    private static final String DOC = SpecJson.write(SpecJsonTest.everything(Path.of("/data")));

    /** Replacements for a scalar: wrong types, out-of-range and awkward numbers, nested values. */
    private static final List<String> VALUES = List.of("\"x\"", "-1", "0", "0.5", "1e308", "2147483648", "[]", "[[1], [2]]",
            "{}", "null", "true", "{\"distribution\": \"uniform\", \"low\": 1, \"high\": 0}", "{\"file\": \"x.npz\", \"key\": 3}",
            "{\"start\": 2, \"stop\": 1}");

    private static final Pattern SCALAR = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false|null");

    @Test
    void everyScalarReplacedByEveryWrongValueGivesAClearErrorOrAValidSpec() {
        Matcher m = SCALAR.matcher(DOC);
        int cases = 0;
        while (m.find()) {
            for (String v : VALUES) {
                check(DOC.substring(0, m.start()) + v + DOC.substring(m.end()), "scalar at " + m.start() + " -> " + v);
                cases++;
            }
        }
        assertTrue(cases > 5000, "cases " + cases); // 667 scalars x 14 values
    }

    @Test
    void randomTextMutationsGiveAClearErrorOrAValidSpec() {
        System.out.println("SpecJsonCorruptionTest seed " + SEED + " (replay: -Dshnn.seed=" + SEED + ")");
        SplittableRandom rnd = new SplittableRandom(SEED);
        String alphabet = "{}[],:\"0123456789.eE-+ atrufnl\\\n";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder b = new StringBuilder(DOC);
            int edits = 1 + rnd.nextInt(3);
            StringBuilder what = new StringBuilder();
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = rnd.nextInt(b.length());
                switch (rnd.nextInt(5)) {
                    case 0 -> {
                        int end = Math.min(b.length(), at + 1 + rnd.nextInt(20));
                        b.delete(at, end);
                        what.append("delete ").append(at).append('-').append(end).append("; ");
                    }
                    case 1 -> {
                        char c = alphabet.charAt(rnd.nextInt(alphabet.length()));
                        b.insert(at, c);
                        what.append("insert ").append(at).append("; ");
                    }
                    case 2 -> {
                        b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                        what.append("replace ").append(at).append("; ");
                    }
                    case 3 -> {
                        b.setLength(at);
                        what.append("truncate ").append(at).append("; ");
                    }
                    default -> {
                        int end = Math.min(b.length(), at + 1 + rnd.nextInt(40));
                        b.insert(rnd.nextInt(b.length()), b.substring(at, end));
                        what.append("duplicate ").append(at).append('-').append(end).append("; ");
                    }
                }
            }
            check(b.toString(), "seed " + SEED + " iteration " + i + ": " + what);
        }
    }

    @Test
    void deeplyNestedOrHugeDocumentsAreRefusedNotOverflowed() {
        check("[".repeat(100_000), "deep arrays");
        check("{\"a\":".repeat(100_000), "deep objects");
        check(DOC.replace("\"populations\": [", "\"populations\": [" + "[".repeat(50_000)), "deep in place");
    }

    private static void check(String doc, String what) {
        try {
            SpecJson.parse(doc, "net.json", null);
        } catch (SpecException e) {
            assertEquals("net.json", e.element(), what);
            assertTrue(!e.getMessage().contains("\n") && e.getMessage().startsWith("net.json: "),
                    what + ": " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            fail(what + ": " + e + "\n" + doc, e);
        }
    }
}
