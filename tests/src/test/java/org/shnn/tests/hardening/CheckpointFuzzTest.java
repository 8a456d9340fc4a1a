package org.shnn.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shnn.codec.CodecException;
import org.shnn.codec.Metadata;
import org.shnn.codec.Section;
import org.shnn.codec.SectionSpec;
import org.shnn.codec.ShnnFile;
import org.shnn.codec.ShnnWriter;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.checkpoint.Checkpoint;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.network.Network;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.StateDescriptor;
import org.shnn.layouts.file.ShnnFileLayouts;
import org.shnn.layouts.synapse.CsrLayout;

/**
 * Fuzzes checkpoints (issue 17): mutated files of several networks, including edits whose checksums are
 * recomputed, each of which must either open and run to exactly the original raster or fail with a
 * {@link CodecException} naming the file and a field. Any other exception, a different raster, a hang (60 s per
 * case) or a failure that depends on the thread count fails the test with the flag that replays the case.
 *
 * <p>Sealed (checksum-recomputed) edits put values that are invalid by construction into what addresses memory
 * or steers the loop (CSR structure, clock, spikes, table, header, metadata): an edit that stays valid (a
 * neuron's voltage, a weight, a constant delay, a target nudged within its sorted row) is a different network
 * that no check can tell from the saved one, and is not generated.
 *
 * <p>Flags: {@code -Dshnn.fuzz.cases=N} (default 600, about a minute: scripts/test's share; {@code scripts/bench --fuzz} runs
 * 10,000), {@code -Dshnn.fuzz.seed=S}, {@code -Dshnn.fuzz.replay=I} (only case I, printing its mutation).
 */
class CheckpointFuzzTest {

    private static final long SEED = Long.getLong("shnn.fuzz.seed", 20261204L);
    private static final int CASES = Integer.getInteger("shnn.fuzz.cases", 600);
    private static final int REPLAY = Integer.getInteger("shnn.fuzz.replay", -1);
    private static final long STEPS_BEFORE = 150;
    private static final long STEPS_AFTER = 60;

    @TempDir
    Path dir;

    private enum Kind {
        FLIP_BYTES, TRUNCATE, EXTEND, SEALED_HEADER, SEALED_TABLE, SEALED_TARGET, SEALED_ROW_OFFSET,
        SEALED_CSR_HEADER, SEALED_CLOCK, SEALED_SPIKE, SEALED_METADATA
    }

    private record Base(String name, Network network, byte[] file, byte[] raster) {
    }

    private Base base(String name, Network n) throws IOException {
        Path p = dir.resolve(name + ".shnn");
        try (Simulation s = Simulation.create(n, SimulationConfig.defaults())) {
            s.runSteps(STEPS_BEFORE);
            Checkpoint.save(s, p);
        }
        byte[] raster = null;
        for (int threads : new int[] {1, 3}) {
            try (Simulation s = Checkpoint.open(p, n, SimulationConfig.defaults().withThreads(threads))) {
                s.runSteps(STEPS_AFTER);
                byte[] r = s.rasterSha256();
                if (raster != null) {
                    assertArrayEquals(raster, r, name + ": raster depends on the thread count");
                }
                raster = r;
            }
        }
        return new Base(name, n, Files.readAllBytes(p), raster);
    }

