package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.layouts.file.ShnnFileLayouts;

/**
 * Thousands of damaged variants of a valid file: random byte flips (anywhere, and in the header or table with
 * the checksums recomputed so validation past them is exercised), truncations, extensions, and edits of
 * section-table and header fields to boundary values. Each case must open correctly (and then every section
 * must be readable) or throw {@link CodecException}; any other exception fails with the seed and case.
 */
class ShnnFileFuzzTest {

    static final long SEED = Long.getLong("shnn.fuzz.seed", 0x5EED_C0DECL);
    static final int CASES = Integer.getInteger("shnn.fuzz.cases", 4000);

    private static final VarHandle[] ENTRY_FIELDS = {ShnnFileLayouts.TYPE, ShnnFileLayouts.DTYPE,
        ShnnFileLayouts.ELEMENT_SIZE, ShnnFileLayouts.SECTION_FLAGS, ShnnFileLayouts.ELEMENT_COUNT,
        ShnnFileLayouts.OFFSET, ShnnFileLayouts.LENGTH, ShnnFileLayouts.CHECKSUM, ShnnFileLayouts.BLOCK_SIZE,
        ShnnFileLayouts.BLOCK_CHECKSUMS};
    private static final VarHandle[] HEADER_FIELDS = {ShnnFileLayouts.VERSION_MAJOR, ShnnFileLayouts.VERSION_MINOR,
        ShnnFileLayouts.HEADER_SIZE_FIELD, ShnnFileLayouts.HEADER_FLAGS, ShnnFileLayouts.SECTION_COUNT,
        ShnnFileLayouts.SECTION_ENTRY_SIZE_FIELD, ShnnFileLayouts.SECTION_TABLE_OFFSET, ShnnFileLayouts.FILE_LENGTH};

    @TempDir
    Path dir;

    @Test
    void everyDamagedFileOpensOrThrowsCodecException() {
        System.out.println("ShnnFileFuzzTest seed=0x" + Long.toHexString(SEED) + " cases=" + CASES
                + " (replay with -Dshnn.fuzz.seed=...)");
        assertTimeoutPreemptively(Duration.ofSeconds(60), this::run,
                () -> "fuzz did not finish in time; seed=0x" + Long.toHexString(SEED));
    }

    private void run() throws IOException {
        byte[] valid = TestFiles.sampleBytes(dir);
        Path p = dir.resolve("fuzz.shnn");
        SplittableRandom rnd = new SplittableRandom(SEED);
        int opened = 0;
        int rejected = 0;
        for (int c = 0; c < CASES; c++) {
            String what;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment s;
                int kind = rnd.nextInt(7);
                switch (kind) {
                    case 0 -> {
                        s = TestFiles.edit(arena, valid);
                        int flips = 1 + rnd.nextInt(4);
                        for (int i = 0; i < flips; i++) {
                            flip(s, rnd.nextLong(s.byteSize()), rnd);
                        }
                        what = flips + " random byte flips";
                    }
                    case 1 -> {
                        s = TestFiles.edit(arena, valid);
                        long tableOffset = TestFiles.tableOffset(s);
                        long at = rnd.nextBoolean() ? rnd.nextLong(ShnnFileLayouts.HEADER_SIZE)
                                : tableOffset + rnd.nextLong(s.byteSize() - tableOffset);
                        flip(s, at, rnd);
                        TestFiles.fixChecksums(s);
                        what = "header/table flip at " + at + " with checksums fixed";
                    }
                    case 2 -> {
                        int len = rnd.nextInt(valid.length);
                        s = TestFiles.edit(arena, Arrays.copyOf(valid, len));
                        what = "truncated to " + len;
                    }
                    case 3 -> {
                        int len = valid.length + 1 + rnd.nextInt(8192);
                        s = TestFiles.edit(arena, Arrays.copyOf(valid, len));
                        ShnnFileLayouts.FILE_LENGTH.set(s, 0L, (long) len);
                        TestFiles.fixChecksums(s);
                        what = "extended to " + len + " with fileLength fixed";
                    }
                    case 4, 5 -> {
                        s = TestFiles.edit(arena, valid);
                        int entry = rnd.nextInt((int) ShnnFileLayouts.SECTION_COUNT.get(s, 0L));
                        VarHandle f = ENTRY_FIELDS[rnd.nextInt(ENTRY_FIELDS.length)];
                        long v = interesting(rnd, s.byteSize());
                        set(f, s, TestFiles.entryOffset(s, entry), v);
                        TestFiles.fixChecksums(s);
                        what = "entry " + entry + " field " + f + " = " + v;
                    }
                    default -> {
                        s = TestFiles.edit(arena, valid);
                        VarHandle f = HEADER_FIELDS[rnd.nextInt(HEADER_FIELDS.length)];
                        long v = interesting(rnd, s.byteSize());
                        set(f, s, 0, v);
                        TestFiles.fixChecksums(s);
                        what = "header field " + f + " = " + v;
                    }
                }
                TestFiles.write(p, s);
            }
            boolean verify = rnd.nextBoolean();
            try (ShnnFile f = verify ? ShnnFile.open(p, ShnnFile.Option.VERIFY) : ShnnFile.open(p)) {
                long sum = 0;
                for (Section s : f.sections()) {
                    MemorySegment seg = s.segment();
                    for (long i = 0; i < seg.byteSize(); i += 61) {
                        sum += seg.get(ValueLayout.JAVA_BYTE, i);
                    }
                    if (s.hasBlockChecksums()) {
                        f.verifyRange(s, 0, s.length());
                    }
                }
                f.metadata();
                assertTrue(sum != Long.MIN_VALUE);
                opened++;
            } catch (CodecException e) {
                rejected++;
            } catch (Throwable t) {
                fail("case " + c + " (" + what + ", verify=" + verify + ") threw " + t + "; seed=0x"
                        + Long.toHexString(SEED), t);
            }
        }
        System.out.println("ShnnFileFuzzTest: " + opened + " opened, " + rejected + " rejected");
        assertTrue(rejected > CASES / 4, "most damage must be detected: only " + rejected + " rejected");
    }

    private static void flip(MemorySegment s, long at, SplittableRandom rnd) {
        byte b = s.get(ValueLayout.JAVA_BYTE, at);
        s.set(ValueLayout.JAVA_BYTE, at, (byte) (b ^ (1 + rnd.nextInt(255))));
    }

    /** Boundary values: zero, -1, extremes, around the file size, page and cache-line multiples, random. */
    private static long interesting(SplittableRandom rnd, long fileSize) {
        return switch (rnd.nextInt(10)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Long.MAX_VALUE;
            case 3 -> Long.MIN_VALUE;
            case 4 -> fileSize + rnd.nextInt(-130, 130);
            case 5 -> 64L * rnd.nextInt(0, (int) (fileSize / 64) + 2);
            case 6 -> 4096L * rnd.nextInt(0, 8);
            case 7 -> Integer.MAX_VALUE + (long) rnd.nextInt(3);
            case 8 -> rnd.nextInt(0, 200);
            default -> rnd.nextLong();
        };
    }

    private static void set(VarHandle h, MemorySegment s, long base, long v) {
        Class<?> type = h.varType();
        if (type == short.class) {
            h.set(s, base, (short) v);
        } else if (type == int.class) {
            h.set(s, base, (int) v);
        } else {
            h.set(s, base, v);
        }
    }
}
