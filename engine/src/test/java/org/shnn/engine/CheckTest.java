package org.shnn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CheckTest {

    private static void fails(String message, Executable check) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, check).getMessage());
    }

    @Test
    void messagesNameFieldValueUnitAndBound() {
        fails("tauM = -1.0 ms must be finite and > 0", () -> Check.positive("tauM", -1.0, "ms"));
        fails("tauM = NaN ms must be finite and > 0", () -> Check.positive("tauM", Double.NaN, "ms"));
        fails("tRef = Infinity ms must be finite and >= 0", () -> Check.nonNegative("tRef", Double.POSITIVE_INFINITY, "ms"));
        fails("aPlus = -0.1 must be finite and >= 0", () -> Check.nonNegative("aPlus", -0.1));
        fails("factor = 0.0 must be finite and > 0", () -> Check.positive("factor", 0.0));
        fails("eL = NaN mV must be finite", () -> Check.finite("eL", Double.NaN, "mV"));
        fails("vReset = -40.0 mV must be < vTh = -50.0 mV", () -> Check.below("vReset", -40, "vTh", -50, "mV"));
        fails("weight bounds [1.0, 0.0] must be finite with wMax > wMin",
                () -> Check.interval("weight bounds", 1, "wMin", 0, "wMax"));
        fails("start step = -1 must be >= 0", () -> Check.atLeast("start step", -1, 0));
        fails("neurons = 4294967296 must be at most 2147483647", () -> Check.fitsInt("neurons", 1L << 32));
        fails("dt = 0.0 ms must be finite and > 0", () -> Check.dt(0));
        fails("window = 0.01 ms is 0.0 steps of dt = 0.1 ms; must be in [1, 2147483647] steps",
                () -> Check.steps("window", 0.01, 0.1, 1));
        fails("window = -1.0 ms must be finite and >= 0", () -> Check.steps("window", -1, 0.1, 0));
    }

    @Test
    void validValuesPassThrough() {
        assertEquals(20.0, Check.positive("tauM", 20.0, "ms"));
        assertEquals(0.0, Check.nonNegative("tRef", 0.0, "ms"));
        assertEquals(-65.0, Check.finite("eL", -65.0, "mV"));
        assertEquals(50, Check.steps("tRef", 5.0, 0.1, 0));
        assertEquals(7, Check.atLeast("minSpikes", 7, 1));
        assertEquals(Integer.MAX_VALUE, Check.fitsInt("neurons", Integer.MAX_VALUE));
        Check.below("vReset", -60, "vTh", -50, "mV");
        Check.interval("value range", 0, "lo", 1, "hi");
    }
}
