package org.shnn.codec.npy;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.Dtype;

/**
 * Damaged {@code .npy} files (byte flips concentrated on the preamble, truncations, extensions): each opens
 * (and its data can be read in full) or throws {@link CodecException}, never anything else, in bounded time.
 */
class NpyFuzzTest {

    @TempDir
    Path dir;

    @Test
    void damagedNpyFilesOpenOrThrowCodecException() throws Exception {
        long seed = Long.getLong("shnn.fuzz.seed", 0x4E50_5946L);
        System.out.println("NpyFuzzTest seed=0x" + Long.toHexString(seed));
        Path base = dir.resolve("base.npy");
        NpyFile.write(base, Dtype.FLOAT64, new long[] {3, 5}, MemorySegment.ofArray(new double[15]));
        byte[] valid = Files.readAllBytes(base);
        Path p = dir.resolve("f.npy");
        int[] rejected = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int c = 0; c < 2000; c++) {
                byte[] b;
                int kind = rnd.nextInt(4);
                if (kind == 0) {
                    b = Arrays.copyOf(valid, rnd.nextInt(valid.length));
                } else if (kind == 1) {
                    b = Arrays.copyOf(valid, valid.length + 1 + rnd.nextInt(64));
                } else {
                    b = valid.clone();
                    for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
                        int at = rnd.nextInt(kind == 2 ? 128 : b.length); // mostly the preamble
                        b[at] = (byte) (kind == 2 && rnd.nextBoolean() ? "0123456789(), '{}:TrueFals<>|fiu\n"
                                .charAt(rnd.nextInt(33)) : b[at] ^ (1 + rnd.nextInt(255)));
                    }
                }
                Files.write(p, b);
                try (NpyFile f = NpyFile.open(p)) {
                    MemorySegment d = f.array().data();
                    for (long i = 0; i < d.byteSize(); i++) {
                        d.get(ValueLayout.JAVA_BYTE, i);
                    }
                } catch (CodecException expected) {
                    rejected[0]++;
                } catch (Throwable t) {
                    fail("case " + c + " threw " + t + "; seed=0x" + Long.toHexString(seed), t);
                }
            }
        });
        assertTrue(rejected[0] > 500, "most damage must be detected: " + rejected[0] + " of 2000");
    }
}
