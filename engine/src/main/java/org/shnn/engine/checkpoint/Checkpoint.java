package org.shnn.engine.checkpoint;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.shnn.codec.CodecException;
import org.shnn.codec.Dtype;
import org.shnn.codec.Metadata;
import org.shnn.codec.Section;
import org.shnn.codec.SectionSource;
import org.shnn.codec.SectionSpec;
import org.shnn.codec.SectionType;
import org.shnn.codec.ShnnFile;
import org.shnn.codec.ShnnWriter;
import org.shnn.engine.assembly.Assembler;
import org.shnn.engine.assembly.BuiltinNetworks;
import org.shnn.engine.network.BrunelRegime;
import org.shnn.engine.network.Network;
import org.shnn.engine.network.Population;
import org.shnn.engine.record.SpikeRecorder;
import org.shnn.engine.record.SpikeSelection;
import org.shnn.engine.record.StateMonitor;
import org.shnn.engine.record.StateMonitorSpec;
import org.shnn.engine.run.NamedSegment;
import org.shnn.engine.run.RankComm;
import org.shnn.engine.run.SavedShard;
import org.shnn.engine.run.SectionOwner;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;
import org.shnn.engine.run.StateDescriptor;
import org.shnn.engine.spec.ArrayRef;
import org.shnn.engine.spec.NetworkSpec;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.SpecJson;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.layouts.file.ShnnFileLayouts;
import org.shnn.memory.ring.SpikeRecord;

/**
 * Saves a {@link Simulation} to an SHNN file and opens one as a simulation that continues bit-identically.
 *
 * <p>What a checkpoint holds (section names: {@link StateDescriptor}): every segment of
 * {@link Simulation#stateSections()} as a section — the clock
 * (current step: with counter-based random streams keyed by step, it is the whole random-generator state),
 * each population's state columns ({@link SectionType#NEURON_STATE}) and delay ring
 * ({@link SectionType#DELAY_RING}), each projection's CSR parts ({@code CSR_*}) — plus the recorded spikes
 * ({@link SectionType#RECORDER}, {@link SpikeRecord}s), every state monitor's samples so far (put back into the
 * resumed simulation's monitor that records the same, so its recordings cover the whole history) and metadata: kind, creator, wall-clock date, the
 * simulated time, and the network's fingerprint (name, dt, seed, populations with sizes and models,
 * projections with synapse counts) and, for {@link BuiltinNetworks}, what rebuilds it. State names are kept in
 * metadata ({@code state.<i>.name}); a name of up to 32 bytes is also the section name, a longer one gets
 * {@code state#<i>}.
 *
 * <p>Opening maps the file read-only (O(sections), not O(size)): the CSR arrays, the bulk of a network, are
 * used in place; the clock, neuron state and delay rings (what a run writes) are copied into the simulation's
 * pool, so no page a run writes or a save reads as state is backed by the file. The simulation keeps the
 * mapping open until it is closed, and checks it ({@link ShnnFile#checkUnchanged()}) before and after every
 * run and save: a file truncated or rewritten in place while open gives a {@link CodecException} naming it and
 * poisons the simulation, never a SIGBUS (see {@link ShnnFile} for the one race that remains: a rewrite in
 * place during a run is detected when the run ends, and that run's results are refused).
 *
 * <p>Self-describing (version 2): a network assembled from a description ({@link Network#spec()}) is saved with it
 * as UTF-8 JSON ({@link StateDescriptor#SPEC}, {@link SpecJson}), and the spike counts per population and the
 * synaptic events as sections, so {@link #open(Path)} reassembles the network, adds its recorders, attaches its
 * synapse dynamics (STDP, homeostasis) in the order {@link Assembler#create} does (each hook restoring its saved
 * state) and continues bit-identically with nothing passed; counters and the raster cover the whole history.
 * Arrays a host lent to the description for the simulation's life (NumPy arrays, C arrays lent with
 * {@code SHNN_LEND_KEPT}) are stored as sections of their own ({@link StateDescriptor#specArray}) and read in place
 * from the mapped file on open. Networks built in code (no description) or holding an array lent for the build
 * only (C's default: the host may have freed it) are saved without one (metadata {@code network.spec} says why)
 * and must be passed to {@link #open(Path, Network, SimulationConfig)}. A file
 * of version 1 (built-in networks, no counters) still opens; its counters start at the resume point.
 * Thread-safety: stateless; the simulation must not be running during {@link #save}.
 */
public final class Checkpoint {

    /** Metadata value of {@code kind}. */
    public static final String KIND = "shnn-checkpoint";
    /**
     * Checkpoint layout version inside the file format (metadata {@code checkpoint.version}) that {@link #save}
     * writes: 2 adds the network's description ({@link StateDescriptor#SPEC}) and the counters.
     */
    public static final int VERSION = 2;
    /** The oldest layout version {@link #open} reads: 1, built-in networks only, counters not saved. */
    public static final int OLDEST_VERSION = 1;
    /**
     * Metadata key with the number of saved spikes: when present, {@link StateDescriptor#SPIKES} must hold exactly that
     * many (a renamed or dropped section would otherwise resume with the history silently missing). Files
     * written before it existed have no key and are read as before.
     */
    public static final String SPIKES_COUNT_KEY = "recorder.spikes";
    /**
     * Sections used in place of at least this many bytes (1 MiB) are verified under {@link Verification#DEFERRED}
     * by block as their rows are used, or in the background when the file has no block checksums; smaller ones before
     * open returns. The same size from which a restored matrix's rows are checked on first use rather than on open
     * ({@link CsrMatrix#wrapCheckingRowsOnUse}); under {@code DEFERRED} without block checksums the background thread
     * also checks all of their rows, before the checksums.
     */
    public static final long DEFERRED_BYTES = CsrMatrix.ROWS_CHECKED_ON_USE_BYTES;
    /**
     * Bytes per block of the block checksums (format 1.1) written with the targets, weights and delays of
     * {@link #DEFERRED_BYTES} and up: a resumed run verifies the blocks of each row before the row's first use, so
     * that its results need not wait for a whole verification. 16 KiB: a row of the 8 GiB cold-open network is about
     * 58 KiB of targets, so a row's blocks read at most 32 KiB more than the row; the checksums are 1/4096 of the
     * bytes (2 MiB for 8 GiB).
     */
    static final int BLOCK_BYTES = 16 << 10;

