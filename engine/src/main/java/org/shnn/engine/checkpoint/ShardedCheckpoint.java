package org.shnn.engine.checkpoint;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.shnn.codec.AtomicFile;
import org.shnn.codec.CodecException;
import org.shnn.codec.FileFailure;
import org.shnn.codec.Metadata;
import org.shnn.codec.ShnnWriter;
import org.shnn.codec.json.JsonObject;
import org.shnn.codec.json.JsonReader;
import org.shnn.codec.json.JsonValue;
import org.shnn.engine.run.RankComm;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.run.SimulationConfig;

/**
 * Checkpoints of a distributed run ({@link Simulation#create(org.shnn.engine.network.Network, SimulationConfig, RankComm)}):
 * every rank saves its own shard, an ordinary checkpoint ({@link Checkpoint}) whose metadata names its rank
 * ({@value #RANK_KEY}) and rank count ({@value #RANKS_KEY}), next to a small JSON manifest that rank 0 writes
 * once every shard is complete; resuming, every rank maps its own shard.
 *
 * <pre>
 *  run.shnn                   manifest: {"kind": "shnn-sharded-checkpoint", "version": 1, "ranks": 2, "step": 10000,
 *                                        "save": 3, "network": "coba",
 *                                        "shards": ["run.shnn.save-3.rank-0-of-2", "run.shnn.save-3.rank-1-of-2"]}
 *  run.shnn.save-3.rank-0-of-2   rank 0's checkpoint: its block of the neuron state and rings current, the synapses
 *  run.shnn.save-3.rank-1-of-2   onto its block (its own), plus what every rank holds alike (recorded spikes, counters)
 * </pre>
 *
 * <p>Rank counts: a sharded checkpoint resumes on as many ranks as saved it, with any thread count (rank blocks do
 * not depend on threads), bit-identically, each rank mapping its own shard. On another rank count, one process
 * included, it is repartitioned: each rank maps only the shards whose blocks of neurons meet its own block
 * ({@link Simulation#rankBlock}: about 2 when the counts are close), takes each of its neurons' state, delay ring and
 * per-neuron hook state (STDP post-synaptic traces, homeostatic counters) from the shard that held it, and gathers the
 * synapses onto its neurons row by row from those shards (reading of each only the runs it keeps); the run goes on
 * bit-identically to one that never stopped. A one-process checkpoint resumes on any rank count (it holds every
 * neuron's state and synapse; every rank maps the same file and keeps a copy of its own targets' synapses).
 *
 * <p>What a rank reads when it repartitions (saved on N ranks, resumed on M != N), file by file:
 * <ul>
 * <li>the manifest; the existence of every shard it names (so a missing one fails on every rank alike); shard 0's
 * metadata, for the neuron count the blocks follow from;</li>
 * <li>the shards whose blocks meet its own (from the first of them also the network's stored description, the clock,
 * counters, recorded spikes and samples and the hooks' replicated state: pre-synaptic traces, hyperedge coincidence
 * state, weight samples, which every shard holds alike); shard 0 is unmapped again if its block is not one of them;</li>
 * <li>neuron state and delay rings: each shard holds every neuron's (stale outside its block); a rank copies the
 * first mapped shard's sections whole, then from each further shard the rows of its own neurons that shard held, as
 * it does the per-neuron hook state (STDP post-synaptic traces, homeostatic counters); a Tsodyks-Markram
 * projection's state whole from the first mapped shard that held some of its targets;</li>
 * <li>synapses: of each projection in each mapped shard, the header and all row offsets (checked), then of the
 * targets, weights and delays only the runs onto its own neurons plus a binary search per row
 * ({@code CsrMatrix.gather}); the copy is checked row by row. No read-ahead advice or background read of these
 * sections: they are copied, not used in place;</li>
 * <li>checksums: one CRC32C per section (the file format), so verifying means reading each mapped shard whole, the
 * synapses onto other ranks' neurons and the stale rows included. Under the default {@link Verification#DEFERRED}
 * every section but the synapse sections of {@link Checkpoint#DEFERRED_BYTES} or more is verified before open returns,
 * those in the background alongside the first steps (a run waits for the verdict before it returns); under
 * {@link Verification#FULL} all before open returns; under {@link Verification#NONE} none, and a rank reads only
 * what the items above say. The block checksums of files saved since format 1.1 would not make a rank read much
 * less: its binary search per row reads into most 16 KiB blocks of a row of thousands of synapses, and each of
 * those blocks would have to be verified; so a repartitioned open verifies the mapped shards' synapse sections
 * whole.</li>
 * </ul>
 * So with verification a rank of M reads about {@code N/M + 1} shards' bytes (2 shards when the counts are close)
 * against the {@code 1/M} of the network it keeps; without, the rows it keeps plus each mapped shard's row offsets and
 * the first one's neuron state, recorded spikes and samples.
 *
 * <p>Thread-safety: {@link #save} and {@link #open} are collective (every rank calls them, on its communicator's
 * thread). Files are written atomically ({@link AtomicFile}); the manifest last, so a manifest names complete
 * shards only, and each save's shards under names of their own, so a save that fails on any rank leaves the previous
 * one whole ({@link #save}).
 */
