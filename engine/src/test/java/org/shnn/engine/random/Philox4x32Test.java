package org.shnn.engine.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors). */
class Philox4x32Test {

    @Test
    void zeroKeyZeroCounter() {
        int[] out = new int[4];
        Philox4x32.block(0, 0, 0, 0, 0, 0, out);
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, out);
    }

    @Test
    void allOnes() {
        int[] out = new int[4];
        Philox4x32.block(-1, -1, -1, -1, -1, -1, out);
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, out);
    }

    @Test
    void piDigits() {
        int[] out = new int[4];
        Philox4x32.block(0xa4093822, 0x299f31d0, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, out);
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);
    }

    @Test
    void fourBlocksSideBySideAreFourBlocks() {
        int[][] counters = {{0, 0, 0, 0}, {Integer.MAX_VALUE - 1, 7, -3, 0}, {-2, -1, -1, 5}, {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}};
        int[] four = new int[16];
        int[] one = new int[4];
        for (int[] c : counters) {
            Philox4x32.block4(0xa4093822, 0x299f31d0, c[0], c[1], c[2], c[3], four);
            for (int g = 0; g < 4; g++) {
                Philox4x32.block(0xa4093822, 0x299f31d0, c[0] + g, c[1], c[2], c[3], one); // c0 + g wraps as an int
                assertArrayEquals(one, java.util.Arrays.copyOfRange(four, 4 * g, 4 * g + 4),
                        "block " + g + " of counter " + java.util.Arrays.toString(c));
            }
        }
    }
}
