package org.shnn.layouts.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CsrLayoutTest {

    @Test
    void headerIs64BytesWithFieldsAtDocumentedOffsets() {
        assertEquals(64, CsrLayout.HEADER.byteSize());
        assertEquals(0, CsrLayout.HEADER.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("rows")));
        assertEquals(32, CsrLayout.HEADER.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("constantWeight")));
        assertEquals(48, CsrLayout.HEADER.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("maxDelay")));
    }

    @Test
    void rowsArePaddedToWholeCacheLines() {
        assertEquals(0, CsrLayout.paddedLength(0));
        assertEquals(16, CsrLayout.paddedLength(1));
        assertEquals(16, CsrLayout.paddedLength(16));
        assertEquals(32, CsrLayout.paddedLength(17));
        assertEquals(64, CsrLayout.ROW_ALIGNMENT_ENTRIES * CsrLayout.TARGET.byteSize());
    }

    @Test
    void arrayLayoutsHaveElementSizes() {
        assertEquals(8 * 11, CsrLayout.rowOffsets(10).byteSize());
        assertEquals(4 * 32, CsrLayout.targets(32).byteSize());
        assertEquals(4 * 32, CsrLayout.weights(32).byteSize());
        assertEquals(32, CsrLayout.delays(32, CsrLayout.DELAY_U8).byteSize());
        assertEquals(64, CsrLayout.delays(32, CsrLayout.DELAY_I16).byteSize());
        assertThrows(IllegalArgumentException.class, () -> CsrLayout.delays(32, CsrLayout.CONSTANT));
    }

    @Test
    void delayKindChosenByRange() {
        assertEquals(CsrLayout.DELAY_U8, CsrLayout.delayKindFor(255));
        assertEquals(CsrLayout.DELAY_I16, CsrLayout.delayKindFor(256));
        assertThrows(IllegalArgumentException.class, () -> CsrLayout.delayKindFor(0));
        assertThrows(IllegalArgumentException.class, () -> CsrLayout.delayKindFor(40000));
    }
}
