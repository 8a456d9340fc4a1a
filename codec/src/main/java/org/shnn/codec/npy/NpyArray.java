package org.shnn.codec.npy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import org.shnn.memory.array.ByteArray;
import org.shnn.memory.array.DoubleArray;
import org.shnn.memory.array.FloatArray;
import org.shnn.memory.array.IntArray;
import org.shnn.memory.array.LongArray;
import org.shnn.memory.array.ShortArray;
import org.shnn.codec.Dtype;

/**
 * One NumPy array read from a {@code .npy} file or an {@code .npz} entry: its header and its data as a
 * read-only little-endian segment. The data is a view of the file mapping (zero-copy) when its address is a
 * multiple of the element size; otherwise (e.g. an npz entry placed at an odd offset) it is copied once into
 * 64-byte aligned memory of the same owner. Either way it can be read with the aligned
 * {@link Dtype#layout()}.
 *
 * <p>Ownership: the {@link NpyFile} or {@link NpzFile} that returned it; valid until that is closed.
 * Thread-safety: immutable.
 */
public final class NpyArray {

    private final String name;
    private final NpyHeader header;
    private final MemorySegment data;
    private final boolean mapped;

    private NpyArray(String name, NpyHeader header, MemorySegment data, boolean mapped) {
        this.name = name;
        this.header = header;
        this.data = data;
        this.mapped = mapped;
    }

    /** Builds the array over {@code bytes} (the whole array, header first): a view if aligned, else a copy. */
    static NpyArray of(String name, NpyHeader header, MemorySegment bytes, Arena owner) {
        MemorySegment raw = bytes.asSlice(header.dataOffset());
        if (raw.address() % header.dtype().size() == 0) {
            return new NpyArray(name, header, raw.asReadOnly(), true);
        }
        MemorySegment copy = owner.allocate(Math.max(1, raw.byteSize()), 64).asSlice(0, raw.byteSize());
        MemorySegment.copy(raw, 0, copy, 0, raw.byteSize());
        return new NpyArray(name, header, copy.asReadOnly(), false);
    }

    /** The array name (npz entry without {@code .npy}; the file name for a {@code .npy} file). */
    public String name() {
        return name;
    }

    /** The parsed header. */
    public NpyHeader header() {
        return header;
    }

    /** Element type. */
    public Dtype dtype() {
        return header.dtype();
    }

    /** Dimensions (a copy). */
    public long[] shape() {
        return header.shape();
    }

    /** Number of elements. */
    public long elementCount() {
        return header.elementCount();
    }

    /** The data, C order, little-endian, read-only; owned by the file that returned this array. */
    public MemorySegment data() {
        return data;
    }

    /** Whether {@link #data()} is a view of the mapped file (true) or an aligned copy (false). */
    public boolean isMapped() {
        return mapped;
    }

    /** A {@code <f4} array as a typed view of {@link #data()} (no copy; read-only; valid as long as the data). */
    public FloatArray asFloatArray() {
        return FloatArray.wrap(typed(Dtype.FLOAT32));
    }

    /** A {@code <f8} array as a typed view. */
    public DoubleArray asDoubleArray() {
        return DoubleArray.wrap(typed(Dtype.FLOAT64));
    }

    /** An {@code <i4} array as a typed view. */
    public IntArray asIntArray() {
        return IntArray.wrap(typed(Dtype.INT32));
    }

    /** An {@code <i8} array as a typed view. */
    public LongArray asLongArray() {
        return LongArray.wrap(typed(Dtype.INT64));
    }

    /** An {@code <i2} array as a typed view. */
    public ShortArray asShortArray() {
        return ShortArray.wrap(typed(Dtype.INT16));
    }

    /** A {@code |u1} array as a typed view (read values with {@code & 0xFF}). */
    public ByteArray asByteArray() {
        return ByteArray.wrap(typed(Dtype.UINT8));
    }

    /** The data for a typed view, which reads native order: the file's little-endian order on x86-64/AArch64. */
    private MemorySegment typed(Dtype expected) {
        if (dtype() != expected) {
            throw new IllegalStateException("array '" + name + "' holds " + NpyHeader.descr(dtype()) + ", not "
                    + NpyHeader.descr(expected));
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("array '" + name + "': typed arrays read native (big-endian) order; read "
                    + "the little-endian data through dtype().layout()");
        }
        return data;
    }

    @Override
    public String toString() {
        return "NpyArray[" + name + " " + header + (mapped ? ", mapped" : ", copied") + "]";
    }
}
