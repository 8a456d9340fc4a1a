package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataTest {

    @Test
    void roundTripKeepsOrderAndExactDoubles() {
        Metadata m = Metadata.builder().put("z", "last?").putLong("seed", -5).putDouble("dt", 0.1)
                .putDouble("neg", -0.0).put("ünï", "çødé").build();
        Metadata back = Metadata.decode(MemorySegment.ofArray(m.encode()), null, "metadata", 0);
        assertEquals(m, back);
        assertEquals(List.of("z", "seed", "dt", "neg", "ünï"), List.copyOf(back.asMap().keySet()));
        assertEquals(0.1, back.getDouble("dt"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.getDouble("neg")));
        assertEquals(-5, back.getLong("seed"));
    }

    @Test
    void malformedPayloadsAreCodecExceptions() {
        byte[] good = Metadata.builder().put("k", "v").build().encode();
        for (int cut = 0; cut < good.length; cut++) {
            byte[] b = java.util.Arrays.copyOf(good, cut);
            assertThrows(CodecException.class, () -> Metadata.decode(MemorySegment.ofArray(b), null, "m", 0),
                    "cut at " + cut);
        }
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertEquals("length", assertThrows(CodecException.class,
                () -> Metadata.decode(MemorySegment.ofArray(trailing), null, "m", 0)).field());
        byte[] dup = Metadata.builder().put("k", "v").put("j", "w").build().encode();
        dup[4 + 4 + 1 + 4 + 1 + 4] = 'k'; // second key 'j' -> 'k'
        assertEquals("key[1]", assertThrows(CodecException.class,
                () -> Metadata.decode(MemorySegment.ofArray(dup), null, "m", 0)).field());
        byte[] badUtf = good.clone();
        badUtf[8] = (byte) 0xFF;
        assertEquals("key[0]", assertThrows(CodecException.class,
                () -> Metadata.decode(MemorySegment.ofArray(badUtf), null, "m", 0)).field());
        assertThrows(IllegalArgumentException.class, () -> Metadata.builder().put("", "x"));
    }
}