public final class ShardedCheckpoint {

    /** Metadata key of a shard: how many ranks saved it. */
    public static final String RANKS_KEY = "ranks.size";
    /** Metadata key of a shard: the rank that saved it. */
    public static final String RANK_KEY = "ranks.rank";
    /** The manifest's {@code kind}. */
    public static final String MANIFEST_KIND = "shnn-sharded-checkpoint";
    /** The manifest's format version. */
    public static final int MANIFEST_VERSION = 1;

    private ShardedCheckpoint() {
    }

    /**
     * Rank {@code rank}'s shard of save number {@code save} of the checkpoint whose manifest is {@code manifest}:
     * {@code <name>.save-<save>.rank-<r>-of-<n>}.
     */
    static Path shardPath(Path manifest, int save, int rank, int ranks) {
        return manifest.resolveSibling(manifest.getFileName() + ".save-" + save + ".rank-" + rank + "-of-" + ranks);
    }

    /**
     * The shard files the manifest at {@code manifest} names, in rank order (to copy or move a checkpoint, take the
     * manifest and these).
     *
     * @throws CodecException if the file is not a manifest
     * @throws IOException if it cannot be read
     */
    public static List<Path> shards(Path manifest) throws IOException {
        return shards(manifest, manifest(manifest));
    }

    private static List<Path> shards(Path manifest, JsonObject m) {
        List<Path> shards = new ArrayList<>();
        for (JsonValue s : m.getArray("shards").elements()) {
            shards.add(manifest.resolveSibling(s.asString()));
        }
        return shards;
    }

    /**
     * Saves this rank's shard, waits for every rank's, then rank 0 writes the manifest at {@code manifest}.
     * Collective.
     *
     * <p>A failed save loses nothing saved before it: each save writes its shards under new names (its number,
     * {@code "save"} in the manifest, one more than the manifest it replaces), so the shards the present manifest
     * names are never touched; the manifest is replaced atomically once every shard is complete, and only then does
     * rank 0 delete the shards of the save it replaced (those a rank's own disk holds stay on a cluster whose ranks
     * do not share the directory). Shards left by a save that failed are overwritten by the next save.
     *
     * @throws IOException on a write error (the job is then to be aborted: the other ranks wait at the barrier)
     */
    public static void save(Simulation sim, Path manifest) throws IOException {
        RankComm comm = sim.ranks();
        JsonObject previous = comm.rank() == 0 ? previousManifest(manifest) : null;
        int save;
        try (Arena arena = Arena.ofConfined()) { // rank 0's number for this save, to every rank
            MemorySegment numbers = arena.allocate(JAVA_INT, comm.size());
            comm.allgather(comm.rank() == 0 ? nextSave(previous) : 0, numbers);
            save = numbers.getAtIndex(JAVA_INT, 0);
        }
        Checkpoint.save(sim, shardPath(manifest, save, comm.rank(), comm.size()));
        comm.barrier(); // every shard complete before the manifest names them
        if (comm.rank() == 0) {
            StringBuilder json = new StringBuilder();
            json.append("{\"kind\": \"").append(MANIFEST_KIND).append("\", \"version\": ").append(MANIFEST_VERSION)
                    .append(", \"ranks\": ").append(comm.size()).append(", \"step\": ").append(sim.currentStep())
                    .append(", \"save\": ").append(save)
                    .append(", \"network\": \"").append(sim.network().name().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\", \"shards\": [");
            List<Path> written = new ArrayList<>();
            for (int r = 0; r < comm.size(); r++) {
                written.add(shardPath(manifest, save, r, comm.size()));
                json.append(r == 0 ? "\"" : ", \"").append(written.get(r).getFileName()).append('"');
            }
            json.append("]}\n");
            AtomicFile.write(manifest, out -> out.write(json.toString().getBytes(StandardCharsets.UTF_8)));
            if (previous != null) {
                deleteReplaced(manifest, previous, written);
            }
        }
        comm.barrier(); // the manifest exists when save returns on any rank
    }

