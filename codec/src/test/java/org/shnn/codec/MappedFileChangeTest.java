package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file changed under an open {@link ShnnFile}: truncation (which removes mapped pages: a native read of them
 * would be SIGBUS, a JVM crash) and rewriting in place are exceptions naming the file; rename and delete are
 * harmless. Each test reads the mapping through the code that used to crash (the CRC32C intrinsic, the writer).
 */
class MappedFileChangeTest {

    private static final int BIG = 1 << 20;

    @TempDir
    Path dir;

    /** A file with a 1 MiB section that starts on the second page. */
    private Path write(String name, byte fill) throws IOException {
        Path p = dir.resolve(name);
        try (ShnnWriter w = ShnnWriter.create(p)) {
            w.addSection(SectionSpec.of("big", SectionType.CSR_TARGETS, Dtype.INT32, BIG / 4),
                    MemorySegment.ofArray(new byte[BIG]).fill(fill));
            w.commit();
        }
        return p;
    }

    private static void truncate(Path p, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Test
    void aTruncatedFileIsAnExceptionForVerifyWriteAndCheck() throws IOException {
        Path p = write("a.shnn", (byte) 3);
        try (ShnnFile f = ShnnFile.open(p)) {
            f.checkUnchanged();
            MemorySegment big = f.section("big").segment();
            truncate(p, 4096);
            CodecException c = assertThrows(CodecException.class, f::checkUnchanged);
            assertTrue(c.getMessage().contains(p.toString()) && c.getMessage().contains("found 4096 bytes"), c.getMessage());
            CodecException v = assertThrows(CodecException.class, () -> f.verify(f.section("big")));
            assertEquals("big", v.section());
            assertTrue(v.getMessage().contains("truncated"), v.getMessage());
            Path out = dir.resolve("copy.shnn");
            try (ShnnWriter w = ShnnWriter.create(out)) {
                IOException e = assertThrows(IOException.class,
                        () -> w.addSection(SectionSpec.of("big", SectionType.CSR_TARGETS, Dtype.INT32, BIG / 4), big));
                assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            }
            assertFalse(Files.exists(out), "nothing committed");
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the failed writer left no temporary file");
        }
    }

    @Test
    void aFileRewrittenInPlaceIsDetectedEvenAtTheSameSize() throws IOException {
        Path p = write("a.shnn", (byte) 3);
        Path other = write("b.shnn", (byte) 4);
        try (ShnnFile f = ShnnFile.open(p)) {
            FileTime before = Files.getLastModifiedTime(p);
            // Files.copy with REPLACE_EXISTING unlinks the target first: a new file; ours stays mapped intact
            Files.copy(other, p, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(p, FileTime.fromMillis(before.toMillis() + 5000));
            f.checkUnchanged();
            f.verify();
        }
        try (ShnnFile f = ShnnFile.open(p)) {
            FileTime before = Files.getLastModifiedTime(p);
            // what cp(1) does: open the same file with O_TRUNC and write the new bytes
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(Files.readAllBytes(other)));
            }
            Files.setLastModifiedTime(p, FileTime.fromMillis(before.toMillis() + 5000)); // coarse clocks
            CodecException c = assertThrows(CodecException.class, f::checkUnchanged);
            assertEquals("modification time", c.field());
        }
    }

    @Test
    void renamingOrDeletingTheFileKeepsTheMappingIntact() throws IOException {
        Path p = write("a.shnn", (byte) 3);
        Path other = write("b.shnn", (byte) 4);
        try (ShnnFile f = ShnnFile.open(p)) {
            Files.move(other, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            f.checkUnchanged();
            f.verify();
            Files.delete(p);
            f.checkUnchanged();
            f.verify();
            assertEquals(3, f.section("big").segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, BIG - 1));
        }
    }
}
