package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
