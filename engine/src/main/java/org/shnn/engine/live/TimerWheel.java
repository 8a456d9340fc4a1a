package org.shnn.engine.live;

import java.util.ArrayList;
import java.util.function.Consumer;

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
 * non-empty level's lowest non-empty slot (one bit scan of a per-level occupancy word; each slot keeps the
 * minimum due step of its items). Moving {@code now} forward without passing an item ({@link #advanceTo})
 * re-files ("cascades") only the one slot per level whose group {@code now} entered. Scheduling is O(1); asking
 * for the next due step is O(levels); advancing is O(levels) plus the items cascaded, each at most once per level.
 * Emptied slot lists are kept for reuse, so a wheel in a steady state allocates only its entries.
 *
 * <p>Why a wheel keyed by step rather than a priority queue: the run loop asks, at every step boundary, "when
 * is the next task" (one bit scan here, no heap), and items far ahead (a checkpoint every 10 s of simulated
 * time) cost nothing until their group comes near. Checked against a brute-force priority queue in
 * {@code TimerWheelTest}; the cost against {@code ForkJoinPool} is in {@code bench/RESULTS.md}, section
 * 17 "Live runs".
 *
 * <p>Items due at the same step come out in the order they were scheduled. Thread-safety: none; one thread
 * (the run loop) schedules and advances.
 *
 * @param <T> the scheduled item
 */
public final class TimerWheel<T> {

    /** Slots per level (one 6-bit group of the step). */
    public static final int SLOTS = 64;
    /** Levels: 11 groups of 6 bits cover every non-negative long. */
    public static final int LEVELS = 11;
    private static final int BITS = 6;

    private record Entry<T>(long due, long sequence, T item) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ArrayList<Entry<T>>[] slots = new ArrayList[LEVELS * SLOTS];
    /** The least due step of each slot's items (meaningful while the slot is occupied). */
    private final long[] slotMin = new long[LEVELS * SLOTS];
    /** Whether a slot's items are in scheduling order (cascades may append older items after newer ones). */
    private final boolean[] slotOrdered = new boolean[LEVELS * SLOTS];
    /** Bit s of occupied[L] is set while slot s of level L holds items. */
    private final long[] occupied = new long[LEVELS];
    /** Empty lists of slots handed out, for reuse. */
    private final ArrayList<ArrayList<Entry<T>>> spare = new ArrayList<>();
    private static final java.util.Comparator<Entry<?>> BY_SEQUENCE = (a, b) -> Long.compare(a.sequence, b.sequence);
    private long now;
    private long sequence;
    private int size;

    /** A wheel whose current step is {@code start} (>= 0). */
    public TimerWheel(long start) {
        if (start < 0) {
            throw new IllegalArgumentException("timer wheel start step " + start + " must be >= 0");
        }
        now = start;
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
        file(new Entry<>(due, sequence++, item));
        size++;
    }

    private void file(Entry<T> e) {
        long diff = e.due ^ now;
        int level = diff == 0 ? 0 : (63 - Long.numberOfLeadingZeros(diff)) / BITS;
        int slot = (int) (e.due >>> (BITS * level)) & (SLOTS - 1);
        int at = level * SLOTS + slot;
        ArrayList<Entry<T>> list = slots[at];
        if (list == null) {
            list = spare.isEmpty() ? new ArrayList<>(4) : spare.removeLast();
            slots[at] = list;
        }
        if (list.isEmpty()) {
            slotMin[at] = e.due;
            slotOrdered[at] = true;
        } else {
            slotMin[at] = Math.min(slotMin[at], e.due);
            slotOrdered[at] &= list.getLast().sequence < e.sequence;
        }
        list.add(e);
        occupied[level] |= 1L << slot;
    }

    /** The step of the earliest scheduled item, or {@link Long#MAX_VALUE} if none. */
    public long nextDue() {
        for (int level = 0; level < LEVELS; level++) {
            long bits = occupied[level];
            if (bits != 0) {
                return slotMin[level * SLOTS + Long.numberOfTrailingZeros(bits)];
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Moves the current step to {@code step} and hands the items due at it to {@code due}, in scheduling order.
     * Items scheduled by {@code due} itself for this same step are handed out in the same call.
     *
     * @throws IllegalArgumentException if {@code step < now()} or {@code step > nextDue()} (an item would be passed)
     */
    public void advanceTo(long step, Consumer<? super T> due) {
        long next = nextDue();
        if (step < now || step > next) {
            throw new IllegalArgumentException("timer wheel at step " + now + " cannot advance to step " + step
                    + ": it must be >= the current step and <= the next item's step " + next);
        }
        now = step;
        for (int level = LEVELS - 1; level > 0; level--) {
            cascade(level, (int) (step >>> (BITS * level)) & (SLOTS - 1));
        }
        while ((occupied[0] & (1L << (step & (SLOTS - 1)))) != 0) {
            int at = (int) (step & (SLOTS - 1));
            ArrayList<Entry<T>> list = slots[at];
            slots[at] = null; // items that due schedules for this step go to a new list, handed out next round
            occupied[0] &= ~(1L << at);
            size -= list.size();
            if (!slotOrdered[at]) {
                list.sort(BY_SEQUENCE);
            }
            for (int i = 0; i < list.size(); i++) {
                due.accept(list.get(i).item);
            }
            list.clear();
            spare.add(list);
        }
    }

    /** Re-files the items of slot {@code slot} of {@code level}, which {@code now} has entered, one level down or more. */
    private void cascade(int level, int slot) {
        if ((occupied[level] & (1L << slot)) == 0) {
            return;
        }
        int at = level * SLOTS + slot;
        ArrayList<Entry<T>> list = slots[at];
        slots[at] = null;
        occupied[level] &= ~(1L << slot);
        for (int i = 0; i < list.size(); i++) {
            file(list.get(i));
        }
        list.clear();
        spare.add(list);
    }

    /** Calls {@code out} with every scheduled item and its step, earliest first (same step: scheduling order). */
    public void forEach(java.util.function.ObjLongConsumer<? super T> out) {
        ArrayList<Entry<T>> all = new ArrayList<>(size);
        for (ArrayList<Entry<T>> list : slots) {
            if (list != null) {
                all.addAll(list);
            }
        }
        all.sort((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
        for (Entry<T> e : all) {
            out.accept(e.item, e.due);
        }
    }
}
