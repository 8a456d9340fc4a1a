package org.shnn.codec.npy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.shnn.codec.AtomicFile;
import org.shnn.codec.CodecException;
import org.shnn.codec.FileFailure;
import org.shnn.codec.Dtype;

/**
 * A mapped {@code .npy} file: one shared arena per open file (closed once by {@link #close()}); the array's data
 * is a view of the mapping whenever alignment allows (NumPy aligns data to 64 bytes, so always for files NumPy
 * wrote). Opening reads the preamble only. Also {@link #write} for the other direction.
 *
 * <p>Thread-safety: accessors are safe from any thread while open; {@code close} must not race with readers.
 */
public final class NpyFile implements AutoCloseable {

    private final Arena arena;
    private final NpyArray array;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NpyFile(Arena arena, NpyArray array) {
        this.arena = arena;
        this.array = array;
    }

    /**
     * Maps and validates {@code path}.
     *
     * @throws CodecException if the preamble is malformed or the data size does not match the shape
     * @throws IOException if the file cannot be read
     */
    public static NpyFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment bytes;
            try (FileChannel ch = FileChannel.open(FileFailure.requireMappable(path), StandardOpenOption.READ)) {
                bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            String name = path.getFileName().toString();
            NpyHeader header = NpyHeader.parse(bytes, path, name, 0);
            return new NpyFile(arena, NpyArray.of(name, header, bytes, arena));
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** The array; valid until {@link #close()}. */
    public NpyArray array() {
        return array;
    }

    /** Unmaps the file. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            arena.close();
        }
    }

    /**
     * Writes {@code data} (C order, little-endian) as a {@code .npy} file exactly as NumPy 2 would, atomically
     * (temporary file, force, rename).
     *
     * @param shape dimensions; their product times the dtype size must equal {@code data.byteSize()}
     * @throws IllegalArgumentException for an unsupported dtype or a size mismatch
     * @throws IOException on a write error (the target keeps its previous content)
     */
    public static void write(Path path, Dtype dtype, long[] shape, MemorySegment data) throws IOException {
        byte[] preamble = preamble(dtype, shape, data);
        try (AtomicFile f = AtomicFile.create(path)) {
            f.write(MemorySegment.ofArray(preamble), 0);
            f.write(data, preamble.length);
            f.commit();
        }
    }

    /** Checks {@code data} against the shape and returns the preamble. */
    static byte[] preamble(Dtype dtype, long[] shape, MemorySegment data) {
        byte[] preamble = NpyHeader.format(dtype, shape);
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        long bytes = Math.multiplyExact(count, (long) dtype.size());
        if (bytes != data.byteSize()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + bytes + " bytes, data has " + data.byteSize());
        }
        return preamble;
    }
}
