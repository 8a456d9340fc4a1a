package org.shnn.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.shnn.engine.stream.SpikeStream;
import org.shnn.layouts.stream.SpikeStreamLayout;
import org.shnn.memory.ring.RingDescriptor;

/** The stream format constants of shnn.h (used by shnn_stream.c), and its lock timeout, equal the Java declarations. */
class StreamMacrosTest {

    @Test
    void streamAndRingMacrosOfShnnHMatchTheJavaFormat() throws IOException {
        String h = Files.readString(Path.of("src/main/c/shnn.h"));
        Matcher m = Pattern.compile("#define (SHNN_(?:STREAM|RING)_[A-Z_]+) (?:UINT64_C\\((0x[0-9A-Fa-f]+)\\)|(\\d+)(\\.\\d+)?)\\s").matcher(h);
        Map<String, Long> macros = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        while (m.find()) {
            if (m.group(4) != null) {
                seconds.put(m.group(1), Double.parseDouble(m.group(3) + m.group(4)));
                continue;
            }
            macros.put(m.group(1), m.group(2) != null ? Long.parseUnsignedLong(m.group(2).substring(2), 16)
                    : Long.parseLong(m.group(3)));
        }
        assertEquals(SpikeStreamLayout.MAGIC, macros.get("SHNN_STREAM_MAGIC"));
        assertEquals(SpikeStreamLayout.VERSION, macros.get("SHNN_STREAM_VERSION"));
        assertEquals(SpikeStreamLayout.POLICY_BLOCK, macros.get("SHNN_STREAM_BLOCK"));
        assertEquals(SpikeStreamLayout.POLICY_DROP_OLDEST, macros.get("SHNN_STREAM_DROP_OLDEST"));
        assertEquals(RingDescriptor.MAGIC, macros.get("SHNN_RING_MAGIC"));
        assertEquals(RingDescriptor.VERSION, macros.get("SHNN_RING_VERSION"));
        assertEquals(RingDescriptor.KIND_SPSC, macros.get("SHNN_RING_KIND_SPSC"));
        assertEquals(RingDescriptor.KIND_MPSC, macros.get("SHNN_RING_KIND_MPSC"));
        assertEquals(8, macros.size(), "no other integer stream or ring macro: " + macros.keySet());
        assertEquals(SpikeStream.LOCK_TIMEOUT_NANOS, Math.round(seconds.get("SHNN_STREAM_LOCK_TIMEOUT_S") * 1e9),
                "the C side waits for a live lock holder as long as the Java side");
        assertEquals(SpikeStream.STALL_TIMEOUT_NANOS, Math.round(seconds.get("SHNN_STREAM_STALL_TIMEOUT_S") * 1e9),
                "a C producer waits for a stopped consumer as long as a Java one");
        assertEquals(2, seconds.size(), "no other decimal stream or ring macro: " + seconds.keySet());
    }
}
