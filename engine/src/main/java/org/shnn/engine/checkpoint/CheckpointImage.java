package org.shnn.engine.checkpoint;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.shnn.codec.Metadata;
import org.shnn.codec.SectionSource;
import org.shnn.codec.SectionSpec;
import org.shnn.codec.ShnnWriter;

/**
 * A checkpoint held in memory ({@link Checkpoint#capture}): the sections and metadata {@link Checkpoint#save}
 * would write at the step it was captured, copied, so that the file can be written on a background thread while
 * the simulation runs on (a live run's periodic checkpoints, {@code org.shnn.engine.live}). The file it writes is
 * the one {@code save} would have written at that step, and opens with {@link Checkpoint#open}.
 *
 * <p>Ownership: the image owns its copies (one shared arena) and frees them in {@link #close()}. Thread-safety:
 * filled by the capturing thread; after {@code capture} returns it is immutable and may be handed to, written and
 * closed by another thread (the hand-off, e.g. an executor's submit, orders it); {@link #write} and
 * {@link #close} must not run concurrently.
 */
public final class CheckpointImage implements AutoCloseable {

    private record Part(SectionSpec spec, List<MemorySegment> chunks) {
    }

    private final Arena arena = Arena.ofShared();
    private final List<Part> parts = new ArrayList<>();
    private final long step;
    private Metadata metadata;
    private long bytes;

    CheckpointImage(long step) {
        this.step = step;
    }

    /** The step the simulation stood at when captured. */
    public long step() {
        return step;
    }

    /** Bytes of section data held. */
    public long byteSize() {
        return bytes;
    }

    /** The target {@link Checkpoint#capture} writes into: each section copied into this image. */
    Checkpoint.SectionTarget target() {
        return new Checkpoint.SectionTarget() {
            @Override
            public void addSection(SectionSpec spec, MemorySegment data) {
                parts.add(new Part(spec, List.of(copy(data))));
            }

            @Override
            public void addSection(SectionSpec spec, SectionSource source) throws IOException {
                List<MemorySegment> chunks = new ArrayList<>();
                source.writeTo(new SectionSource.Output() {
                    private long written;

                    @Override
                    public void write(MemorySegment chunk) {
                        chunks.add(copy(chunk));
                        written += chunk.byteSize();
                    }

                    @Override
                    public long written() {
                        return written;
                    }
                });
                parts.add(new Part(spec, chunks));
            }
        };
    }

    private MemorySegment copy(MemorySegment data) {
        MemorySegment c = arena.allocate(Math.max(1, data.byteSize()), 64).asSlice(0, data.byteSize());
        c.copyFrom(data);
        bytes += data.byteSize();
        return c;
    }

    void metadata(Metadata md) {
        metadata = md;
    }

    /**
     * Writes the checkpoint to {@code path} atomically (the previous file survives any failure).
     *
     * @throws IOException on a write error
     * @throws IllegalStateException if closed
     */
    public void write(Path path) throws IOException {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("checkpoint image of step " + step + " is closed; cannot write " + path);
        }
        try (ShnnWriter w = ShnnWriter.create(path)) {
            for (Part p : parts) {
                w.addSection(p.spec, out -> {
                    for (MemorySegment c : p.chunks) {
                        out.write(c);
                    }
                });
            }
            w.addMetadata(metadata);
            w.commit();
        }
    }

    /** Frees the copies. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
