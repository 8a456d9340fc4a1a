package org.shnn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.Dtype;
import org.shnn.codec.interop.SynapseList;
import org.shnn.codec.interop.SpikeExport;
import org.shnn.codec.npy.NpyFile;
import org.shnn.codec.npy.NpzFile;
import org.shnn.codec.npy.NpzWriter;
import org.shnn.memory.ring.SpikeRecord;

/**
 * The codec against the real NumPy (python3 with numpy, which scripts/test installs; the test fails rather
 * than skips without them): files NumPy writes are read with the right values, files the codec writes are
 * byte-identical to {@code numpy.save}'s and load in NumPy with the right values.
 */
class NumpyInteropTest {

    @TempDir
    Path dir;

    private String python(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", script, dir.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor(2, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "python3 timed out: " + out);
        assertEquals(0, p.exitValue(), "python3 with numpy is required (scripts/test installs python3-numpy):\n" + out);
        return out;
    }

    @Test
    void readsWhatNumpyWritesAndWritesTheSameBytes() throws Exception {
        python("""
                import sys, numpy as np
                d = sys.argv[1]
                for t in ['<f4', '<f8', '<i4', '<i8', '<i2', '|u1']:
                    np.save(d + '/a' + t[1:] + '.npy', (np.arange(12) * 3 - 5).astype(t).reshape(3, 4))
                np.save(d + '/scalar.npy', np.float64(2.5))
                np.save(d + '/empty.npy', np.zeros((0,), '<i4'))
                np.savez(d + '/conn.npz', sources=np.array([0, 1, 2], np.int64), targets=np.array([2, 0, 1]),
                         weights=np.array([0.5, -1.0, 2.0]), delays=np.array([1.5, 0.1, 2.0]))
                np.savez_compressed(d + '/packed.npz', x=np.arange(3))
                """);
        Dtype[] dtypes = {Dtype.FLOAT32, Dtype.FLOAT64, Dtype.INT32, Dtype.INT64, Dtype.INT16, Dtype.UINT8};
        String[] names = {"f4", "f8", "i4", "i8", "i2", "u1"};
        for (int k = 0; k < dtypes.length; k++) {
            Path p = dir.resolve("a" + names[k] + ".npy");
            try (NpyFile f = NpyFile.open(p)) {
                assertEquals(dtypes[k], f.array().dtype(), names[k]);
                assertArrayEquals(new long[] {3, 4}, f.array().shape());
                assertTrue(f.array().isMapped(), names[k]);
                MemorySegment d = f.array().data();
                for (int i = 0; i < 12; i++) {
                    long expected = i * 3 - 5;
                    double v = switch (dtypes[k]) {
                        case FLOAT32 -> d.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                        case FLOAT64 -> d.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                        case INT32 -> d.getAtIndex(ValueLayout.JAVA_INT, i);
                        case INT64 -> d.getAtIndex(ValueLayout.JAVA_LONG, i);
                        case INT16 -> d.getAtIndex(ValueLayout.JAVA_SHORT, i);
                        default -> Byte.toUnsignedInt(d.get(ValueLayout.JAVA_BYTE, i));
                    };
                    assertEquals(dtypes[k] == Dtype.UINT8 ? expected & 0xFF : expected, v, names[k] + "[" + i + "]");
                }
                // the codec writes exactly the bytes numpy.save wrote
                Path mine = dir.resolve("mine-" + names[k] + ".npy");
                NpyFile.write(mine, dtypes[k], new long[] {3, 4}, d);
                assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(mine), names[k]);
            }
        }
        try (NpyFile f = NpyFile.open(dir.resolve("scalar.npy"))) {
            assertEquals(0, f.array().shape().length);
            assertEquals(2.5, f.array().data().get(ValueLayout.JAVA_DOUBLE, 0));
        }
        try (NpyFile f = NpyFile.open(dir.resolve("empty.npy"))) {
            assertEquals(0, f.array().elementCount());
        }
        try (SynapseList c = SynapseList.fromNpz(dir.resolve("conn.npz"))) {
            assertEquals(3, c.count());
            assertFalse(c.isZeroCopy(), "int64 sources and float64 weights are converted");
            assertArrayEquals(new int[] {0, 1, 2}, c.sources().toArray(ValueLayout.JAVA_INT));
            assertArrayEquals(new float[] {0.5f, -1f, 2f}, c.weights().toArray(ValueLayout.JAVA_FLOAT));
            assertArrayEquals(new double[] {1.5, 0.1, 2.0}, c.delays().toArray(ValueLayout.JAVA_DOUBLE));
        }
        CodecException e = assertThrows(CodecException.class, () -> NpzFile.open(dir.resolve("packed.npz")));
        assertEquals("compressionMethod", e.field());
    }

    @Test
    void numpyLoadsWhatTheCodecWrites() throws Exception {
        try (NpzWriter w = NpzWriter.create(dir.resolve("w.npz"))) {
            w.add("m", Dtype.FLOAT32, new long[] {2, 3}, MemorySegment.ofArray(new float[] {1, 2, 3, 4, 5, 6}));
            w.add("ids", Dtype.INT64, new long[] {3}, MemorySegment.ofArray(new long[] {1L << 40, -2, 7}));
            w.commit();
        }
        SynapseList.writeNpz(dir.resolve("c.npz"), MemorySegment.ofArray(new int[] {0, 3}),
                MemorySegment.ofArray(new int[] {1, 2}), MemorySegment.ofArray(new float[] {16.2f, -139.5f}),
                MemorySegment.ofArray(new double[] {0.1, 1.0}));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = arena.allocate(3L * SpikeRecord.SIZE, 8);
            SpikeRecord.write(r, 0, 10, 4);
            SpikeRecord.write(r, 16, 25, 1);
            SpikeRecord.write(r, 32, 25, 3);
            SpikeExport.writeNpz(dir.resolve("spikes.npz"), r, 3, 0.1);
            SpikeExport.writeNpy(dir.resolve("spikes.npy"), r, 3, 0.1);
            SpikeExport.writeCsv(dir.resolve("spikes.csv"), r, 3, 0.1);
        }
        String out = python("""
                import sys, numpy as np
                d = sys.argv[1]
                z = np.load(d + '/w.npz')
                assert z['m'].dtype == np.float32 and z['m'].tolist() == [[1, 2, 3], [4, 5, 6]], z['m']
                assert z['ids'].tolist() == [1 << 40, -2, 7], z['ids']
                c = np.load(d + '/c.npz')
                assert c['sources'].tolist() == [0, 3] and c['targets'].tolist() == [1, 2]
                assert c['weights'].dtype == np.float32 and c['weights'].tolist() == [np.float32(16.2), np.float32(-139.5)]
                assert c['delays'].tolist() == [0.1, 1.0]
                s = np.load(d + '/spikes.npz')
                assert s['neuron_id'].tolist() == [4, 1, 3], s['neuron_id']
                assert s['time_ms'].tolist() == [10 * 0.1, 25 * 0.1, 25 * 0.1], s['time_ms']
                a = np.load(d + '/spikes.npy')
                assert a.shape == (3, 2) and a[:, 0].tolist() == [4, 1, 3], a
                t = np.loadtxt(d + '/spikes.csv', delimiter=',', skiprows=1)
                assert t[:, 0].tolist() == [4, 1, 3] and t[:, 1].tolist() == s['time_ms'].tolist(), t
                print('numpy', np.__version__, 'OK')
                """);
        assertTrue(out.contains("OK"), out);
    }
}
