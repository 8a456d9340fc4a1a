package org.shnn.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMException;
import javax.management.ObjectName;
import org.shnn.engine.neuron.Simd;

/**
 * The JVM flags of every benchmark that runs engine code on the step path (neuron kernels, delivery, network
 * builds), and the check that the engine's vector kernels are really the ones running.
 *
 * <p>The flags live in one file, {@code scripts/jvm.args}, which {@code scripts/run}, Surefire and the native
 * library read too; a JMH fork gets them as an argument file, {@code @Fork(jvmArgsPrepend = EngineFlags.ARGFILE)},
 * never as a copied list. Why: bench/RESULTS.md section 9b timed {@code SpecCobaBenchmark} in forks without
 * {@code --add-modules=jdk.incubator.vector}, so the engine ran its scalar loops and nothing said so (section 33).
 * The path is relative to the working directory, which JMH's forks inherit from the JMH host: run the benchmarks
 * jar from the repository root, as {@code scripts/bench} does; elsewhere the fork stops at once with the launcher's
 * "could not open `scripts/jvm.args'".
 *
 * <p>Thread safety: stateless; the methods may be called from any thread.
 */
public final class EngineFlags {

    /** The launcher's argument file of SHNN's JVM flags, relative to the repository root. */
    public static final String ARGFILE = "@scripts/jvm.args";

    /** The classes of the engine's vector kernels: {@code org.shnn.engine.neuron.*Lanes}. */
    private static final String KERNEL_PACKAGE = "org.shnn.engine.neuron.";

    private EngineFlags() {
    }

    /**
     * Throws unless the engine's neuron models run their vector kernels in this JVM (the engine's own indicator,
     * {@link Simd#enabled()}: the Vector API module resolved and {@code shnn.simd} not {@code false}).
     *
     * @param who the benchmark, named in the error
     * @throws IllegalStateException if the kernels are scalar, naming the JVM's arguments
     */
    public static void requireVectorKernels(String who) {
        if (!Simd.enabled()) {
            throw new IllegalStateException(who + ": the engine runs its scalar loops in this JVM (Simd.enabled() is "
                    + "false); expected the flags of scripts/jvm.args (--add-modules=jdk.incubator.vector, "
                    + "no -Dshnn.simd=false), found JVM arguments "
                    + ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
    }

    /**
     * The engine's vector kernel methods that the JIT has compiled so far, from the JVM's {@code Compiler.codelist}
     * (the {@code jcmd} command): one line each, "compile id, tier (4 = C2), nmethod state, method" (signature left out).
     * A kernel that never ran is not listed; one that ran only interpreted is not either.
     *
     * @return the lines about {@code org.shnn.engine.neuron.*Lanes} methods, in the code cache's order
     * @throws IllegalStateException if the JVM does not offer the diagnostic command
     */
    public static List<String> compiledKernels() {
        String list;
        try {
            list = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerCodelist", new Object[0],
                    new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException("Compiler.codelist through the DiagnosticCommand MBean failed: " + e, e);
        }
        return kernelLines(list);
    }

    /** The lines of a {@code Compiler.codelist} output about {@code org.shnn.engine.neuron.*Lanes} methods. */
    static List<String> kernelLines(String codelist) {
        List<String> kernels = new ArrayList<>();
        for (String line : codelist.split("\n")) {
            int at = line.indexOf(KERNEL_PACKAGE);
            int paren = line.indexOf('(', Math.max(at, 0));
            if (at < 0 || paren < 0) {
                continue;
            }
            String method = line.substring(at + KERNEL_PACKAGE.length(), paren); // e.g. LifCobaLanes.advance
            int dot = method.indexOf('.');
            if (dot > 0 && method.substring(0, dot).endsWith("Lanes")) {
                kernels.add(line.substring(0, paren).strip());
            }
        }
        return kernels;
    }
}
