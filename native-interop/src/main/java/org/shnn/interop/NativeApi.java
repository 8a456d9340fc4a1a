package org.shnn.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Properties;

/**
 * The entry point {@code libshnn.so} calls once after creating the JVM: {@link #apiTable()} returns
 * the address of the upcall table (layout in {@link ApiTable}, C mirror {@code shnn_api_table.h}).
 * After that every C API call goes straight from C into Java through the stubs, with no JNI.
 *
 * <p>Ownership: the table and its stubs live in {@link Arena#global()} and are never freed (the C
 * side keeps the pointers for the life of the process).
 *
 * <p>Thread-safety: the table is built once (class initialisation) and is immutable afterwards.
 */
public final class NativeApi {

    /** The SHNN version (the Maven project version), as {@code shnn_version()} returns it. */
    public static final String VERSION = readVersion();

    private NativeApi() {
    }

    /** Lazily built table: class initialisation makes the build happen once, visible to all threads. */
    private static final class Holder {
        static final MemorySegment TABLE =
                ApiTable.build(Arena.global(), MethodHandles.lookup(), NativeEntryPoints.class, VERSION);
    }

    /**
     * The address of the upcall table (JNI signature {@code ()J}); the same value on every call.
     * Called by {@code shnn_init} through JNI.
     */
    public static long apiTable() {
        return table().address();
    }

    /** The upcall table as a segment of {@link ApiTable#LAYOUT} size (valid for the life of the process). */
    static MemorySegment table() {
        return Holder.TABLE;
    }

    private static String readVersion() {
        Properties p = new Properties();
        try (InputStream in = NativeApi.class.getResourceAsStream("shnn-interop.properties")) {
            if (in == null) {
                throw new IllegalStateException("resource org/shnn/interop/shnn-interop.properties is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read org/shnn/interop/shnn-interop.properties", e);
        }
        return p.getProperty("version");
    }
}
