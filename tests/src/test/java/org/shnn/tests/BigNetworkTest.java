package org.shnn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * End to end: a network with at least 10^8 synapses (CUBA, 1.3 million neurons, in-degree 80) builds
 * and runs a few steps in a forked JVM whose heap is capped at 256 MiB: everything large is off-heap.
 */
class BigNetworkTest {

    private static final int NEURONS = 1_300_000;

    @Test
    void hundredMillionSynapsesWithA256MiBHeap() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The production flags (scripts/jvm.args: the Vector API kernels and their JIT warm-up) with a 256 MiB heap.
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "--add-modules=jdk.incubator.vector", "-XX:-UseProfiledLoopPredicate", "-cp", System.getProperty("java.class.path"), BigNetworkMain.class.getName(), Integer.toString(NEURONS), "2", "20"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(8, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "timed out; output so far:\n" + out);
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("synapses=(\\d+) bytesPerSynapse=([0-9.]+).* steps=(\\d+)").matcher(out);
        assertTrue(m.find(), out);
        long synapses = Long.parseLong(m.group(1));
        assertTrue(synapses >= 100_000_000L, "synapses " + synapses + "\n" + out);
        assertTrue(Double.parseDouble(m.group(2)) <= 8.0, out);
        assertEquals(20, Long.parseLong(m.group(3)), out);
        System.out.println(out);
    }
}
