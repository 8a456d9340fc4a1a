package org.shnn.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import org.shnn.codec.CodecException;
import org.shnn.codec.FileFailure;
import org.shnn.memory.pool.OffHeapLimitException;

/**
 * The error message of the last failed C API call, one per calling thread, and the mapping from a
 * {@link Throwable} to a {@link Status} code.
 *
 * <p>Native threads are attached to the JVM on their first upcall and keep one {@link Thread}
 * object until they exit, so a {@link ThreadLocal} gives each C thread its own message. A message
 * stays until the next failure on the same thread (successful calls leave it alone).
 *
 * <p>Thread-safety: every method is safe from any thread and touches only the caller's slot.
 */
final class LastError {

    private static final ThreadLocal<String> MESSAGE = new ThreadLocal<>();

    private LastError() {
    }

    /** Records {@code message} for this thread and returns {@code status} (for {@code return fail(...)}). */
    static int set(int status, String message) {
        MESSAGE.set(Status.name(status) + ": " + message);
        return status;
    }

    /** The message of this thread's last failure, or the empty string if none failed yet. */
    static String get() {
        String m = MESSAGE.get();
        return m == null ? "" : m;
    }

    /**
     * Records {@code failure} for this thread and returns its status code. Never throws: it is the
     * last line of defence of every upcall (an exception escaping an upcall terminates the host
     * process), so if even recording fails (out of heap) it still returns a code.
     */
    static int record(Throwable failure) {
        int status = statusOf(failure);
        try {
            String text = failure.getMessage();
            // A file system failure says which file and why ("/a/b: no such file", where the JDK's message is the
            // bare path); other internal and I/O failures keep the exception class.
            boolean withClass = status == Status.E_INTERNAL || status == Status.E_IO || text == null;
            String detail = failure instanceof IOException io ? FileFailure.describe(io)
                    : withClass ? failure.toString() : text;
            return set(status, detail);
        } catch (Throwable secondFailure) {
            return status;
        }
    }

    /** The status code for {@code failure}: handle, argument, I/O, state, memory or internal. */
    static int statusOf(Throwable failure) {
        return switch (failure) {
            case InvalidHandleException _ -> Status.E_HANDLE;
            case IOException _, UncheckedIOException _, InvalidPathException _, CodecException _ -> Status.E_IO;
            case IllegalArgumentException _, IndexOutOfBoundsException _ -> Status.E_ARGUMENT;
            case UnsupportedOperationException _ -> Status.E_UNSUPPORTED;
            case IllegalStateException _ -> Status.E_STATE;
            case OutOfMemoryError _, OffHeapLimitException _ -> Status.E_MEMORY;
            default -> Status.E_INTERNAL;
        };
    }
}
