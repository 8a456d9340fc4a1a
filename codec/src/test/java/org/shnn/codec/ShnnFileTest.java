package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.layouts.file.ShnnFileLayouts;

class ShnnFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryByteAndEntry() throws IOException {
        Path p = dir.resolve("a.shnn");
        TestFiles.writeSample(p);
        try (ShnnFile f = ShnnFile.open(p, ShnnFile.Option.VERIFY)) {
            assertEquals(1, f.versionMajor());
            assertEquals(ShnnFormat.VERSION_MINOR, f.versionMinor());
            assertEquals(Files.size(p), f.length());
            assertEquals(List.of("metadata", "targets", "v", "spikes", "empty", "blocked",
                    ShnnWriter.BLOCK_CHECKSUMS_PREFIX + 5),
                    f.sections().stream().map(Section::name).toList());
            Section t = f.section("targets");
            assertEquals(SectionType.CSR_TARGETS, t.type());
            assertEquals(Dtype.INT32, t.dtype());
            assertEquals(TestFiles.SMALL, t.elementCount());
            for (int i = 0; i < TestFiles.SMALL; i++) {
                assertEquals(i * 7 - 3, t.segment().getAtIndex((ValueLayout.OfInt) Dtype.INT32.layout(), i));
            }
            Section v = f.section("v");
            assertEquals(0, v.offset() % ShnnFormat.PAGE_ALIGNMENT, "big sections are page-aligned");
            assertEquals(0, v.segment().address() % ShnnFormat.PAGE_ALIGNMENT);
            for (int i = 0; i < TestFiles.BIG; i++) {
                assertEquals(Math.sin(i) * 70 - 65,
                        v.segment().getAtIndex((ValueLayout.OfDouble) Dtype.FLOAT64.layout(), i));
            }
            Section r = f.section("spikes");
            assertEquals(Dtype.RECORD, r.dtype());
            assertEquals(16, r.elementSize());
            assertEquals(0, r.offset() % ShnnFormat.MIN_ALIGNMENT);
            assertEquals(0, f.section("empty").length());
            Metadata m = f.metadata();
            assertEquals("TestFiles", m.get("creator").orElseThrow());
            assertEquals(42, m.getLong("seed"));
            assertEquals(1000.25, m.getDouble("t_ms"));
            assertEquals(List.of(v), f.sectionsOfType(SectionType.NEURON_STATE));
        }
    }

    @Test
    void sectionsAreReadOnlyViewsThatDieWithTheFile() throws IOException {
        Path p = dir.resolve("a.shnn");
        TestFiles.writeSample(p);
        ShnnFile f = ShnnFile.open(p);
        MemorySegment seg = f.section("v").segment();
        assertTrue(seg.isReadOnly());
        assertTrue(seg.isMapped());
        assertThrows(IllegalArgumentException.class, () -> seg.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        assertThrows(IllegalStateException.class, () -> f.writableSegment(f.section("v")));
        f.close();
        f.close(); // idempotent: the arena is closed once
        MemorySegment dead = seg;
        assertThrows(IllegalStateException.class, () -> dead.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void copyOnWriteViewsNeverChangeTheFile() throws IOException {
        Path p = dir.resolve("a.shnn");
        TestFiles.writeSample(p);
        byte[] before = Files.readAllBytes(p);
        try (ShnnFile f = ShnnFile.open(p, ShnnFile.Option.COPY_ON_WRITE)) {
            MemorySegment w = f.writableSegment(f.section("v"));
            w.fill((byte) 0x7F);
            assertEquals((byte) 0x7F, w.get(ValueLayout.JAVA_BYTE, 100));
        }
        assertArrayEquals(before, Files.readAllBytes(p));
        try (ShnnFile f = ShnnFile.open(p, ShnnFile.Option.VERIFY)) {
            assertEquals(7, f.sections().size());
        }
    }

    @Test
    void verifyNamesTheSectionWhoseBytesChanged() throws IOException {
        Path p = dir.resolve("a.shnn");
        TestFiles.writeSample(p);
        long at;
        try (ShnnFile f = ShnnFile.open(p)) {
            at = f.section("v").offset() + 17;
        }
        byte[] b = Files.readAllBytes(p);
        b[(int) at] ^= 0x10;
        Files.write(p, b);
        try (ShnnFile f = ShnnFile.open(p)) { // without VERIFY, opening does not read section bytes
            CodecException e = assertThrows(CodecException.class, f::verify);
            assertEquals("v", e.section());
            assertEquals("checksum", e.field());
            assertEquals(p, e.file());
        }
        CodecException e = assertThrows(CodecException.class, () -> ShnnFile.open(p, ShnnFile.Option.VERIFY));
        assertEquals("v", e.section());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void sectionsWrapAsTypedArraysWithoutCopy() throws IOException {
        Path p = dir.resolve("a.shnn");
        TestFiles.writeSample(p);
        try (ShnnFile f = ShnnFile.open(p)) {
            var v = f.section("v").asDoubleArray();
            assertEquals(TestFiles.BIG, v.length());
            assertEquals(Math.sin(5) * 70 - 65, v.get(5));
            assertEquals(f.section("v").segment().address(), v.segment().address());
            var t = f.section("targets").asIntArray();
            assertEquals(7 * 9 - 3, t.get(9));
            assertEquals(48, f.section("spikes").asByteArray().length());
            assertThrows(IllegalStateException.class, () -> f.section("v").asFloatArray());
            assertThrows(IllegalStateException.class, () -> f.section("targets").asLongArray());
        }
    }

    @Test
    void missingSectionIsNamed() throws IOException {
        Path p = dir.resolve("a.shnn");
        TestFiles.writeSample(p);
        try (ShnnFile f = ShnnFile.open(p)) {
            assertFalse(f.find("w").isPresent());
            CodecException e = assertThrows(CodecException.class, () -> f.section("w"));
            assertEquals("w", e.section());
        }
    }

    @Test
    void emptyFileRoundTrips() throws IOException {
        Path p = dir.resolve("empty.shnn");
        try (ShnnWriter w = ShnnWriter.create(p)) {
            w.commit();
        }
        assertEquals(ShnnFileLayouts.HEADER_SIZE, Files.size(p));
        try (ShnnFile f = ShnnFile.open(p, ShnnFile.Option.VERIFY)) {
            assertEquals(0, f.sections().size());
            assertEquals(Metadata.EMPTY, f.metadata());
        }
    }

    /** Forward compatibility: a newer minor with a larger header and entries, unknown types and flags. */
    @Test
    void readsANewerMinorSkippingWhatItDoesNotKnow() throws IOException {
        Path p = dir.resolve("newer.shnn");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment img = NewerMinorFixture.build(arena, 7, false);
            TestFiles.write(p, img);
        }
        try (ShnnFile f = ShnnFile.open(p, ShnnFile.Option.VERIFY)) {
            assertEquals(7, f.versionMinor());
            assertEquals(2, f.sections().size());
            assertEquals(NewerMinorFixture.UNKNOWN_TYPE, f.section("future").type());
            assertFalse(f.section("future").isKnownType());
            assertEquals(1.5f, f.section("w").segment().getAtIndex((ValueLayout.OfFloat) Dtype.FLOAT32.layout(), 3));
            assertEquals(NewerMinorFixture.COMPATIBLE_FLAG, f.flags());
        }
    }

    @Test
    void refusesAnUnknownSectionMarkedRequired() throws IOException {
        Path p = dir.resolve("newer.shnn");
        try (Arena arena = Arena.ofConfined()) {
            TestFiles.write(p, NewerMinorFixture.build(arena, 7, true));
        }
        CodecException e = assertThrows(CodecException.class, () -> ShnnFile.open(p));
        assertEquals("future", e.section());
        assertEquals("type", e.field());
    }
}