    private Checkpoint() {
    }

    /**
     * Writes {@code sim}'s state to {@code path} atomically (the previous file survives any failure).
     *
     * @throws IOException on a write error, or if a mapped section could not be read (its file was truncated)
     * @throws IllegalStateException if the simulation is closed or poisoned (a failed step)
     * @throws CodecException if the checkpoint the simulation was opened from changed while open (poisons it)
     */
    public static void save(Simulation sim, Path path) throws IOException {
        sim.checkSections();
        try (ShnnWriter w = ShnnWriter.create(path)) {
            write(sim, new SectionTarget() {
                @Override
                public void addSection(SectionSpec spec, MemorySegment data) throws IOException {
                    w.addSection(spec, data);
                }

                @Override
                public void addSection(SectionSpec spec, SectionSource source) throws IOException {
                    w.addSection(spec, source);
                }
            }, md -> w.addMetadata(md));
            sim.checkSections(); // a mapped section changed while we copied it: keep the previous file
            w.commit();
        }
    }

    /**
     * Copies {@code sim}'s state, as {@link #save} would write it, into memory of its own, so that a background
     * thread can write it ({@link CheckpointImage#write}) while the simulation runs on. The simulation is only
     * read, from the calling thread, between runs; the copy costs one pass over the state (all sections, the
     * recorded spikes and samples included), the write none of the simulation's time.
     *
     * @throws IOException if a mapped section could not be read (its file was truncated)
     * @throws IllegalStateException if the simulation is closed or poisoned
     */
    public static CheckpointImage capture(Simulation sim) throws IOException {
        sim.checkSections();
        CheckpointImage image = new CheckpointImage(sim.currentStep());
        try {
            write(sim, image.target(), image::metadata);
            sim.checkSections();
        } catch (IOException | RuntimeException | Error e) {
            image.close();
            throw e;
        }
        return image;
    }

    /** Where {@link #write} puts a checkpoint's sections: a file, or a {@link CheckpointImage} in memory. */
    interface SectionTarget {
        void addSection(SectionSpec spec, MemorySegment data) throws IOException;

        void addSection(SectionSpec spec, SectionSource source) throws IOException;
    }

    /** Receives a checkpoint's metadata, once, after its sections. */
    @FunctionalInterface
    interface MetadataTarget {
        void add(Metadata metadata) throws IOException;
    }

    /** The sections and metadata of {@code sim}'s checkpoint, in file order. */
    private static void write(Simulation sim, SectionTarget w, MetadataTarget meta) throws IOException {
        List<NamedSegment> state = sim.stateSections();
        Network net = sim.network();
        Metadata.Builder md = Metadata.builder()
                .put("kind", KIND)
                .putLong("checkpoint.version", VERSION)
                .put("creator", "SHNN " + Checkpoint.class.getPackage().getName())
                .put("date", Instant.now().toString())
                .putLong("step", sim.currentStep())
                .putDouble("timeMs", sim.timeMs())
                .put("network.name", net.name())
                .putDouble("network.dt", net.dt())
                .putLong("network.seed", net.seed());
        fingerprint(net, sim, md);
        if (sim.ranks().size() > 1) { // a shard: only this rank's block of the state is current (ShardedCheckpoint)
            md.putLong(ShardedCheckpoint.RANKS_KEY, sim.ranks().size()).putLong(ShardedCheckpoint.RANK_KEY, sim.ranks().rank());
        }
        md.putLong("state.count", state.size());
        for (int i = 0; i < state.size(); i++) {
            NamedSegment s = state.get(i);
            String section = sectionName(i, s.name());
            md.put("state." + i + ".name", s.name()).put("state." + i + ".section", section);
            w.addSection(spec(section, s.name(), s.segment().byteSize()), s.segment());
        }
        Description description = description(net, md);
        if (description != null) {
            w.addSection(SectionSpec.of(StateDescriptor.SPEC, SectionType.ARRAY, Dtype.BYTES, description.json().length),
                    MemorySegment.ofArray(description.json()));
            for (int i = 0; i < description.arrays().size(); i++) {
                ArrayRef.Lent a = description.arrays().get(i);
                w.addSection(SectionSpec.of(StateDescriptor.specArray(i), SectionType.ARRAY, a.dtype(), a.knownLength()),
                        a.segment());
            }
        }
        if (sim.config().recordSpikes()) {
            SpikeRecorder r = sim.spikes();
            md.putLong(SPIKES_COUNT_KEY, r.count());
            w.addSection(SectionSpec.record(StateDescriptor.SPIKES, SectionType.RECORDER, SpikeRecord.SIZE, r.count()),
                    out -> {
                        // the recorder's chunks, 1 MiB at a time, in order
                        MemorySegment buf = MemorySegment.ofArray(new long[SpikeRecorder.CHUNK_RECORDS * 2]);
                        for (long i = 0; i < r.count(); i += SpikeRecorder.CHUNK_RECORDS) {
                            long n = Math.min(SpikeRecorder.CHUNK_RECORDS, r.count() - i);
                            for (long k = 0; k < n; k++) {
                                SpikeRecord.write(buf, k * SpikeRecord.SIZE, r.step(i + k), r.neuron(i + k));
                            }
                            out.write(buf.asSlice(0, n * SpikeRecord.SIZE));
                        }
                    });
        }
        saveSamples(sim, w, md);
        meta.add(md.build());
    }

    /**
     * Opens a checkpoint of a network it describes, or of a {@link BuiltinNetworks} network (rebuilt from the
     * metadata of a version 1 file), with
     * {@link SimulationConfig#defaults()}.
     *
     * @throws CodecException if the file is not a valid checkpoint, or neither describes its network nor names a builtin one
     * @throws IOException if the file cannot be read
     */
    public static Simulation open(Path path) throws IOException {
        return open(path, SimulationConfig.defaults());
    }

    /**
     * Opens a checkpoint of a network it describes or of a builtin network with {@code config} (any thread count:
     * results do not depend on it); the description's recorders are added to {@code config}'s state monitors.
     *
     * @throws CodecException if the file is not a valid checkpoint, or neither describes its network nor names a builtin one
     * @throws IOException if the file cannot be read
     */
    public static Simulation open(Path path, SimulationConfig config) throws IOException {
        return open(path, null, config);
    }

