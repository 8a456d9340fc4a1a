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
 * agree at every point. Seeded; the seed is printed to replay a failure.
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
