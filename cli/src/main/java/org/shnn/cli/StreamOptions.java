package org.shnn.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.shnn.engine.stream.StreamPolicy;

/**
 * The live-stream part of the command line ({@link CliOptions#streams()}): external spikes in from a spike file
 * or a mapped ring, spikes out to a mapped ring; see {@link CliStreams} for what happens with them.
 *
 * @param spikesInFile a spike file to replay as input ({@code --spikes-in FILE}), or null
 * @param spikesInRing a mapped stream file external producers write ({@code --spikes-in ring:PATH}), or null
 * @param spikesOutRing a mapped stream file that receives every recorded spike ({@code --spikes-out ring:PATH}), or null
 * @param receptor receptor the input spikes arrive on ({@code --input-receptor}, default 0)
 * @param weight weight of each input spike in the receptor's unit ({@code --input-weight}; NaN if not given)
 * @param inputRecord where a ring input records the spikes it delivered ({@code --input-record}), or null
 * @param ringCapacity records of a ring file this run creates ({@code --ring-capacity}, default 65536)
 * @param policy full-ring policy of a ring file this run creates ({@code --ring-policy}, default block)
 */
public record StreamOptions(Path spikesInFile, Path spikesInRing, Path spikesOutRing, int receptor, double weight,
        Path inputRecord, int ringCapacity, StreamPolicy policy) {

    /** The prefix that names a mapped ring instead of a file. */
    static final String RING = "ring:";

    /** The options of this part that take a value. */
    static final java.util.Set<String> OPTIONS = java.util.Set.of("--spikes-in", "--input-weight", "--input-receptor",
            "--input-record", "--ring-capacity", "--ring-policy");

    /** The help lines of these options (appended to {@link CliOptions#USAGE}). */
    static final String USAGE = """
              --spikes-in FILE|ring:PATH
                                        input spikes: a spike file (16-byte records: step int64,
                                        global neuron id int32, spare int32; little-endian), each
                                        taking effect at its step; or a live ring file other processes
                                        write (shnn.h shnn_stream_*, Python shnn.SpikeStream), opened
                                        if it exists, else created; see engine.stream.LiveInput for
                                        the timing (a spike drained at step s acts at s + 2; earlier
                                        stamps are late and counted)
              --input-weight W          weight of each input spike in the receptor's unit (nS, pA
                                        or mV); required with --spikes-in
              --input-receptor R        receptor of the input spikes (default 0, excitatory)
              --input-record FILE       with ring input: record every delivered spike (step it took
                                        effect at, neuron, steps late) for a bit-identical replay
                                        with --spikes-in FILE
              --spikes-out ring:PATH    stream every recorded spike live into a ring file (opened
                                        or created; a network file's recorders of spikes choose
                                        whose, as for --spikes-out FILE.csv)
              --ring-capacity N         records of a ring file this run creates (power of two,
                                        default 65536)
              --ring-policy block|drop-oldest
                                        when a created ring is full: the producer waits (default;
                                        the run fails once its output ring has been full for 10 s),
                                        or the oldest spike is dropped and counted
            """;

    /** No streams. */
    static StreamOptions none() {
        return new StreamOptions(null, null, null, 0, Double.NaN, null, 1 << 16, StreamPolicy.BLOCK);
    }

    /** Whether any stream option is in use. */
    boolean any() {
        return spikesInFile != null || spikesInRing != null || spikesOutRing != null;
    }

    /**
     * This with option {@code name} (one of {@link #OPTIONS}) set to {@code value}.
     *
     * @throws UsageException naming the option and the bad value
     */
    StreamOptions with(String name, String value) throws UsageException {
        Path inFile = spikesInFile;
        Path inRing = spikesInRing;
        int r = receptor;
        double w = weight;
        Path rec = inputRecord;
        int cap = ringCapacity;
        StreamPolicy pol = policy;
        switch (name) {
            case "--spikes-in" -> {
                if (value.startsWith(RING)) {
                    inRing = CliOptions.path(name, value.substring(RING.length()));
                    inFile = null;
                } else {
                    inFile = CliOptions.path(name, value);
                    inRing = null;
                }
            }
            case "--input-weight" -> w = CliOptions.parseDouble(name, value, -Double.MAX_VALUE, Double.MAX_VALUE);
            case "--input-receptor" -> r = (int) CliOptions.parseLong(name, value, 0, 63);
            case "--input-record" -> rec = CliOptions.path(name, value);
            case "--ring-capacity" -> {
                cap = (int) CliOptions.parseLong(name, value, 1, 1 << 30);
                if (Integer.bitCount(cap) != 1) {
                    throw new UsageException(name + " " + cap + " must be a power of two");
                }
            }
            case "--ring-policy" -> pol = switch (value.toLowerCase(Locale.ROOT)) {
                case "block" -> StreamPolicy.BLOCK;
                case "drop-oldest" -> StreamPolicy.DROP_OLDEST;
                default -> throw new UsageException(name + " '" + value + "' is not one of block, drop-oldest");
            };
            default -> throw new UsageException("unknown option " + name + " (see --help)");
        }
        return new StreamOptions(inFile, inRing, spikesOutRing, r, w, rec, cap, pol);
    }

    /** This with the output ring set ({@code --spikes-out ring:PATH}). */
    StreamOptions withOutRing(String value) throws UsageException {
        return new StreamOptions(spikesInFile, spikesInRing, CliOptions.path("--spikes-out", value.substring(RING.length())), receptor,
                weight, inputRecord, ringCapacity, policy);
    }

    /**
     * Checks the combination once all options are read.
     *
     * @throws UsageException naming what is missing or does not fit
     */
    void check() throws UsageException {
        boolean input = spikesInFile != null || spikesInRing != null;
        if (input && Double.isNaN(weight)) {
            throw new UsageException("--spikes-in needs --input-weight W (each spike's weight in the receptor's unit)");
        }
        if (inputRecord != null && spikesInRing == null) {
            throw new UsageException("--input-record records what a ring input delivered; it needs --spikes-in ring:PATH");
        }
    }
}