    /**
     * Opens a checkpoint of {@code network} (the same description the saved simulation was created from; its
     * fingerprint, and its description if both have one, are checked against the file), or if null of the network
     * the file describes (synapse dynamics attached) or, failing that, of the builtin network it names.
     *
     * @throws CodecException if the file is not a valid checkpoint or does not match {@code network}
     * @throws IOException if the file cannot be read
     */
    public static Simulation open(Path path, Network network, SimulationConfig config) throws IOException {
        return open(path, network, config, Verification.DEFERRED);
    }

    /**
     * As {@link #open(Path, Network, SimulationConfig, Verification)}: {@link Verification#FULL} if
     * {@code verify}, else the default {@link Verification#DEFERRED}.
     */
    public static Simulation open(Path path, Network network, SimulationConfig config, boolean verify)
            throws IOException {
        return open(path, network, config, verify ? Verification.FULL : Verification.DEFERRED);
    }

    /**
     * As {@link #open(Path, Network, SimulationConfig)}, verifying checksums as {@code verification} says (the
     * other overloads use {@link Verification#DEFERRED}): a damaged byte is a {@link CodecException} naming
     * the section, from open or, for a large section, from the run step that would use its row (a file with block
     * checksums) or the first run or save (verified in the background), before results or a file computed from it
     * are released.
     *
     * @throws CodecException if the file is not a valid checkpoint, fails verification or does not match
     * @throws IOException if the file cannot be read
     */
    public static Simulation open(Path path, Network network, SimulationConfig config, Verification verification)
            throws IOException {
        return open(path, network, config, verification, RankComm.single());
    }

    /**
     * As {@link #open(Path, Network, SimulationConfig, Verification)}, as rank {@code comm.rank()} of a distributed
     * run ({@link ShardedCheckpoint}): the file must be the shard that rank saved on as many ranks, and a
     * shard is refused anywhere else (only its rank's block of the state is current).
     */
    static Simulation open(Path path, Network network, SimulationConfig config, Verification verification, RankComm comm)
            throws IOException {
        ShardedCheckpoint.checkNotManifest(path, comm);
        return open(List.of(path), 0, network, config, verification, comm);
    }

    /**
     * Opens one checkpoint file ({@code savedRanks} 0: a one-process checkpoint, or the shard this rank saved on as
     * many ranks), or repartitions: {@code paths} are every shard of a checkpoint saved on {@code savedRanks} ranks,
     * in rank order, and this rank maps only those whose block of neurons ({@link Simulation#rankBlock}) meets its
     * own, reading from each the state of those neurons and the synapses onto them
     * ({@link Simulation#restore(Network, SimulationConfig, List, org.shnn.engine.run.SectionOwner, RankComm)});
     * the first of them also gives what every rank holds alike (clock, counters, recorded spikes and samples,
     * the description). Each mapped shard is checked as one checkpoint is (kind, version, which shard it is,
     * fingerprint, step) and verified as {@code verification} says.
     */
    static Simulation open(List<Path> paths, int savedRanks, Network network, SimulationConfig config,
            Verification verification, RankComm comm) throws IOException {
        List<ShnnFile> files = new ArrayList<>(); // the mapped files this rank reads; closed here on any failure
        List<MappedCheckpoint> owners = new ArrayList<>(); // their owners once checked (verifiers stopped on failure)
        List<int[]> blocks = new ArrayList<>();
        try {
            if (savedRanks == 0) {
                ShnnFile file = ShnnFile.open(paths.getFirst());
                files.add(file);
                ShardedCheckpoint.checkShard(file.path(), checkedMetadata(file, verification), comm);
            } else {
                mapShards(paths, savedRanks, verification, comm, files, blocks);
            }
            ShnnFile file = files.getFirst();
            NetworkSpec spec = storedSpec(file.path(), file, verification != Verification.NONE);
            Network net = network(file, spec, network);
            boolean attach = network == null && spec != null;
            if (attach) {
                config = withRecorders(file.path(), spec, config);
            }
            List<Map<String, MemorySegment>> sections = new ArrayList<>();
            for (ShnnFile f : files) {
                checkSameSave(f, file, net);
                if (f == file) {
                    // the JIT warm-up on its own thread while this one verifies, copies and checks the saved state: a
                    // restored simulation's first step then need not wait for a serial warm-up (issue 18 part 4); one
                    // file's matrices are used in place, mapped, several files' are gathered into memory
                    Simulation.startWarmUp(net, config, comm, files.size() == 1);
                }
                Map<String, MemorySegment> byName = new HashMap<>();
                owners.add(mapSections(f, net, verification, savedRanks != 0, byName));
                sections.add(byName);
            }
            SectionOwner owner = owners.size() == 1 ? owners.getFirst() : new Owners(owners);
            Simulation sim = restored(net, config, files, shards(net, sections, blocks, savedRanks, owners.getFirst()),
                    owner, comm);
            try {
                restoreRecords(file, sim, config, savedRanks == 0 && (comm.size() == 1
                        || file.metadata().get(ShardedCheckpoint.RANKS_KEY).isPresent()), attach ? spec : null);
            } catch (RuntimeException | Error e) {
                sim.close(); // closes the files too
                throw e;
            }
            return sim;
        } catch (RuntimeException | Error e) {
            for (MappedCheckpoint o : owners) {
                o.close(); // stops its verifier before its file is unmapped
            }
            for (ShnnFile f : files) {
                f.close();
            }
            throw e;
        }
    }

    /**
     * Open, step 1: the network the state of {@code file} belongs to: {@code given} (checked against the stored
     * description if both have one), else the stored description assembled with the saved seed, else the built-in
     * network the metadata names.
     */
    private static Network network(ShnnFile file, NetworkSpec stored, Network given) {
        Path path = file.path();
        Metadata md = file.metadata();
        if (given != null && stored != null && given.spec() != null) {
            checkSameSpec(path, given.spec().withSeed(given.seed()), stored.withSeed(given.seed()));
        }
        return given != null ? given
                : stored != null ? assemble(path, stored, meta(path, md, "network.seed")) : builtin(path, md, file.length());
    }

    /**
     * Open, step 2: {@code f} holds the state of {@code net} ({@link #checkFingerprint}) and, if it is not
     * {@code first}, was written by the same save (a shard of the same step).
     */
    private static void checkSameSave(ShnnFile f, ShnnFile first, Network net) {
        checkFingerprint(f.path(), f.metadata(), net);
        String step = first.metadata().get("step").orElse("<none>");
        String found = f.metadata().get("step").orElse("<none>");
        if (f != first && !found.equals(step)) {
            throw new CodecException(f.path(), ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, "step",
                    step + " (the step of " + first.path().getFileName() + ")", found + ": the shard is from another save");
        }
    }

