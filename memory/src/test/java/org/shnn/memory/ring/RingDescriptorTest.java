package org.shnn.memory.ring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.shnn.memory.ring.RingDescriptor.KIND_MPSC;
import static org.shnn.memory.ring.RingDescriptor.KIND_SPSC;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RingDescriptorTest {

    @Test
    void headerPutsEachSideOnItsOwnCacheLinePair() {
        assertEquals(512, RingDescriptor.HEADER_SIZE);
        assertEquals(0, RingDescriptor.MAGIC_OFFSET);
        assertEquals(8, RingDescriptor.VERSION_OFFSET);
        assertEquals(12, RingDescriptor.KIND_OFFSET);
        assertEquals(16, RingDescriptor.CAPACITY_OFFSET);
        assertEquals(20, RingDescriptor.RECORD_SIZE_OFFSET);
        assertEquals(128, RingDescriptor.TAIL_OFFSET);
        assertEquals(256, RingDescriptor.HEAD_CACHE_OFFSET);
        assertEquals(384, RingDescriptor.HEAD_OFFSET);
        assertEquals(392, RingDescriptor.TAIL_CACHE_OFFSET);
        assertTrue(RingDescriptor.HEAD_OFFSET - RingDescriptor.HEAD_CACHE_OFFSET >= 128);
        assertTrue(RingDescriptor.HEAD_CACHE_OFFSET - RingDescriptor.TAIL_OFFSET >= 128);
        assertEquals(0, RingDescriptor.HEADER_SIZE % 128, "the records start on a cache-line pair");
    }

    @Test
    void everyHeaderMemberIsNamed() {
        for (MemoryLayout member : RingDescriptor.HEADER_LAYOUT.memberLayouts()) {
            assertTrue(member.name().isPresent(), () -> "unnamed member " + member);
        }
        assertEquals("shnn_ring_header", RingDescriptor.HEADER_LAYOUT.name().orElseThrow());
    }

    @Test
    void magicSpellsShnnRingInLittleEndianAscii() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(8);
            s.set(JAVA_LONG.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0, RingDescriptor.MAGIC);
            assertEquals("SHNNRING", new String(s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void ringLayoutSizesBodyAndCommitWords() {
        StructLayout spsc = RingDescriptor.ringLayout(KIND_SPSC, 8, 16);
        assertEquals(512 + 8 * (8 + 16), spsc.byteSize(), "an SPSC slot is its commit word and its record");
        assertEquals(512, spsc.byteOffset(groupElement("slots")));
        assertEquals(512 + 24 + 8, spsc.byteOffset(groupElement("slots"), sequenceElement(1), groupElement("record")));
        StructLayout mpsc = RingDescriptor.ringLayout(KIND_MPSC, 8, 24);
        assertEquals(512 + 8 * 24 + 8 * 8, mpsc.byteSize());
        assertEquals(512 + 8 * 24, mpsc.byteOffset(groupElement("commitWords")));
        assertEquals(RingDescriptor.commitWordsOffset(8, 24), mpsc.byteOffset(groupElement("commitWords")));
        assertEquals(mpsc.byteSize(), MpscRing.requiredBytes(8, 24));
        assertEquals(spsc.byteSize(), SpscRing.requiredBytes(8, 16));
    }

    @Test
    void badFormatArgumentsNameValueAndBound() {
        assertIae(() -> SpscRing.requiredBytes(0, 16), "capacity 0", "power of two");
        assertIae(() -> SpscRing.requiredBytes(12, 16), "capacity 12", "power of two", "1073741824");
        assertIae(() -> MpscRing.requiredBytes(-8, 16), "capacity -8");
        assertIae(() -> SpscRing.requiredBytes(8, 12), "record size 12", "multiple of 8");
        assertIae(() -> SpscRing.requiredBytes(8, 0), "record size 0", "[8, 1048576]");
        assertIae(() -> SpscRing.requiredBytes(8, (1 << 20) + 8), "record size 1048584", "1048576");
        assertIae(() -> RingDescriptor.ringLayout(3, 8, 16), "ring kind 3");
    }

    @Test
    void segmentMustBeNativeAlignedAndLargeEnough() {
        assertIae(() -> SpscRing.create(MemorySegment.ofArray(new long[256]), 8, 16), "native");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment big = RingTestSupport.allocate(arena, 4096);
            assertIae(() -> SpscRing.create(big.asSlice(8), 8, 16), "not 64-byte aligned");
            assertIae(() -> SpscRing.create(big.asSlice(0, 600), 8, 16), "600 bytes", "704 bytes");
            assertIae(() -> MpscRing.create(big.asSlice(0, 640), 8, 16), "640 bytes", "704 bytes");
            assertIae(() -> SpscRing.wrap(big.asSlice(0, 100)), "100 bytes", "512 bytes");
        }
    }

    @Test
    void wrapValidatesEveryHeaderField() {
        assertCorruption(s -> s.set(JAVA_LONG, RingDescriptor.MAGIC_OFFSET, 42L), KIND_SPSC,
                "'magic'", "expected 0x474e49524e4e4853", "found 0x2a");
        assertCorruption(s -> s.set(JAVA_INT, RingDescriptor.VERSION_OFFSET, 7), KIND_SPSC,
                "'version'", "expected 2", "found 7");
        assertCorruption(s -> { }, KIND_MPSC, "'kind'", "expected 2 (MPSC)", "found 1 (SPSC)");
        assertCorruption(s -> s.set(JAVA_INT, RingDescriptor.CAPACITY_OFFSET, 6), KIND_SPSC,
                "'capacity'", "power of two", "found 6");
        assertCorruption(s -> s.set(JAVA_INT, RingDescriptor.RECORD_SIZE_OFFSET, 20), KIND_SPSC,
                "'recordSize'", "multiple of 8", "found 20");
        assertCorruption(s -> s.set(JAVA_INT, RingDescriptor.CAPACITY_OFFSET, 1 << 20), KIND_SPSC,
                "smaller than", "bytes the ring needs");
        assertCorruption(s -> s.set(JAVA_LONG, RingDescriptor.TAIL_OFFSET, 100L), KIND_SPSC,
                "'tail'", "head (0) <= tail <= head + capacity (8)", "found 100");
        assertCorruption(s -> s.set(JAVA_LONG, RingDescriptor.HEAD_OFFSET, -5L), KIND_SPSC,
                "'head'", "found -5");
    }

    @Test
    void createOverGarbageYieldsAnEmptyRing() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = RingTestSupport.allocate(arena, MpscRing.requiredBytes(16, 16));
            segment.fill((byte) 0xFF);
            MpscRing ring = MpscRing.create(segment, 16, 16);
            assertEquals(0, ring.size());
            assertFalse(ring.poll((s, o) -> { }), "garbage commit words must not look committed");
            assertEquals(16, MpscRing.wrap(segment).capacity());
        }
    }

    private static void assertCorruption(Consumer<MemorySegment> corrupt, int wrapKind, String... parts) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = RingTestSupport.allocate(arena, SpscRing.requiredBytes(8, 16));
            SpscRing.create(segment, 8, 16);
            corrupt.accept(segment);
            assertIae(() -> {
                if (wrapKind == KIND_SPSC) {
                    SpscRing.wrap(segment);
                } else {
                    MpscRing.wrap(segment);
                }
            }, parts);
        }
    }

    private static void assertIae(Executable action, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
