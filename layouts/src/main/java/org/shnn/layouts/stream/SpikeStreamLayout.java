package org.shnn.layouts.stream;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The header of a live spike stream, declared once: a stream is this header followed, at
 * {@link #RING_OFFSET}, by an SPSC or MPSC record ring ({@code org.shnn.memory.ring.RingDescriptor}) of
 * 16-byte spike records ({@code shnn_spike_record}). The same bytes serve an in-process stream (off-heap
 * memory) and a stream in a memory-mapped file that another process produces or consumes.
 *
 * <pre>
 * byte   0 +------------------------------------------------------------------+
 *          | magic int64 "SHNNSTRM" | version int32 | policy int32             |  written once by
 *       16 | reserved (112 bytes, zero)                                       |  the creator
 *      128 +------------------------------------------------------------------+
 *          | consumerLock int64: 0 free, else the holder's pid | pad (120)     |  DROP_OLDEST only
 *      256 +------------------------------------------------------------------+
 *          | dropped int64: records discarded by drop-oldest | pad (120)       |  producers
 *      384 +------------------------------------------------------------------+
 *          | consumerStep int64: the engine's step, see below | pad (120)      |  the engine
 *      512 +==================================================================+
 *          | the ring: shnn_ring_header (512 bytes), then its slots            |
 *          +------------------------------------------------------------------+
 * </pre>
 *
 * <p>{@code policy}: what a producer does when the ring is full. {@link #POLICY_BLOCK}: it waits for room.
 * {@link #POLICY_DROP_OLDEST}: it takes the consumer's role for one record: it acquires
 * {@code consumerLock} (compare-and-set 0 to its process id, acquire), discards the oldest committed record, adds
 * 1 to {@code dropped} (atomic add), releases the lock (store 0, release) and offers again. The consumer of a
 * drop-oldest stream holds the same lock while it drains, so the ring keeps a single consumer at a time.
 * A side that has waited 1 ms for the lock checks, at most once a millisecond, whether the process whose id the
 * word holds still exists ({@code kill(pid, 0)}, {@code ProcessHandle.of}); if it died, the side takes the lock
 * over with a compare-and-set from that id to its own (the ring is consistent at every instant of a drop). So
 * all sides must share one pid namespace (one machine, one container).
 *
 * <p>{@code consumerStep}: for an input stream, the step at which the spikes of the engine's latest drain
 * take effect (stored with release after each drain; a producer stamping spikes at or after it plus a
 * margin is on time); for an output stream, the last step whose spikes were written. -1 before the first.
 *
 * <p>All fields are in native byte order (the ring's own rule): producer and consumer share one machine.
 * Fields that different sides write sit 128 bytes apart (STYLE rule 9). Thread-safety: constants only.
 */
public final class SpikeStreamLayout {

    /** {@code "SHNNSTRM"} in ASCII, as a little-endian int64. */
    public static final long MAGIC = 0x4D52_5453_4E4E_4853L;
    /** Format version written by this code; readers accept only this version. */
    public static final int VERSION = 1;
    /** {@code policy}: a producer waits while the ring is full. */
    public static final int POLICY_BLOCK = 1;
    /** {@code policy}: a producer discards the oldest record while the ring is full, counting it. */
    public static final int POLICY_DROP_OLDEST = 2;

    /** The stream header. */
    public static final StructLayout HEADER = MemoryLayout.structLayout(
            JAVA_LONG.withName("magic"),
            JAVA_INT.withName("version"),
            JAVA_INT.withName("policy"),
            MemoryLayout.paddingLayout(112).withName("reserved"),
            JAVA_LONG.withName("consumerLock"),
            MemoryLayout.paddingLayout(120).withName("pad1"),
            JAVA_LONG.withName("dropped"),
            MemoryLayout.paddingLayout(120).withName("pad2"),
            JAVA_LONG.withName("consumerStep"),
            MemoryLayout.paddingLayout(120).withName("pad3"))
            .withName("shnn_stream_header");

    /** Bytes of the header (512); the ring starts here, 64-byte aligned as a ring must be. */
    public static final long RING_OFFSET = HEADER.byteSize();
    /** Byte offset of {@code magic}. */
    public static final long MAGIC_OFFSET = HEADER.byteOffset(groupElement("magic"));
    /** Byte offset of {@code version}. */
    public static final long VERSION_OFFSET = HEADER.byteOffset(groupElement("version"));
    /** Byte offset of {@code policy}. */
    public static final long POLICY_OFFSET = HEADER.byteOffset(groupElement("policy"));
    /** Byte offset of {@code consumerLock}. */
    public static final long CONSUMER_LOCK_OFFSET = HEADER.byteOffset(groupElement("consumerLock"));
    /** Byte offset of {@code dropped}. */
    public static final long DROPPED_OFFSET = HEADER.byteOffset(groupElement("dropped"));
    /** Byte offset of {@code consumerStep}. */
    public static final long CONSUMER_STEP_OFFSET = HEADER.byteOffset(groupElement("consumerStep"));

    /** Handles with coordinates {@code (MemorySegment stream, long baseOffset = 0)}; callers comment each access. */
    public static final VarHandle MAGIC_VH = HEADER.varHandle(groupElement("magic"));
    /** See {@link #MAGIC_VH}. */
    public static final VarHandle VERSION_VH = HEADER.varHandle(groupElement("version"));
    /** See {@link #MAGIC_VH}. */
    public static final VarHandle POLICY_VH = HEADER.varHandle(groupElement("policy"));
    /** See {@link #MAGIC_VH}. */
    public static final VarHandle CONSUMER_LOCK_VH = HEADER.varHandle(groupElement("consumerLock"));
    /** See {@link #MAGIC_VH}. */
    public static final VarHandle DROPPED_VH = HEADER.varHandle(groupElement("dropped"));
    /** See {@link #MAGIC_VH}. */
    public static final VarHandle CONSUMER_STEP_VH = HEADER.varHandle(groupElement("consumerStep"));

    private SpikeStreamLayout() {
    }

    /** The name of a policy value, or "unknown". */
    public static String policyName(int policy) {
        return switch (policy) {
            case POLICY_BLOCK -> "block";
            case POLICY_DROP_OLDEST -> "drop-oldest";
            default -> "unknown";
        };
    }
}
