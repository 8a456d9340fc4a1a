package org.shnn.codec;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Produces a section's bytes for {@link ShnnWriter} in order, as any number of chunks, so a section larger
 * than memory can be streamed. It must write exactly the spec's length; an exception aborts the whole file.
 */
@FunctionalInterface
public interface SectionSource {

    /** Writes the section's bytes to {@code out}, in order. */
    void writeTo(Output out) throws IOException;

    /** Where a source writes. Not thread-safe; valid only during {@link #writeTo}. */
    interface Output {
        /**
         * Appends all bytes of {@code chunk} (any segment: heap, native or mapped; not retained).
         *
         * @throws IllegalStateException if this would exceed the section's declared length
         */
        void write(MemorySegment chunk) throws IOException;

        /** Bytes written so far. */
        long written();
    }
}