    /**
     * Open, step 3: puts {@code f}'s state sections into {@code byName} under their state names, and verifies them as
     * {@code verification} says: every checksum and the CSR rows' structure now ({@link Verification#FULL}), or the
     * large CSR sections used in place ({@link #DEFERRED_BYTES} and up) by block before each row's first use where
     * they have block checksums ({@link #blockChecked}), else alongside the first steps, and the rest now
     * ({@link Verification#DEFERRED}), or nothing ({@link Verification#NONE}).
     *
     * @param copied whether the open repartitions, copying of the CSR sections only the rows it keeps (checked as
     *     copied): then no read-ahead advice, background read or row checks of them
     * @return the owner of {@code f}, which checks what was deferred and sets the read-ahead of the sections used in
     *     place
     */
    private static MappedCheckpoint mapSections(ShnnFile f, Network net, Verification verification, boolean copied,
            Map<String, MemorySegment> byName) {
        List<Section> later = new ArrayList<>();
        Map<String, Section> byState = new HashMap<>();
        long count = meta(f.path(), f.metadata(), "state.count");
        for (long i = 0; i < count; i++) {
            String name = f.metadata().get("state." + i + ".name").orElseThrow(() -> missing(f.path(), "state.*.name"));
            String section = f.metadata().get("state." + i + ".section")
                    .orElseThrow(() -> missing(f.path(), "state.*.section"));
            Section s = f.section(section);
            byName.put(name, s.segment());
            byState.put(name, s);
            if (StateDescriptor.role(name).isCsr() && s.length() >= DEFERRED_BYTES) {
                later.add(s); // used in place or copied in part, large: verified alongside the first steps
            }
        }
        // Large CSR sections used in place: read-ahead policy and background read (MappedCheckpoint). A repartitioned
        // open (copied) copies of them only the runs of the rows it keeps (CsrMatrix.gather, which checks what
        // it copies): no random-access advice that would slow those reads, no whole read, no row checks.
        List<MemorySegment> inPlace = copied ? List.of() : later.stream().map(Section::segment).toList();
        // Matrices used in place whose parts have block checksums: each row's bytes verified on its first use, their
        // header and row offsets (read whole by the open) now; neither waits in the background for a run's results
        Map<Integer, Map<String, Section>> onUse = verification == Verification.DEFERRED && !copied
                ? blockChecked(net, byState) : Map.of();
        for (int p : onUse.keySet()) {
            for (String part : List.of(CsrMatrix.HEADER, CsrMatrix.ROW_OFFSETS, CsrMatrix.TARGETS, CsrMatrix.WEIGHTS,
                    CsrMatrix.DELAYS)) {
                later.remove(byState.get(StateDescriptor.csrPart(p, part)));
            }
        }
        if (verification == Verification.FULL) {
            later.clear();
        }
        if (verification != Verification.NONE) {
            for (Section s : f.sections()) {
                if (!later.contains(s) && onUse.values().stream().noneMatch(m -> m.containsValue(s))) {
                    f.verify(s);
                }
            }
        }
        List<Runnable> structure = verification == Verification.NONE || copied ? List.of()
                : rowChecks(f.path(), net, byName, onUse.keySet());
        if (verification == Verification.FULL) { // everything before open returns
            structure.forEach(Runnable::run);
            structure = List.of();
        }
        return new MappedCheckpoint(f, inPlace, structure, verification == Verification.NONE ? List.of() : later, onUse,
                MappedCheckpoint.startDelayNanos(inPlace));
    }

    /**
     * The projections whose matrix is used in place and checked row by row on use
     * ({@link CsrMatrix#wrapCheckingRowsOnUse}: targets of {@link CsrMatrix#ROWS_CHECKED_ON_USE_BYTES} and up) and
     * whose saved parts all have block checksums (format 1.1, {@link #BLOCK_BYTES}), each with its parts
     * ({@code CsrMatrix.TARGETS}, ...) by part name.
     */
    private static Map<Integer, Map<String, Section>> blockChecked(Network net, Map<String, Section> byState) {
        Map<Integer, Map<String, Section>> onUse = new HashMap<>();
        for (int p = 0; p < net.projections().size(); p++) {
            Section targets = byState.get(StateDescriptor.csrPart(p, CsrMatrix.TARGETS));
            if (targets == null || targets.length() < CsrMatrix.ROWS_CHECKED_ON_USE_BYTES) {
                continue;
            }
            Map<String, Section> parts = new HashMap<>();
            for (String part : List.of(CsrMatrix.TARGETS, CsrMatrix.WEIGHTS, CsrMatrix.DELAYS)) {
                Section s = byState.get(StateDescriptor.csrPart(p, part));
                if (s != null) {
                    parts.put(part, s);
                }
            }
            if (parts.values().stream().allMatch(Section::hasBlockChecksums)) {
                onUse.put(p, parts);
            }
        }
        return onUse;
    }

    /**
     * The saved shards of the files' {@code sections}: one holding every neuron of {@code net} ({@code savedRanks} 0),
     * or one per mapped shard with its block of neurons.
     */
    private static List<SavedShard> shards(Network net, List<Map<String, MemorySegment>> sections, List<int[]> blocks,
            int savedRanks, MappedCheckpoint first) {
        if (savedRanks == 0) {
            return List.of(new SavedShard(sections.getFirst()::get, 0, (int) net.neuronCount(), first.path().toString(),
                    first::rowCheck));
        }
        List<SavedShard> shards = new ArrayList<>();
        for (int k = 0; k < sections.size(); k++) {
            shards.add(new SavedShard(sections.get(k)::get, blocks.get(k)[0], blocks.get(k)[1]));
        }
        return shards;
    }

