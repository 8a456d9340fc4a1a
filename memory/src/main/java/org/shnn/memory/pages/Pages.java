package org.shnn.memory.pages;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * Virtual memory pages from the operating system, and advice about how they will be used: anonymous mappings
 * ({@code mmap}) that the kernel zeroes page by page on first touch, and {@code madvise} on any mapped range
 * (anonymous or a mapped file). Linux only, through FFM downcalls into the C library; elsewhere, or when native
 * access is denied ({@code --illegal-native-access=deny} without {@code --enable-native-access}),
 * {@link #available()} is false, {@link #mapAnonymous} is never to be called and {@link #advise} does nothing.
 *
 * <p>Why: {@code Arena.allocate} zero-fills with a {@code memset} after {@code malloc}, which faults in every
 * 4 KiB page at once and then writes it: for the 4 GB of targets of a 10^9-synapse matrix that was a quarter
 * of the build's CPU time, and the random-order writes that followed missed the TLB on nearly every synapse
 * (bench/RESULTS.md section 14). An anonymous mapping with {@link Advice#HUGEPAGE} is faulted in 2 MiB pages,
 * zeroed by the kernel only, when first written. For mapped files, {@link Advice#RANDOM} turns off the kernel's
 * read-ahead on a page fault (bench/RESULTS.md section 19).
 *
 * <p>Thread-safety: stateless; every method may be called from any thread.
 */
public final class Pages {

    /** Bytes of a base page on the platforms this class supports (x86-64 and AArch64 Linux with 4 KiB pages). */
    public static final long PAGE_SIZE = 4096;
    /** Bytes of a transparent huge page (x86-64 and AArch64 with 4 KiB base pages). */
    public static final long HUGE_PAGE_SIZE = 2L << 20;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final long MAP_FAILED = -1L;
    /** Linux's errno for "out of memory" (asm-generic/errno-base.h). */
    private static final int ENOMEM = 12;

    /** {@code madvise(2)} advice values (Linux, {@code <asm-generic/mman-common.h>}). */
    public enum Advice {
        /** No special treatment: the kernel's default read-ahead. */
        NORMAL(0),
        /** Random access: no read-ahead on a page fault of a mapped file. */
        RANDOM(1),
        /** Sequential access: aggressive read-ahead, pages may be freed soon after they are read. */
        SEQUENTIAL(2),
        /** Will be needed soon: starts reading the range into the page cache, without waiting. */
        WILLNEED(3),
        /** Back the range with transparent huge pages where possible (anonymous memory). */
        HUGEPAGE(14);

        final int value;

        Advice(int value) {
            this.value = value;
        }
    }

    private static final Native NATIVE = Native.load().orElse(null);
    /** Pages a range of more than this many is sampled by {@link #residentShare}. */
    static final long SAMPLED_PAGES = 4096;
    /** Runs of pages {@link #residentShare} samples. */
    static final int SAMPLE_RUNS = 64;

    private Pages() {
    }

    /** Whether mappings and advice work here (Linux with native access allowed). */
    public static boolean available() {
        return NATIVE != null;
    }

    /**
     * A zeroed, private, read-write anonymous mapping of {@code byteSize} bytes, page aligned, unmapped when
     * {@code arena} closes. Nothing is faulted in until first touched. With {@code hugePages} the mapping is
     * rounded up to whole huge pages and advised {@link Advice#HUGEPAGE} before any touch.
     *
     * @param arena owns the mapping: closing it unmaps (the returned segment belongs to it)
     * @throws IllegalStateException if {@link #available()} is false
     * @throws OutOfMemoryError if the kernel refuses the mapping (the message names errno)
     */
    public static MemorySegment mapAnonymous(long byteSize, boolean hugePages, Arena arena) {
        if (NATIVE == null) {
            throw new IllegalStateException("anonymous mappings need Linux and native access (--enable-native-access)");
        }
        long mapped = Math.max(PAGE_SIZE, roundUp(byteSize, hugePages ? HUGE_PAGE_SIZE : PAGE_SIZE));
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(Native.CALL_STATE);
            MemorySegment at = (MemorySegment) NATIVE.mmap.invokeExact(state, MemorySegment.NULL, mapped,
                    PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (at.address() == MAP_FAILED) {
                int errno = (int) Native.ERRNO.get(state, 0L);
                throw new OutOfMemoryError("mmap of " + mapped + " anonymous bytes (" + String.format(Locale.ROOT, "%.1f",
                        mapped / (double) (1L << 30)) + " GiB) failed: errno " + errno + (errno == ENOMEM
                        ? " (ENOMEM: the kernel will not commit that much memory: the machine's memory and swap, less what"
                                + " other processes hold)" : ""));
            }
            MemorySegment region = at.reinterpret(mapped, arena, s -> unmap(s.address(), mapped));
            if (hugePages) {
                advise(region, Advice.HUGEPAGE);
            }
            return region.asSlice(0, byteSize);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Advises the kernel about the pages that hold {@code range} (widened to whole pages). A no-op when
     * {@link #available()} is false or the range is empty; the advice is a hint, so a kernel that rejects it
     * (e.g. {@link Advice#HUGEPAGE} without transparent huge pages) changes nothing and is not an error.
     *
     * @param range a native segment (mapped file or anonymous memory) that stays mapped during the call
     * @return whether the kernel accepted the advice
     */
    public static boolean advise(MemorySegment range, Advice advice) {
        if (NATIVE == null || range.byteSize() == 0 || !range.isNative()) {
            return false;
        }
        long start = range.address() & -PAGE_SIZE;
        long end = roundUp(range.address() + range.byteSize(), PAGE_SIZE);
        try {
            return (int) NATIVE.madvise.invokeExact(MemorySegment.ofAddress(start), end - start, advice.value) == 0;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * The share of the pages holding {@code range} (widened to whole pages) that are resident in memory now, in
     * {@code [0, 1]}: for a file mapping, the share in the page cache ({@code mincore(2)}). Exact for ranges of up to
     * 4,096 pages (16 MiB); for larger ones estimated from 64 evenly spaced runs of 64 pages (the first at the start,
     * the last at the end), because the kernel's walk of every page of an 8 GiB mapping took 110-280 ms at a
     * checkpoint's open. NaN where not known: not {@link #available()}, an empty or heap range, or a
     * failed call. A snapshot: the kernel may evict or read pages at any time.
     *
     * @param range a native segment that stays mapped during the call
     */
    public static double residentShare(MemorySegment range) {
        if (NATIVE == null || range.byteSize() == 0 || !range.isNative()) {
            return Double.NaN;
        }
        long start = range.address() & -PAGE_SIZE;
        long end = roundUp(range.address() + range.byteSize(), PAGE_SIZE);
        long pages = (end - start) / PAGE_SIZE;
        try (Arena scratch = Arena.ofConfined()) {
            if (pages <= SAMPLED_PAGES) {
                // one byte per page of PAGE_SIZE: at least as many as the kernel writes (its pages are not smaller)
                MemorySegment vec = scratch.allocate(pages);
                return mincore(start, pages, vec) < 0 ? Double.NaN : (double) countResident(vec, pages) / pages;
            }
            long run = SAMPLED_PAGES / SAMPLE_RUNS;
            MemorySegment vec = scratch.allocate(run);
            long resident = 0;
            for (int k = 0; k < SAMPLE_RUNS; k++) {
                long first = (pages - run) * k / (SAMPLE_RUNS - 1); // the first run at the start, the last at the end
                if (mincore(start + first * PAGE_SIZE, run, vec) < 0) {
                    return Double.NaN;
                }
                resident += countResident(vec, run);
            }
            return (double) resident / (run * SAMPLE_RUNS);
        }
    }

    /** {@code mincore} of {@code pages} pages from page-aligned {@code address} into {@code vec}: 0, or -1 on failure. */
    private static int mincore(long address, long pages, MemorySegment vec) {
        try {
            return (int) NATIVE.mincore.invokeExact(MemorySegment.ofAddress(address), pages * PAGE_SIZE, vec);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Resident pages among the first {@code pages} bytes of a {@code mincore} vector: bit 0 (the others are reserved). */
    private static long countResident(MemorySegment vec, long pages) {
        long resident = 0;
        long words = pages / Long.BYTES;
        for (long w = 0; w < words; w++) {
            resident += Long.bitCount(vec.getAtIndex(JAVA_LONG_UNALIGNED, w) & 0x0101_0101_0101_0101L);
        }
        for (long i = words * Long.BYTES; i < pages; i++) {
            resident += vec.get(JAVA_BYTE, i) & 1;
        }
        return resident;
    }

    private static void unmap(long address, long bytes) {
        try {
            int rc = (int) NATIVE.munmap.invokeExact(MemorySegment.ofAddress(address), bytes);
            if (rc != 0) {
                throw new IllegalStateException("munmap of " + bytes + " bytes at 0x" + Long.toHexString(address)
                        + " failed");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static long roundUp(long v, long to) {
        return (v + to - 1) & -to;
    }

    /** The C library's functions, looked up once. */
    private record Native(MethodHandle mmap, MethodHandle madvise, MethodHandle munmap, MethodHandle mincore) {
        static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        static Optional<Native> load() {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return Optional.empty();
            }
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
                        Linker.Option.captureCallState("errno"));
                MethodHandle madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
                MethodHandle munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
                MethodHandle mincore = linker.downcallHandle(libc.find("mincore").orElseThrow(),
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
                return Optional.of(new Native(mmap, madvise, munmap, mincore));
            } catch (IllegalCallerException | UnsupportedOperationException | java.util.NoSuchElementException e) {
                return Optional.empty(); // native access denied, or no such C library functions
            }
        }
    }
}
