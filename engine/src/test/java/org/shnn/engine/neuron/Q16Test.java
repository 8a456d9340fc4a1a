package org.shnn.engine.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Q16Test {

    private static final long SEED = 0x5151_2026L;

    @Test
    void conversionsRoundToNearestAndSaturate() {
        assertEquals(Q16.ONE, Q16.fromDouble(1.0));
        assertEquals(-3 * Q16.ONE / 2, Q16.fromDouble(-1.5));
        assertEquals(1, Q16.fromDouble(0x1p-16 * 0.5));   // tie away from zero
        assertEquals(-1, Q16.fromDouble(-0x1p-16 * 0.5));
        assertEquals(0, Q16.fromDouble(0x1p-16 * 0.49));
        assertEquals(Q16.MAX, Q16.fromDouble(40000));
        assertEquals(Q16.MIN, Q16.fromDouble(-40000));
        assertEquals(Q16.MAX, Q16.fromDouble(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Q16.fromDouble(Double.NaN));
        assertEquals(-70.25, Q16.toDouble(Q16.fromDouble(-70.25)));
    }

    @Test
    void arithmeticMatchesExactRationalReferenceOnRandomOperands() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int n = 0; n < 200_000; n++) {
            int a = n % 3 == 0 ? rnd.nextInt() : rnd.nextInt(-(40 << 16), 40 << 16);
            int b = n % 5 == 0 ? rnd.nextInt() : rnd.nextInt(-(40 << 16), 40 << 16);
            String ctx = "a=" + a + " b=" + b + " seed " + SEED + " n " + n;
            assertEquals(clamp(BigDecimal.valueOf((long) a + b)), Q16.add(a, b), ctx);
            assertEquals(clamp(BigDecimal.valueOf((long) a - b)), Q16.sub(a, b), ctx);
            // a*b / 2^16, ties towards +infinity
            BigDecimal product = BigDecimal.valueOf((long) a).multiply(BigDecimal.valueOf(b))
                    .divide(BigDecimal.valueOf(Q16.ONE)).add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR);
            assertEquals(clamp(product), Q16.mul(a, b), ctx);
            if (b != 0) {
                BigDecimal quotient = BigDecimal.valueOf((long) a * Q16.ONE)
                        .divide(BigDecimal.valueOf(b), 0, RoundingMode.HALF_UP); // HALF_UP = ties away from zero
                assertEquals(clamp(quotient), Q16.div(a, b), ctx);
            }
        }
    }

    private static int clamp(BigDecimal x) {
        if (x.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            return Integer.MAX_VALUE;
        }
        if (x.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
            return Integer.MIN_VALUE;
        }
        return x.intValueExact();
    }

    @Test
    void saturatesInsteadOfWrapping() {
        assertEquals(Q16.MAX, Q16.add(Q16.MAX, 1));
        assertEquals(Q16.MIN, Q16.sub(Q16.MIN, 1));
        assertEquals(Q16.MAX, Q16.mul(Q16.fromDouble(300), Q16.fromDouble(300)));
        assertEquals(Q16.MIN, Q16.mul(Q16.fromDouble(-300), Q16.fromDouble(300)));
        assertEquals(Q16.MAX, Q16.mul(Q16.MIN, Q16.MIN));
        assertEquals(Q16.MAX, Q16.div(Q16.fromDouble(1000), Q16.fromDouble(0.001)));
        assertEquals(Q16.MAX, Q16.div(5, 0));
        assertEquals(Q16.MIN, Q16.div(-5, 0));
        assertEquals(0, Q16.div(0, 0));
        assertEquals(Q16.MAX, Q16.div(Q16.MIN, -1)); // 2^31 * 2^16 / ... overflows int: saturates
    }

    @Test
    void scalesKeepThirtyBitsOfPrecisionAtAnyMagnitude() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (double c : new double[] {0.9950124791926823, 4e-4, 1e-9, 3.5, 12345.678, -0.25, 0x1p29, 1.0}) {
            Q16.Scale s = Q16.Scale.of(c);
            assertEquals(c, s.value(), Math.abs(c) * 0x1p-29, "scale of " + c);
            for (int n = 0; n < 5_000; n++) {
                int x = rnd.nextInt(-(1000 << 16), 1000 << 16);
                // exact rational x * mantissa / 2^shift, rounded half up, clamped
                BigDecimal exact = BigDecimal.valueOf((long) x * s.mantissa())
                        .divide(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(s.shift())));
                int expected = clamp(exact.add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR));
                assertEquals(expected, s.apply(x), "x=" + x + " c=" + c + " seed " + SEED);
            }
        }
        assertEquals(0, Q16.Scale.of(0.0).apply(Q16.MAX));
        assertThrows(IllegalArgumentException.class, () -> Q16.Scale.of(0x1p30));
        assertThrows(IllegalArgumentException.class, () -> Q16.Scale.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Q16.Scale(1 << 30, 3));
        assertThrows(IllegalArgumentException.class, () -> new Q16.Scale(5, 63));
        assertTrue(Q16.Scale.of(1e-30).mantissa() >= 0);
    }
}
