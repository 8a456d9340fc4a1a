package org.shnn.engine.run;

import java.util.Arrays;
import java.util.Objects;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * Reads and sets the weights and delays of a simulation's projections between runs (PyNN's
 * {@code Projection.get} / {@code Projection.set}), as lists or as dense arrays with NaN for absent connections.
 *
 * <p>Units are the engine's: weights in the target receptor's unit (nS for conductance, pA for current-based, mV
 * for delta synapses; the hosts convert PyNN's uS and nA), delays in whole steps of dt. The list order is the CSR
 * order: by presynaptic neuron, then by postsynaptic neuron; several synapses between one pair (multapses) are
 * adjacent. Indices are within the source and target populations.
 *
 * <p>What a set changes: the projection's CSR matrix. A constant weight or delay stored in its header becomes a
 * per-synapse array in the simulation's memory the first time a set needs one, and a part mapped read-only from a
 * checkpoint is copied first (the file is not changed); either way the matrix is part of the state, so a saved
 * simulation resumes with the set values bit for bit. Weights set on a plastic projection (STDP, homeostasis)
 * are also its weights at t = 0 for {@link Simulation#reset()} (PyNN: {@code reset()} does not change
 * parameters set by {@code set}). Delays must lie in [{@code shortest delay of the description},
 * {@code ring depth - 1}] steps: the delay rings were sized by the description's longest delay and the worker
 * threads exchange spikes once per shortest delay ({@link Simulation#stepsPerPhase()}), so a shorter or longer
 * delay is refused, naming both bounds.
 *
 * <p>Thread-safety: controlling thread, between runs, like every {@link Simulation} call. Stateless.
 */
public final class Synapses {

    private Synapses() {
    }

    /**
     * Every synapse of one projection.
     *
     * @param pre source neuron index within the source population, per synapse
     * @param post target neuron index within the target population, per synapse
     * @param weights weight per synapse (receptor unit)
     * @param delays delay per synapse (steps)
     */
    public record Table(int[] pre, int[] post, float[] weights, int[] delays) {

        /** Synapses in the table. */
        public int size() {
            return pre.length;
        }
    }

    /** A per-synapse attribute. */
    public enum Field {
        /** The weight (receptor unit). */
        WEIGHT,
        /** The delay (steps). */
        DELAY
    }

    /** How a dense array shows several synapses between one pair (PyNN's {@code multiple_synapses}). */
    public enum Multiple {
        /** The sum of their values. */
        SUM,
        /** The smallest value. */
        MIN,
        /** The largest value. */
        MAX,
        /** The value of the first in list order. */
        FIRST,
        /** The value of the last in list order. */
        LAST
    }

    /**
     * The synapses of projection {@code projection} as they are now (after any plasticity), in list order.
     *
     * @throws IllegalArgumentException if there is no such projection or it has 2^31 synapses or more
     * @throws IllegalStateException if the simulation is closed or poisoned
     */
    public static Table table(Simulation sim, int projection) {
        CsrMatrix c = matrix(sim, projection);
        int n = count(sim, projection, c);
        int[] pre = new int[n];
        int[] post = new int[n];
        float[] w = new float[n];
        int[] d = new int[n];
        int k = 0;
        for (int row = 0; row < c.rows(); row++) {
            for (long e = c.rowStart(row), end = e + c.rowLength(row); e < end; e++, k++) {
                pre[k] = row;
                post[k] = c.target(e);
                w[k] = c.weight(e);
                d[k] = c.delay(e);
            }
        }
        return new Table(pre, post, w, d);
    }

    /**
     * One attribute of projection {@code projection} as a dense {@code [source size][target size]} array: NaN
     * where there is no synapse, several synapses between one pair combined by {@code multiple}.
     *
     * @throws IllegalArgumentException if there is no such projection
     */
    public static double[][] dense(Simulation sim, int projection, Field field, Multiple multiple) {
        CsrMatrix c = matrix(sim, projection);
        double[][] out = new double[c.rows()][c.columns()];
        for (int row = 0; row < c.rows(); row++) {
            double[] r = out[row];
            Arrays.fill(r, Double.NaN);
            for (long e = c.rowStart(row), end = e + c.rowLength(row); e < end; e++) {
                int q = c.target(e);
                double v = field == Field.WEIGHT ? c.weight(e) : c.delay(e);
                double old = r[q];
                r[q] = Double.isNaN(old) ? v : switch (multiple) {
                    case SUM -> old + v;
                    case MIN -> Math.min(old, v);
                    case MAX -> Math.max(old, v);
                    case FIRST -> old;
                    case LAST -> v;
                };
            }
        }
        return out;
    }

    /** Sets every synapse's weight of projection {@code projection} to {@code weight}. */
    public static void setWeight(Simulation sim, int projection, float weight) {
        CsrMatrix c = matrix(sim, projection);
        float[] w = new float[count(sim, projection, c)];
        Arrays.fill(w, weight);
        setWeights(sim, projection, w);
    }

    /**
     * Sets the weights of projection {@code projection}, one per synapse in list order ({@link #table}).
     *
     * @throws IllegalArgumentException naming the projection, the index and the value if the length differs from
     *     the synapse count or a weight is not finite; nothing is changed then
     */
    public static void setWeights(Simulation sim, int projection, float[] weights) {
        CsrMatrix c = matrix(sim, projection);
        int n = count(sim, projection, c);
        if (weights.length != n) {
            throw new IllegalArgumentException(name(sim, projection) + ": weights has " + weights.length
                    + " values; expected one per synapse, " + n);
        }
        for (int k = 0; k < n; k++) {
            if (!Float.isFinite(weights[k])) {
                throw new IllegalArgumentException(name(sim, projection) + ": weights[" + k + "] = " + weights[k]
                        + "; expected a finite weight");
            }
        }
        CsrMatrix m = c.withWeightArray(sim.memory());
        int k = 0;
        for (int row = 0; row < m.rows(); row++) {
            for (long e = m.rowStart(row), end = e + m.rowLength(row); e < end; e++) {
                m.setWeight(e, weights[k++]);
            }
        }
        if (m != c) {
            sim.edits().replaceSynapses(projection, m);
        }
        sim.edits().weightsSet(projection);
    }

    /**
     * Sets the weights of projection {@code projection} from a dense {@code [source size][target size]} array:
     * each synapse takes the value at its (pre, post); values where there is no synapse are ignored (PyNN's
     * {@code set} with an array; NaN there is the usual filler); several synapses between one pair all take it.
     *
     * @throws IllegalArgumentException if the shape differs, or a synapse's value is NaN or not finite
     */
    public static void setWeights(Simulation sim, int projection, double[][] dense) {
        float[] w = fromDense(sim, projection, Field.WEIGHT, dense);
        setWeights(sim, projection, w);
    }

    /** Sets every synapse's delay (steps) of projection {@code projection}; bounds as {@link #setDelays(Simulation, int, int[])}. */
    public static void setDelay(Simulation sim, int projection, int delay) {
        CsrMatrix c = matrix(sim, projection);
        int[] d = new int[count(sim, projection, c)];
        Arrays.fill(d, delay);
        setDelays(sim, projection, d);
    }

    /**
     * Sets the delays (steps) of projection {@code projection}, one per synapse in list order ({@link #table}).
     *
     * @throws IllegalArgumentException naming the projection, the index, the value and the bounds if the length
     *     differs from the synapse count or a delay is outside [shortest delay of the description, ring depth - 1]
     *     (see the class comment); nothing is changed then
     */
    public static void setDelays(Simulation sim, int projection, int[] delays) {
        CsrMatrix c = matrix(sim, projection);
        int n = count(sim, projection, c);
        if (delays.length != n) {
            throw new IllegalArgumentException(name(sim, projection) + ": delays has " + delays.length
                    + " values; expected one per synapse, " + n);
        }
        int lo = Math.min(sim.minDelaySteps(), sim.ringSlots() - 1);
        int hi = sim.ringSlots() - 1;
        for (int k = 0; k < n; k++) {
            if (delays[k] < lo || delays[k] > hi) {
                throw new IllegalArgumentException(name(sim, projection) + ": delays[" + k + "] = " + delays[k]
                        + " steps (" + delays[k] * sim.network().dt() + " ms); expected [" + lo + ", " + hi
                        + "] steps: at least the description's shortest delay (the spike exchange interval) and at"
                        + " most its longest (the delay rings' depth)");
            }
        }
        CsrMatrix m = c.withDelayArray(Math.max(hi, c.maxDelay()), sim.memory());
        int k = 0;
        for (int row = 0; row < m.rows(); row++) {
            for (long e = m.rowStart(row), end = e + m.rowLength(row); e < end; e++) {
                m.setDelay(e, delays[k++]);
            }
        }
        if (m != c) {
            sim.edits().replaceSynapses(projection, m);
        }
    }

    /**
     * Sets the delays (steps) of projection {@code projection} from a dense array, as
     * {@link #setWeights(Simulation, int, double[][])} does for weights; each value must be a whole number of steps.
     */
    public static void setDelays(Simulation sim, int projection, double[][] denseSteps) {
        float[] d = fromDense(sim, projection, Field.DELAY, denseSteps);
        int[] steps = new int[d.length];
        for (int k = 0; k < d.length; k++) {
            steps[k] = (int) d[k];
        }
        setDelays(sim, projection, steps);
    }

    /**
     * Sets the weights and delays of listed connections of projection {@code projection}: connection {@code k}
     * is (pre[k], post[k]); every synapse between that pair takes {@code weights[k]} (if weights is not null) and
     * {@code delays[k]} steps (if delays is not null). Unlisted synapses keep their values.
     *
     * @throws IllegalArgumentException if the arrays differ in length, or a listed pair has no synapse, or a
     *     value is out of bounds (as for the list setters); nothing is changed then
     */
    public static void set(Simulation sim, int projection, int[] pre, int[] post, float[] weights, int[] delays) {
        Table t = table(sim, projection);
        int n = pre.length;
        if (post.length != n || (weights != null && weights.length != n) || (delays != null && delays.length != n)) {
            throw new IllegalArgumentException(name(sim, projection) + ": pre has " + n + " values, post " + post.length
                    + (weights == null ? "" : ", weights " + weights.length)
                    + (delays == null ? "" : ", delays " + delays.length) + "; expected equal lengths");
        }
        CsrMatrix c = matrix(sim, projection);
        long[] base = new long[c.rows() + 1];
        for (int row = 0; row < c.rows(); row++) {
            base[row + 1] = base[row] + c.rowLength(row);
        }
        for (int k = 0; k < n; k++) {
            if (pre[k] < 0 || pre[k] >= c.rows() || post[k] < 0 || post[k] >= c.columns()) {
                throw new IllegalArgumentException(name(sim, projection) + ": connection " + k + " (" + pre[k] + ", "
                        + post[k] + ") is outside [0, " + c.rows() + ") x [0, " + c.columns() + ")");
            }
            long s = c.rowStart(pre[k]);
            long first = c.lowerBound(s, s + c.rowLength(pre[k]), post[k]);
            long end = c.lowerBound(s, s + c.rowLength(pre[k]), post[k] + 1);
            if (first == end) {
                throw new IllegalArgumentException(name(sim, projection) + ": connection " + k + " (" + pre[k] + ", "
                        + post[k] + ") has no synapse");
            }
            for (long e = first; e < end; e++) {
                int at = (int) (base[pre[k]] + (e - s));
                if (weights != null) {
                    t.weights()[at] = weights[k];
                }
                if (delays != null) {
                    t.delays()[at] = delays[k];
                }
            }
        }
        if (delays != null) {
            setDelays(sim, projection, t.delays()); // checks the bounds before anything changes
        }
        if (weights != null) {
            setWeights(sim, projection, t.weights());
        }
    }

    /** Per-synapse values in list order from a dense array (checked). */
    private static float[] fromDense(Simulation sim, int projection, Field field, double[][] dense) {
        CsrMatrix c = matrix(sim, projection);
        if (dense.length != c.rows()) {
            throw new IllegalArgumentException(name(sim, projection) + ": the dense " + field.name().toLowerCase()
                    + " array has " + dense.length + " rows; expected " + c.rows() + " (the source population)");
        }
        float[] out = new float[count(sim, projection, c)];
        int k = 0;
        for (int row = 0; row < c.rows(); row++) {
            double[] r = dense[row];
            if (r.length != c.columns()) {
                throw new IllegalArgumentException(name(sim, projection) + ": row " + row + " of the dense "
                        + field.name().toLowerCase() + " array has " + r.length + " columns; expected " + c.columns()
                        + " (the target population)");
            }
            for (long e = c.rowStart(row), end = e + c.rowLength(row); e < end; e++) {
                double v = r[c.target(e)];
                boolean ok = field == Field.WEIGHT ? Float.isFinite((float) v) : v == Math.rint(v) && Math.abs(v) < 1 << 20;
                if (!ok) {
                    throw new IllegalArgumentException(name(sim, projection) + ": " + field.name().toLowerCase() + "["
                            + row + "][" + c.target(e) + "] = " + v + " at a synapse; expected "
                            + (field == Field.WEIGHT ? "a finite weight" : "a whole number of steps"));
                }
                out[k++] = (float) v;
            }
        }
        return out;
    }

    private static CsrMatrix matrix(Simulation sim, int projection) {
        Objects.requireNonNull(sim, "sim");
        sim.checkUsable();
        int n = sim.network().projections().size();
        if (projection < 0 || projection >= n) {
            throw new IllegalArgumentException("projection " + projection + " of network '" + sim.network().name()
                    + "': expected an index in [0, " + n + ")");
        }
        if (sim.ranks().size() > 1) {
            throw new IllegalStateException(name(sim, projection) + ": on " + sim.ranks().size() + " ranks ("
                    + sim.ranks().describe() + ") each rank holds only the synapses onto its own neurons; reading or"
                    + " setting a projection's synapses is supported in one process only");
        }
        return sim.synapses(projection);
    }

    private static int count(Simulation sim, int projection, CsrMatrix c) {
        if (c.synapseCount() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name(sim, projection) + " has " + c.synapseCount()
                    + " synapses; lists and arrays hold fewer than 2^31");
        }
        return (int) c.synapseCount();
    }

    /** How errors name projection {@code i}: its description's label when there is one. */
    static String name(Simulation sim, int i) {
        NetworkSpec spec = sim.network().spec();
        return spec != null && i < spec.projections().size() ? spec.projections().get(i).element()
                : "projection " + i + " of network '" + sim.network().name() + "'";
    }
}