    /**
     * Open, step 4: the simulation restored from the {@code shards} of {@code files}, owning {@code owner} (closed
     * here if the restore fails; a mismatch is a {@link CodecException} naming the files).
     */
    private static Simulation restored(Network net, SimulationConfig config, List<ShnnFile> files,
            List<SavedShard> shards, SectionOwner owner, RankComm comm) {
        try {
            return Simulation.restore(net, config, shards, owner, comm);
        } catch (RuntimeException | Error e) {
            owner.close(); // stops the verifiers before the files are unmapped
            if (e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException) {
                throw new CodecException(files.getFirst().path(), null, CodecException.NO_OFFSET, "state",
                        "sections matching network '" + net.name() + "'" + (files.size() > 1 ? " in the shards "
                                + files.stream().map(f -> f.path().getFileName().toString()).toList() : ""),
                        e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Open, step 5: what the sections do not restore by themselves: the synapse counts checked against the saved ones
     * ({@code checkCounts}: the file holds every synapse this process keeps), the recorded spikes and state samples,
     * and, for a stored description ({@code spec} not null), its plasticity and recorders attached (each hook restores
     * its saved state).
     */
    private static void restoreRecords(ShnnFile file, Simulation sim, SimulationConfig config, boolean checkCounts,
            NetworkSpec spec) {
        if (checkCounts) {
            // (a one-process checkpoint on ranks, or repartitioned shards: each rank kept its own targets'
            // synapses of the saved ones, which CsrMatrix checked row by row)
            checkSynapseCounts(file.path(), file.metadata(), sim);
        }
        replaySpikes(file, sim, config);
        restoreSamples(file, sim, config);
        if (spec != null) {
            attachDynamics(file.path(), spec, sim);
        }
    }

    /** The owners of the shards a repartitioned resume maps, as one. */
    private record Owners(List<MappedCheckpoint> all) implements SectionOwner {
        @Override
        public void checkIntact(SectionOwner.Wait wait) {
            for (MappedCheckpoint o : all) {
                o.checkIntact(wait);
            }
        }

        @Override
        public void close() {
            for (MappedCheckpoint o : all) {
                o.close();
            }
        }
    }

    /**
     * The structural check of every restored matrix whose rows the simulation checks on first use
     * ({@link CsrMatrix#ROWS_CHECKED_ON_USE_BYTES}) but whose bytes are not verified on use as well
     * ({@code checkedOnUse}: for those the rows used are all that matter, as under {@link Verification#NONE}):
     * all rows and the synapse total, as {@link CsrMatrix#wrap} does
     * on open for smaller ones; each throws a {@link CodecException} naming the file and the matrix's sections.
     */
    private static List<Runnable> rowChecks(Path path, Network net, Map<String, MemorySegment> sections,
            Set<Integer> checkedOnUse) {
        List<Runnable> checks = new ArrayList<>();
        for (int i = 0; i < net.projections().size(); i++) {
            int index = i;
            MemorySegment targets = sections.get(StateDescriptor.csrPart(index, CsrMatrix.TARGETS));
            if (targets == null || targets.byteSize() < CsrMatrix.ROWS_CHECKED_ON_USE_BYTES
                    || checkedOnUse.contains(index)) {
                continue;
            }
            checks.add(() -> {
                try {
                    CsrMatrix.wrap(sections.get(StateDescriptor.csrPart(index, CsrMatrix.HEADER)),
                            sections.get(StateDescriptor.csrPart(index, CsrMatrix.ROW_OFFSETS)), targets,
                            sections.get(StateDescriptor.csrPart(index, CsrMatrix.WEIGHTS)),
                            sections.get(StateDescriptor.csrPart(index, CsrMatrix.DELAYS)));
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    throw new CodecException(path, StateDescriptor.csrPart(index, "*"), CodecException.NO_OFFSET, "state",
                            "a valid CSR matrix", e.getMessage(), e);
                }
            });
        }
        return checks;
    }

    /**
     * Maps the shards (of a checkpoint saved on {@code savedRanks} ranks) whose blocks of neurons meet this rank's
     * block, in rank order, into {@code files} with their blocks; the last shard if this rank owns no neuron (it still
     * needs the clock and counters). Shard 0 is read first for the neuron count the blocks follow from (the
     * fingerprint check confirms it).
     */
    private static void mapShards(List<Path> paths, int savedRanks, Verification verification, RankComm comm,
            List<ShnnFile> files, List<int[]> blocks) throws IOException {
        ShnnFile first = ShnnFile.open(paths.getFirst());
        long n;
        try {
            Metadata md = checkedMetadata(first, verification);
            n = meta(first.path(), md, "network.neurons");
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new CodecException(first.path(), ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET,
                        "network.neurons", "a count in [0, " + Integer.MAX_VALUE + "]", Long.toString(n));
            }
        } catch (RuntimeException | Error e) {
            first.close();
            throw e;
        }
        int[] mine = Simulation.rankBlock(n, comm.rank(), comm.size());
        for (int s = 0; s < savedRanks; s++) {
            int[] block = Simulation.rankBlock(n, s, savedRanks);
            boolean meets = Math.max(block[0], mine[0]) < Math.min(block[1], mine[1]);
            if (!meets && !(s == savedRanks - 1 && files.isEmpty())) {
                if (s == 0) {
                    first.close();
                }
                continue;
            }
            ShnnFile f = s == 0 ? first : ShnnFile.open(paths.get(s));
            files.add(f);
            ShardedCheckpoint.checkShardOf(f.path(), s == 0 ? f.metadata() : checkedMetadata(f, verification), s,
                    savedRanks);
            blocks.add(block);
        }
    }

    /** The metadata of {@code file} (verified first unless {@code verification} is NONE) if it is a checkpoint's. */
    private static Metadata checkedMetadata(ShnnFile file, Verification verification) {
        Path path = file.path();
        if (verification != Verification.NONE) {
            file.find(ShnnWriter.METADATA_SECTION).ifPresent(file::verify); // before it is parsed
        }
        Metadata md = file.metadata();
        String kind = md.get("kind").orElse("<none>");
        if (!kind.equals(KIND)) {
            throw new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, "kind",
                    "'" + KIND + "'", "'" + kind + "'");
        }
        long version = meta(path, md, "checkpoint.version");
        if (version < OLDEST_VERSION || version > VERSION) {
            throw new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET,
                    "checkpoint.version", "a version in [" + OLDEST_VERSION + ", " + VERSION + "]",
                    Long.toString(version));
        }
        return md;
    }

    /**
     * A description as stored: its UTF-8 JSON, and the arrays a host lent to it, each stored as section
     * {@link StateDescriptor#specArray} that the JSON names ({@code {"lent": "network/spec/array/0"}}).
     */
    private record Description(byte[] json, List<ArrayRef.Lent> arrays) {
    }

    /**
     * The network's description as stored, or null (and the reason in metadata {@code network.spec}) when the
     * network has none (built in code) or holds what cannot be stored (an array a host lent for the build only,
     * whose memory is no longer the engine's to read).
     */
    private static Description description(Network net, Metadata.Builder md) {
        if (net.spec() == null) {
            md.put("network.spec", "none: the network was built in code");
            return null;
        }
        Map<ArrayRef.Lent, String> keys = new IdentityHashMap<>();
        List<ArrayRef.Lent> arrays = new ArrayList<>();
        try {
            byte[] json = SpecJson.write(net.spec(), a -> keys.computeIfAbsent(a, k -> {
                if (!k.segment().scope().isAlive()) {
                    throw new SpecException("network '" + net.name() + "'", "lent array", "expected an array lent for "
                            + "the simulation's life (C: SHNN_LEND_KEPT; Python lends so) but found "
                            + k.knownLength() + " values lent for the build only");
                }
                arrays.add(k);
                return StateDescriptor.specArray(arrays.size() - 1);
            })).getBytes(StandardCharsets.UTF_8);
            md.put("network.spec", "stored");
            return new Description(json, arrays);
        } catch (SpecException e) {
            md.put("network.spec", "none: " + e.getMessage());
            return null;
        }
    }

    /**
     * The description stored in the file, its lent arrays read in place from their sections (mapped until the
     * file is closed), or null if it has none (version 1, or a network built in code). With {@code verify}, its
     * sections' checksums are checked first: a damaged parameter would otherwise build different neurons.
     */
    private static NetworkSpec storedSpec(Path path, ShnnFile file, boolean verify) {
        var section = file.find(StateDescriptor.SPEC);
        if (section.isEmpty()) {
            return null;
        }
        Section s = section.get();
        Map<String, ArrayRef> arrays = new HashMap<>();
        for (Section a : file.sections()) {
            if (StateDescriptor.role(a.name()) != StateDescriptor.Role.SPEC) {
                continue;
            }
            if (verify) {
                file.verify(a);
            }
            if (!a.name().equals(StateDescriptor.SPEC)) {
                try {
                    arrays.put(a.name(), new ArrayRef.Lent(a.segment(), a.dtype()));
                } catch (SpecException e) {
                    throw new CodecException(path, a.name(), a.offset(), "dtype", "an array of numbers",
                            e.getMessage(), e);
                }
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .decode(s.segment().asByteBuffer()).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CodecException(path, s.name(), s.offset(), "text", "UTF-8 JSON", e.toString(), e);
        }
        try {
            return SpecJson.parse(text, path + " section '" + s.name() + "'", null, arrays);
        } catch (SpecException e) {
            throw new CodecException(path, s.name(), s.offset(), e.element() + "." + e.field(),
                    "a network description this engine reads", e.getMessage(), e);
        }
    }

    /** The network described by the stored {@code spec}, with the seed the simulation ran with. */
    private static Network assemble(Path path, NetworkSpec spec, long seed) {
        try {
            return Assembler.network(spec).withSeed(seed);
        } catch (SpecException e) {
            throw new CodecException(path, StateDescriptor.SPEC, CodecException.NO_OFFSET, e.element() + "." + e.field(),
                    "a network description this engine assembles", e.getMessage(), e);
        }
    }

    private static SimulationConfig withRecorders(Path path, NetworkSpec spec, SimulationConfig config) {
        try {
            return Assembler.withRecorders(spec, config);
        } catch (SpecException e) {
            throw new CodecException(path, StateDescriptor.SPEC, CodecException.NO_OFFSET, e.element() + "." + e.field(),
                    "recorders this engine runs", e.getMessage(), e);
        }
    }

    private static void attachDynamics(Path path, NetworkSpec spec, Simulation sim) {
        try {
            Assembler.attachDynamics(spec, sim);
        } catch (IllegalArgumentException e) { // a SpecException too
            throw new CodecException(path, StateDescriptor.SPEC, CodecException.NO_OFFSET, "synapse dynamics",
                    "hooks that restore the saved state", e.getMessage(), e);
        }
    }

    /**
     * Refuses a network passed to open whose description differs from the stored one, naming the first differing
     * line of their JSON (with its key).
     */
    private static void checkSameSpec(Path path, NetworkSpec given, NetworkSpec stored) {
        String[] a;
        String[] b;
        try {
            a = SpecJson.write(given).split("\n");
            b = SpecJson.write(stored).split("\n");
        } catch (SpecException e) {
            return; // a description JSON cannot hold was not stored either: the fingerprint decides
        }
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i].strip() : "<end>";
            String y = i < b.length ? b[i].strip() : "<end>";
            if (!x.equals(y)) {
                String field = (y.startsWith("\"") && y.indexOf('"', 1) > 0) ? y.substring(1, y.indexOf('"', 1))
                        : "line " + (i + 1);
                throw new CodecException(path, StateDescriptor.SPEC, CodecException.NO_OFFSET, field,
                        "'" + x + "' (the network being restored, JSON line " + (i + 1) + ")", "'" + y + "'");
            }
        }
    }

