package org.shnn.interop;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The Java targets of the upcall stubs, one static method per {@link ApiTable} entry (the C name in
 * lower camel case). Each validates its arguments at the edge and returns a {@link Status};
 * exceptions are turned into status codes by the wrapper {@link ApiTable#build} puts around each
 * method, so these methods may throw.
 *
 * <p>Native pointers arrive as zero-length segments and are resized ({@code reinterpret}) to the
 * extent the C contract gives them; a NULL pointer is rejected with {@link Status#E_ARGUMENT}.
 *
 * <p>Thread-safety: every method may be called from any native thread at once.
 */
final class NativeEntryPoints {

    private NativeEntryPoints() {
    }

    /** {@code last_error(buffer, capacity, length)}: copies this thread's message, see shnn.h. */
    static int lastError(MemorySegment buffer, long capacity, MemorySegment length) {
        byte[] text = LastError.get().getBytes(StandardCharsets.UTF_8);
        if (!length.equals(MemorySegment.NULL)) {
            out(length, JAVA_LONG.byteSize(), "length").set(JAVA_LONG, 0, text.length);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity + " < 0");
        }
        if (capacity > 0) {
            MemorySegment dst = out(buffer, capacity, "buffer");
            int n = (int) Math.min(text.length, capacity - 1);
            MemorySegment.copy(text, 0, dst, JAVA_BYTE, 0, n);
            dst.set(JAVA_BYTE, n, (byte) 0);
        }
        return Status.OK;
    }

    /** {@code echo(value, out)}: stores {@code value} in {@code *out}; a round trip for tests and timing. */
    static int echo(long value, MemorySegment out) {
        out(out, JAVA_LONG.byteSize(), "out").set(JAVA_LONG, 0, value);
        return Status.OK;
    }

    /** {@code sum_i32(values, count, out)}: {@code *out} = the sum of {@code count} int32 values. */
    static int sumI32(MemorySegment values, long count, MemorySegment out) {
        MemorySegment dst = out(out, JAVA_LONG.byteSize(), "out");
        MemorySegment src = in(values, count, JAVA_INT.byteSize(), "values");
        long sum = 0;
        for (long i = 0; i < count; i++) {
            sum += src.getAtIndex(JAVA_INT, i);
        }
        dst.set(JAVA_LONG, 0, sum);
        return Status.OK;
    }

    /** {@code pointer} resized to {@code bytes}; NULL is an argument error naming {@code name}. */
    static MemorySegment out(MemorySegment pointer, long bytes, String name) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException(name + " is NULL");
        }
        return pointer.reinterpret(bytes);
    }

    /**
     * {@code pointer} resized to {@code count} elements of {@code elementBytes}; {@code count} must be
     * >= 0, and the pointer may be NULL only when {@code count} is 0.
     */
    static MemorySegment in(MemorySegment pointer, long count, long elementBytes, String name) {
        if (count < 0 || count > Long.MAX_VALUE / elementBytes) {
            throw new IllegalArgumentException(name + ": count " + count + " out of range [0, "
                    + Long.MAX_VALUE / elementBytes + "]");
        }
        if (count == 0) {
            return MemorySegment.NULL;
        }
        return out(pointer, count * elementBytes, name);
    }
}
