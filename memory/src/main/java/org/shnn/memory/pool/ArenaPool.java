package org.shnn.memory.pool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.shnn.memory.pages.Pages;

/**
 * A thread-safe pool of off-heap memory that hands out {@link MemorySegment}s in power-of-two size
 * classes and reuses freed blocks.
 *
 * <h2>Layout</h2>
 * <pre>
 *   small (&le; 1 MiB, alignment &le; 4096): 15 size classes 64 B, 128 B, ... 1 MiB, cut from 4 MiB
 *         page-aligned chunks of the pool's shared Arena (see Chunks: no byte of a chunk is lost)
 *   large (&gt; 1 MiB or alignment &gt; 4096): one Arena.ofShared() per request, closed by free(); on Linux an
 *         anonymous mapping (Pages.mapAnonymous: zeroed by the kernel when first touched, no memset), in
 *         transparent huge pages from HUGE_PAGES_FROM bytes
 * </pre>
 * A request takes the smallest class that holds {@code max(bytes, alignment)}: the returned segment is
 * exactly {@code bytes} long and the rest of the block is idle. Alignment is 64 bytes (a cache line)
 * by default, 4096 with {@link #allocatePageAligned(long)}, anything that is a power of two with
 * {@link #allocate(long, long)}. Returned memory is zeroed, like {@link Arena#allocate(long, long)}.
 *
 * <h2>Ownership</h2>
 * The pool owns every segment it returns. A segment stays valid until it is passed to {@link #free}
 * or the pool is closed, whichever comes first; after that any access to it throws
 * {@link IllegalStateException} (it belongs to a closed arena) — or, for a freed small block that has
 * been handed out again, silently reads someone else's data, so free only what you no longer use.
 * Freed small blocks stay reserved for reuse until {@link #close()}; large ones go back to the OS at once.
 *
 * <h2>Thread-safety</h2>
 * All methods may be called from any thread, and a segment may be freed by another thread than the one
 * that allocated it. Three tiers, fastest first:
 * <ol>
 *   <li>Each platform thread keeps a small cache of free blocks per size class (32 blocks of each
 *       class from 64 B to 2 KiB, 64 KiB worth of each class from 4 KiB to 64 KiB, none from 128 KiB
 *       up: at most about 450 KiB per thread). Allocating from it and freeing into it takes no lock
 *       and no atomic instruction. Blocks cached by a thread that ends stay unused until the pool
 *       closes. Virtual threads have no cache (there may be millions) and use the shared tier.</li>
 *   <li>Each size class has a shared Treiber stack (a lock-free LIFO) of heap nodes naming free blocks;
 *       caches refill from it and spill half into it. Every push makes a new node, so the garbage
 *       collector rules out ABA and a plain compare-and-set on the head suffices (see FreeLists) — the
 *       alternative, striped locks, would put a lock on the path the caches miss.</li>
 *   <li>Cutting new blocks out of a chunk (only when both are empty, so rare in steady state) takes one
 *       lock.</li>
 * </ol>
 * The ownership state of each block is one byte in a per-chunk table (64 KiB of heap per 4 MiB chunk);
 * {@link #free} clears it by compare-and-set, which is how double frees (even racing ones) and
 * foreign segments are detected: that is the one atomic instruction of a cached allocate/free pair.
 * {@link #close()} must not race with allocations or frees on other threads.
 *
 * <h2>Accounting</h2>
 * Chunks and large allocations are charged to an {@link OffHeapBudget} (the global one by default)
 * before any memory is taken; a request past the limit throws {@link OffHeapLimitException}.
 * {@link #stats()} gives this pool's counters; blocks in use are counted at their class size. In-use
 * bytes and live segments are kept per thread (plain single-writer counters) and summed by
 * {@code stats()}, so they cost no shared write but are exact only when no allocation is in flight.
 */
public final class ArenaPool implements SegmentAllocator, AutoCloseable {

