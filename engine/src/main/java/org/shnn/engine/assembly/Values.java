package org.shnn.engine.assembly;

import org.shnn.engine.network.InitialValue;
import org.shnn.engine.random.CounterRng;
import org.shnn.engine.random.Distributions;
import org.shnn.engine.random.RngPurpose;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.Distribution;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.Value;

/**
 * Per-neuron values of a description ({@link Value}) as the engine takes them: a parameter resolves to one scalar
 * when every neuron has the same value (a constant, an all-equal array, a distribution of one point) and to one
 * value per neuron otherwise; an initial value maps to an {@link InitialValue} (constants, uniform and normal draws
 * exactly as a hand-built network writes them, so their random streams are the same).
 *
 * <p>Thread-safety: stateless.
 */
final class Values {

    private Values() {
    }

    /**
     * The values of a parameter: a one-element array when every neuron has the same value, else one per neuron.
     * Random draws come from the stream of (population, parameter position, neuron).
     *
     * @throws SpecException naming element and field on sequences, a wrong array length or a non-finite value
     */
    static double[] parameter(String element, String field, Value v, int size, int population, int position, long seed) {
        return switch (v) {
            case Value.Constant c -> new double[] {c.value()};
            case Value.Array a -> collapse(read(element, field, a.values(), size, 1.0));
            case Value.Random r -> {
                Distribution d = r.distribution();
                if (Distributions.lowest(d) == Distributions.highest(d)) {
                    yield new double[] {Distributions.lowest(d)};
                }
                checkDrawable(element, field, d);
                CounterRng rng = new CounterRng(seed);
                int purpose = RngPurpose.parameter(population, position);
                double[] out = new double[size];
                for (int i = 0; i < size; i++) {
                    out[i] = Distributions.sample(d, rng.reset(purpose, i, 0));
                }
                yield collapse(out);
            }
            case Value.Sequences s -> throw new SpecException(element, field,
                    "expected a constant, an array or a distribution but found sequences");
        };
    }

    /**
     * The initial value of a state column, {@code scale} converting the PyNN unit to the column's.
     *
     * @throws SpecException naming element and field on sequences, a wrong array length or a non-finite value
     */
    static InitialValue initial(String element, String field, Value v, int size, double scale) {
        return switch (v) {
            case Value.Constant c -> {
                fitsFloat(element, field, "a value", c.value(), scale);
                yield new InitialValue.Constant(c.value() * scale);
            }
            case Value.Array a -> new InitialValue.Values(read(element, field, a.values(), size, scale));
            case Value.Random r -> {
                checkDrawable(element, field, r.distribution());
                checkFitsFloat(element, field, r.distribution(), scale);
                yield switch (scaled(r.distribution(), scale)) {
                    case Distribution.Uniform u -> new InitialValue.Uniform(u.low(), u.high());
                    case Distribution.Normal n -> new InitialValue.Normal(n.mu(), n.sigma());
                    case Distribution d -> new InitialValue.Drawn(d);
                };
            }
            case Value.Sequences s -> throw new SpecException(element, field,
                    "expected a constant, an array or a distribution but found sequences");
        };
    }

    /** {@code d} of a quantity multiplied by {@code s > 0}. */
    static Distribution scaled(Distribution d, double s) {
        if (s == 1.0) {
            return d;
        }
        return switch (d) {
            case Distribution.Uniform u -> new Distribution.Uniform(u.low() * s, u.high() * s);
            case Distribution.Normal n -> new Distribution.Normal(n.mu() * s, n.sigma() * s);
            case Distribution.NormalClipped c -> new Distribution.NormalClipped(c.mu() * s, c.sigma() * s, c.low() * s,
                    c.high() * s);
            case Distribution.Exponential e -> new Distribution.Exponential(e.beta() * s);
            case Distribution.LogNormal l -> new Distribution.LogNormal(l.mu() + Math.log(s), l.sigma());
        };
    }

    /**
     * {@code value * scale} (the unit factor to the engine's) as the {@code float} the engine stores.
     *
     * @param what what the value is, for the message: "a weight", "a value"
     * @throws SpecException naming {@code element} and {@code field} if it does not fit one (it would be infinite)
     */
    static float fitsFloat(String element, String field, String what, double value, double scale) {
        float f = (float) (value * scale);
        if (!Float.isFinite(f)) {
            throw new SpecException(element, field, "expected " + what + " that fits a float in the engine's unit (at"
                    + " most " + Float.MAX_VALUE / scale + " in magnitude) but found " + value);
        }
        return f;
    }

    /**
     * @throws SpecException naming {@code element} and {@code field} if a draw of {@code d} times {@code scale} (the
     *     unit factor to the engine's) could exceed a {@code float}, as which the engine stores it (it would become
     *     infinite)
     */
    static void checkFitsFloat(String element, String field, Distribution d, double scale) {
        double largest = Distributions.largestMagnitude(d) * scale;
        if (!(largest <= Float.MAX_VALUE)) {
            throw new SpecException(element, field, "expected a distribution whose draws fit a float in the engine's"
                    + " unit (at most " + Float.MAX_VALUE / scale + " in magnitude) but found " + d + ", which draws up to "
                    + largest / scale);
        }
    }

    /** @throws SpecException if a normal_clipped range is so far in the tail that redrawing would not end */
    static void checkDrawable(String element, String field, Distribution d) {
        if (d instanceof Distribution.NormalClipped c && Distributions.clippedMass(c) < Distributions.MIN_CLIPPED_MASS) {
            throw new SpecException(element, field, "expected normal_clipped bounds holding at least "
                    + Distributions.MIN_CLIPPED_MASS + " of the probability but found " + Distributions.clippedMass(c)
                    + " in [" + c.low() + ", " + c.high() + "] for mu " + c.mu() + ", sigma " + c.sigma());
        }
    }

    /** All {@code size} values of an array, finite, times {@code scale}. */
    static double[] read(String element, String field, ArrayRef ref, int size, double scale) {
        try (ArrayReader.Column c = ArrayReader.INSTANCE.open(element, field, ref)) {
            if (c.length() != size) {
                throw new SpecException(element, field, "expected " + size + " values (one per neuron) but found "
                        + c.length());
            }
            double[] out = new double[size];
            for (int i = 0; i < size; i++) {
                out[i] = c.finite(i) * scale;
            }
            return out;
        }
    }

    private static double[] collapse(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (Double.compare(v[i], v[0]) != 0) {
                return v;
            }
        }
        return v.length == 0 ? v : new double[] {v[0]};
    }
}