    /**
     * Saves every state monitor's samples so far: metadata {@code recorder.state.<i>} (what it records:
     * {@link #describe(StateMonitorSpec)}) and {@code .samples}, and the steps and values sections of
     * {@link StateDescriptor#monitorSteps}.
     */
    private static void saveSamples(Simulation sim, SectionTarget w, Metadata.Builder md) throws IOException {
        List<StateMonitorSpec> specs = sim.config().stateMonitors();
        md.putLong("recorder.states", specs.size());
        for (int i = 0; i < specs.size(); i++) {
            StateMonitor m = sim.stateMonitor(i);
            long samples = m.sampleCount();
            md.put("recorder.state." + i, describe(m.spec())).putLong("recorder.state." + i + ".samples", samples);
            long[] steps = m.steps();
            w.addSection(SectionSpec.of(StateDescriptor.monitorSteps(i), SectionType.ARRAY, Dtype.INT64, samples),
                    MemorySegment.ofArray(steps));
            long bytes = samples * m.spec().neurons().length * Double.BYTES;
            w.addSection(SectionSpec.of(StateDescriptor.monitorValues(i), SectionType.ARRAY, Dtype.FLOAT64,
                    bytes / Double.BYTES), out -> {
                        MemorySegment values = MemorySegment.ofArray(new long[(int) (bytes / Long.BYTES)]);
                        m.copyValuesTo(values);
                        out.write(values);
                    });
        }
    }

