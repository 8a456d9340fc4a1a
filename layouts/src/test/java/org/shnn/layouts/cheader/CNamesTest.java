package org.shnn.layouts.cheader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CNamesTest {

    @Test
    void memberNamesKeepValidIdentifiers() {
        assertEquals("timeStep", CNames.member("timeStep"));
        assertEquals("v_m", CNames.member("v_m"));
        assertEquals("_pad", CNames.member("_pad"));
    }

    @Test
    void memberNamesReplaceInvalidCharactersAndEscapeDigitsAndKeywords() {
        assertEquals("time_step", CNames.member("time-step"));
        assertEquals("a_b_c", CNames.member("a.b c"));
        assertEquals("_2x", CNames.member("2x"));
        assertEquals("int_", CNames.member("int"));
        assertEquals("bool_", CNames.member("bool"));
        assertEquals("_Bool_", CNames.member("_Bool"));
        assertEquals("caf_", CNames.member("caf\u00e9"));
        assertEquals("_", CNames.member(""));
    }

    @Test
    void macroSegmentsSplitCamelCase() {
        assertEquals("TIME_STEP", CNames.macroSegment("timeStep"));
        assertEquals("HTTP_SERVER", CNames.macroSegment("HTTPServer"));
        assertEquals("RECORD_SIZE", CNames.macroSegment("recordSize"));
        assertEquals("V_M", CNames.macroSegment("v_m"));
        assertEquals("X2_Y", CNames.macroSegment("x2Y"));
        assertEquals("PAD0", CNames.macroSegment("pad0"));
        assertEquals("TIME_STEP", CNames.macroSegment("time-step"));
        assertEquals("IO_ERROR", CNames.macroSegment("IOError"));
        assertEquals("ABC", CNames.macroSegment("ABC"));
        assertEquals("_", CNames.macroSegment(""));
    }

    @Test
    void prefixesAndColumnTypes() {
        assertEquals("SHNN_RING_HEADER", CNames.macroPrefix("shnn_ring_header"));
        assertEquals("shnn_lif_state_v_t", CNames.columnType("shnn_lif_state", "v"));
        assertEquals("shnn_lif_state_g_exc_t", CNames.columnType("shnn_lif_state", "g-exc"));
    }
}
