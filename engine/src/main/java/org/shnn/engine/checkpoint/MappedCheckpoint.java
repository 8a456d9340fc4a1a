package org.shnn.engine.checkpoint;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.shnn.codec.CodecException;
import org.shnn.codec.Section;
import org.shnn.codec.ShnnFile;
import org.shnn.engine.run.SectionOwner;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.memory.pages.Pages;

/**
 * A mapped checkpoint as the owner of the CSR sections a simulation uses in place: checks that the file did
 * not change under the mapping ({@link ShnnFile#checkUnchanged()}) and, under {@link Verification#DEFERRED}, in a
 * background thread ("shnn-verify") checks the structure of the large matrices whose rows the simulation checks
 * only on first use, then verifies the checksums of the deferred sections; {@link #checkIntact checkIntact} waits
 * for its verdict before a run's results are released. The large matrices of a file with block checksums (format
 * 1.1) need neither: each row's bytes are verified before the row's first use ({@link #rowCheck}), so a run's
 * results wait for nothing; the thread then verifies their remaining blocks after its read-ahead, which only a save
 * waits for ({@link SectionOwner.Wait#ALL}).
 *
 * <p>Ownership: owns the file; {@link #close()} stops the verifier (between two sections) and unmaps the file.
 * Thread-safety: the verifier thread only reads the mapping and publishes its failure through a volatile
 * field; every other call comes from the simulation's controlling thread.
 */
final class MappedCheckpoint implements SectionOwner {

    private final ShnnFile file;
    private final Thread verifier;
    private volatile boolean cancelled;
    /** The verifier's failure (a checksum mismatch or a fault reading the mapping), or null. */
    private volatile RuntimeException failure;
    /** Whether the thread checks structure or whole checksums (a run's results then wait for it). */
    private final boolean checks;
    /**
     * Per projection index, its CSR parts ({@code CsrMatrix.TARGETS}, ...) whose bytes are verified by block before
     * each row's first use ({@link #rowCheck}) and, after the read-ahead, all of them by the thread.
     */
    private final Map<Integer, Map<String, Section>> onUse;
    /** The projections of {@link #onUse} whose row check was handed out; one that was not makes results wait. */
    private final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();
    /** Set by a save: the read-ahead's start delay ends ({@link #pause}). */
    private volatile boolean hurry;
    /** Bytes {@link #prefetch} asks the kernel for at a time. */
    private static final long PREFETCH_BYTES = 8L << 20;
    /**
     * How long the read-ahead alone waits before it starts: about the open, the JIT warm-up's wait and the first step
     * of the 8 GiB network on two idle cores (1.4-2.2 s, bench/RESULTS.md section 48).
     */
    static final long START_DELAY_NANOS = 2_000_000_000L;
    /**
     * Sections used in place of fewer bytes in all than this are read (and their blocks verified) at once, without
     * {@link #START_DELAY_NANOS}: tens of ms of one core, over before the JIT warm-up's wait ends. Why: a resumed CUBA
     * 40,000 (17.5 MB) paced at real time otherwise verified every 16 KiB block on its stepping thread, at each
     * block's first use in its first few hundred steps, and fell 15-38 ms behind the clock (bench/RESULTS.md section
     * 72).
     */
    static final long EAGER_BYTES = 64L << 20;

    /** The read-ahead's start delay for sections {@code inPlace}: none under {@link #EAGER_BYTES}. */
    static long startDelayNanos(List<MemorySegment> inPlace) {
        long bytes = 0;
        for (MemorySegment s : inPlace) {
            bytes += s.byteSize();
        }
        return bytes < EAGER_BYTES ? 0 : START_DELAY_NANOS;
    }
    /** A sum of the bytes {@link #prefetch} touched, kept so that its reads are not removed; read by no one. */
    private byte touched;

    /**
     * Owns {@code file}. Advises {@link Pages.Advice#RANDOM} on the {@code inPlace} sections (a page fault of the
     * first steps then reads its page, not the disk's read-ahead window around it: the first step of a cold 1 GB
     * Brunel network read 950 MB without it), and starts a thread ("shnn-verify") that reads them into the page
     * cache in order ({@link #prefetch}), runs the {@code structure} checks (each throws a {@link CodecException})
     * and verifies the checksums of {@code deferred}. {@link #checkIntact checkIntact} waits for the
     * thread only when it checks something.
     *
     * <p>When no run's results wait for it (the read-ahead alone, under {@link Verification#NONE}, or with the
     * block-verified parts of {@link #rowCheck} after it), the thread waits {@link #START_DELAY_NANOS} before it
     * reads. Why: on two cores the read took one whole core mapping cached pages, or the disk from the first step's
     * own reads, while the JIT warm-up and the first step waited. Lowering its
     * priority instead (nice 19, idle I/O class) helped the start as much, but with two CPU-bound processes running
     * the read then took 431 s for 8 GiB and the steps mapped their pages themselves, 20% slower over 1,200 steps;
     * a thread it starts inherits that priority, and none can raise its own back without privileges
     * (bench/RESULTS.md section 48). A thread that checks starts at once: the first run's results wait for it.
     *
     * @param onUse per projection, its parts with block checksums: verified row by row on use ({@link #rowCheck})
     *     and, after the read-ahead, in full
     * @param delayNanos the start delay of a read-ahead that no run's results wait for ({@link #START_DELAY_NANOS})
     */
    MappedCheckpoint(ShnnFile file, List<MemorySegment> inPlace, List<Runnable> structure, List<Section> deferred,
            Map<Integer, Map<String, Section>> onUse, long delayNanos) {
        this.file = file;
        this.checks = !deferred.isEmpty() || !structure.isEmpty();
        this.onUse = Map.copyOf(onUse);
        for (MemorySegment s : inPlace) {
            Pages.advise(s, Pages.Advice.RANDOM);
        }
        this.verifier = inPlace.isEmpty() && !checks && onUse.isEmpty() ? null
                : Thread.ofPlatform().daemon().name("shnn-verify").start(() -> {
                    if (checks || pause(delayNanos)) {
                        prefetch(inPlace);
                    }
                    verify(structure, deferred);
                    verifyBlocks();
                });
    }

