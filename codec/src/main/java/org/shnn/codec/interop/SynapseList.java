package org.shnn.codec.interop;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.shnn.codec.CodecException;
import org.shnn.codec.Dtype;
import org.shnn.codec.npy.NpyArray;
import org.shnn.codec.npy.NpzFile;
import org.shnn.codec.npy.NpzWriter;

/**
 * A synapse list imported from an {@code .npz} with four 1-D arrays of equal length: {@code sources} and
 * {@code targets} (neuron indices, any integer dtype, in [0, 2^31)), {@code weights} (float, in the unit of
 * the target receptor: pA for current-based, nS for conductance-based synapses) and {@code delays} (float,
 * ms, finite and non-negative). The engine consumes them as INT32, INT32, FLOAT32 and FLOAT64 little-endian
 * segments: an array already of that dtype is used in place (a view of the mapped archive, no copy); another
 * dtype is converted once (e.g. int64 indices or float64 weights as Brian2 exports them).
 *
 * <p>Every element is checked at import (a bad index or NaN weight is a {@link CodecException} naming the
 * array and the element), so the engine can trust the arrays.
 *
 * <p>Named for what it holds, an explicit list of synapses: the rule that draws synapses (all-to-all, fixed
 * probability, ...) is the engine's {@code org.shnn.engine.network.Connectivity}.
 *
 * <p>Ownership: the segments belong to this object (the mapping and the converted copies) and stay valid until
 * {@link #close()}. Thread-safety: immutable; safe to read from any thread while open.
 */
public final class SynapseList implements AutoCloseable {

    /** Array names in the archive. */
    public static final String SOURCES = "sources";
    /** Target indices array name. */
    public static final String TARGETS = "targets";
    /** Weights array name. */
    public static final String WEIGHTS = "weights";
    /** Delays (ms) array name. */
    public static final String DELAYS = "delays";

    private static final ValueLayout.OfInt I32 = (ValueLayout.OfInt) Dtype.INT32.layout();
    private static final ValueLayout.OfFloat F32 = (ValueLayout.OfFloat) Dtype.FLOAT32.layout();
    private static final ValueLayout.OfDouble F64 = (ValueLayout.OfDouble) Dtype.FLOAT64.layout();

    private final NpzFile npz;
    private final Arena copies;
    private final long count;
    private final MemorySegment sources;
    private final MemorySegment targets;
    private final MemorySegment weights;
    private final MemorySegment delays;
    private final int maxSource;
    private final int maxTarget;
    private final boolean zeroCopy;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SynapseList(NpzFile npz, Arena copies, Path path) {
        this.npz = npz;
        this.copies = copies;
        NpyArray[] a = {npz.array(SOURCES), npz.array(TARGETS), npz.array(WEIGHTS), npz.array(DELAYS)};
        long n = -1;
        for (NpyArray x : a) {
            if (x.shape().length != 1) {
                throw new CodecException(path, x.name(), CodecException.NO_OFFSET, "shape", "one dimension",
                        Arrays.toString(x.shape()));
            }
            if (n >= 0 && x.elementCount() != n) {
                throw new CodecException(path, x.name(), CodecException.NO_OFFSET, "shape", "(" + n + ",) like '"
                        + SOURCES + "'", Arrays.toString(x.shape()));
            }
            n = x.elementCount();
        }
        this.count = n;
        this.sources = indices(path, a[0]);
        this.targets = indices(path, a[1]);
        this.weights = floats(path, a[2]);
        this.delays = doubles(path, a[3]);
        this.maxSource = checkIndices(path, SOURCES, sources);
        this.maxTarget = checkIndices(path, TARGETS, targets);
        for (long i = 0; i < count; i++) {
            float w = weights.getAtIndex(F32, i);
            if (!Float.isFinite(w)) {
                throw new CodecException(path, WEIGHTS, CodecException.NO_OFFSET, WEIGHTS + "[" + i + "]",
                        "a finite weight", Float.toString(w));
            }
            double d = delays.getAtIndex(F64, i);
            if (!(d >= 0 && d < Double.POSITIVE_INFINITY)) {
                throw new CodecException(path, DELAYS, CodecException.NO_OFFSET, DELAYS + "[" + i + "]",
                        "a finite delay >= 0 ms", Double.toString(d));
            }
        }
        this.zeroCopy = sources.isMapped() && targets.isMapped() && weights.isMapped() && delays.isMapped();
    }

    /**
     * Imports the four arrays of {@code npz} (an uncompressed archive, e.g. {@code numpy.savez(path,
     * sources=S.i[:], targets=S.j[:], weights=S.w[:], delays=S.delay[:] / ms)}).
     *
     * @throws CodecException if an array is missing, of another shape or dtype, or holds an invalid value
     * @throws IOException if the file cannot be read
     */
    public static SynapseList fromNpz(Path npz) throws IOException {
        NpzFile f = NpzFile.open(npz);
        Arena copies = Arena.ofShared();
        try {
            return new SynapseList(f, copies, npz);
        } catch (RuntimeException | Error e) {
            copies.close();
            f.close();
            throw e;
        }
    }

