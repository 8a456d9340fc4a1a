package org.shnn.interop;

/**
 * The status codes every C API function returns ({@code SHNN_OK} and the {@code SHNN_E_*} macros
 * of {@code shnn.h}; the generated table header repeats them). Zero is success; every error is
 * negative so C callers can test {@code rc < 0}. After an error, {@code shnn_last_error} gives the
 * message of the calling thread.
 *
 * <p>Thread-safety: constants only.
 */
public final class Status {

    /** Success. */
    public static final int OK = 0;
    /** A handle that is 0, closed, or was never issued. */
    public static final int E_HANDLE = -1;
    /** An argument out of range: a NULL pointer, a negative count, an unknown model name... */
    public static final int E_ARGUMENT = -2;
    /** A file could not be read or written (bad path, permissions, corrupt file). */
    public static final int E_IO = -3;
    /** The call is not valid in the current state (e.g. the library is not initialised). */
    public static final int E_STATE = -4;
    /** Off-heap or heap memory ran out (the off-heap budget, or the JVM heap). */
    public static final int E_MEMORY = -5;
    /** The call is not supported by this build. */
    public static final int E_UNSUPPORTED = -6;
    /** Any other failure inside the engine (a bug: the message carries the exception). */
    public static final int E_INTERNAL = -99;

    private Status() {
    }

    /** The C macro name of {@code status} (e.g. {@code "SHNN_E_HANDLE"}), for messages and the header. */
    public static String name(int status) {
        return switch (status) {
            case OK -> "SHNN_OK";
            case E_HANDLE -> "SHNN_E_HANDLE";
            case E_ARGUMENT -> "SHNN_E_ARGUMENT";
            case E_IO -> "SHNN_E_IO";
            case E_STATE -> "SHNN_E_STATE";
            case E_MEMORY -> "SHNN_E_MEMORY";
            case E_UNSUPPORTED -> "SHNN_E_UNSUPPORTED";
            case E_INTERNAL -> "SHNN_E_INTERNAL";
            default -> throw new IllegalArgumentException("unknown status " + status);
        };
    }

    /** Every status code, in the order the header lists them. */
    static int[] all() {
        return new int[] {OK, E_HANDLE, E_ARGUMENT, E_IO, E_STATE, E_MEMORY, E_UNSUPPORTED, E_INTERNAL};
    }
}
