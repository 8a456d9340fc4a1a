package org.shnn.engine.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link HeldSpikes} against a plain list kept in order by a stable sort on the step (Java's {@code List.sort} is
 * stable): the same spikes leave at each step, in the order they were added, however adds and takes interleave.
 */
class HeldSpikesTest {

    private record Spike(long step, int neuron) {
    }

    @Test
    void spikesLeaveByStepThenInTheOrderTheyCameAsAStableSortOrdersThem() {
        SplittableRandom rng = new SplittableRandom(18);
        HeldSpikes heap = new HeldSpikes(4096);
        List<Spike> reference = new ArrayList<>();
        int neuron = 0;
        int most = 0;
        for (long now = 0; now < 3000; now++) {
            int adds = rng.nextInt(4); // a few a step, for steps near and far, many sharing a step
            for (int a = 0; a < adds && heap.size() < 4096; a++) {
                long step = now + 1 + (rng.nextInt(2) == 0 ? rng.nextInt(4000) : rng.nextInt(6));
                heap.add(step, neuron);
                reference.add(new Spike(step, neuron++));
            }
            reference.sort(Comparator.comparingLong(Spike::step)); // stable: ties keep the order added
            if (now % 500 == 0) { // the order a checkpoint writes
                int[] order = heap.inOrder();
                assertEquals(reference.size(), order.length);
                for (int i = 0; i < order.length; i++) {
                    assertEquals(reference.get(i), new Spike(heap.step(order[i]), heap.neuron(order[i])), "position " + i);
                }
            }
            List<Integer> expected = new ArrayList<>();
            while (!reference.isEmpty() && reference.getFirst().step() <= now) {
                expected.add(reference.removeFirst().neuron());
            }
            List<Integer> got = new ArrayList<>();
            while (heap.due(now)) {
                got.add(heap.take());
            }
            assertEquals(expected, got, "step " + now);
            assertEquals(reference.size(), heap.size());
            most = Math.max(most, heap.size() + got.size());
        }
        assertTrue(neuron > 4000, "the test added " + neuron);
        assertTrue(most > HeldSpikes.INITIAL, "the arrays grew: " + most + " held at once");
    }

    @Test
    void aFullHeapRefusesAndAClearedOneIsEmpty() {
        HeldSpikes heap = new HeldSpikes(2);
        heap.add(5, 1);
        heap.add(3, 2);
        assertThrows(IllegalStateException.class, () -> heap.add(4, 3));
        assertArrayEquals(new int[] {2, 1}, java.util.Arrays.stream(heap.inOrder()).map(heap::neuron).toArray());
        heap.clear();
        assertEquals(0, heap.size());
        assertFalse(heap.due(Long.MAX_VALUE));
        assertArrayEquals(new int[0], heap.inOrder());
    }
}
