package org.shnn.memory.pool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe pool of off-heap memory that hands out {@link MemorySegment}s in power-of-two size
 * classes and reuses freed blocks.
 *
 * <h2>Layout</h2>
 * <pre>
 *   small (&le; 1 MiB, alignment &le; 4096): 15 size classes 64 B, 128 B, ... 1 MiB
 *
 *   chunk (4 MiB, page aligned, from the pool's shared Arena)
 *   +--------+--------+----------------+--------+------------------------------- - -
 *   | 64 B   | 64 B   |  128 B  | pad  | 4 KiB block (4096-aligned)      | bump -&gt;
 *   +--------+--------+----------------+--------+------------------------------- - -
 *   each block is aligned to min(its size, 4096); padding and a chunk's unusable tail are cut into
 *   naturally aligned power-of-two blocks and put on the free lists, so nothing is wasted.
 *
 *   large (&gt; 1 MiB or alignment &gt; 4096): one Arena.ofShared() per request, closed by free()
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
 *       up: at most about 450 KiB per thread). Allocating from it and freeing into it takes no lock and no atomic instruction. Blocks
 *       cached by a thread that ends stay unused until the pool closes. Virtual threads have no cache
 *       (there may be millions) and use the shared tier directly.</li>
 *   <li>Each size class has a shared Treiber stack (a lock-free LIFO) of heap nodes naming free blocks;
 *       caches refill from it and spill half into it. A node is pushed exactly once and dropped once
 *       popped (a new node is made at every push), so the garbage collector guarantees that a node a
 *       thread still holds is never pushed back: the ABA problem of a recycled head cannot occur and a
 *       plain compare-and-set on the head suffices, with no stamp or tag.</li>
 *   <li>Carving new blocks out of a chunk (only when both are empty, so rare in steady state) takes one
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
    /** Bytes the pool reserves at a time for its size classes. */
    public static final long CHUNK_SIZE = 4L << 20;

    private static final int MIN_SHIFT = Long.numberOfTrailingZeros(MIN_BLOCK_SIZE);
    private static final int CLASSES = Long.numberOfTrailingZeros(MAX_BLOCK_SIZE) - MIN_SHIFT + 1;
    /** Free-list heads sit this many array slots apart (128 bytes or more) so they do not share cache lines. */
    private static final int HEAD_STRIDE = 32;
    private static final VarHandle HEADS = MethodHandles.arrayElementVarHandle(Node[].class);
    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(byte[].class);
    /** Blocks of each class a thread may cache: 32 up to 2 KiB, then 64 KiB worth, none from 128 KiB. */
    private static final int[] CACHE_CAPACITY = new int[CLASSES];

    private static final System.Logger LOG = System.getLogger(ArenaPool.class.getName());

    static {
        for (int c = 0; c < CLASSES; c++) {
            CACHE_CAPACITY[c] = (int) Math.min(32, (64 * 1024) / classSize(c));
        }
    }

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
    private final Node[] heads = new Node[CLASSES * HEAD_STRIDE];
    private final ConcurrentHashMap<Long, Large> large = new ConcurrentHashMap<>();
    private final Object carveLock = new Object();
    /** Every chunk, sorted by base address; replaced (copy on write) under {@link #carveLock}. */
    private volatile Chunk[] chunks = new Chunk[0];
    private Chunk current; // guarded by carveLock: the chunk being carved
    private long bump;     // guarded by carveLock: first uncarved byte of current
    private volatile boolean closed;
    private LeakReport leakReport; // guarded by this

    /** A free block: {@code offset} bytes into {@code chunk}. Pushed once, never reused (see class doc). */
    private static final class Node {
        final Chunk chunk;
        final int offset;
        Node next; // written before the push's CAS publishes the node, never after

        Node(Chunk chunk, int offset) {
            this.chunk = chunk;
            this.offset = offset;
        }
    }

    /** A 4 MiB chunk and its block table: state[offset / 64] = 1 + size class of a live block starting there, else 0. */
    private record Chunk(MemorySegment segment, long base, byte[] state) {
    }

    /**
     * One platform thread's free blocks per class (LIFO arrays) and its share of the pool's in-use
     * counters. Only the owner thread touches the arrays; the counters are written by the owner with
     * opaque stores and read by {@link #stats()} on any thread with opaque loads (never torn, and
     * each reader sees every value at most a little late).
     */
    private static final class ThreadCache {
        private static final VarHandle IN_USE;
        private static final VarHandle LIVE;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                IN_USE = lookup.findVarHandle(ThreadCache.class, "inUse", long.class);
                LIVE = lookup.findVarHandle(ThreadCache.class, "live", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Chunk[][] chunks = new Chunk[CLASSES][];
        final int[][] offsets = new int[CLASSES][];
        final int[] count = new int[CLASSES];
        private long inUse;
        private long live;

        ThreadCache() {
            for (int c = 0; c < CLASSES; c++) {
                chunks[c] = new Chunk[CACHE_CAPACITY[c]];
                offsets[c] = new int[CACHE_CAPACITY[c]];
            }
        }

        void put(int sizeClass, Chunk chunk, int offset) {
            int n = count[sizeClass];
            chunks[sizeClass][n] = chunk;
            offsets[sizeClass][n] = offset;
            count[sizeClass] = n + 1;
        }

        /** Forgets every cached block (at close; the owner no longer uses the pool). */
        void clear() {
            for (int c = 0; c < CLASSES; c++) {
                Arrays.fill(chunks[c], null);
                count[c] = 0;
            }
        }

        /** Counts a segment of {@code bytes} handed out ({@code segments} 1) or given back (-1). */
        void account(long bytes, int segments) {
            IN_USE.setOpaque(this, inUse + bytes); // opaque: stats() readers see a whole, recent value
            LIVE.setOpaque(this, live + segments);  // opaque: idem
        }

        long inUse() {
            return (long) IN_USE.getOpaque(this); // opaque: the owner's latest store, possibly a little late
        }

        long live() {
            return (long) LIVE.getOpaque(this); // opaque: idem
        }
    }

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
        int sizeClass = sizeClass(Math.max(byteSize, byteAlignment));
        long size = classSize(sizeClass);
        ThreadCache cache = CACHE_CAPACITY[sizeClass] == 0 ? null : cache();
        Chunk chunk;
        int offset;
        if (cache != null) {
            boolean refilled = cache.count[sizeClass] == 0;
            if (refilled) {
                refill(cache, sizeClass);
            }
            int n = cache.count[sizeClass] - 1;
            chunk = cache.chunks[sizeClass][n];
            offset = cache.offsets[sizeClass][n];
            cache.chunks[sizeClass][n] = null;
            cache.count[sizeClass] = n;
            cache.account(size, 1);
            if (refilled) {
                samplePeak();
            }
        } else {
            Node node = pop(sizeClass);
            if (node == null) {
                node = carve(sizeClass);
            }
            chunk = node.chunk;
            offset = node.offset;
            sharedInUse.addAndGet(size);
            sharedLive.incrementAndGet();
            samplePeak();
        }
        // release: the block is live before it can reach another thread (which needs its own
        // synchronization with us to get the segment); free()'s CAS then sees this value.
        STATE.setRelease(chunk.state, offset >>> MIN_SHIFT, (byte) (sizeClass + 1));
        MemorySegment block = chunk.segment.asSlice(offset, byteSize);
        block.fill((byte) 0); // a reused block holds its last owner's data
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

    /** Fills an empty cache slot list with up to half its capacity from the shared list, or one carved block. */
    private void refill(ThreadCache cache, int sizeClass) {
        int want = Math.max(1, CACHE_CAPACITY[sizeClass] / 2);
        for (int i = 0; i < want; i++) {
            Node node = pop(sizeClass);
            if (node == null) {
                break;
            }
            cache.put(sizeClass, node.chunk, node.offset);
        }
        if (cache.count[sizeClass] == 0) {
            Node node = carve(sizeClass);
            cache.put(sizeClass, node.chunk, node.offset);
        }
    }

    /** Moves the older half of a full cache slot list to the shared list. */
    private void spillCache(ThreadCache cache, int sizeClass) {
        int n = cache.count[sizeClass];
        int keep = n / 2;
        Chunk[] cs = cache.chunks[sizeClass];
        int[] os = cache.offsets[sizeClass];
        for (int i = 0; i < n - keep; i++) {
            push(sizeClass, new Node(cs[i], os[i]));
        }
        System.arraycopy(cs, n - keep, cs, 0, keep);
        System.arraycopy(os, n - keep, os, 0, keep);
        Arrays.fill(cs, keep, n, null);
        cache.count[sizeClass] = keep;
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
        Chunk chunk = chunkOf(address);
        long offset = address - chunk.base;
        if ((offset & (MIN_BLOCK_SIZE - 1)) != 0) {
            throw notLive(segment, "it does not start at a block boundary");
        }
        int index = (int) (offset >>> MIN_SHIFT);
        int sizeClass;
        while (true) {
            byte s = (byte) STATE.getVolatile(chunk.state, index); // volatile: the latest owner state
            if (s == 0) {
                throw notLive(segment, "already freed, or not the start of a block it handed out");
            }
            sizeClass = s - 1;
            if (segment.byteSize() > classSize(sizeClass)) {
                throw notLive(segment, "its block holds only " + classSize(sizeClass) + " bytes");
            }
            // CAS: exactly one of two racing frees of the same block wins; the loser sees 0 above.
            if (STATE.compareAndSet(chunk.state, index, s, (byte) 0)) {
                break;
            }
        }
        long size = classSize(sizeClass);
        ThreadCache cache = CACHE_CAPACITY[sizeClass] == 0 ? null : cache();
        if (cache != null) {
            if (cache.count[sizeClass] == CACHE_CAPACITY[sizeClass]) {
                spillCache(cache, sizeClass);
            }
            cache.put(sizeClass, chunk, (int) offset);
            cache.account(-size, -1);
        } else {
            push(sizeClass, new Node(chunk, (int) offset));
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

    private Chunk chunkOf(long address) {
        Chunk[] cs = chunks; // volatile read: sees every chunk whose blocks were handed out before
        int lo = 0;
        int hi = cs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Chunk c = cs[mid];
            if (address < c.base) {
                hi = mid - 1;
            } else if (address - c.base >= CHUNK_SIZE) {
                lo = mid + 1;
            } else {
                return c;
            }
        }
        // The segment shares this pool's arena but lies in no chunk: impossible for a segment the pool made.
        throw new IllegalArgumentException("pool '" + name + "': segment at address 0x" + Long.toHexString(address)
                + " lies in none of its " + cs.length + " chunks");
    }

    private MemorySegment allocateLarge(long byteSize, long byteAlignment) {
        reserve(byteSize, "pool '" + name + "': request of " + byteSize + " bytes (own allocation)");
        Arena own = Arena.ofShared();
        MemorySegment segment;
        try {
            segment = own.allocate(byteSize, byteAlignment);
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

    /** Charges {@code bytes} to the budget (which may refuse), then counts them here. */
    private void reserve(long bytes, String what) {
        budget.reserve(bytes, what);
        OffHeapBudget.raise(peakReserved, reserved.addAndGet(bytes));
    }

    private void release(long bytes) {
        reserved.addAndGet(-bytes);
        budget.release(bytes);
    }

    /** Pops a free block of {@code sizeClass}, or null. */
    private Node pop(int sizeClass) {
        int slot = sizeClass * HEAD_STRIDE;
        Node head;
        do {
            // volatile read: pairs with the push CAS, so head.next and the block's last writes are visible
            head = (Node) HEADS.getVolatile(heads, slot);
            if (head == null) {
                return null;
            }
            // CAS: succeeds only if head is still on top; no ABA since a popped node is never pushed again
        } while (!HEADS.compareAndSet(heads, slot, head, head.next));
        return head;
    }

    private void push(int sizeClass, Node node) {
        int slot = sizeClass * HEAD_STRIDE;
        Node head;
        do {
            head = (Node) HEADS.getVolatile(heads, slot); // volatile read: the current top
            node.next = head; // plain: published by the CAS below
        } while (!HEADS.compareAndSet(heads, slot, head, node)); // CAS (volatile): publishes node and its block's contents
    }

    /** Cuts a new block of {@code sizeClass} from the current chunk (taking a new chunk if needed). */
    private Node carve(int sizeClass) {
        synchronized (carveLock) {
            Node node = pop(sizeClass); // another thread may have refilled the list while we waited
            if (node != null) {
                return node;
            }
            long size = classSize(sizeClass);
            long alignment = Math.min(size, PAGE_SIZE);
            long start = (bump + alignment - 1) & -alignment;
            if (current == null || start + size > CHUNK_SIZE) {
                if (current != null) {
                    spill(current, bump, CHUNK_SIZE);
                    current = null;
                }
                current = newChunk(size);
                start = 0;
            } else {
                spill(current, bump, start);
            }
            bump = start + size;
            return new Node(current, (int) start);
        }
    }

    /** Puts [from, to) of {@code chunk} on the free lists as naturally aligned power-of-two blocks. */
    private void spill(Chunk chunk, long from, long to) {
        while (from < to) {
            long size = Math.min(Math.min(from == 0 ? MAX_BLOCK_SIZE : Long.lowestOneBit(from),
                    Long.highestOneBit(to - from)), MAX_BLOCK_SIZE);
            push(sizeClass(size), new Node(chunk, (int) from));
            from += size;
        }
    }

    private Chunk newChunk(long forBlock) {
        reserve(CHUNK_SIZE, "pool '" + name + "': a new " + CHUNK_SIZE + "-byte chunk for a "
                + forBlock + "-byte block");
        MemorySegment segment;
        try {
            segment = arena.allocate(CHUNK_SIZE, PAGE_SIZE);
        } catch (RuntimeException | OutOfMemoryError e) {
            release(CHUNK_SIZE);
            throw e;
        }
        budget.samplePeak();
        Chunk chunk = new Chunk(segment, segment.address(), new byte[(int) (CHUNK_SIZE >>> MIN_SHIFT)]);
        Chunk[] old = chunks;
        int at = 0;
        while (at < old.length && old[at].base < chunk.base) {
            at++;
        }
        Chunk[] next = new Chunk[old.length + 1];
        System.arraycopy(old, 0, next, 0, at);
        next[at] = chunk;
        System.arraycopy(old, at, next, at + 1, old.length - at);
        chunks = next; // volatile write: publishes the chunk before any of its blocks is handed out
        bump = 0;
        return chunk;
    }

    private static int sizeClass(long bytes) {
        return Math.max(0, 64 - Long.numberOfLeadingZeros(bytes - 1) - MIN_SHIFT);
    }

    private static long classSize(int sizeClass) {
        return MIN_BLOCK_SIZE << sizeClass;
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
        for (Chunk c : chunks) {
            for (int i = 0; i < c.state.length; i++) {
                byte s = (byte) STATE.getVolatile(c.state, i); // volatile: states set by other threads
                if (s != 0) {
                    count++;
                    bytes += classSize(s - 1);
                    addExample(examples, c.base + ((long) i << MIN_SHIFT), classSize(s - 1));
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
            chunks = new Chunk[0];
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
