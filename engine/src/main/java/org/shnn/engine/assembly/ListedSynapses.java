package org.shnn.engine.assembly;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.stream.LongStream;
import org.shnn.engine.network.SynapseList;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.SpecException;

/**
 * The synapses of a {@link Connector.FromList}, read where they lie (mapped {@code .npy}/{@code .npz} members, a
 * host's segment, an inline array) each time the list is opened: no heap array proportional to the list.
 * {@link #check} reads the whole list once at assembly time, in parallel chunks (lengths, indices in range and
 * whole, weights finite, delays of at least one step; and whether it is in CSR order, which spares the builder its
 * atomic cursors and row sorts), so the builder can trust every element.
 *
 * <p>Immutable; a {@link Reader} may be read from several threads at once.
 */
final class ListedSynapses implements SynapseList {

    private final String element;
    private final Connector.FromList list;
    private final double dt;
    private final double weightScale;
    private final long size;
    private final int minDelay;
    private final int maxDelay;
    private final boolean ordered;

    private ListedSynapses(String element, Connector.FromList list, double dt, double weightScale, long size,
            int minDelay, int maxDelay, boolean ordered) {
        this.element = element;
        this.list = list;
        this.dt = dt;
        this.weightScale = weightScale;
        this.size = size;
        this.minDelay = minDelay;
        this.maxDelay = maxDelay;
        this.ordered = ordered;
    }

    /** List positions per parallel chunk of the check. */
    private static final long CHUNK = 1 << 16;

    /**
     * Reads and checks {@code list} once.
     *
     * @param element the projection, for errors
     * @param preSize size of the pre population, {@code preLabel} its label
     * @param weightScale PyNN weight unit to the engine's
     * @param sign the sign every weight must have
     * @throws SpecException naming the projection and the field ({@code connector.post[17]}) of the first bad
     *     element, a missing file or a length mismatch
     */
    static ListedSynapses check(String element, Connector.FromList list, int preSize, String preLabel, int postSize,
            String postLabel, double dt, double weightScale, WeightSign sign) {
        try (Columns c = Columns.open(element, list)) {
            long n = c.pre.length();
            LongAccumulator firstBad = new LongAccumulator(Math::min, Long.MAX_VALUE);
            LongAccumulator maxDelay = new LongAccumulator(Math::max, 1);
            LongAccumulator minDelay = new LongAccumulator(Math::min, Short.MAX_VALUE);
            AtomicBoolean ordered = new AtomicBoolean(true);
            // in parallel chunks; a bad element is then reported by the sequential check of the first one
            LongStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(chunk -> {
                long from = chunk * CHUNK;
                long to = Math.min(n, from + CHUNK);
                long previous = from == 0 ? Long.MIN_VALUE : key(c, from - 1);
                boolean inOrder = true;
                long max = 1;
                long min = Short.MAX_VALUE;
                for (long k = from; k < to; k++) {
                    double s = c.pre.get(k);
                    double t = c.post.get(k);
                    if (!(s >= 0 && s < preSize && s == (int) s && t >= 0 && t < postSize && t == (int) t)
                            || !valid(c, k, dt, weightScale, sign)) {
                        firstBad.accumulate(k);
                        return;
                    }
                    long key = (long) s << 32 | (long) t;
                    inOrder &= key >= previous;
                    previous = key;
                    if (c.delays != null) {
                        int d = steps(c.delays.get(k), dt);
                        max = Math.max(max, d);
                        min = Math.min(min, d);
                    }
                }
                maxDelay.accumulate(max);
                minDelay.accumulate(min);
                if (!inOrder) {
                    ordered.set(false);
                }
            });
            if (firstBad.get() != Long.MAX_VALUE) {
                long k = firstBad.get();
                c.pre.index(k, preSize, preLabel);
                c.post.index(k, postSize, postLabel);
                if (c.weights != null && !Float.isFinite((float) (c.weights.finite(k) * weightScale))) {
                    double w = c.weights.get(k);
                    throw new SpecException(element, "connector.weights[" + k + "]", "expected a weight that fits a "
                            + "float in the engine's unit but found " + w);
                }
                if (c.weights != null) {
                    sign.check(element, "connector.weights[" + k + "]", c.weights.get(k));
                }
                double ms = c.delays.get(k);
                throw new SpecException(element, "connector.delays[" + k + "]", "expected a delay in [dt = " + dt + ", "
                        + Short.MAX_VALUE * dt + "] ms but found " + ms + " ms");
            }
            int min = c.delays == null || n == 0 ? 1 : (int) minDelay.get();
            return new ListedSynapses(element, list, dt, weightScale, n, min, (int) maxDelay.get(), ordered.get());
        }
    }

