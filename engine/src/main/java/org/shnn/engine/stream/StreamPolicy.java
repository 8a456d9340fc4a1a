package org.shnn.engine.stream;

import org.shnn.layouts.stream.SpikeStreamLayout;

/**
 * What a producer does when a stream's ring is full (stored in the stream header, so every process
 * producing into a mapped stream follows the same rule).
 */
public enum StreamPolicy {
    /** The producer waits with its idle strategy until the consumer frees room: nothing is lost. */
    BLOCK(SpikeStreamLayout.POLICY_BLOCK),
    /**
     * The producer discards the oldest record in the ring and counts it in the header's {@code dropped}:
     * the producer never waits for a slow or absent consumer (only, briefly, for the consumer lock).
     */
    DROP_OLDEST(SpikeStreamLayout.POLICY_DROP_OLDEST);

    private final int code;

    StreamPolicy(int code) {
        this.code = code;
    }

    /** The header's {@code policy} value. */
    public int code() {
        return code;
    }

    /** The policy of a header value, or null if the value is no policy. */
    static StreamPolicy ofCode(int code) {
        for (StreamPolicy p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }
}
