package org.shnn.engine.spec;

/** Field checks of the spec records, throwing {@link SpecException} with the element and field named. */
final class Fields {

    private Fields() {
    }

    static void finite(String element, String field, double v) {
        if (!Double.isFinite(v)) {
            throw new SpecException(element, field, "expected a finite number but found " + v);
        }
    }

    static void nonNegative(String element, String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new SpecException(element, field, "expected a finite number >= 0 but found " + v);
        }
    }

    static void positive(String element, String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new SpecException(element, field, "expected a finite number > 0 but found " + v);
        }
    }

    static void probability(String element, String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new SpecException(element, field, "expected a probability in [0, 1] but found " + v);
        }
    }

    static void nonEmpty(String element, String field, String v) {
        if (v == null || v.isEmpty()) {
            throw new SpecException(element, field, "expected a non-empty name but found " + (v == null ? "none" : "''"));
        }
    }

    static <T> T present(String element, String field, T v) {
        if (v == null) {
            throw new SpecException(element, field, "expected a value but found none");
        }
        return v;
    }
}
