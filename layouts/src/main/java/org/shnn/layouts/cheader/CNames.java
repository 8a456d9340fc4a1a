package org.shnn.layouts.cheader;

import java.util.Locale;
import java.util.Set;

/**
 * How Java layout names become C identifiers in {@code shnn_layouts.h}. The rules are part of the header's
 * contract (C code spells these names):
 * <ul>
 *   <li>struct member: the Java name with every character outside {@code [A-Za-z0-9_]} replaced by
 *       {@code _}, a leading {@code _} added before a digit, a trailing {@code _} added to a C keyword
 *       ({@code "time-step"} &rarr; {@code time_step}, {@code "2x"} &rarr; {@code _2x}, {@code "int"} &rarr;
 *       {@code int_});</li>
 *   <li>macro segment: camelCase split into upper snake case ({@code "timeStep"} &rarr; {@code TIME_STEP},
 *       {@code "HTTPServer"} &rarr; {@code HTTP_SERVER}), other characters as above;</li>
 *   <li>macro prefix: the entry's C name upper-cased ({@code shnn_ring_header} &rarr; {@code SHNN_RING_HEADER});</li>
 *   <li>column element type: {@code <entry>_<column>_t} ({@code shnn_lif_state_v_t}).</li>
 * </ul>
 * Distinct Java names may map to one C name; the generator rejects such collisions. Stateless, thread-safe.
 */
public final class CNames {

    /** C11 keywords plus C23's new ones, so that the header also reads under a C23 compiler. */
    private static final Set<String> KEYWORDS = Set.of(
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
            "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
            "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
            "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
            "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
            "alignas", "alignof", "bool", "constexpr", "false", "nullptr", "static_assert", "thread_local",
            "true", "typeof", "typeof_unqual");

    private CNames() {
    }

    /** The C struct member name for Java member name {@code javaName} (see the class rules). */
    public static String member(String javaName) {
        String id = identifierPart(javaName);
        if (Character.isDigit(id.charAt(0))) {
            id = "_" + id;
        }
        return KEYWORDS.contains(id) ? id + "_" : id;
    }

    /** The upper-snake-case macro segment for Java name {@code javaName} (see the class rules). */
    public static String macroSegment(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (!isAsciiLetterOrDigit(c)) {
                out.append('_');
                continue;
            }
            if (isAsciiUpper(c) && i > 0) {
                char prev = javaName.charAt(i - 1);
                boolean nextLower = i + 1 < javaName.length() && isAsciiLower(javaName.charAt(i + 1));
                if (isAsciiLower(prev) || isAsciiDigit(prev) || (isAsciiUpper(prev) && nextLower)) {
                    out.append('_');
                }
            }
            out.append(Character.toUpperCase(c));
        }
        return out.isEmpty() ? "_" : out.toString();
    }

    /** The macro prefix of catalog entry {@code cName}: its name upper-cased. */
    public static String macroPrefix(String cName) {
        return cName.toUpperCase(Locale.ROOT);
    }

    /** The element typedef of column {@code column} of struct-of-arrays entry {@code cName}. */
    public static String columnType(String cName, String column) {
        return cName + "_" + identifierPart(column) + "_t";
    }

    /** {@code javaName} with characters outside {@code [A-Za-z0-9_]} replaced by {@code _}; never empty. */
    private static String identifierPart(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length());
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            out.append(isAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }
        return out.isEmpty() ? "_" : out.toString();
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiUpper(c) || isAsciiLower(c) || isAsciiDigit(c);
    }

    private static boolean isAsciiUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