    /**
     * The valid manifest at {@code manifest} that a save is about to replace, or null if there is none (no file, a
     * one-process checkpoint, a file that is not a manifest: the save replaces it all the same).
     */
    private static JsonObject previousManifest(Path manifest) {
        try {
            return Files.isRegularFile(manifest) && isManifest(manifest) ? manifest(manifest) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The number of the save after {@code previous} (null: none): its {@code "save"} + 1, or 1 if it is not valid. */
    private static int nextSave(JsonObject previous) {
        try {
            long last = previous == null ? 0 : previous.getLong("save", 1); // a manifest older than the member: 1
            return last >= 1 && last < Integer.MAX_VALUE ? (int) last + 1 : 1;
        } catch (RuntimeException e) { // "save" not a number
            return 1;
        }
    }

    /**
     * Deletes the shards the replaced manifest {@code previous} named, except any of {@code written}; only files named
     * as {@link #save} names shards ({@code <name>[.save-K].rank-R-of-N} beside the manifest), so that a hand-edited
     * manifest cannot make a save delete anything else. The new save is committed already, so a failure is a
     * warning: the file only takes disk space.
     */
    private static void deleteReplaced(Path manifest, JsonObject previous, List<Path> written) {
        Pattern shard = Pattern.compile(Pattern.quote(manifest.getFileName().toString())
                + "(\\.save-[0-9]+)?\\.rank-[0-9]+-of-[0-9]+");
        List<Path> replaced;
        try {
            replaced = shards(manifest, previous);
        } catch (RuntimeException e) { // a name that is not a string: nothing of it is ours to delete
            return;
        }
        for (Path old : replaced) {
            if (written.contains(old) || !manifest.resolveSibling(old.getFileName()).equals(old)
                    || !shard.matcher(old.getFileName().toString()).matches()) {
                continue;
            }
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                System.getLogger(ShardedCheckpoint.class.getName()).log(System.Logger.Level.WARNING, "checkpoint "
                        + manifest + " saved; its previous shard " + old + " could not be deleted: " + e);
            }
        }
    }

    /** Whether {@code path} is a sharded checkpoint's manifest (a JSON file; a .shnn file starts with its magic). */
    public static boolean isManifest(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            int c;
            while ((c = in.read()) == ' ' || c == '\n' || c == '\r' || c == '\t') {
                // leading white space
            }
            return c == '{';
        }
    }

    /**
     * Resumes rank {@code comm.rank()} of a distributed run, or one process ({@link RankComm#single()}), from
     * {@code path}: a manifest (this rank's shard, or on another rank count the shards that hold its neurons: see
     * the class comment) or a one-process checkpoint (every rank maps it). Collective.
     *
     * @throws CodecException if a shard this rank needs is missing or does not match the manifest (another save, rank
     *     or network), or a file is not a checkpoint
     * @throws IOException if a file cannot be read
     */
    public static Simulation open(Path path, SimulationConfig config, boolean verify, RankComm comm) throws IOException {
        return open(path, config, verify ? Verification.FULL : Verification.DEFERRED, comm);
    }

    /**
     * As {@link #open(Path, SimulationConfig, boolean, RankComm)}, verifying each mapped file's checksums as
     * {@code v} says (the C API's {@code shnn_sim_open} flags). Collective.
     */
    public static Simulation open(Path path, SimulationConfig config, Verification v, RankComm comm) throws IOException {
        // a manifest or a checkpoint is a saved file: a pipe read here would be consumed by the look for a manifest
        // (a named pipe nobody writes would block it), and a checkpoint is mapped
        FileFailure.requireMappable(path);
        if (!isManifest(path)) {
            return Checkpoint.open(path, null, config, v, comm);
        }
        JsonObject m = manifest(path);
        int ranks = m.getInt("ranks");
        List<Path> shards = shards(path, m);
        Simulation sim;
        if (ranks == comm.size()) {
            sim = Checkpoint.open(List.of(existing(path, shards, comm.rank())), 0, null, config, v, comm);
        } else { // repartitioned: this rank maps the shards holding its neurons (every named shard must exist)
            for (int r = 0; r < ranks; r++) {
                existing(path, shards, r);
            }
            sim = Checkpoint.open(shards, ranks, null, config, v, comm);
        }
        if (sim.currentStep() != m.getLong("step")) {
            long step = sim.currentStep();
            sim.close();
            throw new CodecException(path, null, CodecException.NO_OFFSET, "step", m.getLong("step")
                    + " (the manifest's)", step + ": the shards are from another save");
        }
        return sim;
    }