    /** Alignment in bytes of {@link #allocate(long)}: one cache line. */
    public static final long DEFAULT_ALIGNMENT = 64;
    /** Alignment in bytes of {@link #allocatePageAligned(long)}. */
    public static final long PAGE_SIZE = 4096;
    /** Bytes of the smallest size class. */
    public static final long MIN_BLOCK_SIZE = 64;
    /** Bytes of the largest size class; larger requests get their own allocation. */
    public static final long MAX_BLOCK_SIZE = 1L << 20;
    /**
     * Bytes from which a large request is backed by transparent huge pages ({@link Pages#mapAnonymous}): at most
     * 2 MiB of a mapping is unused, and its random accesses (a CSR matrix's targets being written in column
     * order, delivery) miss the TLB far less often (bench/RESULTS.md section 14).
     */
    public static final long HUGE_PAGES_FROM = 32L << 20;
    /** Bytes the pool reserves at a time for its size classes. */
    public static final long CHUNK_SIZE = 4L << 20;

    private static final System.Logger LOG = System.getLogger(ArenaPool.class.getName());

    private final String name;
    private final OffHeapBudget budget;
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong peakReserved = new AtomicLong();
    private final AtomicLong peakInUse = new AtomicLong();
    /** In-use bytes and live segments counted outside thread caches: large requests, virtual threads, classes of 128 KiB up. */
    private final AtomicLong sharedInUse = new AtomicLong();
    private final AtomicLong sharedLive = new AtomicLong();
    private final ThreadLocal<ThreadCache> localCache = new ThreadLocal<>();
    /** Every thread cache ever made for this pool (copy on write under {@code this}). */
    private volatile ThreadCache[] caches = new ThreadCache[0];
    private final Arena arena = Arena.ofShared();
    private final FreeLists free = new FreeLists();
    private final Chunks chunks = new Chunks(this, arena, free);
    private final ConcurrentHashMap<Long, Large> large = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private LeakReport leakReport; // guarded by this

    /** A request larger than the largest class, with its own arena. */
    private record Large(Arena arena, MemorySegment segment, long bytes) {
    }

    private ArenaPool(String name, OffHeapBudget budget) {
        this.name = name;
        this.budget = budget;
        budget.register(this);
    }

    /**
     * A pool charging the global budget.
     *
     * @param name names the pool in messages and leak reports
     * @throws IllegalArgumentException if {@code name} is null, or the global limit property is invalid
     */
    public static ArenaPool create(String name) {
        return create(name, OffHeapBudget.global());
    }

    /**
     * A pool charging {@code budget} (and through it the global budget).
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public static ArenaPool create(String name, OffHeapBudget budget) {
        if (name == null || budget == null) {
            throw new IllegalArgumentException("pool name and budget must not be null (name=" + name + ", budget=" + budget + ")");
        }
        return new ArenaPool(name, budget);
    }

    /** The pool's name. */
    public String name() {
        return name;
    }

    /**
     * A zeroed segment of {@code byteSize} bytes aligned to {@value #DEFAULT_ALIGNMENT} bytes, owned by
     * this pool (see the class doc for how long it stays valid).
     *
     * @throws IllegalArgumentException if {@code byteSize < 0}
     * @throws OffHeapLimitException if the budget cannot cover a new chunk or large allocation
     * @throws IllegalStateException if the pool is closed
     */
    @Override
    public MemorySegment allocate(long byteSize) {
        return allocate(byteSize, DEFAULT_ALIGNMENT);
    }

    /**
     * A zeroed segment of {@code byteSize} bytes aligned to {@value #PAGE_SIZE} bytes.
     *
     * @throws IllegalArgumentException if {@code byteSize < 0}
     * @throws OffHeapLimitException if the budget cannot cover it
     * @throws IllegalStateException if the pool is closed
     */
    public MemorySegment allocatePageAligned(long byteSize) {
        return allocate(byteSize, PAGE_SIZE);
    }

