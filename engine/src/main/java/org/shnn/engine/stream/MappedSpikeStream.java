package org.shnn.engine.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.shnn.codec.AtomicFile;
import org.shnn.codec.FileFailure;

/**
 * A {@link SpikeStream} in a memory-mapped file, which another process (a C or Python host through
 * {@code shnn.h}, or another JVM) produces into or consumes from at the same time: the file holds exactly
 * the stream's bytes ({@code shnn_stream_header}, then the ring), in native byte order.
 *
 * <p>Ownership: owns the mapping (one shared arena per file, closed by {@link #close()}, also when opening
 * fails); the {@link #stream()} is valid until then. Thread-safety: {@link #stream()} as {@link SpikeStream};
 * {@link #close()} once no thread uses the stream.
 */
public final class MappedSpikeStream implements AutoCloseable {

    private final Path path;
    private final Arena arena;
    private final SpikeStream stream;

    private MappedSpikeStream(Path path, Arena arena, SpikeStream stream) {
        this.path = path;
        this.arena = arena;
        this.stream = stream;
    }

    /**
     * Creates (or replaces) {@code path} as an empty stream and maps it. The stream is formatted in a temporary
     * file beside {@code path} and renamed into place ({@link AtomicFile}), so a process waiting for {@code path}
     * to appear never sees it half-written.
     *
     * @param manyProducers an MPSC ring (many producer threads or processes) rather than SPSC
     * @param capacity records, a power of two in [1, 2^30]
     * @throws IllegalArgumentException for a bad capacity, naming value and bound
     * @throws UncheckedIOException if the file cannot be created or mapped, naming it
     */
    public static MappedSpikeStream create(Path path, boolean manyProducers, int capacity, StreamPolicy policy) {
        long bytes = SpikeStream.requiredBytes(manyProducers, capacity);
        Arena arena = Arena.ofShared();
        try (AtomicFile file = AtomicFile.create(path)) {
            MemorySegment segment = file.channel().map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            SpikeStream stream = SpikeStream.create(segment, manyProducers, capacity, policy, path.toString());
            file.commit(); // the mapping outlives the channel and the rename
            return new MappedSpikeStream(path, arena, stream);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot create spike stream file " + path + ": " + FileFailure.reason(path, e), e);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Opens {@code path} if it exists ({@link #open}), else creates it ({@link #create}) with the given kind,
     * capacity and policy.
     */
    public static MappedSpikeStream openOrCreate(Path path, boolean manyProducers, int capacity, StreamPolicy policy) {
        return Files.exists(path) ? open(path) : create(path, manyProducers, capacity, policy);
    }

    /**
     * Maps an existing stream file after validating it ({@link SpikeStream#wrap}: errors name the file, the byte
     * offset and field, the expected and found value).
     *
     * @throws IllegalArgumentException if the file is not a valid stream (bad magic, wrong version, capacity not
     *     a power of two, truncated, ...)
     * @throws UncheckedIOException if it cannot be opened or mapped, naming it
     */
    public static MappedSpikeStream open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(FileFailure.requireMappable(path), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MemorySegment segment = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size(), arena);
            return new MappedSpikeStream(path, arena, SpikeStream.wrap(segment, path.toString()));
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot open spike stream file " + path + ": " + FileFailure.reason(path, e), e);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** The stream in the file; valid until {@link #close()}. */
    public SpikeStream stream() {
        return stream;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** Unmaps the file (the file stays, for the other process and for inspection). Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
