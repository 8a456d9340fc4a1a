package org.shnn.codec.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.Dtype;

class NpzFileTest {

    /**
     * {@code numpy.savez(f, x=numpy.arange(3, dtype='<i4'))} as NumPy 2.4 writes it (Python zipfile, STORED,
     * ZIP64 extra in the local header): 55-byte local header, so the int32 data sits at the odd offset 183.
     */
    static final String NUMPY_NPZ = "504b03042d00000000000000210002ecbda9ffffffffffffffff05001400782e6e707901001000"
            + "8c000000000000008c00000000000000934e554d5059010076007b276465736372273a20273c6934272c2027666f7274"
            + "72616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d20202020202020202020202020"
            + "20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a"
            + "000000000100000002000000504b01022d032d00000000000000210002ecbda98c0000008c0000000500000000000000"
            + "00000000800100000000782e6e7079504b0506000000000100010033000000c30000000000";

    @TempDir
    Path dir;

    @Test
    void readsWhatNumpyWrites() throws IOException {
        Path p = dir.resolve("np.npz");
        Files.write(p, HexFormat.of().parseHex(NUMPY_NPZ));
        try (NpzFile f = NpzFile.open(p)) {
            assertEquals(List.of("x"), List.copyOf(f.names()));
            NpyArray x = f.array("x");
            assertFalse(x.isMapped(), "data at byte 183 is not 4-aligned: copied");
            assertArrayEquals(new long[] {3}, x.shape());
            for (int i = 0; i < 3; i++) {
                assertEquals(i, x.data().getAtIndex((ValueLayout.OfInt) Dtype.INT32.layout(), i));
            }
            f.verify();
        }
    }

