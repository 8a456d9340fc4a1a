package org.shnn.codec.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.Dtype;

/**
 * .npy against reference bytes built by hand from the NumPy format specification (numpy/lib/format.py):
 * magic, version, little-endian header length, the dict literal with keys in sorted order, 21 - len(str(shape[0]))
 * growth spaces, space padding to a multiple of 64 and a final newline. (NumPy 2.4 writes exactly these bytes;
 * checked by hand when this test was written.)
 */
class NpyFileTest {

    @TempDir
    Path dir;

    /** Builds a preamble by hand: version (major), header text padded with spaces to {@code total} bytes. */
    static byte[] preamble(int major, String dict, int total) {
        int prefix = major == 1 ? 10 : 12;
        String header = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII));
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] le(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    @Test
    void formatMatchesTheSpecificationByteForByte() {
        assertArrayEquals(preamble(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", 128),
                NpyHeader.format(Dtype.INT32, new long[] {3}));
        assertArrayEquals(preamble(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 128),
                NpyHeader.format(Dtype.FLOAT64, new long[] {2, 3}));
        assertArrayEquals(preamble(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", 128),
                NpyHeader.format(Dtype.UINT8, new long[] {2}));
        assertArrayEquals(preamble(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 128),
                NpyHeader.format(Dtype.FLOAT64, new long[] {}));
        // 102-byte dict: 10 + 102 + 1 fits 128, but the 20 growth spaces push it to 192
        String big = "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 1000000000000, 1000000000000, "
                + "1000000000000), }";
        assertArrayEquals(preamble(1, big, 192), NpyHeader.format(Dtype.INT32,
                new long[] {1, 1_000_000_000_000L, 1_000_000_000_000L, 1_000_000_000_000L}));
        assertThrows(IllegalArgumentException.class, () -> NpyHeader.format(Dtype.UINT32, new long[] {1}));
    }

    @Test
    void writeThenOpenMapsWithoutCopy() throws IOException {
        Path p = dir.resolve("a.npy");
        float[] values = {1.5f, -2f, 3.25f, 0f, 7f, 8f};
        NpyFile.write(p, Dtype.FLOAT32, new long[] {2, 3}, MemorySegment.ofArray(values));
        assertArrayEquals(concat(NpyHeader.format(Dtype.FLOAT32, new long[] {2, 3}),
                MemorySegment.ofArray(values).toArray(ValueLayout.JAVA_BYTE)), Files.readAllBytes(p));
        try (NpyFile f = NpyFile.open(p)) {
            NpyArray a = f.array();
            assertTrue(a.isMapped());
            assertEquals(Dtype.FLOAT32, a.dtype());
            assertArrayEquals(new long[] {2, 3}, a.shape());
            assertEquals(6, a.elementCount());
            assertEquals(0, a.data().address() % 64);
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], a.data().getAtIndex((ValueLayout.OfFloat) Dtype.FLOAT32.layout(), i));
            }
        }
        try (NpyFile f = NpyFile.open(p)) {
            var typed = f.array().asFloatArray();
            assertEquals(6, typed.length());
            assertEquals(3.25f, typed.get(2));
            assertEquals(f.array().data().address(), typed.segment().address(), "a view, not a copy");
            assertThrows(IllegalStateException.class, () -> f.array().asIntArray());
        }
        assertThrows(IllegalArgumentException.class,
                () -> NpyFile.write(dir.resolve("b.npy"), Dtype.FLOAT32, new long[] {4}, MemorySegment.ofArray(values)));
        assertFalse(Files.exists(dir.resolve("b.npy")));
    }

    @Test
    void readsVersions2And3AndLegacyPadding() throws IOException {
        int[] v = {10, -20, 30};
        String dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }";
        byte[][] files = {
            concat(preamble(2, dict, 128), le(v)),
            concat(preamble(1, dict, 80), le(v)), // NumPy < 1.14 aligned data to 16 bytes
            concat(preamble(1, "{\"shape\":(3,),\"descr\":\"<i4\",\"fortran_order\":True,}", 64), le(v)),
        };
        for (int k = 0; k < files.length; k++) {
            Path p = dir.resolve("v" + k + ".npy");
            Files.write(p, files[k]);
            try (NpyFile f = NpyFile.open(p)) {
                assertTrue(f.array().isMapped(), "file " + k);
                for (int i = 0; i < 3; i++) {
                    assertEquals(v[i], f.array().data().getAtIndex((ValueLayout.OfInt) Dtype.INT32.layout(), i));
                }
            }
        }
        Path p3 = dir.resolve("v3.npy");
        Files.write(p3, concat(preamble(3, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", 128), le(v)));
        try (NpyFile f = NpyFile.open(p3)) {
            assertEquals(3, f.array().header().major());
        }
    }

    @Test
    void misalignedDataIsCopiedOnce() throws IOException {
        // a header length NumPy never writes (data at byte 74): int32 data is not 4-aligned in the mapping
        Path p = dir.resolve("odd.npy");
        Files.write(p, concat(preamble(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", 74),
                le(5, 6)));
        try (NpyFile f = NpyFile.open(p)) {
            NpyArray a = f.array();
            assertFalse(a.isMapped());
            assertEquals(0, a.data().address() % 64);
            assertEquals(6, a.data().getAtIndex((ValueLayout.OfInt) Dtype.INT32.layout(), 1));
        }
    }

    private CodecException bad(byte[] bytes) throws IOException {
        Path p = dir.resolve("bad.npy");
        Files.write(p, bytes);
        CodecException e = assertThrows(CodecException.class, () -> NpyFile.open(p));
        assertEquals(p, e.file());
        return e;
    }

    private CodecException badDict(String dict, byte[] data) throws IOException {
        return bad(concat(preamble(1, dict, 128), data));
    }

    @Test
    void malformedHeadersNameTheField() throws IOException {
        String ok = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
        byte[] two = le(1, 2);
        assertEquals("magic", bad(new byte[] {1, 2, 3}).field());
        assertEquals("magic", bad("NUMPY....".getBytes(StandardCharsets.US_ASCII)).field());
        byte[] v4 = concat(preamble(1, ok, 128), two);
        v4[6] = 4;
        assertEquals("version", bad(v4).field());
        byte[] longHeader = concat(preamble(1, ok, 128), two);
        longHeader[8] = (byte) 0xFF;
        longHeader[9] = (byte) 0xFF;
        assertEquals("headerLen", bad(longHeader).field());
        assertEquals("descr", badDict("{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }", two).field());
        assertEquals("descr", badDict("{'descr': '<u4', 'fortran_order': False, 'shape': (2,), }", two).field());
        assertEquals("fortran_order",
                badDict("{'descr': '<i4', 'fortran_order': True, 'shape': (1, 2), }", two).field());
        assertEquals("header", badDict("{'descr': '<i4', 'shape': (2,), }", two).field());
        assertEquals("header", badDict("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'x': 1}", two)
                .field());
        assertEquals("header", badDict("{'descr': '<i4', 'descr': '<i4', 'fortran_order': False, 'shape': (2,)}",
                two).field());
        assertEquals("header", badDict("{'descr': '<i4', 'fortran_order': False, 'shape': (2), }", two).field());
        assertEquals("header", badDict("{'descr': '<i4', 'fortran_order': False, 'shape': (-2,), }", two).field());
        assertEquals("header", badDict("{'descr': '<i4', 'fortran_order': 0, 'shape': (2,), }", two).field());
        assertEquals("header", badDict(ok + " # comment", two).field());
        assertEquals("shape", badDict("{'descr': '<i8', 'fortran_order': False, 'shape': (4294967296, "
                + "4294967296), }", two).field());
        CodecException truncated = badDict(ok, le(1));
        assertEquals("data", truncated.field());
        assertTrue(truncated.found().contains("truncated"), truncated.found());
        assertEquals("data", badDict(ok, le(1, 2, 3)).field());
        byte[] noNewline = concat(preamble(1, ok, 128), two);
        noNewline[127] = ' ';
        assertEquals("header", bad(noNewline).field());
        byte[] nonAscii = concat(preamble(1, ok, 128), two);
        nonAscii[100] = (byte) 0xC3;
        assertEquals("header", bad(nonAscii).field());
    }
}
