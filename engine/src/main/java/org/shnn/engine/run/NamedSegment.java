package org.shnn.engine.run;

import java.lang.foreign.MemorySegment;

/**
 * A named off-heap section of simulation state (e.g. {@code "projection/0/targets"},
 * {@code "population/exc/state"}), as enumerated for checkpoints. The segment is a view owned by
 * the simulation's pool; it is valid until the simulation is closed.
 *
 * @param name unique, slash-separated name
 * @param segment the bytes
 */
public record NamedSegment(String name, MemorySegment segment) {
}
