package org.shnn.engine.run;

/**
 * Off-heap memory of a simulation.
 *
 * @param inUseBytes bytes currently allocated for the simulation
 * @param peakBytes the most ever allocated at once
 */
public record OffHeapStats(long inUseBytes, long peakBytes) {
}