    @Test
    void roundTripIsAlignedMappedAndReadableByJavaUtilZip() throws IOException {
        Path p = dir.resolve("rt.npz");
        long[] ids = {1, 5, 9, 1L << 40};
        double[] t = {0.1, 0.2, 0.30000000000000004};
        byte[] u = {1, 2, 3, 4, 5};
        try (NpzWriter w = NpzWriter.create(p)) {
            w.add("ids", Dtype.INT64, new long[] {4}, MemorySegment.ofArray(ids));
            w.add("t_ms", Dtype.FLOAT64, new long[] {3}, MemorySegment.ofArray(t));
            w.add("u", Dtype.UINT8, new long[] {5}, MemorySegment.ofArray(u));
            w.add("empty", Dtype.FLOAT32, new long[] {0, 3}, MemorySegment.ofArray(new float[0]));
            assertThrows(IllegalArgumentException.class,
                    () -> w.add("u", Dtype.UINT8, new long[] {5}, MemorySegment.ofArray(u)));
            w.commit();
        }
        try (NpzFile f = NpzFile.open(p)) {
            f.verify();
            assertEquals(List.of("ids", "t_ms", "u", "empty"), List.copyOf(f.names()));
            for (String n : f.names()) {
                assertTrue(f.array(n).isMapped(), n);
                assertEquals(0, f.array(n).data().address() % 64, n);
            }
            assertArrayEquals(ids, f.array("ids").data().toArray(ValueLayout.JAVA_LONG));
            assertArrayEquals(t, f.array("t_ms").data().toArray(ValueLayout.JAVA_DOUBLE));
            assertArrayEquals(u, f.array("u").data().toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(new long[] {0, 3}, f.array("empty").shape());
            assertEquals("entry", assertThrows(CodecException.class, () -> f.array("nope")).field());
        }
        // an independent ZIP reader agrees on names, sizes, CRCs and bytes
        try (ZipFile z = new ZipFile(p.toFile())) {
            ZipEntry e = z.getEntry("t_ms.npy");
            assertEquals(ZipEntry.STORED, e.getMethod());
            byte[] content = z.getInputStream(e).readAllBytes();
            assertEquals(128 + 24, content.length);
            assertArrayEquals(NpyHeader.format(Dtype.FLOAT64, new long[] {3}), Arrays.copyOf(content, 128));
            assertEquals(4, z.size());
        }
    }

    /** Builds an npz with java.util.zip (a third implementation) to check the reader and the DEFLATED refusal. */
    private Path javaZip(String name, int method, byte[] npy) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(o)) {
            ZipEntry e = new ZipEntry("a.npy");
            e.setMethod(method);
            if (method == ZipEntry.STORED) {
                CRC32 crc = new CRC32();
                crc.update(npy);
                e.setSize(npy.length);
                e.setCrc(crc.getValue());
            }
            z.putNextEntry(e);
            z.write(npy);
            z.closeEntry();
        }
        return p;
    }

    private static byte[] npy(int... values) {
        return NpyFileTest.concat(NpyHeader.format(Dtype.INT32, new long[] {values.length}), NpyFileTest.le(values));
    }

    @Test
    void storedEntriesFromJavaUtilZipAreRead() throws IOException {
        try (NpzFile f = NpzFile.open(javaZip("j.npz", ZipEntry.STORED, npy(4, 5, 6)))) {
            assertEquals(6, f.array("a").data().getAtIndex((ValueLayout.OfInt) Dtype.INT32.layout(), 2));
            f.verify();
        }
    }

    @Test
    void deflatedEntriesAreRefusedClearly() throws IOException {
        Path p = javaZip("d.npz", ZipEntry.DEFLATED, npy(4, 5, 6));
        CodecException e = assertThrows(CodecException.class, () -> NpzFile.open(p));
        assertEquals("a", e.section());
        assertEquals("compressionMethod", e.field());
        assertTrue(e.found().contains("DEFLATED"), e.found());
        assertTrue(e.expected().contains("savez_compressed"), e.expected());
    }

    @Test
    void badCrcIsFoundByVerify() throws IOException {
        byte[] b = HexFormat.of().parseHex(NUMPY_NPZ);
        b[183] ^= 1; // first data byte
        Path p = dir.resolve("crc.npz");
        Files.write(p, b);
        try (NpzFile f = NpzFile.open(p)) {
            assertEquals(1, f.array("x").data().getAtIndex((ValueLayout.OfInt) Dtype.INT32.layout(), 0));
            CodecException e = assertThrows(CodecException.class, f::verify);
            assertEquals("crc32", e.field());
            assertEquals("x", e.section());
        }
    }

    @Test
    void notAZipAndTruncatedZips() throws IOException {
        Path p = dir.resolve("t.npz");
        Files.write(p, new byte[] {1, 2, 3});
        assertEquals("endOfCentralDirectory", assertThrows(CodecException.class, () -> NpzFile.open(p)).field());
        byte[] b = HexFormat.of().parseHex(NUMPY_NPZ);
        Files.write(p, Arrays.copyOf(b, b.length - 5));
        assertEquals("endOfCentralDirectory", assertThrows(CodecException.class, () -> NpzFile.open(p)).field());
    }

    /** Random damage to the numpy-written and our own archives: open (and read) or CodecException, nothing else. */
    @Test
    void fuzzedArchivesOpenOrThrowCodecException() throws IOException {
        long seed = Long.getLong("shnn.fuzz.seed", 0x0A7E_2024L);
        System.out.println("NpzFileTest fuzz seed=0x" + Long.toHexString(seed));
        Path own = dir.resolve("own.npz");
        try (NpzWriter w = NpzWriter.create(own)) {
            w.add("a", Dtype.FLOAT32, new long[] {2, 2}, MemorySegment.ofArray(new float[] {1, 2, 3, 4}));
            w.add("b", Dtype.INT16, new long[] {3}, MemorySegment.ofArray(new short[] {1, 2, 3}));
            w.commit();
        }
        byte[][] bases = {HexFormat.of().parseHex(NUMPY_NPZ), Files.readAllBytes(own)};
        Path p = dir.resolve("f.npz");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int c = 0; c < 1500; c++) {
                byte[] b = bases[rnd.nextInt(2)].clone();
                if (rnd.nextInt(4) == 0) {
                    b = Arrays.copyOf(b, rnd.nextInt(b.length));
                } else {
                    for (int i = 0, n = 1 + rnd.nextInt(3); i < n && b.length > 0; i++) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                }
                Files.write(p, b);
                try (NpzFile f = NpzFile.open(p)) {
                    for (String n : f.names()) {
                        MemorySegment d = f.array(n).data();
                        for (long i = 0; i < d.byteSize(); i++) {
                            d.get(ValueLayout.JAVA_BYTE, i);
                        }
                    }
                } catch (CodecException expected) {
                    // detected
                } catch (Throwable t) {
                    fail("case " + c + " threw " + t + "; seed=0x" + Long.toHexString(seed), t);
                }
            }
        });
    }
}