    /** Whether the weight and delay of element {@code k} are ones the builder can take (without messages). */
    private static boolean valid(Columns c, long k, double dt, double weightScale, WeightSign sign) {
        if (c.weights != null && (!Float.isFinite((float) (c.weights.get(k) * weightScale))
                || !sign.allows(c.weights.get(k)))) {
            return false;
        }
        if (c.delays != null) {
            double ms = c.delays.get(k);
            return ms >= dt * (1 - 1e-9) && Math.round(ms / dt) <= Short.MAX_VALUE;
        }
        return true;
    }

    /** The CSR order key of element {@code k} (source, then target). */
    private static long key(Columns c, long k) {
        return (long) c.pre.get(k) << 32 | (long) c.post.get(k);
    }

    private static int steps(double ms, double dt) {
        return (int) Math.max(1, Math.round(ms / dt));
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean hasWeights() {
        return list.weights() != null;
    }

    @Override
    public boolean hasDelays() {
        return list.delays() != null;
    }

    @Override
    public int maxDelaySteps() {
        return maxDelay;
    }

    @Override
    public int minDelaySteps() {
        return minDelay;
    }

    @Override
    public boolean ordered() {
        return ordered;
    }

    @Override
    public Reader open() {
        Columns c = Columns.open(element, list);
        if (c.pre.length() != size) {
            c.close();
            throw new IllegalStateException(element + ": the synapse list changed since it was checked: " + size
                    + " synapses then, " + c.pre.length() + " now");
        }
        return new Reader() {
            @Override
            public int source(long k) {
                return (int) c.pre.get(k);
            }

            @Override
            public int target(long k) {
                return (int) c.post.get(k);
            }

            @Override
            public float weight(long k) {
                return (float) (c.weights.get(k) * weightScale);
            }

            @Override
            public int delaySteps(long k) {
                return steps(c.delays.get(k), dt);
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }

    @Override
    public String toString() {
        return "ListedSynapses[" + element + ", " + size + "]";
    }

    /** The opened arrays of a list, closed together. */
    private static final class Columns implements AutoCloseable {
        final ArrayReader.Column pre;
        final ArrayReader.Column post;
        final ArrayReader.Column weights;
        final ArrayReader.Column delays;

        private Columns(ArrayReader.Column pre, ArrayReader.Column post, ArrayReader.Column weights,
                ArrayReader.Column delays) {
            this.pre = pre;
            this.post = post;
            this.weights = weights;
            this.delays = delays;
        }

        static Columns open(String element, Connector.FromList l) {
            ArrayReader r = ArrayReader.INSTANCE;
            ArrayReader.Column pre = r.open(element, "connector.pre", l.pre());
            ArrayReader.Column post = null;
            ArrayReader.Column w = null;
            ArrayReader.Column d = null;
            try {
                post = opened(element, "connector.post", l.post(), pre.length());
                w = l.weights() == null ? null : opened(element, "connector.weights", l.weights(), pre.length());
                d = l.delays() == null ? null : opened(element, "connector.delays", l.delays(), pre.length());
                return new Columns(pre, post, w, d);
            } catch (RuntimeException e) {
                for (ArrayReader.Column c : new ArrayReader.Column[] {pre, post, w, d}) {
                    if (c != null) {
                        c.close();
                    }
                }
                throw e;
            }
        }

        private static ArrayReader.Column opened(String element, String field, ArrayRef ref, long n) {
            ArrayReader.Column c = ArrayReader.INSTANCE.open(element, field, ref);
            if (c.length() != n) {
                c.close();
                throw new SpecException(element, field, "expected " + n + " values (as many as connector.pre) but found "
                        + c.length());
            }
            return c;
        }

        @Override
        public void close() {
            pre.close();
            post.close();
            if (weights != null) {
                weights.close();
            }
            if (delays != null) {
                delays.close();
            }
        }
    }
}
