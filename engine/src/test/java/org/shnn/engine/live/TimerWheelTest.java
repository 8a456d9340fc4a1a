package org.shnn.engine.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The wheel against a brute-force priority queue ordered by (step, scheduling order): random schedules whose
 * distances span every level (so items cascade through several levels before they are due), items scheduled
 * from inside the hand-out, and random advances; the handed-out sequence, {@code nextDue} and {@code size} must
 * agree at every point; and many items at random steps against a list sorted by step (a stable sort keeps
 * scheduling order within a step), with the items a hand-out schedules, near and far, folded into the reference.
 * Seeded; the seed is printed to replay a failure.
 */
class TimerWheelTest {

    private record Item(long due, long seq) {
    }

    @Test
    void agreesWithPriorityQueueOnRandomSchedules() {
        long seed = Long.getLong("shnn.test.seed", System.nanoTime());
        System.out.println("TimerWheelTest seed: -Dshnn.test.seed=" + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            long start = r.nextInt(4) == 0 ? 0 : r.nextLong(1L << 40);
            runRound(r, start);
        }
    }

    private static long distance(SplittableRandom r) {
        int bits = r.nextInt(0, 42); // 0 .. 2^41: levels 0 to 6
        return bits == 0 ? 0 : r.nextLong(1L << bits);
    }

    private static void runRound(SplittableRandom r, long start) {
        TimerWheel<Item> wheel = new TimerWheel<>(start);
        PriorityQueue<Item> queue = new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due)
                : Long.compare(a.seq, b.seq));
        long[] seq = {0};
        List<Item> got = new ArrayList<>();
        for (int op = 0; op < 300; op++) {
            if (r.nextInt(3) == 0) {
                long due = wheel.now() + distance(r);
                Item it = new Item(due, seq[0]++);
                wheel.schedule(due, it);
                queue.add(it);
            } else {
                long next = wheel.nextDue();
                assertEquals(queue.isEmpty() ? Long.MAX_VALUE : queue.peek().due, next, "nextDue");
                long to = next == Long.MAX_VALUE ? wheel.now() + distance(r)
                        : r.nextBoolean() ? next : wheel.now() + r.nextLong(next - wheel.now() + 1);
                got.clear();
                boolean reschedule = r.nextInt(4) == 0;
                wheel.advanceTo(to, it -> {
                    got.add(it);
                    if (reschedule && it.seq % 2 == 0) { // an item that schedules another for the same step
                        Item again = new Item(it.due, seq[0]++);
                        queue.add(again);
                        wheel.schedule(it.due, again);
                    }
                });
                List<Item> expected = new ArrayList<>();
                while (!queue.isEmpty() && queue.peek().due <= to) {
                    expected.add(queue.poll());
                }
                assertEquals(expected, got, "items handed out at step " + to);
                assertEquals(to, wheel.now());
            }
            assertEquals(queue.size(), wheel.size(), "size");
        }
        List<Item> rest = new ArrayList<>();
        wheel.forEach((it, due) -> rest.add(it));
        List<Item> expected = new ArrayList<>();
        while (!queue.isEmpty()) {
            expected.add(queue.poll());
        }
        assertEquals(expected, rest, "forEach");
    }

    @Test
    void manyItemsAtRandomStepsComeOutInTheOrderOfAStableSortByStep() {
        long seed = Long.getLong("shnn.test.seed", System.nanoTime());
        System.out.println("TimerWheelTest many items seed: -Dshnn.test.seed=" + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 20; round++) {
            long start = r.nextBoolean() ? 0 : r.nextLong(1L << 40);
            TimerWheel<Item> wheel = new TimerWheel<>(start);
            List<Item> reference = new ArrayList<>();
            long[] seq = {0};
            int span = 1 << r.nextInt(4, 20); // steps 0 .. 2^19 ahead: levels 0 to 3, many items per step
            for (int i = 0; i < 20_000; i++) {
                Item it = new Item(start + r.nextInt(span), seq[0]++);
                wheel.schedule(it.due, it);
                reference.add(it);
            }
            List<Item> got = new ArrayList<>();
            long next;
            while ((next = wheel.nextDue()) != Long.MAX_VALUE) {
                wheel.advanceTo(next, it -> {
                    got.add(it);
                    if (it.seq % 7 == 0 && seq[0] < 30_000) { // a periodic task: same step, near or far ahead
                        long ahead = it.seq % 3 == 0 ? 0 : it.seq % 3 == 1 ? 1 + r.nextInt(64) : r.nextInt(1 << 20);
                        Item again = new Item(it.due + ahead, seq[0]++);
                        reference.add(again);
                        wheel.schedule(again.due, again);
                    }
                });
            }
            reference.sort((a, b) -> Long.compare(a.due, b.due)); // stable: scheduling order within a step
            assertEquals(reference.size(), got.size(), "items handed out, round " + round);
            for (int i = 0; i < got.size(); i++) {
                assertEquals(reference.get(i), got.get(i), "item " + i + " of round " + round);
            }
            assertEquals(0, wheel.size());
        }
    }

    @Test
    void refusesThePastAndPassingAnItem() {
        TimerWheel<String> w = new TimerWheel<>(100);
        assertThrows(IllegalArgumentException.class, () -> w.schedule(99, "x"));
        w.schedule(5000, "a");
        assertThrows(IllegalArgumentException.class, () -> w.advanceTo(5001, it -> { }));
        List<String> got = new ArrayList<>();
        w.advanceTo(4999, got::add);
        assertEquals(List.of(), got);
        w.advanceTo(5000, got::add);
        assertEquals(List.of("a"), got);
    }
}
