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
 * that allocated it. Each size class has a Treiber stack (a lock-free LIFO) of heap nodes naming free
 * blocks. A node is pushed exactly once and dropped once popped (a new node is made at every free), so
 * the garbage collector guarantees that a node a thread still holds is never pushed back: the ABA
 * problem of a recycled head cannot occur and a plain compare-and-set on the head suffices, with no
 * stamp or tag. Popping and pushing is lock-free; carving new blocks out of a chunk (only when a free
 * list is empty, so rare in steady state) takes one lock. The ownership state of each block is one
 * byte in a per-chunk table (64 KiB of heap per 4 MiB chunk), updated by compare-and-set, which is
 * how {@link #free} detects double frees and foreign segments.
 * {@link #close()} must not race with allocations or frees on other threads.
 *
 * <h2>Accounting</h2>
 * Chunks and large allocations are charged to an {@link OffHeapBudget} (the global one by default)
 * before any memory is taken; a request past the limit throws {@link OffHeapLimitException}.
 * {@link #stats()} gives this pool's counters; blocks in use are counted at their class size.
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
    private static final System.Logger LOG = System.getLogger(ArenaPool.class.getName());

    private final String name;
    private final OffHeapBudget account;
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

    /** A request larger than the largest class, with its own arena. */
    private record Large(Arena arena, MemorySegment segment, long bytes) {
    }

    private ArenaPool(String name, OffHeapBudget budget) {
        this.name = name;
        this.account = OffHeapBudget.forPool(name, budget);
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
        Node node = pop(sizeClass);
        MemorySegment block;
        if (node != null) {
            block = node.chunk.segment.asSlice(node.offset, byteSize);
            block.fill((byte) 0); // a reused block holds its last owner's data
        } else {
            node = carve(sizeClass);
            block = node.chunk.segment.asSlice(node.offset, byteSize); // never handed out: still zero from the arena
        }
        // release: the block is live before it can reach another thread (which needs its own
        // synchronization with us to get the segment); free()'s CAS then sees this value.
        STATE.setRelease(node.chunk.state, node.offset >>> MIN_SHIFT, (byte) (sizeClass + 1));
        account.handedOut(classSize(sizeClass));
        return block;
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
        push(sizeClass, new Node(chunk, (int) offset));
        account.returned(1, classSize(sizeClass));
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
        account.returned(1, l.bytes);
        account.release(l.bytes);
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
        account.reserve(byteSize, "pool '" + name + "': request of " + byteSize + " bytes (own allocation)");
        Arena own = Arena.ofShared();
        MemorySegment segment;
        try {
            segment = own.allocate(byteSize, byteAlignment);
        } catch (RuntimeException | OutOfMemoryError e) {
            own.close();
            account.release(byteSize);
            throw e;
        }
        large.put(segment.address(), new Large(own, segment, byteSize));
        account.handedOut(byteSize);
        return segment;
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
        account.reserve(CHUNK_SIZE, "pool '" + name + "': a new " + CHUNK_SIZE + "-byte chunk for a "
                + forBlock + "-byte block");
        MemorySegment segment;
        try {
            segment = arena.allocate(CHUNK_SIZE, PAGE_SIZE);
        } catch (RuntimeException | OutOfMemoryError e) {
            account.release(CHUNK_SIZE);
            throw e;
        }
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
     * This pool's counters: bytes reserved (chunks and large allocations), in use (at class size),
     * their peaks, and live segments. Still readable after close (then nothing is reserved).
     */
    public PoolStats stats() {
        return account.stats();
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
        long reserved = account.stats().reservedBytes();
        try {
            arena.close();
            for (Large l : larges) {
                l.arena.close();
            }
        } finally {
            large.clear();
            chunks = new Chunk[0];
            account.returned(count, bytes);
            account.release(reserved);
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
