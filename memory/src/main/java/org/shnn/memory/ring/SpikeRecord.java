package org.shnn.memory.ring;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The 16-byte spike record the rings carry between threads: accessors over a segment (a flyweight,
 * nothing is allocated).
 *
 * <pre>
 * byte 0 | timeStep int64 | 8 | neuronId int32 | 12 | spare int32 | 16
 * </pre>
 *
 * <p>The record must be 8-byte aligned in its segment (ring slots always are). Plain accesses: the
 * ring's release/acquire on commit publishes them. Thread-safety: stateless.
 */
public final class SpikeRecord {

    /** The record layout: {@code timeStep} (simulation steps), {@code neuronId}, {@code spare} (0 unless used). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("timeStep"),
            JAVA_INT.withName("neuronId"),
            JAVA_INT.withName("spare"))
            .withName("shnn_spike_record");

    /** Record size in bytes (16): the {@code recordSize} of a spike ring. */
    public static final int SIZE = (int) LAYOUT.byteSize();

    private static final VarHandle TIME_STEP = LAYOUT.varHandle(groupElement("timeStep"));
    private static final VarHandle NEURON_ID = LAYOUT.varHandle(groupElement("neuronId"));
    private static final VarHandle SPARE = LAYOUT.varHandle(groupElement("spare"));

    private SpikeRecord() {
    }

    /** Writes a spike with {@code spare = 0} at {@code offset} (bytes) of {@code segment}. */
    public static void write(MemorySegment segment, long offset, long timeStep, int neuronId) {
        write(segment, offset, timeStep, neuronId, 0);
    }

    /** Writes a spike at {@code offset} (bytes) of {@code segment}. */
    public static void write(MemorySegment segment, long offset, long timeStep, int neuronId, int spare) {
        TIME_STEP.set(segment, offset, timeStep);
        NEURON_ID.set(segment, offset, neuronId);
        SPARE.set(segment, offset, spare);
    }

    /** The time step (simulation steps since the start) of the spike at {@code offset}. */
    public static long timeStep(MemorySegment segment, long offset) {
        return (long) TIME_STEP.get(segment, offset);
    }

    /** The id of the neuron that spiked, for the spike at {@code offset}. */
    public static int neuronId(MemorySegment segment, long offset) {
        return (int) NEURON_ID.get(segment, offset);
    }

    /** The spare word of the spike at {@code offset} (free for the caller's use). */
    public static int spare(MemorySegment segment, long offset) {
        return (int) SPARE.get(segment, offset);
    }
}
