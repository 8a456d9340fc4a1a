package org.shnn.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.StateDescriptor;

/**
 * Values that address memory or steer the step loop, edited in a checkpoint whose checksums are then recomputed
 * (so only the structural checks can catch them): every one is refused on open, for 1 to 4 threads, with an
 * error naming the file and the field (issue 17, item 4: a target of -1 used to give a different raster with 4
 * threads, a negative clock resumed at -214748364.8 ms).
 */
class StructuralValidationTest {

    @TempDir
    Path dir;

    private byte[] saved(Network n) throws IOException {
        Path p = dir.resolve("saved.shnn");
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            s.runSteps(200);
            Checkpoint.save(s, p);
        }
        return Files.readAllBytes(p);
    }

    private void refused(Network n, byte[] file, String name, Consumer<FileImage> edit, String... expected)
            throws IOException {
        Path p = dir.resolve(name + ".shnn");
        try (Arena arena = Arena.ofConfined()) {
            FileImage img = FileImage.of(file, arena);
            edit.accept(img);
            img.reseal();
            img.write(p);
        }
        for (int threads = 1; threads <= 4; threads++) {
            SimulationConfig c = SimulationConfig.defaults().withThreads(threads);
            CodecException e = assertThrows(CodecException.class, () -> Checkpoint.open(p, n, c, true), name);
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
            for (String x : expected) {
                assertTrue(e.getMessage().contains(x), name + " should name " + x + ": " + e.getMessage());
            }
        }
    }

    @Test
    void editedValuesWithValidChecksumsAreRefusedOnOpen() throws IOException {
        Network n = BuiltinNetworks.coba(800, 11);
        byte[] file = saved(n);
        refused(n, file, "target-minus-one", f -> f.section("projection/0/targets").set(ValueLayout.JAVA_INT, 0, -1),
                "projection/0/", "targets[0]", "found -1");
        refused(n, file, "target-past-columns", f -> f.section("projection/2/targets").set(ValueLayout.JAVA_INT, 4, 1 << 20),
                "projection/2/", "targets[1]");
        refused(n, file, "row-offset", f -> f.section("projection/1/rowOffsets").set(ValueLayout.JAVA_LONG, 8, 1L << 40),
                "projection/1/", "rowOffsets[1]");
        refused(n, file, "negative-clock", f -> f.section("clock").set(ValueLayout.JAVA_LONG, 0, -2147483648L),
                "clock", "-2147483648");
        refused(n, file, "spike-neuron", f -> f.section(StateDescriptor.SPIKES).set(ValueLayout.JAVA_INT, 8, 1 << 30),
                "spike[0].neuronId", "1073741824");
        refused(n, file, "spike-step", f -> f.section(StateDescriptor.SPIKES).set(ValueLayout.JAVA_LONG, 16, 10_000L),
                "spike[1].timeStep", "10000");
        refused(n, file, "spike-order", f -> {
            MemorySegment s = f.section(StateDescriptor.SPIKES);
            MemorySegment first = MemorySegment.ofArray(s.asSlice(0, 16).toArray(ValueLayout.JAVA_BYTE));
            s.asSlice(0, 16).copyFrom(s.asSlice(16, 16));
            s.asSlice(16, 16).copyFrom(first);
        }, "spike[1]");
        refused(n, file, "spikes-renamed", f -> { // fuzz case 4980: the history was silently dropped
            long name = f.entry(f.index(StateDescriptor.SPIKES)) + org.shnn.layouts.file.ShnnFileLayouts.NAME_OFFSET;
            f.bytes.set(ValueLayout.JAVA_BYTE, name, (byte) 'c');
        }, StateDescriptor.SPIKES, "no section named");
        refused(n, file, "header-synapses", f -> {
            MemorySegment h = f.section("projection/0/header");
            h.set(ValueLayout.JAVA_LONG, 16, h.get(ValueLayout.JAVA_LONG, 16) - 1);
        }, "projection/0/", "synapses");
    }
}
