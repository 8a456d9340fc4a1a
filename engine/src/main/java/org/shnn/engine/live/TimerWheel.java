package org.shnn.engine.live;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * A hierarchical timer wheel keyed by simulation step (Varghese and Lauck, "Hashed and hierarchical timing
 * wheels", SOSP 1987; the Linux kernel's and Kafka's timer wheels): {@value #LEVELS} levels of
 * {@value #SLOTS} slots, level {@code L} covering steps in slots of {@code 64^L} steps. An item due at step
 * {@code d} sits at the level of the highest 6-bit group in which {@code d} differs from the wheel's current
 * step {@code now}, in the slot of {@code d}'s group there:
 *
 * <pre>
 *   level = (63 - numberOfLeadingZeros(d ^ now)) / 6     (0 when d == now)
 *   slot  = (d &gt;&gt;&gt; 6 * level) &amp; 63
 * </pre>
 *
 * Every item of a lower level is due before every item of a higher one, so the earliest item is in the lowest
 * non-empty level's lowest non-empty slot (one bit scan of a per-level occupancy word). A level-0 slot holds the
 * items of exactly one step ({@code now} with its low 6 bits replaced by the slot), so its step needs no
 * bookkeeping; a slot of a higher level keeps the least due step of its items. Moving {@code now} forward
 * without passing an item ({@link #advanceTo}) re-files ("cascades") the one slot per level whose group
 * {@code now} entered, and only on the levels whose group changed: an advance within one group of 64 steps
 * touches level 0 alone. Scheduling is O(1); asking for the next due step is O(levels) at worst and one bit scan
 * while level 0 holds items; advancing is O(levels changed) plus the items cascaded, each at most once per level.
 *
 * <p>Storage: the items sit in intrusive singly linked lists threaded through parallel arrays (node {@code n}:
 * {@code items[n]}, {@code dues[n]}, {@code next[n]}), one list per slot with head and tail indices; freed nodes
 * go to a free list. A wheel in a steady state allocates nothing; the arrays double when more items are pending
 * than ever before. Order: an item is appended to its slot's tail, and a cascade walks a slot from its head, so
 * every list keeps scheduling order; the items of one step always share one slot (they are at the same level,
 * as their level depends on the due step alone), so items due at the same step come out in the order they were
 * scheduled.
 *
 * <p>Why a wheel keyed by step rather than a priority queue: the run loop asks, at every step boundary, "when
 * is the next task" (one bit scan here, no heap), and items far ahead (a checkpoint every 10 s of simulated
 * time) cost nothing until their group comes near. Checked against a brute-force priority queue and a sorted
 * list in {@code TimerWheelTest}; the cost against {@code ForkJoinPool} is in {@code bench/RESULTS.md},
 * sections 17 and 26.
 *
 * <p>Thread-safety: none; one thread (the run loop) schedules and advances.
 *
 * @param <T> the scheduled item
 */
public final class TimerWheel<T> {

    /** Slots per level (one 6-bit group of the step). */
    public static final int SLOTS = 64;
    /** Levels: 11 groups of 6 bits cover every non-negative long. */
    public static final int LEVELS = 11;
    private static final int BITS = 6;
    private static final int MASK = SLOTS - 1;
    /** The end of a list and an empty slot. */
    private static final int NIL = -1;

    /** Node n's item (null while free). */
    private Object[] items;
    /** Node n's due step. */
    private long[] dues;
    /** Node n's successor in its slot's list or in the free list, or {@link #NIL}. */
    private int[] next;
    /** The first free node, or {@link #NIL}. */
    private int free = NIL;
    /** Nodes in use or freed so far; nodes at and above it are untouched. */
    private int used;

    /** First and last node of each slot (level * SLOTS + slot), {@link #NIL} when empty. */
    private final int[] heads = new int[LEVELS * SLOTS];
    private final int[] tails = new int[LEVELS * SLOTS];
    /** The least due step of each slot of levels 1 and up (meaningful while the slot is occupied). */
    private final long[] slotMin = new long[LEVELS * SLOTS];
    /** Bit s of occupied[L] is set while slot s of level L holds items. */
    private final long[] occupied = new long[LEVELS];
    private long now;
    private int size;

    /** A wheel whose current step is {@code start} (>= 0). */
    public TimerWheel(long start) {
        if (start < 0) {
            throw new IllegalArgumentException("timer wheel start step " + start + " must be >= 0");
        }
        now = start;
        Arrays.fill(heads, NIL);
        Arrays.fill(tails, NIL);
        items = new Object[16];
        dues = new long[16];
        next = new int[16];
    }

    /** The current step: items due before it have been handed out. */
    public long now() {
        return now;
    }

    /** Items scheduled and not yet handed out. */
    public int size() {
        return size;
    }

    /**
     * Schedules {@code item} for step {@code due}; items due at the same step are handed out in scheduling order.
     *
     * @throws IllegalArgumentException if {@code due < now()}
     */
    public void schedule(long due, T item) {
        if (due < now) {
            throw new IllegalArgumentException("timer wheel item due at step " + due + " is before the current step " + now);
        }
        int n = allocate();
        items[n] = item;
        dues[n] = due;
        file(n, due);
        size++;
    }

    private int allocate() {
        int n = free;
        if (n != NIL) {
            free = next[n];
            return n;
        }
        if (used == items.length) {
            int cap = items.length * 2;
            items = Arrays.copyOf(items, cap);
            dues = Arrays.copyOf(dues, cap);
            next = Arrays.copyOf(next, cap);
        }
        return used++;
    }

    /** Appends node {@code n}, due at {@code due}, to the tail of its slot relative to {@link #now}. */
    private void file(int n, long due) {
        long diff = due ^ now;
        int level = diff == 0 ? 0 : (63 - Long.numberOfLeadingZeros(diff)) / BITS;
        int slot = (int) (due >>> (BITS * level)) & MASK;
        int at = level * SLOTS + slot;
        next[n] = NIL;
        int tail = tails[at];
        if (tail == NIL) {
            heads[at] = n;
            slotMin[at] = due;
            occupied[level] |= 1L << slot;
        } else {
            next[tail] = n;
            if (due < slotMin[at]) {
                slotMin[at] = due;
            }
        }
        tails[at] = n;
    }

    /** The step of the earliest scheduled item, or {@link Long#MAX_VALUE} if none. */
    public long nextDue() {
        long bits = occupied[0];
        if (bits != 0) {
            return (now & ~(long) MASK) | Long.numberOfTrailingZeros(bits);
        }
        for (int level = 1; level < LEVELS; level++) {
            bits = occupied[level];
            if (bits != 0) {
                return slotMin[level * SLOTS + Long.numberOfTrailingZeros(bits)];
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Moves the current step to {@code step} and hands the items due at it to {@code due}, in scheduling order.
     * Items scheduled by {@code due} itself for this same step are handed out in the same call. If {@code due}
     * throws, the items of the step not handed out yet are dropped.
     *
     * @throws IllegalArgumentException if {@code step < now()} or {@code step > nextDue()} (an item would be passed)
     */
    @SuppressWarnings("unchecked")
    public void advanceTo(long step, Consumer<? super T> due) {
        long first = nextDue();
        if (step < now || step > first) {
            throw new IllegalArgumentException("timer wheel at step " + now + " cannot advance to step " + step
                    + ": it must be >= the current step and <= the next item's step " + first);
        }
        long changed = (step ^ now) >>> BITS; // the groups above level 0 that step enters
        now = step;
        if (changed != 0) {
            for (int level = (63 - Long.numberOfLeadingZeros(changed)) / BITS + 1; level > 0; level--) {
                cascade(level, (int) (step >>> (BITS * level)) & MASK);
            }
        }
        int at = (int) step & MASK;
        while ((occupied[0] & (1L << at)) != 0) {
            int n = heads[at];
            heads[at] = NIL; // items that due schedules for this step start a new list, handed out next round
            tails[at] = NIL;
            occupied[0] &= ~(1L << at);
            while (n != NIL) {
                int after = next[n];
                Object item = items[n];
                items[n] = null;
                next[n] = free;
                free = n;
                size--;
                due.accept((T) item);
                n = after;
            }
        }
    }

    /** Re-files the items of slot {@code slot} of {@code level}, which {@code now} has entered, one level down or more. */
    private void cascade(int level, int slot) {
        if ((occupied[level] & (1L << slot)) == 0) {
            return;
        }
        int at = level * SLOTS + slot;
        int n = heads[at];
        heads[at] = NIL;
        tails[at] = NIL;
        occupied[level] &= ~(1L << slot);
        while (n != NIL) {
            int after = next[n];
            file(n, dues[n]);
            n = after;
        }
    }

    /** Calls {@code out} with every scheduled item and its step, earliest first (same step: scheduling order). */
    @SuppressWarnings("unchecked")
    public void forEach(ObjLongConsumer<? super T> out) {
        int[] order = new int[size];
        int k = 0;
        for (int at = 0; at < heads.length; at++) {
            for (int n = heads[at]; n != NIL; n = next[n]) {
                order[k++] = n;
            }
        }
        // A stable sort by step: the items of one step are in one slot's list, in scheduling order.
        Integer[] boxed = new Integer[k];
        for (int i = 0; i < k; i++) {
            boxed[i] = order[i];
        }
        Arrays.sort(boxed, (a, b) -> Long.compare(dues[a], dues[b]));
        for (Integer n : boxed) {
            out.accept((T) items[n], dues[n]);
        }
    }
}
