package org.shnn.bench.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.shnn.codec.ShnnFile;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.checkpoint.Verification;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * What opening a checkpoint costs with the checks of issue 17 (bench/RESULTS.md, "Validation and verification
 * on open"): CUBA checkpoints of {@code neurons} (3,500: 1.5 MB; 28,000: 12 MB; 115,000: 50 MB; 2,450,000 with
 * {@code -p neurons=2450000}: 1.07 GB), saved once into
 * {@code java.io.tmpdir} and reused across forks; page cache warm, so this is the CPU side.
 * <ul>
 * <li>{@code map}: {@link ShnnFile#open} alone (header and table), the O(1) floor;</li>
 * <li>{@code openNone}: {@link Checkpoint#open} with {@link Verification#NONE}: structure validation (CSR rows,
 *     clock, spikes) and the copy of clock, state and rings;</li>
 * <li>{@code openDeferred}: the default, until open returns (large CSR sections still being verified);</li>
 * <li>{@code openDeferredVerified}: the default until its background verification is done (what a first run or
 *     save waits for at the latest);</li>
 * <li>{@code openFull}: {@link Verification#FULL}.</li>
 * </ul>
 * Single-shot ms per open (and close).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Benchmark)
public class CheckpointOpenBenchmark {

    /** CUBA network size. */
    @Param({"3500", "28000", "115000"})
    public int neurons;

    Path file;
    Network network;

    /** Builds and saves the checkpoint once (kept for the other forks), then reads it once (warm cache). */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        network = BuiltinNetworks.cuba(neurons, 1);
        file = Path.of(System.getProperty("java.io.tmpdir"), "shnn-open-bench-cuba-" + neurons + ".shnn");
        if (!Files.exists(file)) {
            try (Simulation s = Simulation.create(network, SimulationConfig.defaults().withThreads(2))) {
                s.runSteps(10);
                Checkpoint.save(s, file);
            }
        }
        System.out.println("file " + file + ": " + Files.size(file) + " bytes");
        try (ShnnFile f = ShnnFile.open(file, ShnnFile.Option.VERIFY)) {
            f.sections();
        }
    }

    private long open(Verification v, boolean waitForVerification) throws IOException {
        try (Simulation s = Checkpoint.open(file, network, SimulationConfig.defaults(), v)) {
            if (waitForVerification) {
                s.checkSections();
            }
            return s.currentStep();
        }
    }

    /** Map and validate header and table only. */
    @Benchmark
    public int map() throws IOException {
        try (ShnnFile f = ShnnFile.open(file)) {
            return f.sections().size();
        }
    }

    /** Structure validation and copies, no checksum. */
    @Benchmark
    public long openNone() throws IOException {
        return open(Verification.NONE, false);
    }

    /** The default, until open returns. */
    @Benchmark
    public long openDeferred() throws IOException {
        return open(Verification.DEFERRED, false);
    }

    /** The default, until the background verification is done. */
    @Benchmark
    public long openDeferredVerified() throws IOException {
        return open(Verification.DEFERRED, true);
    }

    /** Every checksum at open. */
    @Benchmark
    public long openFull() throws IOException {
        return open(Verification.FULL, false);
    }
}
