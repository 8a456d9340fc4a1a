package org.shnn.engine.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.shnn.codec.FileFailure;

/**
 * Streams spikes to a file as they are recorded: 16-byte little-endian records (step: int64,
 * neuron: int32, spare: int32 = 0), the {@link org.shnn.memory.ring.SpikeRecord} layout with a fixed
 * byte order, buffered 64 KiB at a time. {@link #flush()} (called by the simulation at the end of
 * every run) writes the buffer; {@link #close()} flushes and forces the file to disk.
 *
 * <p>Thread-safety: one writing thread. Ownership: the stream owns its file channel.
 */
public final class SpikeFileStream implements AutoCloseable {

    /** Bytes per record in the file. */
    public static final int RECORD_BYTES = 16;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * Creates (or truncates) {@code path}.
     *
     * @throws UncheckedIOException if the file cannot be opened, naming it
     */
    public SpikeFileStream(Path path) {
        this.path = path;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open spike file " + path + ": " + FileFailure.reason(path, e), e);
        }
    }

    /** Appends one spike. */
    public void write(long step, int neuron) {
        write(step, neuron, 0);
    }

    /** Appends one spike with its spare word (e.g. how many steps late a delivered input was). */
    public void write(long step, int neuron, int spare) {
        if (buffer.remaining() < RECORD_BYTES) {
            flush();
        }
        buffer.putLong(step).putInt(neuron).putInt(spare);
    }

    /** Writes buffered records to the file. @throws UncheckedIOException naming the file on failure */
    public void flush() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing spike file " + path + " failed: " + FileFailure.reason(path, e), e);
        } finally {
            buffer.clear();
        }
    }

    /** Flushes, forces to disk and closes. */
    @Override
    public void close() {
        try (FileChannel c = channel) {
            flush();
            c.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("closing spike file " + path + " failed: " + FileFailure.reason(path, e), e);
        }
    }
}
