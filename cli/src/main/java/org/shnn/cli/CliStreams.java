package org.shnn.cli;

import java.util.Locale;
import org.shnn.engine.run.Simulation;
import org.shnn.engine.stream.LiveInput;
import org.shnn.engine.stream.LiveOutput;
import org.shnn.engine.stream.MappedSpikeStream;
import org.shnn.engine.stream.SpikeReplay;
import org.shnn.memory.ring.BackoffIdleStrategy;

/**
 * The live streams of one {@code scripts/run}: the input ({@link SpikeReplay} of a spike file, or a
 * {@link LiveInput} draining a mapped ring, MPSC when this run creates it) and the output ({@link LiveOutput}
 * into a mapped ring, SPSC when created), attached to the simulation before the run; their figures for the
 * printed text and the JSON summary. Ring files are opened if they exist, else created (atomically).
 *
 * <p>Ownership: owns the mappings and the input record file; {@link #close()} after the last run.
 * Thread-safety: the controlling thread only.
 */
final class CliStreams implements AutoCloseable {

    private final MappedSpikeStream inRing;
    private final MappedSpikeStream outRing;
    private final LiveInput input;
    private final SpikeReplay replay;
    private final LiveOutput output;

    private CliStreams(MappedSpikeStream inRing, MappedSpikeStream outRing, LiveInput input, SpikeReplay replay,
            LiveOutput output) {
        this.inRing = inRing;
        this.outRing = outRing;
        this.input = input;
        this.replay = replay;
        this.output = output;
    }

    /** Opens or creates the rings and attaches the hooks; on failure closes what it opened. */
    static CliStreams attach(StreamOptions o, Simulation sim) {
        MappedSpikeStream in = null;
        MappedSpikeStream out = null;
        LiveInput live = null;
        SpikeReplay replay = null;
        try {
            if (o.spikesInFile() != null) {
                replay = SpikeReplay.attach(sim, o.spikesInFile(), o.receptor(), o.weight());
            }
            if (o.spikesInRing() != null) {
                in = MappedSpikeStream.openOrCreate(o.spikesInRing(), true, o.ringCapacity(), o.policy());
                live = LiveInput.attach(sim, in.stream(), o.receptor(), o.weight(), o.inputRecord());
            }
            LiveOutput output = null;
            if (o.spikesOutRing() != null) {
                out = MappedSpikeStream.openOrCreate(o.spikesOutRing(), false, o.ringCapacity(), o.policy());
                output = LiveOutput.attach(sim, out.stream(), BackoffIdleStrategy.standard());
            }
            return new CliStreams(in, out, live, replay, output);
        } catch (RuntimeException | Error e) {
            if (replay != null) {
                replay.close();
            }
            if (live != null) {
                live.close();
            }
            if (in != null) {
                in.close();
            }
            if (out != null) {
                out.close();
            }
            throw e;
        }
    }

    /** Lines for the printed figures ("" without streams). */
    String text() {
        StringBuilder t = new StringBuilder();
        if (replay != null) {
            t.append(String.format(Locale.ROOT, "spikes in        %d replayed from file (%d skipped: steps already run)%n",
                    replay.delivered(), replay.skipped()));
        }
        if (input != null) {
            t.append(String.format(Locale.ROOT, "spikes in        %d delivered from %s (%d late, %d rejected, %d dropped,"
                    + " %d held, %d left in the ring)%n", input.delivered(), inRing.path(), input.late(), input.rejected(),
                    input.dropped(), input.held(), input.inRing()));
        }
        if (output != null) {
            t.append(String.format(Locale.ROOT, "spikes out       %d streamed to %s (%d dropped)%n", output.written(),
                    outRing.path(), output.dropped()));
        }
        return t.toString();
    }

    /** JSON members for the summary, each line ending without a comma ("" without streams). */
    String json() {
        StringBuilder j = new StringBuilder();
        if (replay != null) {
            j.append("  \"spikes_in\": {\"source\": \"file\", \"delivered\": ").append(replay.delivered())
                    .append(", \"skipped\": ").append(replay.skipped()).append("}");
        }
        if (input != null) {
            j.append(j.isEmpty() ? "" : ",\n").append("  \"spikes_in\": {\"source\": \"ring\", \"delivered\": ")
                    .append(input.delivered()).append(", \"late\": ").append(input.late()).append(", \"rejected\": ")
                    .append(input.rejected()).append(", \"dropped\": ").append(input.dropped()).append(", \"held\": ")
                    .append(input.held()).append(", \"left_in_ring\": ").append(input.inRing()).append("}");
        }
        if (output != null) {
            j.append(j.isEmpty() ? "" : ",\n").append("  \"spikes_out\": {\"written\": ").append(output.written())
                    .append(", \"dropped\": ").append(output.dropped()).append("}");
        }
        return j.toString();
    }

    /** Closes the input record file and unmaps the replayed spike file and the rings (the ring files stay). */
    @Override
    public void close() {
        try {
            if (replay != null) {
                replay.close();
            }
            if (input != null) {
                input.close();
            }
        } finally {
            if (inRing != null) {
                inRing.close();
            }
            if (outRing != null) {
                outRing.close();
            }
        }
    }
}
