package org.shnn.engine.assembly;

import org.shnn.engine.random.Distributions;
import org.shnn.engine.spec.CellType;
import org.shnn.engine.spec.Distribution;
import org.shnn.engine.spec.SpecException;

/**
 * PyNN's sign rule for the weights onto receptor {@code receptor} of cells of type {@code post}
 * ({@code pyNN.standardmodels.check_weights}, which every PyNN backend applies when it connects): {@code >= 0} onto a
 * conductance-based or an excitatory receptor, {@code <= 0} onto a current-based inhibitory one. A weight of the
 * wrong sign is no error of arithmetic: a negative conductance pulls the membrane away from its reversal potential, a
 * positive weight onto a current-based inhibitory receptor depolarises, and the run goes on with another network than
 * the one meant. So a description that breaks the rule is refused where it says so, from every host (file, Java, C,
 * Python, PyNN). A distribution keeps to the rule by its support, so the refusal comes before the build and does not
 * depend on the network's size or the ranks: PyNN refuses a draw of the wrong sign once drawn, and a normal
 * distribution can draw either unless its mean is beyond the generator's largest deviate (PyNN users clip it:
 * {@code normal_clipped} with {@code low} 0 draws the same weights except the few it redraws).
 *
 * <p>Thread-safe (immutable).
 *
 * @param post the target population's cell type (a neuron model), or null for {@link #NONE}
 * @param receptor the receptor index ({@link CellType#RECEPTORS})
 */
record WeightSign(CellType post, int receptor) {

    /** No rule: a projection whose connector is not {@code safe} (PyNN's opt-out). */
    static final WeightSign NONE = new WeightSign(null, -1);

    /** Whether weights must be {@code >= 0} (else {@code <= 0}). */
    boolean nonNegative() {
        return post != null && (post.conductanceBased() || receptor == 0);
    }

    /** Whether {@code w} keeps the rule (NaN does: finiteness is checked where a weight is read). */
    boolean allows(double w) {
        return post == null || (nonNegative() ? !(w < 0) : !(w > 0));
    }

    /** @throws SpecException naming {@code element}, {@code field}, the rule and {@code w} if {@code w} breaks it */
    void check(String element, String field, double w) {
        if (!allows(w)) {
            throw new SpecException(element, field, "expected a weight " + bound() + " (" + why() + ") but found " + w);
        }
    }

    /**
     * @throws SpecException naming {@code element}, {@code field}, the rule and {@code d} if {@code d} can draw a weight
     *     that breaks it: by its support, a normal distribution's being {@code mu} within
     *     {@link Distributions#GAUSSIAN_MAX} standard deviations (the generator's largest deviate)
     */
    void check(String element, String field, Distribution d) {
        double edge = nonNegative() ? Distributions.lowest(d) : Distributions.highest(d);
        if (!allows(edge)) {
            String side = nonNegative() ? "low" : "high";
            throw new SpecException(element, field, "expected a distribution of weights all " + bound() + " (" + why()
                    + ") but found " + d + ", which draws " + (Double.isInfinite(edge) ? "weights " + (nonNegative()
                    ? "< 0" : "> 0") : edge) + (d instanceof Distribution.Normal ? " (a normal draw reaches "
                    + String.format(java.util.Locale.ROOT, "%.2f", Distributions.GAUSSIAN_MAX) + " standard deviations;"
                    + " normal_clipped with " + side + " 0 redraws those few and draws every other weight the same)"
                    : ""));
        }
    }

    private String bound() {
        return nonNegative() ? ">= 0" : "<= 0";
    }

    private String why() {
        return (post.conductanceBased() ? "a conductance onto the " : "onto the current-based ")
                + CellType.RECEPTORS.get(receptor) + " receptor of " + post.pynnName() + ", as PyNN requires";
    }
}
