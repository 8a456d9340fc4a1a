package org.shnn.engine.assembly;

import org.shnn.engine.network.SynapseList;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.Connector;
import org.shnn.engine.spec.SpecException;

/**
 * The synapses of a {@link Connector.FromList}, read where they lie (mapped {@code .npy}/{@code .npz} members, a
 * host's segment, an inline array) each time the list is opened: no heap array proportional to the list.
 * {@link #check} reads the whole list once at assembly time (lengths, indices in range and whole, weights finite,
 * delays of at least one step), so the builder can trust every element.
 *
 * <p>Immutable; a {@link Reader} may be read from several threads at once.
 */
final class ListedSynapses implements SynapseList {

    private final String element;
    private final Connector.FromList list;
    private final double dt;
    private final double weightScale;
    private final long size;
    private final int maxDelay;

    private ListedSynapses(String element, Connector.FromList list, double dt, double weightScale, long size,
            int maxDelay) {
        this.element = element;
        this.list = list;
        this.dt = dt;
        this.weightScale = weightScale;
        this.size = size;
        this.maxDelay = maxDelay;
    }

    /**
     * Reads and checks {@code list} once.
     *
     * @param element the projection, for errors
     * @param preSize size of the pre population, {@code preLabel} its label
     * @param weightScale PyNN weight unit to the engine's
     * @throws SpecException naming the projection and the field ({@code connector.post[17]}) of the first bad
     *     element, a missing file or a length mismatch
     */
    static ListedSynapses check(String element, Connector.FromList list, int preSize, String preLabel, int postSize,
            String postLabel, double dt, double weightScale) {
        try (Columns c = Columns.open(element, list)) {
            long n = c.pre.length();
            for (long k = 0; k < n; k++) {
                c.pre.index(k, preSize, preLabel);
                c.post.index(k, postSize, postLabel);
            }
            if (c.weights != null) {
                for (long k = 0; k < n; k++) {
                    double w = c.weights.finite(k) * weightScale;
                    if (!Float.isFinite((float) w)) {
                        throw new SpecException(element, "connector.weights[" + k + "]", "expected a weight that fits a "
                                + "float in the engine's unit but found " + c.weights.get(k));
                    }
                }
            }
            int max = 1;
            if (c.delays != null) {
                for (long k = 0; k < n; k++) {
                    double ms = c.delays.get(k);
                    if (!(ms >= dt * (1 - 1e-9)) || Math.round(ms / dt) > Short.MAX_VALUE) {
                        throw new SpecException(element, "connector.delays[" + k + "]", "expected a delay in [dt = " + dt
                                + ", " + Short.MAX_VALUE * dt + "] ms but found " + ms + " ms");
                    }
                    max = Math.max(max, steps(ms, dt));
                }
            }
            return new ListedSynapses(element, list, dt, weightScale, n, max);
        }
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
