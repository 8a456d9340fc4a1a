package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void targetShowsOldContentUntilCommitThenNew() throws IOException {
        Path p = dir.resolve("f.txt");
        Files.writeString(p, "old");
        try (AtomicFile f = AtomicFile.create(p)) {
            f.channel().write(ByteBuffer.wrap("new".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("old", Files.readString(p));
            f.commit();
            assertFalse(Files.exists(f.tempPath()));
            assertThrows(IllegalStateException.class, f::commit);
        }
        assertEquals("new", Files.readString(p));
        assertEquals(1, dir.toFile().list().length);
    }

    @Test
    void closeWithoutCommitDeletesTheTemporaryFile() throws IOException {
        Path p = dir.resolve("f.txt");
        Files.writeString(p, "old");
        Path temp;
        try (AtomicFile f = AtomicFile.create(p)) {
            temp = f.tempPath();
            assertEquals(dir, temp.getParent());
            f.channel().write(ByteBuffer.wrap(new byte[10]));
        }
        assertFalse(Files.exists(temp));
        assertEquals("old", Files.readString(p));
    }

    @Test
    void theNewFileGetsTheUsualPermissionsNotOwnerOnly() throws IOException {
        Path p = dir.resolve("f.txt");
        Path reference = Files.createFile(dir.resolve("reference.txt")); // 0666 less the umask
        try (AtomicFile f = AtomicFile.create(p)) {
            f.commit();
        }
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(p));
    }

    @Test
    void missingDirectoryIsAnIOException() {
        assertThrows(IOException.class, () -> AtomicFile.create(dir.resolve("nope/f.txt")));
    }

    @Test
    void writeStreamsTheContentAndKeepsTheOldFileWhenTheContentFails() throws IOException {
        Path p = dir.resolve("f.csv");
        Path reference = Files.createFile(dir.resolve("reference.txt"));
        AtomicFile.write(p, out -> {
            for (int i = 0; i < 100_000; i++) {
                out.write(("row " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        });
        List<String> lines = Files.readAllLines(p);
        assertEquals(100_000, lines.size());
        assertEquals("row 99999", lines.getLast());
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(p));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(p, out -> {
            out.write(new byte[1 << 20]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(100_000, Files.readAllLines(p).size());
        assertEquals(2, dir.toFile().list().length); // no temporary file left
    }

    @Test
    void staleTemporaryFilesOfAnInterruptedSaveAreDeletedByTheNextOne() throws IOException {
        Path target = dir.resolve("net.shnn");
        Path stale = dir.resolve("net.shnn.tmp1k2j3h4g5f6d7");
        Path fresh = dir.resolve("net.shnn.tmpzzzz9"); // a save in progress: recently written
        Path otherTarget = dir.resolve("other.shnn.tmp1k2j3h4g5f6d7");
        Path notOurs = dir.resolve("net.shnn.tmp-backup");
        for (Path p : new Path[] {stale, fresh, otherTarget, notOurs}) {
            Files.write(p, new byte[] {1});
        }
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(AtomicFile.STALE_AFTER).minusSeconds(60));
        for (Path p : new Path[] {stale, otherTarget, notOurs}) {
            Files.setLastModifiedTime(p, old);
        }
        try (AtomicFile f = AtomicFile.create(target)) {
            f.write(java.lang.foreign.MemorySegment.ofArray(new byte[] {7}), 0);
            f.commit();
        }
        assertTrue(Files.notExists(stale), "stale temporary file of this target deleted");
        assertTrue(Files.exists(fresh), "a recent one may be a save in progress: kept");
        assertTrue(Files.exists(otherTarget), "another target's: kept");
        assertTrue(Files.exists(notOurs), "not our naming: kept");
    }
}
