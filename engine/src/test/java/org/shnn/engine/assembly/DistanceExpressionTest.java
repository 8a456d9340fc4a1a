package org.shnn.engine.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shnn.engine.spec.SpecException;

class DistanceExpressionTest {

    private static double eval(String s, double d) {
        return DistanceExpression.parse("p", "f", s).applyAsDouble(d);
    }

    @Test
    void arithmeticFollowsTheUsualPrecedence() {
        assertEquals(7, eval("1 + 2 * 3", 0));
        assertEquals(9, eval("(1 + 2) * 3", 0));
        assertEquals(-4, eval("-2^2", 0)); // unary minus binds looser than power, as in Python
        assertEquals(512, eval("2^3^2", 0)); // right-associative
        assertEquals(512, eval("2**3**2", 0));
        assertEquals(0.5, eval("2^-1", 0));
        assertEquals(2.5, eval("d / 4", 10));
        assertEquals(1e-3 * 5, eval("1e-3 * d", 5), 1e-18);
        assertEquals(Math.exp(-10 / 100.0), eval("exp(-d / 100)", 10));
        assertEquals(3, eval("max(min(d, 3), 1)", 10));
        assertEquals(Math.sqrt(2) + Math.abs(-3) + Math.log(4) + Math.sin(1) + Math.cos(1),
                eval("sqrt(2) + abs(-3) + log(4) + sin(1) + cos(1)", 0));
    }

    @Test
    void comparisonsGiveOneOrZero() {
        assertEquals(1, eval("d < 50", 49.9));
        assertEquals(0, eval("d < 50", 50));
        assertEquals(1, eval("d <= 50", 50));
        assertEquals(1, eval("d >= 50", 50));
        assertEquals(0, eval("d > 50", 50));
        assertEquals(0.3, eval("0.3 * (d < 10) + 0.1 * (d >= 10)", 5), 1e-15);
    }

    @Test
    void aBadTokenIsNamedWithItsColumn() {
        SpecException e = assertThrows(SpecException.class, () -> eval("exp(-d / 100", 0));
        assertTrue(e.getMessage().contains("column 13"), e.getMessage());
        e = assertThrows(SpecException.class, () -> eval("d < 50 & d > 1", 0));
        assertTrue(e.getMessage().contains("column 8") && e.getMessage().contains("'&'"), e.getMessage());
        e = assertThrows(SpecException.class, () -> eval("gauss(d)", 0));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        e = assertThrows(SpecException.class, () -> eval("x + 1", 0));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        assertThrows(SpecException.class, () -> eval("", 0));
        assertThrows(SpecException.class, () -> eval("1e+", 0));
        assertThrows(SpecException.class, () -> eval("(".repeat(100) + "d" + ")".repeat(100), 0));
        assertThrows(SpecException.class, () -> eval("d+".repeat(600) + "d", 0));
    }
}