    /** What a state monitor records, as saved and checked: {@code population.column:neurons[n]#hash/every k}. */
    private static String describe(StateMonitorSpec s) {
        return s.population() + "." + s.column() + ":neurons[" + s.neurons().length + "]#"
                + Integer.toHexString(java.util.Arrays.hashCode(s.neurons())) + "/every " + s.intervalSteps();
    }

    /**
     * Puts each saved state monitor's samples back into the monitor of the same index that records the same
     * thing (a config that records something else starts that monitor afresh), so the recordings of a resumed
     * run cover the whole history.
     *
     * @throws CodecException naming the section if its size or a step does not fit
     */
    private static void restoreSamples(ShnnFile file, Simulation sim, SimulationConfig config) {
        Metadata md = file.metadata();
        List<StateMonitorSpec> specs = config.stateMonitors();
        for (int i = 0; i < specs.size(); i++) {
            var saved = md.get("recorder.state." + i);
            if (saved.isEmpty() || !saved.get().equals(describe(specs.get(i)))) {
                continue;
            }
            long samples = meta(file.path(), md, "recorder.state." + i + ".samples");
            String key = "present (metadata recorder.state." + i + ")";
            String stepsName = StateDescriptor.monitorSteps(i);
            String valuesName = StateDescriptor.monitorValues(i);
            Section steps = file.find(stepsName).orElseThrow(() -> new CodecException(file.path(), stepsName,
                    CodecException.NO_OFFSET, "section", key, "<none>"));
            Section values = file.find(valuesName).orElseThrow(() -> new CodecException(file.path(), valuesName,
                    CodecException.NO_OFFSET, "section", key, "<none>"));
            if (steps.length() != samples * Long.BYTES || samples > Integer.MAX_VALUE) {
                throw new CodecException(file.path(), stepsName, steps.offset(), "length", samples * Long.BYTES
                        + " bytes (metadata recorder.state." + i + ".samples = " + samples + ")", Long.toString(steps.length()));
            }
            long[] at = steps.segment().toArray(java.lang.foreign.ValueLayout.JAVA_LONG);
            for (int k = 0; k < at.length; k++) {
                if (at[k] >= sim.currentStep()) {
                    throw new CodecException(file.path(), stepsName, steps.offset() + (long) k * Long.BYTES,
                            "step[" + k + "]", "a step before the clock " + sim.currentStep(), Long.toString(at[k]));
                }
            }
            try {
                sim.stateMonitor(i).restore(at, values.segment(), sim.hookMemory());
            } catch (IllegalArgumentException e) {
                throw new CodecException(file.path(), valuesName, values.offset(), "samples",
                        "the samples of " + saved.get(), e.getMessage(), e);
            }
        }
    }

    /**
     * Puts the saved spikes back into the recorder, so the raster of the resumed run is the whole history. Each
     * record is checked first: step in [0, clock), neuron in [0, neurons), strictly increasing (step, neuron). Only
     * the spikes of neurons this simulation records go back ({@link Simulation#spikeSelection}): a file saved
     * keeping every spike and resumed with spike monitors, or saved before the recorders of spikes chose, then
     * gives the chosen neurons' history, as a run that chose from step 0.
     *
     * @throws CodecException naming the record's byte offset and field
     */
    private static void replaySpikes(ShnnFile file, Simulation sim, SimulationConfig config) {
        if (!config.recordSpikes() || config.spikeStream() != null) {
            return; // nothing to fill, or a stream that must not see old spikes again
        }
        Metadata md = file.metadata();
        if (md.get(SPIKES_COUNT_KEY).isPresent()) {
            long saved = meta(file.path(), md, SPIKES_COUNT_KEY);
            long found = file.find(StateDescriptor.SPIKES).map(Section::elementCount).orElse(-1L);
            if (found != saved) {
                throw new CodecException(file.path(), StateDescriptor.SPIKES, CodecException.NO_OFFSET, "elementCount",
                        saved + " spikes (metadata " + SPIKES_COUNT_KEY + ")",
                        found < 0 ? "no section named '" + StateDescriptor.SPIKES + "'" : Long.toString(found));
            }
        }
        file.find(StateDescriptor.SPIKES).ifPresent(s -> {
            if (s.elementSize() != SpikeRecord.SIZE) {
                throw new CodecException(file.path(), s.name(), s.offset(), "elementSize",
                        Integer.toString(SpikeRecord.SIZE), Integer.toString(s.elementSize()));
            }
            MemorySegment m = s.segment();
            SpikeRecorder r = sim.spikes();
            SpikeSelection chosen = sim.spikeSelection();
            long clock = sim.currentStep();
            long neurons = sim.neuronCount();
            long lastStep = -1;
            long lastNeuron = -1;
            for (long i = 0; i < s.elementCount(); i++) {
                long at = i * SpikeRecord.SIZE;
                long step = SpikeRecord.timeStep(m, at);
                int neuron = SpikeRecord.neuronId(m, at);
                if (step < Math.max(lastStep, 0) || step >= clock) {
                    throw new CodecException(file.path(), s.name(), s.offset() + at, "spike[" + i + "].timeStep",
                            "a step in [" + Math.max(lastStep, 0) + ", " + clock + ") (sorted, before the clock)",
                            Long.toString(step));
                }
                if (neuron < 0 || neuron >= neurons || (step == lastStep && neuron <= lastNeuron)) {
                    throw new CodecException(file.path(), s.name(), s.offset() + at + Long.BYTES,
                            "spike[" + i + "].neuronId", "a neuron in [" + (step == lastStep ? lastNeuron + 1 : 0)
                                    + ", " + neurons + ") (sorted by neuron within step " + step + ")",
                            Integer.toString(neuron));
                }
                if (chosen == null || chosen.containsId(neuron)) {
                    r.append(step, neuron);
                }
                lastStep = step;
                lastNeuron = neuron;
            }
        });
    }

    private static String sectionName(int index, String name) {
        return name.getBytes(StandardCharsets.UTF_8).length <= ShnnFileLayouts.NAME_BYTES ? name : "state#" + index;
    }

    private record SectionKind(int type, Dtype dtype) {
    }

