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
}
