package org.shnn.engine.neuron;

/**
 * Whether the neuron models run their vectorised kernels ({@link Lanes}, the incubating Vector API of
 * {@code jdk.incubator.vector}) or their scalar loops. The two compute the same IEEE operations in the same
 * order for every neuron, so they give bit-identical state and spikes; the choice changes speed only.
 *
 * <p>Vectorised when the JVM resolved {@code jdk.incubator.vector} ({@code --add-modules}, which
 * {@code scripts/jvm.args} passes everywhere), the preferred shape holds at least two {@code double} lanes, and
 * the system property {@code shnn.simd} is not {@code false}. This class never touches the incubator classes
 * itself, so it loads on a JVM without the module, and the models then never load {@link Lanes}.
 * {@code scripts/run} starts small built-in jobs without the module (their start-up is cheaper: bench/RESULTS.md
 * section 38), and the command line prints which kernels ran ({@link #enabled}).
 *
 * <p>Thread-safety: immutable (a constant fixed at class initialisation).
 */
public final class Simd {

    /** True when the models use {@link Lanes}; a constant, so C2 folds the branch on it. */
    static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equalsIgnoreCase(System.getProperty("shnn.simd"))
            && Lanes.DOUBLES >= 2;

    /** Number of {@code double} lanes a kernel processes at once (1 when scalar). */
    static final int LANES = ENABLED ? Lanes.DOUBLES : 1;

    private Simd() {
    }

    /**
     * Whether this JVM's neuron models run their vector kernels (true) or their scalar loops (false, the same
     * bits); fixed for the life of the JVM.
     */
    public static boolean enabled() {
        return ENABLED;
    }

    /** The last index from which a whole vector fits before {@code end}: {@code base + floor((end-base)/LANES)*LANES}. */
    static int vectorEnd(int base, int end) {
        return base + (end - base) / LANES * LANES;
    }
}