    /** The path of the file. */
    Path path() {
        return file.path();
    }

    /**
     * The check of projection {@code projection}'s row bytes before each row's first use: the block checksums of the
     * part's bytes ({@link ShnnFile#verifyRange}); null if its parts are not verified that way (then the thread
     * verifies them and a run's results wait for it). Thread-safety: the returned check may run on any thread.
     */
    CsrMatrix.PartCheck rowCheck(int projection) {
        Map<String, Section> parts = onUse.get(projection);
        if (parts == null) {
            return null;
        }
        handedOut.add(projection);
        return new CsrMatrix.PartCheck() {
            @Override
            public void check(String part, long offset, long length) {
                file.verifyRange(section(part), offset, length);
            }

            @Override
            public long blockBytes(String part) {
                return section(part).blockSize();
            }

            private Section section(String part) {
                Section s = parts.get(part);
                if (s == null) {
                    throw new IllegalStateException("projection " + projection + " of " + file.path()
                            + ": no saved part '" + part + "' with block checksums, of " + parts.keySet());
                }
                return s;
            }
        };
    }

    /**
     * Parks the calling thread for {@code nanos}, or until {@link #close} unparks it; returns whether it was not
     * cancelled meanwhile.
     */
    private boolean pause(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !cancelled && !hurry; left = end - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        return !cancelled;
    }

    /**
     * Reads {@code sections} into the page cache {@value #PREFETCH_BYTES} bytes at a time: asks the kernel to read a
     * chunk ({@link Pages.Advice#WILLNEED}: its full read-ahead, in large requests) and waits for it by touching one
     * byte per page, so that about one chunk is queued at a time and a step's own page faults wait behind at most
     * that. Then restores {@link Pages.Advice#NORMAL} (read-ahead again, should pages be evicted later). The steps
     * after the first find the matrix cached once this has passed (issue 18 part 4).
     */
    private void prefetch(List<MemorySegment> sections) {
        try {
            for (MemorySegment s : sections) {
                for (long at = 0; at < s.byteSize(); at += PREFETCH_BYTES) {
                    if (cancelled) {
                        return;
                    }
                    MemorySegment chunk = s.asSlice(at, Math.min(PREFETCH_BYTES, s.byteSize() - at));
                    Pages.advise(chunk, Pages.Advice.WILLNEED);
                    byte sum = 0;
                    for (long b = 0; b < chunk.byteSize(); b += Pages.PAGE_SIZE) {
                        sum += chunk.get(ValueLayout.JAVA_BYTE, b); // plain reads of a read-only mapping
                    }
                    touched += sum; // keeps the reads
                }
                Pages.advise(s, Pages.Advice.NORMAL);
            }
        } catch (RuntimeException | Error e) { // e.g. InternalError: the mapping faulted (the file shrank)
            if (!cancelled) {
                failure = new CodecException(file.path(), null, CodecException.NO_OFFSET, "state",
                        "sections readable", e.toString(), e);
            }
        }
    }

    private void verify(List<Runnable> structure, List<Section> sections) {
        try {
            for (Runnable check : structure) {
                if (cancelled) {
                    return;
                }
                check.run();
            }
            for (Section s : sections) {
                if (cancelled) {
                    return;
                }
                file.verify(s);
            }
        } catch (CodecException e) {
            failure = e;
        } catch (RuntimeException | Error e) { // e.g. InternalError: the mapping faulted (the file shrank)
            if (!cancelled) {
                failure = new CodecException(file.path(), null, CodecException.NO_OFFSET, "checksum",
                        "sections readable for verification", e.toString(), e);
            }
        }
    }

    /**
     * Verifies every block of the {@link #onUse} parts that no row check verified yet (a corrupt row no run used is
     * then reported at the next check, and no save writes it anew).
     */
    private void verifyBlocks() {
        try {
            for (Map<String, Section> parts : onUse.values()) {
                for (Section s : parts.values()) {
                    for (long at = 0; at < s.length() && !cancelled; at += PREFETCH_BYTES) {
                        file.verifyRange(s, at, Math.min(PREFETCH_BYTES, s.length() - at));
                    }
                }
            }
        } catch (CodecException e) {
            if (failure == null) { // the first failure stays: this thread is the only writer
                failure = e;
            }
        } catch (RuntimeException | Error e) { // e.g. IllegalStateException: closed while verifying
            if (!cancelled && failure == null) {
                failure = new CodecException(file.path(), null, CodecException.NO_OFFSET, "checksum",
                        "sections readable for verification", e.toString(), e);
            }
        }
    }

    @Override
    public void checkIntact(SectionOwner.Wait wait) {
        file.checkUnchanged();
        boolean results = checks || !handedOut.containsAll(onUse.keySet());
        boolean all = checks || !onUse.isEmpty(); // else the read-ahead alone, which nothing waits for
        if (wait == SectionOwner.Wait.ALL ? all : wait == SectionOwner.Wait.RESULTS && results) {
            hurry = true; // a save: the read-ahead need not wait for the start-up any longer
            LockSupport.unpark(verifier);
            joinVerifier();
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    private void joinVerifier() {
        boolean interrupted = false;
        while (true) {
            try {
                verifier.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        cancelled = true;
        if (verifier != null) {
            LockSupport.unpark(verifier); // ends a read-ahead's start delay
            joinVerifier();
        }
        file.close();
    }
}
