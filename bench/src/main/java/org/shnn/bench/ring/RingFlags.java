package org.shnn.bench.ring;

/**
 * JVM flags every ring benchmark fork gets (a command-line {@code -jvmArgsAppend} replaces them, so
 * pass them all again if you use one).
 */
final class RingFlags {

    /** Agrona 2.6.0 reaches {@code jdk.internal.misc.Unsafe}; without this it fails with IllegalAccessError. */
    static final String ADD_EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** SHNN's FFM code (scripts/jvm.args holds the same flag). */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** Silences the sun.misc.Unsafe warnings of JMH, JCTools and Agrona. */
    static final String UNSAFE_ALLOW = "--sun-misc-unsafe-memory-access=allow";

    private RingFlags() {
    }
}