    /** Shard {@code rank} of the manifest at {@code manifest}, refused naming it if the file does not exist. */
    private static Path existing(Path manifest, List<Path> shards, int rank) {
        Path shard = shards.get(rank);
        if (!Files.exists(shard)) {
            throw new CodecException(manifest, null, CodecException.NO_OFFSET, "shards[" + rank + "]",
                    "an existing shard file", shard + " does not exist");
        }
        return shard;
    }

    private static JsonObject manifest(Path path) throws IOException {
        JsonObject m;
        try {
            m = JsonReader.DEFAULT.read(path).asObject();
        } catch (RuntimeException e) {
            throw new CodecException(path, null, CodecException.NO_OFFSET, "manifest", "a JSON object", e.getMessage(), e);
        }
        String kind = m.getString("kind", "<none>");
        if (!kind.equals(MANIFEST_KIND)) {
            throw new CodecException(path, null, CodecException.NO_OFFSET, "kind", "'" + MANIFEST_KIND + "'",
                    "'" + kind + "'");
        }
        long version = m.getLong("version", -1);
        if (version != MANIFEST_VERSION) {
            throw new CodecException(path, null, CodecException.NO_OFFSET, "version", Integer.toString(MANIFEST_VERSION),
                    Long.toString(version));
        }
        int ranks = m.getInt("ranks", -1);
        if (ranks < 2 || m.getArray("shards").size() != ranks) {
            throw new CodecException(path, null, CodecException.NO_OFFSET, "shards", "one shard per rank, >= 2 ranks",
                    m.getArray("shards").size() + " shards of " + ranks + " ranks");
        }
        return m;
    }

    /** Refuses a manifest where one checkpoint file is expected ({@code Checkpoint.open}). */
    static void checkNotManifest(Path path, RankComm comm) throws IOException {
        if (Files.isRegularFile(path) && isManifest(path)) {
            int ranks = manifest(path).getInt("ranks");
            throw new CodecException(path, null, CodecException.NO_OFFSET, "kind", "a checkpoint file for "
                    + comm.size() + (comm.size() == 1 ? " process" : " ranks"), "the manifest of a checkpoint sharded over "
                    + ranks + " ranks: open it with ShardedCheckpoint.open (scripts/run --resume " + path
                    + " does), which resumes it on any rank count");
        }
    }

    /**
     * Refuses a file that is not shard {@code rank} of a checkpoint saved on {@code ranks} ranks (the shard a
     * repartitioned resume reads as that rank's block).
     */
    static void checkShardOf(Path path, Metadata md, int rank, int ranks) {
        String found = md.get(RANKS_KEY).isEmpty() ? "a one-process checkpoint"
                : "rank " + md.get(RANK_KEY).orElse("<none>") + " of " + md.get(RANKS_KEY).get();
        if (!found.equals("rank " + rank + " of " + ranks)) {
            throw new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, RANKS_KEY + "/" + RANK_KEY,
                    "rank " + rank + " of " + ranks + " (named so by the manifest)", found);
        }
    }

    /**
     * Refuses a shard opened by anyone but the rank that saved it on as many ranks (only that rank's block of its
     * state is current), and a manifest opened as a checkpoint.
     */
    static void checkShard(Path path, Metadata md, RankComm comm) {
        if (md.get(RANKS_KEY).isEmpty()) {
            return; // one process's checkpoint: every neuron's state, any rank may resume it
        }
        long ranks = md.getLong(RANKS_KEY);
        long rank = md.getLong(RANK_KEY);
        if (ranks != comm.size() || rank != comm.rank()) {
            throw new CodecException(path, ShnnWriter.METADATA_SECTION, CodecException.NO_OFFSET, RANKS_KEY + "/" + RANK_KEY,
                    "rank " + comm.rank() + " of " + comm.size() + " (this process)", "rank " + rank + " of " + ranks
                    + ": this file is one shard of a sharded checkpoint; resume its manifest (on any rank count)");
        }
    }
}
