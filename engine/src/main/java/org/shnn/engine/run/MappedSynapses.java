package org.shnn.engine.run;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * A warm-up copy's matrices as a network resumed from a file has its own: the same parts copied into a file, mapped
 * read-only, some checked row by row on first use ({@link CsrMatrix#wrapCheckingRowsOnUse}, with checks that accept
 * every byte), the others whole. For {@link KernelWarmUp}: its step-path rounds alternate these with the copy's own
 * (native) matrices, so that C2's profile of the delivery holds both segment classes ({@code MappedMemorySegmentImpl}
 * and the native one), both kinds of row bounds (read from the row offsets, or through the row check) and the rows'
 * read-ahead requests, made or skipped (a file whose pages are cached asks for none, {@link CsrMatrix#CACHED_SHARE};
 * the copy's just-written file is cached, so half the variants are told to ask). Without them, a resumed network's first paced step threw away C2's code of
 * {@code StepWorker.deliver} and of the delivery batch ({@code unstable_if} at {@code checksRowsOnUse} and
 * {@code checkedRowOffsets}, {@code class_check} at the targets' reads) and fell 80-218 ms behind the wall clock
 * (bench/RESULTS.md section 71).
 *
 * <p>Ownership: the mapping belongs to this object until {@link #close}; the file is deleted once mapped. The
 * matrices must not be used after {@link #close}: {@link #use} the copy's own before. Thread-safety: one thread.
 */
final class MappedSynapses implements AutoCloseable {

    /** Block size the checks report ({@link CsrMatrix.PartCheck#blockBytes}): a checkpoint's, 16 KiB. */
    private static final long BLOCK_BYTES = 16 * 1024;
    /** Alignment of each part in the file: a cache line, as the engine's own allocations. */
    private static final long ALIGN = 64;
    /**
     * Checks that accept every byte (the parts are the copy's own, just written), of three classes: a resumed file's
     * check is of another class again ({@code MappedCheckpoint}'s), and a profile of one or two receiver classes at the
     * row check's call made C2 compile it with a class check, whose failure at the resumed network's first step threw
     * the delivery's code away; with three, C2 compiles a virtual call (section 71).
     */
    private static final CsrMatrix.PartCheck[] ACCEPT = {new AcceptA(), new AcceptB(), new AcceptC()};
    /** Sets of mapped matrices ({@link #mapped}). */
    private static final int VARIANTS = 6;

    private abstract static class Accept implements CsrMatrix.PartCheck {
        @Override
        public final void check(String part, long offset, long length) {
        }

        @Override
        public final long blockBytes(String part) {
            return BLOCK_BYTES;
        }
    }

    private static final class AcceptA extends Accept {
    }

    private static final class AcceptB extends Accept {
    }

    private static final class AcceptC extends Accept {
    }

    private final Arena arena;
    /** Per projection, the copy's own matrix. */
    private final CsrMatrix[] own;
    /**
     * Per variant and projection, a mapped matrix: in variant {@code v}, projection {@code k}'s is checked on use by
     * {@code ACCEPT[v % 3]} where {@code k + v} is even, and checked whole at its wrapping where it is odd (as a file's
     * matrices under {@link CsrMatrix#ROWS_CHECKED_ON_USE_BYTES} are): so each variant with two projections or more
     * mixes both kinds, as a resumed network does, and six variants take every check class and both kinds for each.
     */
    private final CsrMatrix[][] mapped;
    /** Switches to mapped matrices so far: each takes the next variant. */
    private int uses;
    /** The variant of mapped matrices the copy uses, if {@link #onMapped}. */
    private int variant;
    /** Whether the copy uses mapped matrices now. */
    private boolean onMapped;

    private MappedSynapses(Arena arena, CsrMatrix[] own, CsrMatrix[][] mapped) {
        this.arena = arena;
        this.own = own;
        this.mapped = mapped;
    }

    /**
     * Copies {@code scratch}'s matrices into a temporary file and maps it; null if that fails (no temporary
     * directory, no space): the warm-up then runs the copy's own matrices only, as for a network built in memory.
     */
    static MappedSynapses of(Simulation scratch) {
        ProjectionRuntime[] projections = scratch.edits().projections();
        CsrMatrix[] own = new CsrMatrix[projections.length];
        List<Map<String, MemorySegment>> parts = new ArrayList<>();
        List<Map<String, Long>> offsets = new ArrayList<>(); // each part's place in the file, aligned
        long size = 0;
        for (int k = 0; k < projections.length; k++) {
            own[k] = projections[k].csr();
            parts.add(own[k].parts());
            Map<String, Long> at = new HashMap<>();
            for (Map.Entry<String, MemorySegment> e : parts.get(k).entrySet()) {
                size = (size + ALIGN - 1) & -ALIGN;
                at.put(e.getKey(), size);
                size += e.getValue().byteSize();
            }
            offsets.add(at);
        }
        Arena arena = Arena.ofShared();
        Path file = null;
        try {
            file = Files.createTempFile("shnn-warm-up-", ".csr");
            MemorySegment all;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (int k = 0; k < own.length; k++) {
                    for (Map.Entry<String, MemorySegment> e : parts.get(k).entrySet()) {
                        ch.write(e.getValue().asByteBuffer(), offsets.get(k).get(e.getKey()));
                    }
                }
                ch.truncate(Math.max(size, 1)); // a file of at least a byte: mapping zero bytes maps nothing
                all = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.max(size, 1), arena);
            }
            CsrMatrix[][] mapped = new CsrMatrix[VARIANTS][own.length];
            for (int k = 0; k < own.length; k++) {
                Map<String, MemorySegment> slices = new HashMap<>(); // absent weights and delays: null, as wrap takes
                for (Map.Entry<String, MemorySegment> e : parts.get(k).entrySet()) {
                    slices.put(e.getKey(), all.asSlice(offsets.get(k).get(e.getKey()), e.getValue().byteSize()));
                }
                MemorySegment h = slices.get(CsrMatrix.HEADER);
                MemorySegment r = slices.get(CsrMatrix.ROW_OFFSETS);
                MemorySegment t = slices.get(CsrMatrix.TARGETS);
                MemorySegment w = slices.get(CsrMatrix.WEIGHTS);
                MemorySegment d = slices.get(CsrMatrix.DELAYS);
                for (int v = 0; v < VARIANTS; v++) {
                    mapped[v][k] = (k + v) % 2 == 1 ? CsrMatrix.wrap(h, r, t, w, d)
                            : CsrMatrix.wrapCheckingRowsOnUse("the warm-up's mapped copy of projection " + k,
                                    h, r, t, w, d, ACCEPT[v % ACCEPT.length], v < ACCEPT.length);
                }
            }
            return new MappedSynapses(arena, own, mapped);
        } catch (IOException | RuntimeException e) {
            arena.close();
            return null;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file); // the mapping keeps the pages
                } catch (IOException e) {
                    // left in the temporary directory: a few MiB, and the mapping works either way
                }
            }
        }
    }

    /**
     * Makes mapped matrices ({@code mappedOnes}; each time the next variant's) or the copy's own those of
     * {@code scratch} from its next run.
     */
    void use(Simulation scratch, boolean mappedOnes) {
        if (mappedOnes && !onMapped) {
            variant = uses++ % VARIANTS;
        }
        onMapped = mappedOnes;
        CsrMatrix[] which = mappedOnes ? mapped[variant] : own;
        for (int k = 0; k < which.length; k++) {
            if (scratch.edits().projections()[k].csr() != which[k]) {
                scratch.edits().replaceSynapses(k, which[k]);
            }
        }
    }

    /** Unmaps the file; the scratch copy must use its own matrices by then. */
    @Override
    public void close() {
        arena.close();
    }
}
