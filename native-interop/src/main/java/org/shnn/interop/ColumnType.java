package org.shnn.interop;

import java.lang.foreign.ValueLayout;

/**
 * The element-type codes of state columns handed to native hosts ({@code SHNN_TYPE_*} in
 * {@code shnn.h}; a test keeps them equal). The codes match the column types
 * {@link org.shnn.layouts.state.SoaLayout.Column} allows, in native byte order.
 *
 * <p>Thread-safety: constants only.
 */
final class ColumnType {

    /** {@code double} (IEEE 754 binary64). */
    static final int F64 = 1;
    /** {@code float} (IEEE 754 binary32). */
    static final int F32 = 2;
    /** {@code int32_t}. */
    static final int I32 = 3;
    /** {@code int64_t}. */
    static final int I64 = 4;

    private ColumnType() {
    }

    /** The code of {@code type}; {@link IllegalArgumentException} for a layout a column cannot have. */
    static int of(ValueLayout type) {
        ValueLayout t = type.withoutName();
        if (t.equals(ValueLayout.JAVA_DOUBLE)) {
            return F64;
        }
        if (t.equals(ValueLayout.JAVA_FLOAT)) {
            return F32;
        }
        if (t.equals(ValueLayout.JAVA_INT)) {
            return I32;
        }
        if (t.equals(ValueLayout.JAVA_LONG)) {
            return I64;
        }
        throw new IllegalArgumentException("no column type code for layout " + type);
    }

    /** The C macro name of {@code code} (e.g. {@code "SHNN_TYPE_F64"}). */
    static String name(int code) {
        return switch (code) {
            case F64 -> "SHNN_TYPE_F64";
            case F32 -> "SHNN_TYPE_F32";
            case I32 -> "SHNN_TYPE_I32";
            case I64 -> "SHNN_TYPE_I64";
            default -> throw new IllegalArgumentException("unknown column type code " + code);
        };
    }
}