    /**
     * Writes a synapse-list archive NumPy can load ({@code numpy.load(path)['sources']}...).
     *
     * @param sources INT32 indices
     * @param targets INT32 indices
     * @param weights FLOAT32
     * @param delays FLOAT64 ms
     * @throws IllegalArgumentException if the sizes disagree
     * @throws IOException on a write error (the target keeps its previous content)
     */
    public static void writeNpz(Path path, MemorySegment sources, MemorySegment targets, MemorySegment weights,
            MemorySegment delays) throws IOException {
        long n = sources.byteSize() / 4;
        if (sources.byteSize() != 4 * n || targets.byteSize() != 4 * n || weights.byteSize() != 4 * n
                || delays.byteSize() != 8 * n) {
            throw new IllegalArgumentException("synapse list arrays disagree: sources " + sources.byteSize()
                    + " B, targets " + targets.byteSize() + " B, weights " + weights.byteSize() + " B, delays "
                    + delays.byteSize() + " B; expected 4n, 4n, 4n and 8n bytes");
        }
        try (NpzWriter w = NpzWriter.create(path)) {
            w.add(SOURCES, Dtype.INT32, new long[] {n}, sources);
            w.add(TARGETS, Dtype.INT32, new long[] {n}, targets);
            w.add(WEIGHTS, Dtype.FLOAT32, new long[] {n}, weights);
            w.add(DELAYS, Dtype.FLOAT64, new long[] {n}, delays);
            w.commit();
        }
    }

    private MemorySegment indices(Path path, NpyArray a) {
        MemorySegment d = a.data();
        long n = a.elementCount();
        return switch (a.dtype()) {
            case INT32 -> d;
            case INT64, INT16, UINT8 -> {
                MemorySegment out = copies.allocate(Math.max(1, 4 * n), 64).asSlice(0, 4 * n);
                for (long i = 0; i < n; i++) {
                    long v = switch (a.dtype()) {
                        case INT64 -> d.getAtIndex((ValueLayout.OfLong) Dtype.INT64.layout(), i);
                        case INT16 -> d.getAtIndex((ValueLayout.OfShort) Dtype.INT16.layout(), i);
                        default -> Byte.toUnsignedInt(d.get(ValueLayout.JAVA_BYTE, i));
                    };
                    if (v < 0 || v > Integer.MAX_VALUE) {
                        throw new CodecException(path, a.name(), CodecException.NO_OFFSET, a.name() + "[" + i + "]",
                                "a neuron index in [0, " + Integer.MAX_VALUE + "]", Long.toString(v));
                    }
                    out.setAtIndex(I32, i, (int) v);
                }
                yield out.asReadOnly();
            }
            default -> throw new CodecException(path, a.name(), CodecException.NO_OFFSET, "descr",
                    "an integer dtype (<i4, <i8, <i2, |u1)", a.dtype().toString());
        };
    }

    private MemorySegment floats(Path path, NpyArray a) {
        return switch (a.dtype()) {
            case FLOAT32 -> a.data();
            case FLOAT64 -> {
                long n = a.elementCount();
                MemorySegment out = copies.allocate(Math.max(1, 4 * n), 64).asSlice(0, 4 * n);
                for (long i = 0; i < n; i++) {
                    out.setAtIndex(F32, i, (float) a.data().getAtIndex(F64, i));
                }
                yield out.asReadOnly();
            }
            default -> throw new CodecException(path, a.name(), CodecException.NO_OFFSET, "descr",
                    "a float dtype (<f4, <f8)", a.dtype().toString());
        };
    }

    private MemorySegment doubles(Path path, NpyArray a) {
        return switch (a.dtype()) {
            case FLOAT64 -> a.data();
            case FLOAT32 -> {
                long n = a.elementCount();
                MemorySegment out = copies.allocate(Math.max(1, 8 * n), 64).asSlice(0, 8 * n);
                for (long i = 0; i < n; i++) {
                    out.setAtIndex(F64, i, a.data().getAtIndex(F32, i));
                }
                yield out.asReadOnly();
            }
            default -> throw new CodecException(path, a.name(), CodecException.NO_OFFSET, "descr",
                    "a float dtype (<f4, <f8)", a.dtype().toString());
        };
    }

    private int checkIndices(Path path, String name, MemorySegment s) {
        int max = -1;
        for (long i = 0; i < count; i++) {
            int v = s.getAtIndex(I32, i);
            if (v < 0) {
                throw new CodecException(path, name, CodecException.NO_OFFSET, name + "[" + i + "]",
                        "a neuron index >= 0", Integer.toString(v));
            }
            max = Math.max(max, v);
        }
        return max;
    }

    /** Number of synapses. */
    public long count() {
        return count;
    }

    /** Presynaptic neuron indices, INT32 little-endian, read-only. */
    public MemorySegment sources() {
        return sources;
    }

    /** Postsynaptic neuron indices, INT32 little-endian, read-only. */
    public MemorySegment targets() {
        return targets;
    }

    /** Weights (pA or nS), FLOAT32 little-endian, read-only. */
    public MemorySegment weights() {
        return weights;
    }

    /** Delays in ms, FLOAT64 little-endian, read-only. */
    public MemorySegment delays() {
        return delays;
    }

    /** Largest source index, or -1 if there are no synapses (the presynaptic population needs more neurons). */
    public int maxSource() {
        return maxSource;
    }

    /** Largest target index, or -1 if there are no synapses. */
    public int maxTarget() {
        return maxTarget;
    }

    /** Whether all four arrays are views of the mapped archive (no conversion was needed). */
    public boolean isZeroCopy() {
        return zeroCopy;
    }

    /** Unmaps the archive and frees the converted copies. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                copies.close();
            } finally {
                npz.close();
            }
        }
    }
}