    /**
     * A zeroed segment of {@code byteSize} bytes whose address is a multiple of {@code byteAlignment}.
     * Requests up to {@value #MAX_BLOCK_SIZE} bytes with an alignment up to {@value #PAGE_SIZE} come
     * from the size classes; others get their own allocation.
     *
     * @throws IllegalArgumentException if {@code byteSize < 0} or {@code byteAlignment} is not a
     *     positive power of two
     * @throws OffHeapLimitException if the budget cannot cover a new chunk or large allocation
     * @throws IllegalStateException if the pool is closed
     */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("pool '" + name + "': allocation size " + byteSize + " bytes must be >= 0");
        }
        if (byteAlignment <= 0 || Long.bitCount(byteAlignment) != 1) {
            throw new IllegalArgumentException("pool '" + name + "': alignment " + byteAlignment
                    + " bytes must be a positive power of two");
        }
        checkOpen();
        if (byteSize > MAX_BLOCK_SIZE || byteAlignment > PAGE_SIZE) {
            return allocateLarge(byteSize, byteAlignment);
        }
        int sizeClass = SizeClasses.of(Math.max(byteSize, byteAlignment));
        long size = SizeClasses.size(sizeClass);
        ThreadCache cache = SizeClasses.cacheCapacity(sizeClass) == 0 ? null : cache();
        Chunk chunk;
        int offset;
        boolean fresh = false; // a block cut fresh from a chunk holds zeros: see Chunks.newChunk
        if (cache != null) {
            boolean refilled = cache.isEmpty(sizeClass);
            if (refilled && !cache.refillFrom(free, sizeClass)) {
                FreeLists.Node node = chunks.carve(sizeClass);
                cache.put(sizeClass, node.chunk, node.offset);
                fresh = node.fresh; // the cache was empty: the block taken next is this one
            }
            chunk = cache.take(sizeClass);
            offset = cache.takenOffset();
            cache.account(size, 1);
            if (refilled) {
                samplePeak();
            }
        } else {
            FreeLists.Node node = free.pop(sizeClass);
            if (node == null) {
                node = chunks.carve(sizeClass);
                fresh = node.fresh;
            }
            chunk = node.chunk;
            offset = node.offset;
            sharedInUse.addAndGet(size);
            sharedLive.incrementAndGet();
            samplePeak();
        }
        chunk.markLive(offset, sizeClass);
        MemorySegment block = chunk.segment.asSlice(offset, byteSize);
        if (!fresh) {
            block.fill((byte) 0); // a reused block holds its last owner's data
        }
        return block;
    }

    /** This thread's cache, or null on a virtual thread. */
    private ThreadCache cache() {
        if (Thread.currentThread().isVirtual()) {
            return null;
        }
        ThreadCache cache = localCache.get();
        if (cache == null) {
            cache = new ThreadCache();
            localCache.set(cache);
            synchronized (this) {
                ThreadCache[] old = caches;
                ThreadCache[] next = Arrays.copyOf(old, old.length + 1);
                next[old.length] = cache;
                caches = next; // volatile write: stats() on other threads starts summing this cache
            }
        }
        return cache;
    }

    /**
     * Gives a segment back to the pool. Small blocks go to their size class's free list for reuse;
     * large allocations are returned to the OS at once.
     *
     * @param segment a segment this pool returned and that was not freed since (a slice starting at its
     *     first byte is accepted too); it must not be used afterwards
     * @throws IllegalArgumentException if the segment is null, was not allocated by this pool, or was
     *     already freed; the message names its address and size
     * @throws IllegalStateException if the pool is closed
     */
    public void free(MemorySegment segment) {
        if (segment == null) {
            throw new IllegalArgumentException("pool '" + name + "': cannot free a null segment");
        }
        checkOpen();
        if (segment.scope().equals(arena.scope())) {
            freeBlock(segment);
        } else {
            freeLarge(segment);
        }
    }

    private void freeBlock(MemorySegment segment) {
        long address = segment.address();
        Chunk chunk = chunks.find(address);
        if (chunk == null) { // shares this pool's arena but lies in no chunk: not a segment the pool made
            throw notLive(segment, "it lies in none of the pool's chunks");
        }
        long offset = address - chunk.base;
        if ((offset & (MIN_BLOCK_SIZE - 1)) != 0) {
            throw notLive(segment, "it does not start at a block boundary");
        }
        int sizeClass;
        do {
            sizeClass = chunk.liveClass(offset);
            if (sizeClass < 0) {
                throw notLive(segment, "already freed, or not the start of a block it handed out");
            }
            if (segment.byteSize() > SizeClasses.size(sizeClass)) {
                throw notLive(segment, "its block holds only " + SizeClasses.size(sizeClass) + " bytes");
            }
        } while (!chunk.markFree(offset, sizeClass)); // lost a race: the retry sees the block free and throws
        long size = SizeClasses.size(sizeClass);
        ThreadCache cache = SizeClasses.cacheCapacity(sizeClass) == 0 ? null : cache();
        if (cache != null) {
            if (cache.isFull(sizeClass)) {
                cache.spillHalf(free, sizeClass);
            }
            cache.put(sizeClass, chunk, (int) offset);
            cache.account(-size, -1);
        } else {
            free.push(sizeClass, chunk, (int) offset);
            sharedInUse.addAndGet(-size);
            sharedLive.decrementAndGet();
        }
    }

    private void freeLarge(MemorySegment segment) {
        Large l = large.get(segment.address());
        if (l == null || !l.segment.scope().equals(segment.scope()) || segment.byteSize() > l.bytes) {
            throw notLive(segment, "it was not allocated by this pool or was already freed");
        }
        if (!large.remove(segment.address(), l)) { // atomic: one of two racing frees wins
            throw notLive(segment, "already freed");
        }
        l.arena.close();
        sharedInUse.addAndGet(-l.bytes);
        sharedLive.decrementAndGet();
        release(l.bytes);
    }

    private IllegalArgumentException notLive(MemorySegment segment, String why) {
        return new IllegalArgumentException("pool '" + name + "': cannot free segment at address 0x"
                + Long.toHexString(segment.address()) + " (" + segment.byteSize() + " bytes): " + why);
    }

    private MemorySegment allocateLarge(long byteSize, long byteAlignment) {
        reserve(byteSize, "pool '" + name + "': request of " + byteSize + " bytes (own allocation)");
        Arena own = Arena.ofShared();
        MemorySegment segment;
        try {
            segment = Pages.available() && byteAlignment <= Pages.PAGE_SIZE
                    ? Pages.mapAnonymous(byteSize, byteSize >= HUGE_PAGES_FROM, own)
                    : own.allocate(byteSize, byteAlignment);
        } catch (RuntimeException | OutOfMemoryError e) {
            own.close();
            release(byteSize);
            throw e;
        }
        large.put(segment.address(), new Large(own, segment, byteSize));
        sharedInUse.addAndGet(byteSize);
        sharedLive.incrementAndGet();
        samplePeak();
        budget.samplePeak();
        return segment;
    }

    /**
     * Charges {@code bytes} to the budget (which may refuse), then counts them here; after a chunk or
     * large allocation succeeded, lets the budget sample its in-use peak.
     */
    void reserve(long bytes, String what) {
        budget.reserve(bytes, what);
        OffHeapBudget.raise(peakReserved, reserved.addAndGet(bytes));
    }

    /** Gives back {@code bytes} reserved earlier (freed, or an allocation that failed). */
    void release(long bytes) {
        reserved.addAndGet(-bytes);
        budget.release(bytes);
    }

    private void checkOpen() {
        if (closed) { // volatile read: a close on another thread is seen by later calls
            throw new IllegalStateException("pool '" + name + "' is closed");
        }
    }

    /**
     * This pool's counters: bytes reserved (chunks and large allocations) and its peak, exact; bytes in
     * use (at class size) and live segments, summed over the threads' counters (exact when no
     * allocation is in flight); and the peak of in-use bytes, sampled whenever a thread's cache refills,
     * at every shared-tier or large allocation and at every {@code stats()} call, so it can miss a peak
     * by at most what the threads' caches held (about 450 KiB per thread). Still readable after close,
     * when nothing is reserved or in use.
     */
    public PoolStats stats() {
        if (closed) { // volatile read: after close the pool holds nothing
            return new PoolStats(0, 0, peakInUse.get(), peakReserved.get(), 0);
        }
        long inUse = samplePeak();
        return new PoolStats(reserved.get(), inUse, peakInUse.get(), peakReserved.get(), liveSegments());
    }

    /** Bytes in use now: the shared counter plus every thread cache's share. */
    long inUseBytes() {
        long sum = sharedInUse.get();
        for (ThreadCache c : caches) { // volatile read of the array: every registered cache
            sum += c.inUse();
        }
        return sum;
    }

    /** Live segments now, summed like {@link #inUseBytes()}. */
    long liveSegments() {
        long sum = sharedLive.get();
        for (ThreadCache c : caches) { // volatile read of the array: every registered cache
            sum += c.live();
        }
        return sum;
    }

    private long samplePeak() {
        long inUse = inUseBytes();
        OffHeapBudget.raise(peakInUse, inUse);
        return inUse;
    }

    /**
     * Closes the pool: frees every chunk and large allocation, and returns what was still checked out.
     * Idempotent: later calls return the same report. Every segment of the pool becomes inaccessible.
     *
     * @return the leaks (count, bytes, some addresses); {@link LeakReport#assertClean()} checks for none
     */
    public synchronized LeakReport closeAndReport() {
        if (leakReport != null) {
            return leakReport;
        }
        closed = true; // volatile write: later allocate/free calls on any thread fail fast
        long count = 0;
        long bytes = 0;
        List<String> examples = new ArrayList<>();
        for (Chunk c : chunks.all()) {
            for (long offset = 0; offset < CHUNK_SIZE; offset += MIN_BLOCK_SIZE) {
                int sizeClass = c.liveClass(offset);
                if (sizeClass >= 0) {
                    count++;
                    bytes += SizeClasses.size(sizeClass);
                    addExample(examples, c.base + offset, SizeClasses.size(sizeClass));
                }
            }
        }
        Large[] larges = large.values().toArray(new Large[0]);
        Arrays.sort(larges, (a, b) -> Long.compareUnsigned(a.segment.address(), b.segment.address()));
        for (Large l : larges) {
            count++;
            bytes += l.bytes;
            addExample(examples, l.segment.address(), l.bytes);
        }
        leakReport = new LeakReport(name, count, bytes, examples);
        samplePeak();
        try {
            arena.close();
            for (Large l : larges) {
                l.arena.close();
            }
        } finally {
            large.clear();
            chunks.clear();
            for (ThreadCache c : caches) { // drop cached blocks: thread-local entries may outlive the pool
                c.clear();
            }
            localCache.remove();
            budget.unregister(this);
            release(reserved.get());
        }
        return leakReport;
    }

    private static void addExample(List<String> examples, long address, long bytes) {
        if (examples.size() < LeakReport.MAX_EXAMPLES) {
            examples.add("0x" + Long.toHexString(address) + " (" + bytes + " B)");
        }
    }

    /**
     * Closes the pool like {@link #closeAndReport()} and logs a warning (System.Logger, level WARNING)
     * if segments were still checked out. Idempotent.
     */
    @Override
    public void close() {
        boolean wasClosed = closed; // volatile read: a second close does not log the same leaks again
        LeakReport report = closeAndReport();
        if (!wasClosed && !report.isClean()) {
            LOG.log(System.Logger.Level.WARNING, report.toString());
        }
    }

    /** True once {@link #close()} or {@link #closeAndReport()} ran. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "ArenaPool '" + name + "'" + (closed ? " (closed)" : "") + ": " + stats();
    }
}
