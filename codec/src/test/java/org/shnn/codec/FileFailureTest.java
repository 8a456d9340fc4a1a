package org.shnn.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
    void anAtomicWritesFailureIsToldForTheUsersFileNotItsTemporaryOne(@TempDir Path dir) {
        Path target = dir.resolve("gone/out.shnn");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.create(target).close());
        assertEquals(target + ": its directory " + target.getParent() + " does not exist", FileFailure.describe(e));
        e = assertThrows(IOException.class, () -> AtomicFile.create(dir).close());
        assertEquals(dir + ": is a directory", FileFailure.describe(e));
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
    void onlyARegularFileIsMappableAndANamedPipeIsRefusedWithoutOpeningIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals(file, FileFailure.requireMappable(file));
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // opening a named pipe that nobody writes would block: the check must come first, and fast
        FileSystemException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(FileSystemException.class, () -> FileFailure.requireMappable(fifo)));
        assertEquals(fifo + ": is not a regular file (a pipe, socket or device), and only a regular file can be mapped",
                FileFailure.describe(e));
        e = assertThrows(FileSystemException.class, () -> FileFailure.requireMappable(dir));
        assertEquals(dir + ": is a directory", FileFailure.describe(e));
        assertThrows(NoSuchFileException.class, () -> FileFailure.requireMappable(dir.resolve("none")));
        e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(FileSystemException.class, () -> ShnnFile.open(fifo)));
        assertEquals(fifo.toString(), e.getFile(), "the codec's open refuses it too");
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
