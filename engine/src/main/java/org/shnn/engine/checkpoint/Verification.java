package org.shnn.engine.checkpoint;

/**
 * How much of a checkpoint's CRC32C checksums {@link Checkpoint#open} verifies, and when. Whatever the choice,
 * every value that addresses memory or steers the step loop (CSR structure, clock, recorded spikes) is
 * validated on open; the checksums add what structure cannot see: a changed weight, state value or delay that
 * is still in range. Costs: bench/RESULTS.md, "Validation and verification on open".
 */
public enum Verification {
    /** Every section before {@code open} returns: open then costs time proportional to the file size. */
    FULL,
    /**
     * The default. Before {@code open} returns: every section the simulation copies (clock, neuron state, delay
     * rings, recorded spikes), the metadata, and every section under {@link Checkpoint#DEFERRED_BYTES}. The
     * large CSR sections used in place: in a background thread, alongside the first steps; a run waits for it
     * before it returns (its results are refused if a checksum failed) and so does a save before it commits.
     * A run that sends spikes out while it steps (a spike file, a spike stream, a live output hook:
     * {@code StepHook.streamsOut}) waits for it before its first step instead, so that nothing computed from
     * unverified bytes leaves the process. So the first step of a resumed run starts within the open's own time
     * plus the step's, but its results come no sooner than the whole verification, which reads every byte of the
     * large sections: for a cold 8 GiB checkpoint the disk's time to read 8 GiB ({@link #NONE} is the mode whose
     * first step's results do not wait for it; bench/RESULTS.md section 36).
     */
    DEFERRED,
    /**
     * No checksum: for files whose integrity is guaranteed otherwise (structure is still validated, a large CSR
     * matrix's rows each on its first use). The large CSR sections used in place are still read into the page
     * cache in the background, starting 2 s after the open so that the open's JIT warm-up and first steps have the
     * machine to themselves; no run waits for that read (bench/RESULTS.md section 48).
     */
    NONE
}
