package org.shnn.interop;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;

/**
 * Calls the upcall table the way C does, through downcall handles on the stub addresses: Java to
 * native to Java, so the stubs, the descriptors and the exception barrier are all exercised.
 */
class NativeApiTest {

    private static final Linker LINKER = Linker.nativeLinker();

    static MethodHandle entry(MemorySegment table, String name) {
        ApiTable.Entry e = ApiTable.ENTRIES.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return LINKER.downcallHandle(table.get(ADDRESS, ApiTable.offsetOf(name)), e.descriptor());
    }

    static String lastError(MemorySegment table) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(512);
            MemorySegment len = a.allocate(JAVA_LONG);
            assertEquals(Status.OK, (int) entry(table, "last_error").invokeExact(buf, 512L, len));
            String s = buf.getString(0);
            assertEquals(len.get(JAVA_LONG, 0), s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            return s;
        }
    }

    @Test
    void tableHeaderAndVersion() {
        MemorySegment t = NativeApi.table().reinterpret(ApiTable.LAYOUT.byteSize());
        assertEquals(t.address(), NativeApi.apiTable());
        assertEquals(ApiTable.MAGIC, t.get(JAVA_INT, 0));
        assertEquals(ApiTable.ABI_VERSION, t.get(JAVA_INT, 4));
        assertEquals(ApiTable.LAYOUT.byteSize(), t.get(JAVA_LONG, 8));
        String v = t.get(ADDRESS, 16).reinterpret(64).getString(0);
        assertEquals(NativeApi.VERSION, v);
        assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), v);
        for (ApiTable.Entry e : ApiTable.ENTRIES) {
            assertTrue(t.get(ADDRESS, ApiTable.offsetOf(e.name())).address() != 0, e.name());
        }
    }

    @Test
    void echoAndSumRoundTrip() throws Throwable {
        MemorySegment t = NativeApi.table();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG);
            assertEquals(Status.OK, (int) entry(t, "echo").invokeExact(-123456789012L, out));
            assertEquals(-123456789012L, out.get(JAVA_LONG, 0));
            int[] values = {1, -2, Integer.MAX_VALUE, Integer.MAX_VALUE, 7};
            MemorySegment v = a.allocateFrom(JAVA_INT, values);
            assertEquals(Status.OK, (int) entry(t, "sum_i32").invokeExact(v, (long) values.length, out));
            assertEquals(6L + 2L * Integer.MAX_VALUE, out.get(JAVA_LONG, 0), "sum must not overflow int32");
            assertEquals(Status.OK, (int) entry(t, "sum_i32").invokeExact(MemorySegment.NULL, 0L, out));
            assertEquals(0L, out.get(JAVA_LONG, 0));
        }
    }

    @Test
    void badArgumentsGiveStatusAndMessage() throws Throwable {
        MemorySegment t = NativeApi.table();
        assertEquals(Status.E_ARGUMENT, (int) entry(t, "echo").invokeExact(1L, MemorySegment.NULL));
        assertEquals("SHNN_E_ARGUMENT: out is NULL", lastError(t));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG);
            assertEquals(Status.E_ARGUMENT, (int) entry(t, "sum_i32").invokeExact(MemorySegment.NULL, -1L, out));
            assertTrue(lastError(t).contains("count -1 out of range"), lastError(t));
            assertEquals(Status.E_ARGUMENT, (int) entry(t, "sum_i32").invokeExact(MemorySegment.NULL, 3L, out));
            assertEquals("SHNN_E_ARGUMENT: values is NULL", lastError(t));
        }
    }

    @Test
    void lastErrorTruncatesAndIsPerThread() throws Throwable {
        MemorySegment t = NativeApi.table();
        assertEquals(Status.E_ARGUMENT, (int) entry(t, "echo").invokeExact(1L, MemorySegment.NULL));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(8);
            MemorySegment len = a.allocate(JAVA_LONG);
            assertEquals(Status.OK, (int) entry(t, "last_error").invokeExact(buf, 8L, len));
            assertEquals("SHNN_E_", buf.getString(0));
            assertEquals("SHNN_E_ARGUMENT: out is NULL".length(), len.get(JAVA_LONG, 0));
            assertEquals(Status.OK, (int) entry(t, "last_error").invokeExact(MemorySegment.NULL, 0L, MemorySegment.NULL));
            assertEquals(Status.E_ARGUMENT, (int) entry(t, "last_error").invokeExact(buf, -1L, MemorySegment.NULL));
        }
        String[] other = new String[1];
        Thread th = Thread.ofPlatform().start(() -> {
            try {
                other[0] = lastError(t);
            } catch (Throwable e) {
                other[0] = e.toString();
            }
        });
        th.join(10_000);
        assertEquals("", other[0], "a thread that never failed has no message");
    }

    static int throwStackOverflow(long v, MemorySegment out) {
        throw new StackOverflowError("deep " + v);
    }

    static int throwState(long v, MemorySegment out) {
        throw new IllegalStateException("not now: " + v);
    }

    static int throwUnsupported(long v, MemorySegment out) {
        throw new UnsupportedOperationException("no " + v);
    }

    /** Calls a guarded throwing target through a real upcall stub and a downcall. */
    private static int callGuarded(String method, long value) throws Throwable {
        FunctionDescriptor d = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS);
        MethodHandle target = MethodHandles.lookup().findStatic(NativeApiTest.class, method, d.toMethodType());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment stub = LINKER.upcallStub(ApiTable.guarded(target), d, a);
            return (int) LINKER.downcallHandle(stub, d).invokeExact(value, MemorySegment.NULL);
        }
    }

    @Test
    void exceptionsBecomeStatusCodes() throws Throwable {
        assertEquals(Status.E_INTERNAL, callGuarded("throwStackOverflow", 1));
        assertEquals("SHNN_E_INTERNAL: java.lang.StackOverflowError: deep 1", LastError.get());
        assertEquals(Status.E_STATE, callGuarded("throwState", 5));
        assertEquals("SHNN_E_STATE: not now: 5", LastError.get());
        assertEquals(Status.E_UNSUPPORTED, callGuarded("throwUnsupported", 7));
        assertEquals("SHNN_E_UNSUPPORTED: no 7", LastError.get());
    }

    /** Every entry called with zeros (handle 0, NULL pointers, zero counts) returns a status; nothing escapes. */
    @Test
    void everyEntryToleratesZeroArguments() throws Throwable {
        MemorySegment t = NativeApi.table();
        java.util.Set<Integer> known = new java.util.HashSet<>();
        for (int s : Status.all()) {
            known.add(s);
        }
        for (ApiTable.Entry e : ApiTable.ENTRIES) {
            Object[] args = new Object[e.params().size()];
            for (int i = 0; i < args.length; i++) {
                MemoryLayout l = e.params().get(i).layout();
                args[i] = l == ADDRESS ? MemorySegment.NULL : l == JAVA_LONG ? (Object) 0L : l == JAVA_INT ? (Object) 0
                        : (Object) 0.0;
            }
            int status = (int) entry(t, e.name()).invokeWithArguments(args);
            assertTrue(known.contains(status), e.name() + " returned " + status);
            if (!e.name().equals("last_error") && !e.name().equals("sum_i32")) {
                assertTrue(status < 0, e.name() + " must reject handle 0 / NULL, got " + status);
                assertTrue(LastError.get().startsWith(Status.name(status) + ": "), e.name() + ": " + LastError.get());
            }
        }
    }
}