    /** The section spec of a state segment: type and dtype from its role (raw bytes when the size does not fit). */
    private static SectionSpec spec(String section, String name, long bytes) {
        SectionKind kind = switch (StateDescriptor.role(name)) {
            case CLOCK -> new SectionKind(SectionType.RNG_STATE, Dtype.INT64);
            case NEURON_STATE -> new SectionKind(SectionType.NEURON_STATE, Dtype.BYTES);
            case DELAY_RING -> new SectionKind(SectionType.DELAY_RING, Dtype.FLOAT32);
            case CSR_HEADER -> new SectionKind(SectionType.TOPOLOGY, Dtype.BYTES);
            case CSR_ROW_OFFSETS -> new SectionKind(SectionType.CSR_ROW_OFFSETS, Dtype.INT64);
            case CSR_TARGETS -> new SectionKind(SectionType.CSR_TARGETS, Dtype.INT32);
            case CSR_WEIGHTS -> new SectionKind(SectionType.CSR_WEIGHTS, Dtype.FLOAT32);
            case CSR_DELAYS -> new SectionKind(SectionType.CSR_DELAYS, Dtype.BYTES);
            case SHORT_TERM -> new SectionKind(SectionType.TOPOLOGY, Dtype.BYTES);
            case COUNTERS -> new SectionKind(SectionType.ARRAY, Dtype.INT64);
            case RATE_CHANGES, CURRENT_CHANGES -> new SectionKind(SectionType.ARRAY, Dtype.FLOAT64);
            case SPIKE_TIMES, SPIKES, SPEC, HOOK, SAMPLES -> new SectionKind(SectionType.ARRAY, Dtype.BYTES);
        };
        int type = kind.type();
        Dtype dtype = kind.dtype();
        if (bytes % dtype.size() != 0) {
            dtype = Dtype.BYTES;
        }
        SectionSpec spec = SectionSpec.of(section, type, dtype, bytes / dtype.size());
        boolean entries = switch (StateDescriptor.role(name)) {
            case CSR_TARGETS, CSR_WEIGHTS, CSR_DELAYS -> true;
            default -> false;
        };
        return entries && bytes >= DEFERRED_BYTES ? spec.withBlockChecksums(BLOCK_BYTES) : spec;
    }

    private static void fingerprint(Network net, Simulation sim, Metadata.Builder md) {
        md.putLong("network.neurons", net.neuronCount());
        md.putLong("network.populations", net.populations().size());
        for (Population p : net.populations()) {
            md.put("population." + p.index(), describe(p));
        }
        md.putLong("network.projections", net.projections().size());
        for (int i = 0; i < net.projections().size(); i++) {
            md.putLong("projection." + i + ".synapses", sim.synapses(i).synapseCount());
        }
    }

    /** The saved synapse count of each projection (metadata) against the CSR header it was restored from. */
    private static void checkSynapseCounts(Path path, Metadata md, Simulation sim) {
        for (int i = 0; i < sim.network().projections().size(); i++) {
            check(path, md, "projection." + i + ".synapses", Long.toString(sim.synapses(i).synapseCount()));
        }
    }

    private static String describe(Population p) {
        return p.name() + ":" + p.count() + ":" + (p.model() != null ? p.model().name() : "generator");
    }

    private static void checkFingerprint(Path path, Metadata md, Network net) {
        check(path, md, "network.name", net.name());
        check(path, md, "network.dt", Long.toHexString(Double.doubleToRawLongBits(net.dt())));
        check(path, md, "network.seed", Long.toString(net.seed()));
        check(path, md, "network.neurons", Long.toString(net.neuronCount()));
        check(path, md, "network.populations", Integer.toString(net.populations().size()));
        for (Population p : net.populations()) {
            check(path, md, "population." + p.index(), describe(p));
        }
        check(path, md, "network.projections", Integer.toString(net.projections().size()));
    }

    private static void check(Path path, Metadata md, String key, String expected) {
        String found = md.get(key).orElse("<none>");
        if (!found.equals(expected)) {
            throw new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, key,
                    "'" + expected + "' (the network being restored)", "'" + found + "'");
        }
    }

    private static long meta(Path path, Metadata md, String key) {
        try {
            return md.getLong(key);
        } catch (RuntimeException e) {
            throw new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, key,
                    "a decimal integer", md.get(key).orElse("<none>"), e);
        }
    }

    private static CodecException missing(Path path, String key) {
        return new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, key, "present",
                "<none>");
    }

    /** Rebuilds a {@link BuiltinNetworks} network from the metadata; the fingerprint check confirms it. */
    private static Network builtin(Path path, Metadata md, long fileBytes) {
        String name = md.get("network.name").orElse("<none>");
        long n = meta(path, md, "network.neurons");
        // every neuron has at least 8 bytes of state in the file: a forged count must not allocate (or build) more
        if (n < 0 || n > Math.min(Integer.MAX_VALUE, fileBytes / Long.BYTES)) {
            throw new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, "network.neurons",
                    "a count in [0, " + Math.min(Integer.MAX_VALUE, fileBytes / Long.BYTES) + "] (8 bytes of state each)",
                    Long.toString(n));
        }
        int neurons = (int) n;
        long seed = meta(path, md, "network.seed");
        double dt;
        try {
            dt = md.getDouble("network.dt");
        } catch (RuntimeException e) {
            throw missing(path, "network.dt");
        }
        try {
            if (name.equals("coba")) {
                return BuiltinNetworks.coba(neurons, seed, dt);
            }
            if (name.equals("cuba")) {
                return BuiltinNetworks.cuba(neurons, seed, dt);
            }
            if (name.startsWith("brunel-")) {
                BrunelRegime regime = BrunelRegime.valueOf(name.substring(7).toUpperCase(Locale.ROOT));
                return BuiltinNetworks.brunel(neurons, seed, regime, dt);
            }
        } catch (IllegalArgumentException e) {
            throw new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, "network.name",
                    "a builtin network (coba, cuba, brunel-<regime>)", "'" + name + "': " + e.getMessage(), e);
        }
        // why the file holds no description (a network built in code, an array lent for the build only)
        String why = md.get("network.spec").map(r -> ", saved without a description: " + r).orElse("");
        throw new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, "network.name",
                "a builtin network (coba, cuba, brunel-<regime>); pass the Network to open(path, network, config)",
                "'" + name + "'" + why);
    }
}
