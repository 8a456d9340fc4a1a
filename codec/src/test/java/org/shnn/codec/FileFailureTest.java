package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileFailure}: the words for what the JDK's own file exceptions say too little about, from real failures. */
class FileFailureTest {

    @Test
    void aMissingFileAndAMissingDirectoryAreTold(@TempDir Path dir) {
        Path none = dir.resolve("none.bin");
        IOException e = assertThrows(IOException.class, () -> Files.readString(none));
        assertEquals(none.toString(), e.getMessage(), "the JDK's message is the bare path");
        assertEquals("no such file", FileFailure.reason(none, e));
        assertEquals(none + ": no such file", FileFailure.describe(e));

        Path deep = dir.resolve("gone/x.bin");
        e = assertThrows(IOException.class,
                () -> FileChannel.open(deep, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close());
        assertEquals("its directory " + deep.getParent() + " does not exist", FileFailure.reason(deep, e));
    }

    @Test
    void aTemporaryFilesFailureIsToldForTheUsersFile(@TempDir Path dir) {
        Path target = dir.resolve("gone/out.shnn");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.create(target).close());
        assertEquals("its directory " + target.getParent() + " does not exist", FileFailure.reason(target, e));
    }

    @Test
    void aDirectoryIsCalledOneWhateverTheCallSaid(@TempDir Path dir) {
        IOException mapped = assertThrows(IOException.class, () -> {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.map(FileChannel.MapMode.READ_ONLY, 0, 16);
            }
        });
        assertEquals("is a directory", FileFailure.reason(dir, mapped));
        IOException read = assertThrows(IOException.class, () -> Files.readString(dir));
        assertEquals("is a directory", FileFailure.reason(dir, read));
    }

    @Test
    void otherFailuresKeepTheSystemsReasonInLowerCase(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals("already exists", FileFailure.reason(file,
                assertThrows(IOException.class, () -> Files.createFile(file))));
        assertEquals("permission denied", FileFailure.reason(file, new AccessDeniedException(file.toString())));
        assertEquals("no space left on device", FileFailure.reason(file,
                new FileSystemException(file.toString(), null, "No space left on device")));
        assertEquals("CRC mismatch", FileFailure.reason(file, new IOException("CRC mismatch")), "an acronym stays");
        assertEquals("IOException", FileFailure.reason(file, new IOException()));
    }

    @Test
    void unreadableSaysWhyBeforeAnyOpen(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertNull(FileFailure.unreadable(file));
        assertEquals("is a directory", FileFailure.unreadable(dir));
        assertEquals("no such file", FileFailure.unreadable(dir.resolve("none")));
        assertEquals("its directory " + dir.resolve("gone") + " does not exist",
                FileFailure.unreadable(dir.resolve("gone/none")));
    }
}