    @Test
    void mutatedCheckpointsRunToTheOriginalRasterOrFailNamingFileAndField() throws Exception {
        List<Base> bases = List.of(base("coba", BuiltinNetworks.coba(400, 5)), base("cuba", BuiltinNetworks.cuba(400, 6)),
                base("brunel", BuiltinNetworks.brunel(500, 7, BrunelRegime.AI)));
        Map<String, int[]> stats = new TreeMap<>(); // kind -> {same raster, refused at open or run}
        List<String> failures = new ArrayList<>();
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        try {
            for (int c = 0; c < CASES; c++) {
                if (REPLAY >= 0 && c != REPLAY) {
                    continue;
                }
                SplittableRandom rnd = new SplittableRandom(SEED ^ (c * 0x9E3779B97F4A7C15L));
                Base b = bases.get(c % bases.size());
                Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
                Path p = dir.resolve("case.shnn");
                String what = mutate(b, kind, rnd, p);
                String label = "case " + c + " (" + b.name() + ", " + kind + ": " + what + "; replay: -Dshnn.fuzz.seed="
                        + SEED + " -Dshnn.fuzz.replay=" + c + ")";
                if (REPLAY >= 0) {
                    System.out.println(label);
                }
                int threads = 1 + rnd.nextInt(4);
                String outcome = attempt(exec, b, p, threads, label, failures);
                if (outcome != null && outcome.startsWith("refused") && c % 4 == 0) {
                    int other = 1 + threads % 4;
                    String again = attempt(exec, b, p, other, label + " with " + other + " threads", failures);
                    if (again != null && !again.equals(outcome)) {
                        failures.add(label + ": " + outcome + " with " + threads + " threads but " + again + " with "
                                + other);
                    }
                }
                if (outcome != null) {
                    stats.computeIfAbsent(kind.toString(), k -> new int[2])[outcome.equals("same") ? 0 : 1]++;
                }
                if (failures.size() > 20) {
                    break;
                }
            }
        } finally {
            exec.shutdownNow();
        }
        StringBuilder table = new StringBuilder("fuzz: seed " + SEED + ", " + CASES + " cases\n| mutation | same raster | refused (file and field named) |\n|---|---:|---:|\n");
        stats.forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1]).append(" |\n"));
        System.out.println(table);
        assertTrue(failures.isEmpty(), failures.size() + " failing cases:\n" + String.join("\n", failures));
    }

    /** Opens and runs the mutated file: "same", "refused:<field>", or null after recording a failure. */
    private static String attempt(ExecutorService exec, Base b, Path p, int threads, String label, List<String> failures)
            throws InterruptedException {
        Future<String> f = exec.submit(() -> {
            try (Simulation s = Checkpoint.open(p, null, SimulationConfig.defaults().withThreads(threads))) {
                s.runSteps(STEPS_AFTER);
                byte[] r = s.rasterSha256();
                if (!Arrays.equals(r, b.raster())) {
                    return "DIFFERENT raster " + HexFormat.of().formatHex(r, 0, 4) + " (original "
                            + HexFormat.of().formatHex(b.raster(), 0, 4) + ") with " + threads + " threads";
                }
                return "same";
            } catch (CodecException e) {
                if (e.file() == null || !e.file().equals(p) || e.field() == null || e.field().isEmpty()
                        || !e.getMessage().contains(p.toString())) {
                    return "UNNAMED " + e;
                }
                return "refused:" + e.field();
            }
        });
        try {
            String r = f.get(60, TimeUnit.SECONDS);
            if (r.startsWith("DIFFERENT") || r.startsWith("UNNAMED")) {
                failures.add(label + ": " + r);
                return null;
            }
            return r;
        } catch (TimeoutException e) {
            f.cancel(true);
            failures.add(label + ": no result after 60 s (hang) with " + threads + " threads");
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            failures.add(label + ": " + e.getCause() + " with " + threads + " threads (expected a CodecException)"
                    + stack(e.getCause()));
            return null;
        }
    }

    private static String stack(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "" : " at " + st[0] + (st.length > 1 ? " < " + st[1] : "");
    }

    /** Writes the mutated file to {@code p}; returns what was done. */
    private static String mutate(Base b, Kind kind, SplittableRandom rnd, Path p) throws IOException {
        byte[] bytes = b.file().clone();
        if (kind == Kind.TRUNCATE) {
            int n = rnd.nextInt(bytes.length);
            Files.write(p, Arrays.copyOf(bytes, n));
            return "length " + n;
        }
        if (kind == Kind.EXTEND) {
            byte[] more = new byte[1 + rnd.nextInt(5000)];
            rnd.nextBytes(more);
            byte[] out = Arrays.copyOf(bytes, bytes.length + more.length);
            System.arraycopy(more, 0, out, bytes.length, more.length);
            Files.write(p, out);
            return "+" + more.length + " bytes";
        }
        if (kind == Kind.FLIP_BYTES) {
            StringBuilder w = new StringBuilder();
            for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                int at = rnd.nextInt(bytes.length);
                int x = 1 + rnd.nextInt(255);
                bytes[at] ^= (byte) x;
                w.append("byte ").append(at).append(" ^= ").append(x).append("; ");
            }
            Files.write(p, bytes);
            return w.toString();
        }
        if (kind == Kind.SEALED_METADATA) {
            return rewriteMetadata(b, rnd, p);
        }
        try (Arena arena = Arena.ofConfined()) {
            FileImage img = FileImage.of(bytes, arena);
            String what = sealedEdit(img, kind, rnd);
            switch (kind) {
                case SEALED_HEADER -> img.resealHeader();
                case SEALED_TABLE -> img.resealTable();
                default -> img.reseal();
            }
            img.write(p);
            return what;
        }
    }

    private static long pick(SplittableRandom rnd, long... values) {
        return values[rnd.nextInt(values.length)];
    }

    private static String projection(FileImage img, SplittableRandom rnd) {
        int count = 0;
        for (int i = 0; i < img.sectionCount(); i++) {
            if (img.name(i).endsWith("/targets")) {
                count++;
            }
        }
        return "projection/" + rnd.nextInt(count) + "/";
    }

    private static String sealedEdit(FileImage img, Kind kind, SplittableRandom rnd) {
        MemorySegment f = img.bytes;
        switch (kind) {
            case SEALED_HEADER -> {
                long[] offsets = {8, 10, 12, 16, 20, 24, 32, 40, 48}; // every field after magic and BOM
                long at = offsets[rnd.nextInt(offsets.length)];
                long v = pick(rnd, -1, 0, 1, 64, 1L << 31, Long.MAX_VALUE, rnd.nextLong());
                f.set(ValueLayout.JAVA_BYTE, at, (byte) (f.get(ValueLayout.JAVA_BYTE, at) ^ (byte) (v | 1)));
                return "header byte " + at;
            }
            case SEALED_TABLE -> {
                int i = rnd.nextInt(img.sectionCount());
                long e = img.entry(i);
                long[] fields = {ShnnFileLayouts.NAME_OFFSET, 32, 36, 40, 44, 48, 56, 64};
                long at = e + fields[rnd.nextInt(fields.length)];
                long v = pick(rnd, -1, 0, 1, 16, 64, 4096, 1L << 32, Long.MIN_VALUE, rnd.nextLong());
                if (at - e >= 48 && at - e < 72) {
                    f.set(ValueLayout.JAVA_LONG_UNALIGNED, at, f.get(ValueLayout.JAVA_LONG_UNALIGNED, at) + (v == 0 ? 1 : v));
                } else {
                    f.set(ValueLayout.JAVA_INT_UNALIGNED, at, f.get(ValueLayout.JAVA_INT_UNALIGNED, at) ^ (int) (v | 1));
                }
                return "table entry " + i + " (" + img.name(i) + ") byte " + (at - e);
            }
            case SEALED_TARGET -> {
                String pr = projection(img, rnd);
                MemorySegment t = img.section(pr + "targets");
                long columns = img.section(pr + "header").get(ValueLayout.JAVA_LONG, 8);
                long k = rnd.nextLong(t.byteSize() / 4);
                int old = t.getAtIndex(ValueLayout.JAVA_INT, k);
                int v = (int) pick(rnd, -1, Integer.MIN_VALUE, columns, columns + 1 + rnd.nextInt(1000), 1L << 30,
                        old == CsrLayout.PAD_TARGET ? rnd.nextInt((int) columns) : CsrLayout.PAD_TARGET);
                t.setAtIndex(ValueLayout.JAVA_INT, k, v);
                return pr + "targets[" + k + "] " + old + " -> " + v;
            }
            case SEALED_ROW_OFFSET -> {
                String pr = projection(img, rnd);
                MemorySegment r = img.section(pr + "rowOffsets");
                long k = rnd.nextLong(r.byteSize() / 8);
                long old = r.getAtIndex(ValueLayout.JAVA_LONG, k);
                long v = pick(rnd, old + 1 + rnd.nextInt(15), old - 1 - rnd.nextInt(15), -1, Long.MAX_VALUE,
                        Long.MIN_VALUE, old + (1L << 40) + 3);
                r.setAtIndex(ValueLayout.JAVA_LONG, k, v);
                return pr + "rowOffsets[" + k + "] " + old + " -> " + v;
            }
            case SEALED_CSR_HEADER -> {
                String pr = projection(img, rnd);
                MemorySegment h = img.section(pr + "header");
                // rows, columns, synapses, entries (long); weightKind, delayKind, maxDelay (int): not the
                // constant weight and delay, which are values
                long[] fields = {0, 8, 16, 24, 40, 44, 48};
                long at = fields[rnd.nextInt(fields.length)];
                if (at < 32) {
                    long old = h.get(ValueLayout.JAVA_LONG, at);
                    long v = pick(rnd, old + 1, old - 1, -1, 0, Long.MAX_VALUE, old + 16, old - 16, 1L << 31);
                    h.set(ValueLayout.JAVA_LONG, at, v);
                    return pr + "header@" + at + " " + old + " -> " + v;
                }
                int old = h.get(ValueLayout.JAVA_INT, at);
                int v = (int) pick(rnd, -1, 0, 5, 1 << 20, Integer.MIN_VALUE, at == 48 ? 100_000 : old + 1);
                if (v == old) {
                    v = old + 7;
                }
                h.set(ValueLayout.JAVA_INT, at, v);
                return pr + "header@" + at + " " + old + " -> " + v;
            }
            case SEALED_CLOCK -> {
                MemorySegment clock = img.section("clock");
                long v = pick(rnd, -1, Long.MIN_VALUE, -2147483648L, Simulation.MAX_STEPS + 1, Long.MAX_VALUE, 0);
                clock.set(ValueLayout.JAVA_LONG, 0, v);
                return "clock -> " + v;
            }
            case SEALED_SPIKE -> {
                MemorySegment s = img.section(StateDescriptor.SPIKES);
                long n = s.byteSize() / 16;
                long i = rnd.nextLong(n - 1);
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        long v = pick(rnd, -1, STEPS_BEFORE, Long.MAX_VALUE, Long.MIN_VALUE);
                        s.set(ValueLayout.JAVA_LONG, i * 16, v);
                        return "spike " + i + " step -> " + v;
                    }
                    case 1 -> {
                        int v = (int) pick(rnd, -1, 1 << 30, Integer.MIN_VALUE, 100_000);
                        s.set(ValueLayout.JAVA_INT, i * 16 + 8, v);
                        return "spike " + i + " neuron -> " + v;
                    }
                    case 2 -> {
                        MemorySegment a = MemorySegment.ofArray(s.asSlice(i * 16, 16).toArray(ValueLayout.JAVA_BYTE));
                        s.asSlice(i * 16, 16).copyFrom(s.asSlice((i + 1) * 16, 16));
                        s.asSlice((i + 1) * 16, 16).copyFrom(a);
                        return "spikes " + i + " and " + (i + 1) + " swapped";
                    }
                    default -> {
                        s.asSlice((i + 1) * 16, 16).copyFrom(s.asSlice(i * 16, 16));
                        return "spike " + i + " repeated";
                    }
                }
            }
            default -> throw new AssertionError(kind);
        }
    }

    /** Rewrites the file with one structural metadata value made invalid (all checksums valid). */
    private static String rewriteMetadata(Base b, SplittableRandom rnd, Path p) throws IOException {
        Path src = p.resolveSibling("src.shnn");
        Files.write(src, b.file());
        try (ShnnFile in = ShnnFile.open(src)) {
            Map<String, String> md = new java.util.LinkedHashMap<>(in.metadata().asMap());
            String[] keys = {"network.neurons", "state.count", "checkpoint.version", "network.name", "projection.0.synapses",
                "state.1.section", "state.2.name", "kind", "network.dt", "network.populations", "population.0"};
            String key = keys[rnd.nextInt(keys.length)];
            String old = md.getOrDefault(key, "");
            String[] values = {"0", "-1", "2147483648", "1099511627776", "abc", "", old + "0", old + "x", "1"};
            String v = values[rnd.nextInt(values.length)];
            if (v.equals(old)) {
                v = old + "9";
            }
            if (rnd.nextInt(10) == 0) {
                md.remove(key);
                v = "<removed>";
            } else {
                md.put(key, v);
            }
            Metadata.Builder mb = Metadata.builder();
            md.forEach(mb::put);
            try (ShnnWriter w = ShnnWriter.create(p)) {
                for (Section s : in.sections()) {
                    if (!s.name().equals(ShnnWriter.METADATA_SECTION)) {
                        w.addSection(s.dtype() == org.shnn.codec.Dtype.RECORD
                                ? SectionSpec.record(s.name(), s.type(), s.elementSize(), s.elementCount())
                                : SectionSpec.of(s.name(), s.type(), s.dtype(), s.elementCount()), s.segment());
                    }
                }
                w.addMetadata(mb.build());
                w.commit();
            }
            return key + ": '" + old + "' -> '" + v + "'";
        }
    }
}
