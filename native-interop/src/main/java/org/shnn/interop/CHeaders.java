package org.shnn.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.shnn.layouts.cheader.CHeaderGenerator;

/**
 * Writes the generated C header the native hosts compile against, {@code shnn_layouts.h} (from
 * {@link CHeaderGenerator}: every catalogued off-heap layout, incl. the {@code .shnn} file header,
 * section entries and the neuron state columns), into a directory. Run by {@code scripts/build-native}:
 * {@code java -cp <embed jar> org.shnn.interop.CHeaders <dir>}.
 */
public final class CHeaders {

    private CHeaders() {
    }

    /**
     * Writes {@code shnn_layouts.h} into the directory {@code args[0]} (created if missing).
     *
     * @throws IOException if the directory or file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CHeaders <output directory> (got " + args.length + " arguments)");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        CHeaderGenerator.write(dir.resolve(CHeaderGenerator.FILE_NAME));
    }
}
