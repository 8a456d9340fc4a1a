package org.shnn.interop;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The arrays a host lent to a simulation's description for the simulation's life ({@code SHNN_LEND_KEPT}, every
 * NumPy array): segments of the host's memory scoped to one arena, closed with the simulation, and each array's
 * CRC-32C taken when the simulation was built.
 *
 * <p>Why the checksums: the description holds these arrays in place, so a host that changes one after the build
 * (a NumPy array reused for the next network) would make a checkpoint store, and {@code get_parameter} answer,
 * values the neurons never ran with. {@link #checkUnchanged()} before those reads turns that into an error naming
 * the array instead of a silently different file (one pass over the arrays, as the save's own copy is).
 *
 * <p>Ownership: owns {@link #arena()}; {@link #close()} ends every segment, after which a stray read fails with
 * an {@link IllegalStateException} instead of reaching memory the host may have freed. Thread-safety: the session
 * that owns it serialises every call.
 */
final class KeptArrays implements AutoCloseable {

    private record Kept(String key, MemorySegment segment, long crc) {
    }

    private static final long CHUNK = 1L << 30;

    private final Arena arena = Arena.ofShared();
    private final List<Kept> arrays = new ArrayList<>();

    /** The scope of the kept segments. */
    Arena arena() {
        return arena;
    }

    /**
     * The host's {@code bytes} bytes at {@code address} under {@code key}, as a segment of {@link #arena()}; its
     * checksum is taken now (before the build reads it).
     */
    MemorySegment keep(String key, MemorySegment address, long bytes) {
        MemorySegment s = address.reinterpret(bytes, arena, null);
        arrays.add(new Kept(key, s, crc(s)));
        return s;
    }

    /**
     * Checks that no kept array changed since the build.
     *
     * @throws IllegalStateException naming the first array that changed
     */
    void checkUnchanged() {
        for (Kept k : arrays) {
            if (crc(k.segment()) != k.crc()) {
                throw new IllegalStateException("lent array '" + k.key() + "' (" + k.segment().byteSize() + " bytes) "
                        + "changed after the simulation was built: an array lent for the simulation's life must stay "
                        + "unchanged until it is destroyed (the description, saved files and parameters read back "
                        + "hold it in place); lend a copy to change it");
            }
        }
    }

    private static long crc(MemorySegment s) {
        CRC32C c = new CRC32C();
        for (long at = 0; at < s.byteSize(); at += CHUNK) { // a ByteBuffer holds at most 2 GiB
            c.update(s.asSlice(at, Math.min(CHUNK, s.byteSize() - at)).asByteBuffer());
        }
        return c.getValue();
    }

    /** Ends every kept segment. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
