package org.shnn.bench.codec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.shnn.codec.Dtype;
import org.shnn.codec.Section;
import org.shnn.codec.SectionSpec;
import org.shnn.codec.SectionType;
import org.shnn.codec.ShnnFile;
import org.shnn.codec.ShnnWriter;

/**
 * The state every contender saves and loads: four arrays of {@code totalBytes / 4} bytes each — float32
 * membrane potentials, float64 conductances, int32 CSR targets, int64 CSR row offsets — off-heap for SHNN,
 * on-heap ({@code float[]} ...) for the stream baselines. Every save forces the file to disk (SHNN's writer
 * always does; the baselines call {@code FileDescriptor.sync()}), so all contenders pay the same durability.
 */
final class StateFiles {

    static final String[] NAMES = {"v", "g", "targets", "rowOffsets"};

    private StateFiles() {
    }

    /** A fresh directory for the benchmark's files, under {@code -Dshnn.bench.dir} or the temp directory. */
    static Path newDir() throws IOException {
        Path base = Path.of(System.getProperty("shnn.bench.dir", System.getProperty("java.io.tmpdir")));
        return Files.createTempDirectory(base, "shnn-codec-bench");
    }

    static void deleteDir(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** The off-heap state: four segments, each filled with a non-trivial pattern. */
    static MemorySegment[] offHeap(Arena arena, long totalBytes) {
        long quarter = totalBytes / 4;
        MemorySegment[] s = new MemorySegment[4];
        for (int k = 0; k < 4; k++) {
            s[k] = arena.allocate(quarter, 4096);
            for (long i = 0; i < quarter; i += 8) {
                s[k].set(ValueLayout.JAVA_LONG, i, i * 0x9E3779B97F4A7C15L + k);
            }
        }
        return s;
    }

    /** The same state on the heap. */
    static Object[] onHeap(long totalBytes) {
        int quarter = Math.toIntExact(totalBytes / 4);
        float[] v = new float[quarter / 4];
        double[] g = new double[quarter / 8];
        int[] t = new int[quarter / 4];
        long[] r = new long[quarter / 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.25f;
            t[i] = i * 31;
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = i * 0.5;
            r[i] = i * 80L;
        }
        return new Object[] {v, g, t, r};
    }

    static final Dtype[] DTYPES = {Dtype.FLOAT32, Dtype.FLOAT64, Dtype.INT32, Dtype.INT64};
    static final int[] TYPES = {SectionType.NEURON_STATE, SectionType.NEURON_STATE, SectionType.CSR_TARGETS,
        SectionType.CSR_ROW_OFFSETS};

    static void saveShnn(Path file, MemorySegment[] state) throws IOException {
        try (ShnnWriter w = ShnnWriter.create(file)) {
            for (int k = 0; k < 4; k++) {
                w.addSection(SectionSpec.of(NAMES[k], TYPES[k], DTYPES[k], state[k].byteSize() / DTYPES[k].size()),
                        state[k]);
            }
            w.commit();
        }
    }

    static void saveData(Path file, Object[] state) throws IOException {
        try (FileOutputStream fos = new FileOutputStream(file.toFile());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos, 1 << 16))) {
            float[] v = (float[]) state[0];
            double[] g = (double[]) state[1];
            int[] t = (int[]) state[2];
            long[] r = (long[]) state[3];
            out.writeInt(v.length);
            for (float x : v) {
                out.writeFloat(x);
            }
            out.writeInt(g.length);
            for (double x : g) {
                out.writeDouble(x);
            }
            out.writeInt(t.length);
            for (int x : t) {
                out.writeInt(x);
            }
            out.writeInt(r.length);
            for (long x : r) {
                out.writeLong(x);
            }
            out.flush();
            fos.getFD().sync();
        }
    }

    static void saveObject(Path file, Object[] state) throws IOException {
        try (FileOutputStream fos = new FileOutputStream(file.toFile());
                ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(fos, 1 << 16))) {
            for (Object a : state) {
                out.writeObject(a);
            }
            out.flush();
            fos.getFD().sync();
        }
    }

    static Object[] loadData(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream d = new DataInputStream(in)) {
            float[] v = new float[d.readInt()];
            for (int i = 0; i < v.length; i++) {
                v[i] = d.readFloat();
            }
            double[] g = new double[d.readInt()];
            for (int i = 0; i < g.length; i++) {
                g[i] = d.readDouble();
            }
            int[] t = new int[d.readInt()];
            for (int i = 0; i < t.length; i++) {
                t[i] = d.readInt();
            }
            long[] r = new long[d.readInt()];
            for (int i = 0; i < r.length; i++) {
                r[i] = d.readLong();
            }
            return new Object[] {v, g, t, r};
        }
    }

    static Object[] loadObject(Path file) throws IOException, ClassNotFoundException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                ObjectInputStream o = new ObjectInputStream(in)) {
            return new Object[] {o.readObject(), o.readObject(), o.readObject(), o.readObject()};
        }
    }

    /** Touches every byte of every section (8 bytes at a time): the cost of actually using a mapped file. */
    static long scan(ShnnFile f) {
        long sum = 0;
        for (Section s : f.sections()) {
            MemorySegment m = s.segment();
            for (long i = 0; i + 8 <= m.byteSize(); i += 8) {
                sum += m.get(ValueLayout.JAVA_LONG, i);
            }
        }
        return sum;
    }
}
