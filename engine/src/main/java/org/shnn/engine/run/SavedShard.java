package org.shnn.engine.run;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.shnn.engine.synapse.CsrMatrix;

/**
 * One saved part of a simulation's state, as {@link Simulation#restore(org.shnn.engine.network.Network,
 * SimulationConfig, java.util.List, SectionOwner, RankComm)} reads it: its sections by name (as in
 * {@link Simulation#stateSections()}) and the global neuron ids {@code [from, to)} whose state and incoming synapses
 * are current in it. A one-process checkpoint holds all of them; rank r's shard of a checkpoint saved on several
 * ranks holds the block that rank owned ({@link Simulation#rankBlock}): the rest of its neuron state is stale and
 * its synapses are only those onto its block. What every rank holds alike (clock, spike counters, replaced spike
 * times, pre-synaptic traces) is current in every shard.
 *
 * @param sections returns a saved segment by name, or null for an absent one; the segments must stay valid until the
 *     simulation restored from them is closed (CSR parts may be used in place)
 * @param from first global neuron id current in this shard
 * @param to one past the last
 * @param origin where the sections come from (a file's path), prefixed to the errors about them that are found only
 *     as they are used (a row checked on use); empty for none
 * @param rowChecks per projection index, the check of the bytes of a row of its saved CSR parts before the row's first
 *     use, where its matrix is used in place and checked on use ({@link CsrMatrix#wrapCheckingRowsOnUse}: the
 *     file's block checksums of them), or null for none
 */
public record SavedShard(Function<String, MemorySegment> sections, int from, int to, String origin,
        IntFunction<CsrMatrix.PartCheck> rowChecks) {

    /** @throws IllegalArgumentException if {@code from > to} or {@code from < 0} */
    public SavedShard {
        Objects.requireNonNull(sections, "sections");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rowChecks, "rowChecks");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("saved shard of neurons [" + from + ", " + to + "): expected 0 <= from <= to");
        }
    }

    /** A shard whose rows need no check of their bytes on use. */
    public SavedShard(Function<String, MemorySegment> sections, int from, int to) {
        this(sections, from, to, "", projection -> null);
    }
}
