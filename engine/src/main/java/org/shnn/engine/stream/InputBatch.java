package org.shnn.engine.stream;

import org.shnn.engine.run.StepContext;

/**
 * The input spikes one step's hook call delivers: filled by one thread (range 0's hook call of the step
 * before), then read by every worker, each delivering the spikes to the neurons it owns, in batch order,
 * so the float sums in the delay ring are the same for any thread count. Sized once; never grows.
 *
 * <p>Thread-safety: plain fields, written by one hook call and read in the next step's hook calls; the
 * engine's phases order the two (a worker's writes in phase {@code i} happen-before every read in phase
 * {@code i + 1}, see {@code StepPhaser}), and a batch is written again only after those reads (double
 * buffering by step parity in {@link LiveInput}).
 */
final class InputBatch {

    /** The hook step whose calls deliver this batch (arrival step {@code step + 1}), or -1. */
    long step = -1;
    int size;
    final int[] populations;
    final int[] locals;
    final int[] globals;
    /** Steps the spike arrives after the step it was stamped for (0: on time). */
    final int[] lateSteps;

    InputBatch(int capacity) {
        populations = new int[capacity];
        locals = new int[capacity];
        globals = new int[capacity];
        lateSteps = new int[capacity];
    }

    void reset(long hookStep) {
        step = hookStep;
        size = 0;
    }

    void add(int population, int local, int global, int late) {
        populations[size] = population;
        locals[size] = local;
        globals[size] = global;
        lateSteps[size] = late;
        size++;
    }

    /** Delivers the spikes to the calling worker's neurons at step {@code context.step() + 1}. */
    void deliver(StepContext context, int receptor, float weight) {
        int from = context.from();
        int to = context.to();
        long arrival = context.step() + 1;
        for (int i = 0; i < size; i++) {
            int g = globals[i];
            if (g >= from && g < to) {
                context.deliver(populations[i], receptor, arrival, locals[i], weight);
            }
        }
    }
}
