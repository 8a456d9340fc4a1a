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
     * large CSR sections used in place, in a file with block checksums (format 1.1, every checkpoint saved since):
     * each row's bytes before the row's first use, by the thread that uses it, so that nothing a run computes or
     * sends out comes from an unverified byte and no run waits for a whole verification (a damaged row fails the
     * step that would use it, a {@link org.shnn.codec.CodecException} naming the block); the rest in a background
     * thread after the read-ahead, which a save waits for before it writes. In an older file, the large CSR
     * sections are verified whole in the background, alongside the first steps: a run waits for it before it
     * returns (its results are refused if a checksum failed), a run that sends spikes out while it steps (a spike
     * file, a spike stream, a live output hook: {@code StepHook.streamsOut}) before its first step, and a save
     * before it commits; for a cold 8 GiB checkpoint that is the disk's time to read 8 GiB (bench/RESULTS.md
     * sections 36 and 53).
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
