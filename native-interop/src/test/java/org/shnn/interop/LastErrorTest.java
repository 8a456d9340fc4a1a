package org.shnn.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import org.junit.jupiter.api.Test;
import org.shnn.codec.CodecException;
import org.shnn.memory.pool.ArenaPool;
import org.shnn.memory.pool.OffHeapBudget;
import org.shnn.memory.pool.OffHeapLimitException;

class LastErrorTest {

    @Test
    void mapsExceptionKindsToStatus() {
        assertEquals(Status.E_HANDLE, LastError.statusOf(new InvalidHandleException("simulation", 3)));
        assertEquals(Status.E_IO, LastError.statusOf(new FileNotFoundException("x")));
        assertEquals(Status.E_IO, LastError.statusOf(new UncheckedIOException(new FileNotFoundException("x"))));
        assertEquals(Status.E_IO, LastError.statusOf(new InvalidPathException("a\0b", "nul")));
        assertEquals(Status.E_IO, LastError.statusOf(new CodecException(java.nio.file.Path.of("x.shnn"), "header", 0, "magic", "SHNN", "ABCD")));
        assertEquals(Status.E_ARGUMENT, LastError.statusOf(new IllegalArgumentException()));
        assertEquals(Status.E_ARGUMENT, LastError.statusOf(new IndexOutOfBoundsException()));
        assertEquals(Status.E_STATE, LastError.statusOf(new IllegalStateException()));
        assertEquals(Status.E_UNSUPPORTED, LastError.statusOf(new UnsupportedOperationException()));
        assertEquals(Status.E_MEMORY, LastError.statusOf(new OutOfMemoryError()));
        assertEquals(Status.E_INTERNAL, LastError.statusOf(new NullPointerException()));
        assertEquals(Status.E_INTERNAL, LastError.statusOf(new AssertionError()));
    }

    @Test
    void offHeapBudgetExhaustionIsAMemoryError() {
        OffHeapBudget budget = OffHeapBudget.create("tiny", 1 << 20);
        try (ArenaPool pool = ArenaPool.create("interop-test", budget)) {
            OffHeapLimitException e = org.junit.jupiter.api.Assertions.assertThrows(OffHeapLimitException.class,
                    () -> pool.allocate(8L << 20));
            assertEquals(Status.E_MEMORY, LastError.record(e));
            org.junit.jupiter.api.Assertions.assertTrue(LastError.get().startsWith("SHNN_E_MEMORY: "), LastError.get());
        }
    }

    @Test
    void recordKeepsMessageOrClassForInternalErrorsAndNamesFileFailures() {
        assertEquals(Status.E_HANDLE, LastError.record(new InvalidHandleException("simulation", 0)));
        assertEquals("SHNN_E_HANDLE: simulation handle 0 is not open (closed, or never issued; valid handles are >= 1)",
                LastError.get());
        assertEquals(Status.E_INTERNAL, LastError.record(new NullPointerException("boom")));
        assertEquals("SHNN_E_INTERNAL: java.lang.NullPointerException: boom", LastError.get());
        assertEquals(Status.E_IO, LastError.record(new java.nio.file.NoSuchFileException("/shnn-no-such-dir/b")));
        assertEquals("SHNN_E_IO: /shnn-no-such-dir/b: its directory /shnn-no-such-dir does not exist", LastError.get());
        assertEquals(Status.E_IO, LastError.record(new java.io.IOException("stream closed")));
        assertEquals("SHNN_E_IO: stream closed", LastError.get());
        assertEquals(Status.E_ARGUMENT, LastError.record(new IllegalArgumentException()));
        assertEquals("SHNN_E_ARGUMENT: java.lang.IllegalArgumentException", LastError.get());
    }

    @Test
    void statusNamesAreDistinct() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int s : Status.all()) {
            names.add(Status.name(s));
        }
        assertEquals(Status.all().length, names.size());
    }
}
