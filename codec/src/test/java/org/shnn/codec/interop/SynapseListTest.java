package org.shnn.codec.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.Dtype;
import org.shnn.codec.npy.NpzWriter;

class SynapseListTest {

    @TempDir
    Path dir;

    private static final ValueLayout.OfInt I32 = (ValueLayout.OfInt) Dtype.INT32.layout();
    private static final ValueLayout.OfFloat F32 = (ValueLayout.OfFloat) Dtype.FLOAT32.layout();
    private static final ValueLayout.OfDouble F64 = (ValueLayout.OfDouble) Dtype.FLOAT64.layout();

    @Test
    void nativeDtypesAreMappedInPlace() throws IOException {
        Path p = dir.resolve("c.npz");
        int[] s = {0, 0, 3, 2};
        int[] t = {1, 2, 0, 9};
        float[] w = {0.5f, -1f, 2f, 16.2f};
        double[] d = {1.5, 0.1, 2, 0};
        SynapseList.writeNpz(p, MemorySegment.ofArray(s), MemorySegment.ofArray(t), MemorySegment.ofArray(w),
                MemorySegment.ofArray(d));
        try (SynapseList c = SynapseList.fromNpz(p)) {
            assertTrue(c.isZeroCopy());
            assertEquals(4, c.count());
            assertArrayEquals(s, c.sources().toArray(ValueLayout.JAVA_INT));
            assertArrayEquals(t, c.targets().toArray(ValueLayout.JAVA_INT));
            assertArrayEquals(w, c.weights().toArray(ValueLayout.JAVA_FLOAT));
            assertArrayEquals(d, c.delays().toArray(ValueLayout.JAVA_DOUBLE));
            assertEquals(3, c.maxSource());
            assertEquals(9, c.maxTarget());
            assertTrue(c.sources().isReadOnly());
        }
    }

    @Test
    void brian2StyleDtypesAreConvertedOnce() throws IOException {
        Path p = dir.resolve("b.npz");
        try (NpzWriter wr = NpzWriter.create(p)) {
            wr.add("sources", Dtype.INT64, new long[] {3}, MemorySegment.ofArray(new long[] {4, 5, 6}));
            wr.add("targets", Dtype.UINT8, new long[] {3}, MemorySegment.ofArray(new byte[] {(byte) 200, 1, 2}));
            wr.add("weights", Dtype.FLOAT64, new long[] {3}, MemorySegment.ofArray(new double[] {0.1, 0.2, 0.3}));
            wr.add("delays", Dtype.FLOAT32, new long[] {3}, MemorySegment.ofArray(new float[] {1, 2, 3}));
            wr.commit();
        }
        try (SynapseList c = SynapseList.fromNpz(p)) {
            assertFalse(c.isZeroCopy());
            assertEquals(6, c.sources().getAtIndex(I32, 2));
            assertEquals(200, c.targets().getAtIndex(I32, 0));
            assertEquals(0.2f, c.weights().getAtIndex(F32, 1));
            assertEquals(3.0, c.delays().getAtIndex(F64, 2));
        }
    }

    private CodecException importBad(long[] s, float[] w, double[] d) throws IOException {
        Path p = dir.resolve("bad.npz");
        int n = s.length;
        try (NpzWriter wr = NpzWriter.create(p)) {
            wr.add("sources", Dtype.INT64, new long[] {n}, MemorySegment.ofArray(s));
            wr.add("targets", Dtype.INT32, new long[] {w.length}, MemorySegment.ofArray(new int[w.length]));
            wr.add("weights", Dtype.FLOAT32, new long[] {w.length}, MemorySegment.ofArray(w));
            wr.add("delays", Dtype.FLOAT64, new long[] {d.length}, MemorySegment.ofArray(d));
            wr.commit();
        }
        CodecException e = assertThrows(CodecException.class, () -> SynapseList.fromNpz(p));
        assertEquals(p, e.file());
        return e;
    }

    @Test
    void invalidValuesNameTheArrayAndElement() throws IOException {
        assertEquals("sources[1]", importBad(new long[] {0, -1}, new float[2], new double[2]).field());
        assertEquals("sources[0]", importBad(new long[] {1L << 31, 0}, new float[2], new double[2]).field());
        assertEquals("weights[1]", importBad(new long[] {0, 0}, new float[] {0, Float.NaN}, new double[2]).field());
        assertEquals("delays[0]", importBad(new long[] {0, 0}, new float[2], new double[] {-0.1, 0}).field());
        CodecException e = importBad(new long[] {0, 0}, new float[3], new double[3]);
        assertEquals("shape", e.field());
    }

    @Test
    void missingArrayAndWrongDtype() throws IOException {
        Path p = dir.resolve("m.npz");
        try (NpzWriter wr = NpzWriter.create(p)) {
            wr.add("sources", Dtype.INT32, new long[] {1}, MemorySegment.ofArray(new int[1]));
            wr.commit();
        }
        CodecException e = assertThrows(CodecException.class, () -> SynapseList.fromNpz(p));
        assertEquals("targets", e.section());
        try (NpzWriter wr = NpzWriter.create(p)) {
            wr.add("sources", Dtype.FLOAT32, new long[] {1}, MemorySegment.ofArray(new float[1]));
            wr.add("targets", Dtype.INT32, new long[] {1}, MemorySegment.ofArray(new int[1]));
            wr.add("weights", Dtype.FLOAT32, new long[] {1}, MemorySegment.ofArray(new float[1]));
            wr.add("delays", Dtype.FLOAT64, new long[] {1}, MemorySegment.ofArray(new double[1]));
            wr.commit();
        }
        e = assertThrows(CodecException.class, () -> SynapseList.fromNpz(p));
        assertEquals("sources", e.section());
        assertEquals("descr", e.field());
        assertThrows(IllegalArgumentException.class, () -> SynapseList.writeNpz(p, MemorySegment.ofArray(new int[2]),
                MemorySegment.ofArray(new int[1]), MemorySegment.ofArray(new float[2]),
                MemorySegment.ofArray(new double[2])));
    }
}
