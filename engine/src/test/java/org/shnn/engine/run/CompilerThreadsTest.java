package org.shnn.engine.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompilerThreadsTest {

    /** The state is read after the last ')': names with spaces, parentheses and a fake state inside still parse. */
    @Test
    void readsTheStateAfterTheName() {
        assertTrue(CompilerThreads.running("4711 (C2 CompilerThre) R 4700 4700 0 0 -1 1077936192"));
        assertFalse(CompilerThreads.running("4711 (C2 CompilerThre) S 4700 4700 0 0 -1 1077936192"));
        assertFalse(CompilerThreads.running("4711 (odd) R (name) S 4700 4700"), "a ') R' inside the name is not the state");
        assertTrue(CompilerThreads.running("4711 (odd) S (name) R 4700 4700"));
        assertFalse(CompilerThreads.running("4711 (C2 CompilerThre)"), "no state after the name");
        assertFalse(CompilerThreads.running("garbage"));
        assertFalse(CompilerThreads.running(""));
    }

    /**
     * On Linux with HotSpot's C2 (the JVM the engine is built and tested on), the compiler's threads are found and
     * their state read: this JVM's test code keeps C2 at work now and then, so within a few seconds of loops that get
     * compiled it is seen compiling at least once.
     */
    @Test
    void seesC2OnLinuxHotSpot() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
        assumeTrue(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class) != null, "HotSpot");
        assumeTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel") || a.equals("-Xint")), "C2 on");
        CompilerThreads c2 = CompilerThreads.find();
        assertNotNull(c2, "a thread named C2 CompilerThread in /proc/self/task");
        boolean seen = false;
        long end = System.nanoTime() + 20_000_000_000L;
        for (int round = 0; !seen && System.nanoTime() < end; round++) {
            seen = c2.compiling() || busyWork(round) < 0; // new methods each round keep C2 busy
        }
        assertTrue(seen, "C2 never seen compiling in 20 s of work that it compiles");
    }

    /** Work that C2 compiles: a hidden class per round would be heavier; a fresh lambda shape per round is enough. */
    private static long busyWork(int round) {
        java.util.function.LongUnaryOperator f = switch (round % 4) {
            case 0 -> x -> x * 31 + round;
            case 1 -> x -> x ^ (x >>> 7) + round;
            case 2 -> x -> Long.rotateLeft(x, round & 63) + 1;
            default -> x -> x * x + round;
        };
        long acc = round;
        for (int i = 0; i < 200_000; i++) {
            acc = f.applyAsLong(acc) + String.valueOf(i & 1023).hashCode();
        }
        return acc & Long.MAX_VALUE;
    }
}
