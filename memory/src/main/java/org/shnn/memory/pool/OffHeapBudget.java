package org.shnn.memory.pool;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Off-heap accounting and its limit: bytes reserved from the operating system, bytes handed out
 * ("in use"), their peaks and the live segment count, for every {@link ArenaPool} that charges this
 * budget.
 *
 * <p>Budgets form a two-level tree. {@link #global()} is the root: every pool charges it, directly or
 * through a child made by {@link #create(String, long)}, so {@code OffHeapBudget.global().stats()} is
 * the process total. A reservation must fit under the limit of the budget it is made against and of
 * the global one; otherwise it fails with {@link OffHeapLimitException} before any memory is taken.
 * The limit applies to <em>reserved</em> bytes, which is what the machine pays for; free blocks a pool
 * keeps for reuse count as reserved until the pool closes.
 *
 * <p>The global limit comes from the system property {@value #LIMIT_PROPERTY} (a size as accepted by
 * {@link #parseSize(String)}, e.g. {@code -Dshnn.offheap.limit=8g}), read when {@link #global()} is
 * first called, or from {@link #setLimit(long)}; without either it is the machine's physical memory less the JVM
 * heap and a margin ({@link #defaultLimit()}): off-heap state that cannot fit in memory is refused with a message
 * before it is built, instead of the kernel killing the process (or another one) once the pages are touched. Files mapped
 * from disk (checkpoints) are not reservations and do not count.
 *
 * <p>Precision: reserved bytes and their peak are exact (atomics; a reservation checks and adds in one
 * compare-and-set, so concurrent reservations cannot overshoot the limit). In-use bytes and live
 * segments are summed over the open pools charging the budget when {@link #stats()} is called, exact
 * when no allocation is in flight. Their peak is sampled (after every chunk or large allocation
 * and at every {@code stats()} call), so a short peak between two samples can be missed; see
 * {@link ArenaPool#stats()} for the per-pool peak, which is tighter.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class OffHeapBudget {

    /** The system property holding the global limit, e.g. {@code -Dshnn.offheap.limit=8g}. */
    public static final String LIMIT_PROPERTY = "shnn.offheap.limit";

    /** The limit of a budget that has none. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private static volatile OffHeapBudget global;

    private final String name;
    private final OffHeapBudget parent;
    private volatile long limit;
    /** Whether the limit was given ({@value #LIMIT_PROPERTY}, {@link #setLimit}) rather than the default. */
    private volatile boolean limitGiven;
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong peakReserved = new AtomicLong();
    private final AtomicLong peakInUse = new AtomicLong();
    /** The open pools charging this budget, directly or through a child budget. */
    private final Set<ArenaPool> pools = ConcurrentHashMap.newKeySet();

    private OffHeapBudget(String name, long limit, OffHeapBudget parent) {
        this.name = name;
        this.limit = limit;
        this.parent = parent;
    }

    /**
     * The process-wide budget every pool charges. Created on first use with the limit from
     * {@value #LIMIT_PROPERTY}.
     *
     * @throws IllegalArgumentException if the property is set but is not a valid size (every call
     *     throws until the property is fixed)
     */
    public static OffHeapBudget global() {
        OffHeapBudget g = global; // volatile read: sees a fully built budget published below
        if (g == null) {
            synchronized (OffHeapBudget.class) {
                g = global;
                if (g == null) {
                    String given = System.getProperty(LIMIT_PROPERTY);
                    g = new OffHeapBudget("global", limitFromProperty(given), null);
                    g.limitGiven = given != null;
                    global = g; // volatile write: publishes the budget to the unsynchronized read above
                }
            }
        }
        return g;
    }

    /** The global limit for a value of {@value #LIMIT_PROPERTY}: {@link #defaultLimit()} if null, else the parsed size. */
    static long limitFromProperty(String value) {
        return value == null ? defaultLimit() : parseSize(LIMIT_PROPERTY, value);
    }

    /**
     * The global limit when none is given: the physical memory the JVM reports for this machine (a container's
     * memory limit where one is set) less what the rest of the process may take, the JVM heap at its maximum and a
     * sixteenth of the memory for the JVM's own native memory and the system (at least an eighth of the memory is
     * left to reserve); {@link #UNLIMITED} where the JVM reports no memory size. With the whole memory as the limit, a
     * run recording samples until the reservations neared it was killed by the kernel first (bench/RESULTS.md
     * section 49).
     */
    public static long defaultLimit() {
        long total = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : 0;
        if (total <= 0) {
            return UNLIMITED;
        }
        return Math.max(total / 8, total - Runtime.getRuntime().maxMemory() - total / 16);
    }

    /**
     * A budget with its own limit whose reservations also count against (and must also fit under)
     * the global budget: e.g. one per simulation.
     *
     * @param name names the budget in messages
     * @param limitBytes the limit in bytes, {@code > 0} ({@link #UNLIMITED} for none)
     * @throws IllegalArgumentException if {@code limitBytes <= 0} or {@code name} is null
     */
    public static OffHeapBudget create(String name, long limitBytes) {
        if (name == null) {
            throw new IllegalArgumentException("budget name is null");
        }
        OffHeapBudget b = new OffHeapBudget(name, checkLimit(limitBytes), global());
        b.limitGiven = true;
        return b;
    }

    /**
     * Parses a size in bytes: decimal digits with an optional binary suffix {@code k}, {@code m},
     * {@code g} or {@code t} (case-insensitive; 1k = 1024), e.g. {@code 8g}, {@code 512M}, {@code 65536}.
     *
     * @throws IllegalArgumentException if the text is not such a size, is zero or overflows a long,
     *     naming the text
     */
    public static long parseSize(String text) {
        return parseSize("size", text);
    }

    private static long parseSize(String what, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (!t.isEmpty()) {
            shift = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                case 't' -> 40;
                default -> 0;
            };
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + "='" + text
                    + "' is not a size: expected decimal digits with an optional k, m, g or t suffix (binary units), e.g. 8g");
        }
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + "='" + text + "' overflows a long byte count (max " + Long.MAX_VALUE + ")", e);
        }
        if (value == 0) {
            throw new IllegalArgumentException(what + "='" + text + "' is zero; a size must be > 0");
        }
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(what + "='" + text + "' overflows a long byte count (max " + Long.MAX_VALUE + ")");
        }
        return value << shift;
    }

    private static long checkLimit(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("off-heap limit " + limitBytes + " bytes must be > 0");
        }
        return limitBytes;
    }

    /** This budget's name. */
    public String name() {
        return name;
    }

    /** The limit on reserved bytes ({@link #UNLIMITED} if none). */
    public long limit() {
        return limit;
    }

    /**
     * Changes the limit. Memory already reserved stays reserved even above a lowered limit; further
     * reservations fail until enough is released.
     *
     * @param limitBytes the new limit in bytes, {@code > 0}
     * @throws IllegalArgumentException if {@code limitBytes <= 0}
     */
    public void setLimit(long limitBytes) {
        limit = checkLimit(limitBytes); // volatile write: later reservations on any thread check the new limit
        limitGiven = true;
    }

    /** Puts back a limit and whether it was given, as {@link #limit()} and {@link #limitGiven()} read them (tests). */
    void restoreLimit(long limitBytes, boolean given) {
        limit = checkLimit(limitBytes);
        limitGiven = given;
    }

    /**
     * Whether this budget's limit was given: for the global one, by {@value #LIMIT_PROPERTY} or {@link #setLimit},
     * not the machine's memory ({@link #defaultLimit()}); a budget made by {@link #create} always has one.
     */
    public boolean limitGiven() {
        return limitGiven;
    }

    /**
     * The current totals of every pool charging this budget (and, for the global one, of all pools):
     * reserved bytes and their peak (exact), in-use bytes and live segments of the open pools, and the
     * sampled peak of in-use bytes (see the class doc).
     */
    public PoolStats stats() {
        long inUse = samplePeak();
        long live = 0;
        for (ArenaPool p : pools) {
            live += p.liveSegments();
        }
        return new PoolStats(reserved.get(), inUse, peakInUse.get(), peakReserved.get(), live);
    }

    /** Sums the in-use bytes of the open pools and lifts the peak to it, here and in the parent; returns the sum. */
    long samplePeak() {
        long inUse = inUseNow();
        raise(peakInUse, inUse);
        if (parent != null) {
            parent.samplePeak();
        }
        return inUse;
    }

    private long inUseNow() {
        long inUse = 0;
        for (ArenaPool p : pools) {
            inUse += p.inUseBytes();
        }
        return inUse;
    }

    /** Starts counting {@code pool}'s in-use bytes here and in the parent. */
    void register(ArenaPool pool) {
        pools.add(pool);
        if (parent != null) {
            parent.register(pool);
        }
    }

    /** Stops counting {@code pool} (it closed) here and in the parent. */
    void unregister(ArenaPool pool) {
        pools.remove(pool);
        if (parent != null) {
            parent.unregister(pool);
        }
    }

    /**
     * Takes {@code bytes} from this budget and its parent, or throws without taking anything.
     *
     * @param what describes the request for the exception message (pool and request size)
     */
    void reserve(long bytes, String what) {
        long total;
        while (true) {
            long current = reserved.get();
            long max = limit;
            if (bytes > max - current) {
                throw new OffHeapLimitException(what, name, bytes, current, inUseNow(), max, !limitGiven);
            }
            if (reserved.compareAndSet(current, current + bytes)) { // CAS: check and add as one step
                total = current + bytes;
                break;
            }
        }
        if (parent != null) {
            try {
                parent.reserve(bytes, what);
            } catch (OffHeapLimitException e) {
                reserved.addAndGet(-bytes); // roll back: the request takes nothing
                throw e;
            }
        }
        raise(peakReserved, total); // only once the whole chain has granted it
    }

    /** Gives back {@code bytes} reserved earlier, here and in the parent. */
    void release(long bytes) {
        reserved.addAndGet(-bytes);
        if (parent != null) {
            parent.release(bytes);
        }
    }

    /** Lifts {@code peak} to at least {@code value}; reads first so the common case writes nothing. */
    static void raise(AtomicLong peak, long value) {
        long p;
        while (value > (p = peak.get()) && !peak.compareAndSet(p, value)) {
            Thread.onSpinWait();
        }
    }

    @Override
    public String toString() {
        return "OffHeapBudget '" + name + "' (limit " + (limit == UNLIMITED ? "none" : limit + " B") + "): " + stats();
    }
}
