package org.shnn.codec;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Why an operation on a file failed, in words a user can act on. The JDK's own messages often say too little:
 * a {@link NoSuchFileException}'s message is the bare path ("/a/b"), one raised for a temporary file names that
 * file instead of the user's, and mapping a directory fails with "No such device". {@link #reason} names the
 * cause for the file the user gave.
 *
 * <p>Thread-safety: stateless.
 */
public final class FileFailure {

    private FileFailure() {
    }

    /**
     * Why {@code failure} happened to {@code file}, the path the user gave (not a temporary file next to it):
     * "no such file", "its directory /a does not exist", "is a directory", "permission denied", "already exists",
     * or the operating system's reason ("no space left on device"), else the exception's message. Looks at the
     * file system (whether the file is a directory, whether its directory exists) to say so.
     *
     * @param file the file the operation was on, as the user named it
     * @param failure what the operation threw
     * @return a lower-case phrase, without the path of {@code file}
     */
    public static String reason(Path file, IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return missing(file);
        }
        if (Files.isDirectory(file)) {
            return "is a directory"; // whatever the call reported: mapping one says "No such device"
        }
        return switch (failure) {
            case AccessDeniedException _ -> "permission denied";
            case FileAlreadyExistsException _ -> "already exists";
            case NotDirectoryException _ -> "a part of its path is not a directory";
            case FileSystemException f when f.getReason() != null -> lowerFirst(f.getReason());
            default -> failure.getMessage() != null && !failure.getMessage().isBlank()
                    ? lowerFirst(failure.getMessage()) : failure.getClass().getSimpleName();
        };
    }

    /**
     * Why {@code file} cannot be read as a file, checked before opening it, or null if it can: "is a directory", "no
     * such file", "its directory /a does not exist", "permission denied" (in the words of {@link #reason}).
     */
    public static String unreadable(Path file) {
        if (Files.isDirectory(file)) {
            return "is a directory";
        }
        if (!Files.exists(file)) {
            return missing(file);
        }
        return Files.isReadable(file) ? null : "permission denied";
    }

    /**
     * Refuses, before it is opened, a file that cannot be mapped: anything but a regular file (after links). A
     * directory or a device fails the mapping with an obscure reason ("No such device"), a pipe maps as an empty file,
     * and opening a named pipe that no process writes blocks for good.
     *
     * @return {@code file}, to open
     * @throws NoSuchFileException if it does not exist
     * @throws FileSystemException naming the file, if it is not a regular file ({@link #reason} says which)
     */
    public static Path requireMappable(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, a.isDirectory() ? "is a directory"
                    : "is not a regular file (a pipe, socket or device), and only a regular file can be mapped");
        }
        return file;
    }

    private static String missing(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return dir != null && !Files.isDirectory(dir) ? "its directory " + dir + " does not exist" : "no such file";
    }

    /**
     * {@code "file: reason"} for a failure whose file is only known from the exception (a
     * {@link FileSystemException}'s file), else the exception's message or class name.
     */
    public static String describe(IOException failure) {
        if (failure instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + reason(Path.of(f.getFile()), failure);
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || Character.isUpperCase(s.charAt(0)) && s.length() > 1 && Character.isUpperCase(s.charAt(1))
                ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
