package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** {@link Crc32c#combine} gives the CRC32C of a concatenation, as {@link CRC32C} computes it over the whole. */
class Crc32cTest {

    private static int crc(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    @Test
    void combiningTheChecksumsOfTwoPartsGivesTheChecksumOfBoth() {
        SplittableRandom random = new SplittableRandom(20261207);
        byte[] bytes = new byte[1 << 17];
        random.nextBytes(bytes);
        int[] cuts = {0, 1, 2, 3, 7, 64, 4095, 4096, 16384, 65535, bytes.length - 1, bytes.length};
        for (int end : new int[] {0, 1, 100, 16384, 16385, bytes.length}) {
            for (int cut : cuts) {
                if (cut > end) {
                    continue;
                }
                assertEquals(crc(bytes, 0, end), Crc32c.combine(crc(bytes, 0, cut), crc(bytes, cut, end), end - cut),
                        "bytes [0, " + end + ") cut at " + cut);
            }
        }
        for (int i = 0; i < 200; i++) { // random cuts, and a chain of blocks as the writer combines them
            int end = random.nextInt(bytes.length + 1);
            int cut = random.nextInt(end + 1);
            assertEquals(crc(bytes, 0, end), Crc32c.combine(crc(bytes, 0, cut), crc(bytes, cut, end), end - cut));
        }
        int whole = 0;
        for (int at = 0; at < bytes.length; at += 5000) {
            int to = Math.min(bytes.length, at + 5000);
            whole = Crc32c.combine(whole, crc(bytes, at, to), to - at);
        }
        assertEquals(crc(bytes, 0, bytes.length), whole);
    }

    @Test
    void aSecondPartOfMoreThan4GiBCombines() {
        // "abc" then 2^32 + 3 zero bytes (a length beyond an int), both sides fed to CRC32C directly
        long n = (1L << 32) + 3;
        byte[] zeros = new byte[1 << 20];
        CRC32C whole = new CRC32C();
        CRC32C tail = new CRC32C();
        whole.update(new byte[] {'a', 'b', 'c'});
        for (long left = n; left > 0; left -= zeros.length) {
            int k = (int) Math.min(zeros.length, left);
            whole.update(zeros, 0, k);
            tail.update(zeros, 0, k);
        }
        int abc = crc(new byte[] {'a', 'b', 'c'}, 0, 3);
        assertEquals((int) whole.getValue(), Crc32c.combine(abc, (int) tail.getValue(), n));
    }
}
