package org.shnn.codec;

/**
 * Section type ids (the {@code type} field of a section entry). Ids are plain ints, not an enum, because a
 * reader must carry the types a newer minor version adds without knowing them (it skips them unless they are
 * flagged {@link Section#FLAG_REQUIRED}). Ids 1 to 0xFFFF are reserved for the format; ids from
 * {@link #USER_FIRST} are free for applications.
 *
 * <p>Thread-safety: constants only.
 */
public final class SectionType {

    /** Free key/value metadata ({@link Metadata}: creator, seed, simulated time, wall-clock date...). */
    public static final int METADATA = 1;
    /** Network topology: populations, models, parameters (serialized by the engine). */
    public static final int TOPOLOGY = 2;
    /** CSR row offsets of a projection (INT64, rows + 1). */
    public static final int CSR_ROW_OFFSETS = 3;
    /** CSR column (target) indices of a projection (INT32). */
    public static final int CSR_TARGETS = 4;
    /** CSR weights of a projection (FLOAT32). */
    public static final int CSR_WEIGHTS = 5;
    /** CSR per-synapse delays of a projection (steps, INT16/UINT8 or as the engine declares). */
    public static final int CSR_DELAYS = 6;
    /** One neuron-state column of a population. */
    public static final int NEURON_STATE = 7;
    /** A delay ring (pending synaptic input). */
    public static final int DELAY_RING = 8;
    /** Random-generator state. */
    public static final int RNG_STATE = 9;
    /** Plasticity state (traces, per-synapse variables). */
    public static final int PLASTICITY = 10;
    /** A recorder (spikes, state samples). */
    public static final int RECORDER = 11;
    /** A generic typed array (imports, user data). */
    public static final int ARRAY = 12;
    /**
     * The CRC32C of each block of another section (UINT32, one per block; new in 1.1): the section whose entry's
     * {@code blockChecksums} names this one.
     */
    public static final int BLOCK_CHECKSUMS = 13;
    /** First id free for applications. */
    public static final int USER_FIRST = 0x10000;

    private static final String[] NAMES = {null, "METADATA", "TOPOLOGY", "CSR_ROW_OFFSETS", "CSR_TARGETS",
        "CSR_WEIGHTS", "CSR_DELAYS", "NEURON_STATE", "DELAY_RING", "RNG_STATE", "PLASTICITY", "RECORDER", "ARRAY",
        "BLOCK_CHECKSUMS"};

    private SectionType() {
    }

    /** Whether this reader knows {@code type} (format types 1 to 13). */
    public static boolean isKnown(int type) {
        return type >= METADATA && type <= BLOCK_CHECKSUMS;
    }

    /** A readable name: the constant's name, {@code USER(n)} or {@code UNKNOWN(n)}. */
    public static String name(int type) {
        if (isKnown(type)) {
            return NAMES[type];
        }
        return (Integer.compareUnsigned(type, USER_FIRST) >= 0 ? "USER(" : "UNKNOWN(") + Integer.toUnsignedString(type)
                + ")";
    }
}
