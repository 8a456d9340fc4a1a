package org.shnn.codec.npy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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

    @Override
    public String toString() {
        return "NpyArray[" + name + " " + header + (mapped ? ", mapped" : ", copied") + "]";
    }
}
