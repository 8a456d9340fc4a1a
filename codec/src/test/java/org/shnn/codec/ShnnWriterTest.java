package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShnnWriterTest {

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aSourceThatThrowsMidwayKeepsTheOldFileAndLeavesNoTemp() throws IOException {
        Path p = dir.resolve("state.shnn");
        TestFiles.writeSample(p);
        byte[] old = Files.readAllBytes(p);
        IOException boom = new IOException("disk on fire");
        try (ShnnWriter w = ShnnWriter.create(p)) {
            w.addSection(SectionSpec.of("a", SectionType.ARRAY, Dtype.INT64, 2), MemorySegment.ofArray(new long[2]));
            IOException thrown = assertThrows(IOException.class, () -> w.addSection(
                    SectionSpec.of("b", SectionType.ARRAY, Dtype.BYTES, 1 << 20), out -> {
                        out.write(MemorySegment.ofArray(new byte[1 << 19]));
                        throw boom;
                    }));
            assertEquals(boom, thrown);
            assertThrows(IllegalStateException.class, w::commit, "a failed writer cannot commit");
        }
        assertArrayEquals(old, Files.readAllBytes(p));
        assertEquals(List.of(p), files());
    }

    @Test
    void abandonedWriterLeavesNothing() throws IOException {
        Path p = dir.resolve("new.shnn");
        try (ShnnWriter w = ShnnWriter.create(p)) {
            w.addSection(SectionSpec.of("a", SectionType.ARRAY, Dtype.INT64, 2), MemorySegment.ofArray(new long[2]));
            assertEquals(1, files().size(), "only the temporary file exists while writing");
            assertTrue(files().get(0).getFileName().toString().startsWith("new.shnn.tmp"));
        }
        assertEquals(List.of(), files());
    }

    @Test
    void commitReplacesTheOldFile() throws IOException {
        Path p = dir.resolve("state.shnn");
        TestFiles.writeSample(p);
        try (ShnnWriter w = ShnnWriter.create(p)) {
            w.addSection(SectionSpec.of("x", SectionType.ARRAY, Dtype.INT64, 3),
                    MemorySegment.ofArray(new long[] {1, 2, 3}));
            w.commit();
            assertThrows(IllegalStateException.class, w::commit);
        }
        assertEquals(List.of(p), files());
        try (ShnnFile f = ShnnFile.open(p, ShnnFile.Option.VERIFY)) {
            assertEquals(1, f.sections().size());
            assertEquals(3L, f.section("x").segment().getAtIndex(ValueLayout.JAVA_LONG, 2));
        }
    }

    @Test
    void sourceMustWriteExactlyTheDeclaredLength() throws IOException {
        Path p = dir.resolve("s.shnn");
        try (ShnnWriter w = ShnnWriter.create(p)) {
            assertThrows(IllegalStateException.class, () -> w.addSection(
                    SectionSpec.of("a", SectionType.ARRAY, Dtype.BYTES, 4), out -> out.write(MemorySegment.ofArray(
                            new byte[5]))));
        }
        try (ShnnWriter w = ShnnWriter.create(p)) {
            assertThrows(IllegalStateException.class, () -> w.addSection(
                    SectionSpec.of("a", SectionType.ARRAY, Dtype.BYTES, 4), out -> out.write(MemorySegment.ofArray(
                            new byte[3]))));
        }
        assertFalse(Files.exists(p));
        assertEquals(List.of(), files());
    }

    @Test
    void streamedChunksAndChecksumsMatchAOneShotWrite() throws IOException {
        byte[] data = new byte[70_001];
        new java.util.Random(7).nextBytes(data);
        Path a = dir.resolve("a.shnn");
        Path b = dir.resolve("b.shnn");
        SectionSpec spec = SectionSpec.of("d", SectionType.ARRAY, Dtype.UINT8, data.length);
        try (ShnnWriter w = ShnnWriter.create(a)) {
            w.addSection(spec, MemorySegment.ofArray(data));
            w.commit();
        }
        try (ShnnWriter w = ShnnWriter.create(b)) {
            w.addSection(spec, out -> {
                for (int off = 0; off < data.length; off += 999) {
                    out.write(MemorySegment.ofArray(data).asSlice(off, Math.min(999, data.length - off)));
                }
            });
            w.commit();
        }
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        try (ShnnFile f = ShnnFile.open(b, ShnnFile.Option.VERIFY)) {
            assertArrayEquals(data, f.section("d").segment().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void badSpecsAndDuplicatesAreRejected() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> SectionSpec.of("", 1, Dtype.BYTES, 1));
        assertThrows(IllegalArgumentException.class, () -> SectionSpec.of("x".repeat(33), 1, Dtype.BYTES, 1));
        assertThrows(IllegalArgumentException.class, () -> SectionSpec.of("a", 1, Dtype.BYTES, -1));
        assertThrows(IllegalArgumentException.class, () -> SectionSpec.of("a", 1, Dtype.RECORD, 1));
        assertThrows(IllegalArgumentException.class, () -> new SectionSpec("a", 1, Dtype.INT32, 8, 1, 0));
        assertThrows(ArithmeticException.class, () -> SectionSpec.of("a", 1, Dtype.INT64, Long.MAX_VALUE / 2));
        try (ShnnWriter w = ShnnWriter.create(dir.resolve("d.shnn"))) {
            w.addSection(SectionSpec.of("a", 1, Dtype.BYTES, 1), MemorySegment.ofArray(new byte[1]));
            assertThrows(IllegalArgumentException.class,
                    () -> w.addSection(SectionSpec.of("a", 1, Dtype.BYTES, 1), MemorySegment.ofArray(new byte[1])));
            assertThrows(IllegalArgumentException.class,
                    () -> w.addSection(SectionSpec.of("b", 1, Dtype.BYTES, 2), MemorySegment.ofArray(new byte[1])));
        }
    }
}
