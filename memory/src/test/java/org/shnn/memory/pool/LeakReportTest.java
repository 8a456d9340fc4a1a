package org.shnn.memory.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakReportTest {

    @Test
    void cleanReportPassesTheCheck() {
        LeakReport r = new LeakReport("p", 0, 0, List.of());
        assertTrue(r.isClean());
        r.assertClean();
        assertEquals("pool 'p': no leaks", r.toString());
    }

    @Test
    void leakyReportFailsTheCheckNamingCountBytesAndAddresses() {
        List<String> examples = new ArrayList<>(List.of("0x1000 (64 B)"));
        LeakReport r = new LeakReport("p", 2, 192, examples);
        examples.clear(); // the report keeps its own copy
        assertEquals(List.of("0x1000 (64 B)"), r.examples());
        var e = assertThrows(IllegalStateException.class, r::assertClean);
        assertTrue(e.getMessage().contains("2 live segments (192 bytes)"), e.getMessage());
        assertTrue(e.getMessage().contains("0x1000 (64 B)"), e.getMessage());
    }

    @Test
    void statsPrintEveryCounter() {
        String s = new PoolStats(4096, 128, 256, 8192, 2).toString();
        assertEquals("reserved 4096 B (peak 8192 B), in use 128 B (peak 256 B), 2 live segments", s);
    }
}
