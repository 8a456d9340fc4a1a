package org.shnn.layouts.cheader;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Translates one Java {@link StructLayout} into a C11 struct declaration and its field list, and proves on
 * the way that C's layout rules give the same offsets, size and alignment as the Java layout (LP64 ABI:
 * every fixed-width type and {@code float}/{@code double} is aligned to its size). Where the Java alignment
 * exceeds C's natural one, the member gets {@code _Alignas}; a struct aligned above its members gets
 * {@code _Alignas} on its first member. What C11 cannot express is rejected with an
 * {@link IllegalArgumentException} naming the entry, the field and the reason.
 *
 * <p>Single use, not thread-safe: one instance per translated entry.
 */
final class StructTranslator {

    /** A translated struct: its declaration lines (no trailing newline), alignment and fields. */
    record Translation(List<String> lines, long alignment, List<CField> fields) {
    }

    /** A member declaration; {@code alignas} 0 means none; lines unindented, the first gets the {@code _Alignas}. */
    private record Decl(long alignas, List<String> lines) {
        Decl withAlignas(long value) {
            return new Decl(value, lines);
        }

        List<String> render() {
            List<String> out = new ArrayList<>(lines);
            if (alignas > 0) {
                out.set(0, "_Alignas(" + alignas + ") " + out.getFirst());
            }
            return out;
        }
    }

    /** A translated struct body before it is wrapped. */
    private record Body(List<Decl> members, long alignment) {
        List<String> indented() {
            List<String> out = new ArrayList<>();
            for (Decl member : members) {
                for (String line : member.render()) {
                    out.add("    " + line);
                }
            }
            return out;
        }
    }

    /** Where a struct sits: Java path, C designator and macro stem of its members, byte offset in the entry. */
    private record Scope(List<String> javaPath, String designator, String macroStem, long base, boolean listFields) {
        Scope child(String javaName, String cName, long offset) {
            List<String> path = new ArrayList<>(javaPath);
            path.add(javaName);
            return new Scope(path, designator + cName + ".", macroStem + "_" + CNames.macroSegment(javaName),
                    base + offset, listFields);
        }
    }

    private final String entryName;
    private final List<CField> fields = new ArrayList<>();

    StructTranslator(String entryName) {
        this.entryName = entryName;
    }

    /** Translates {@code layout} into {@code typedef struct entryName {...} entryName;}. */
    Translation translate(StructLayout layout) {
        Body body = struct(layout, new Scope(List.of(), "", CNames.macroPrefix(entryName), 0, true));
        List<String> lines = new ArrayList<>();
        lines.add("typedef struct " + entryName + " {");
        lines.addAll(body.indented());
        lines.add("} " + entryName + ";");
        return new Translation(lines, body.alignment(), List.copyOf(fields));
    }

    private Body struct(StructLayout layout, Scope scope) {
        if (layout.memberLayouts().isEmpty()) {
            throw unsupported(scope.javaPath(), "an empty struct cannot be declared in C11");
        }
        List<Decl> members = new ArrayList<>();
        Set<String> memberNames = new HashSet<>();
        long javaOffset = 0;
        long cOffset = 0;
        long naturalAlignment = 1;
        int pads = 0;
        int index = 0;
        for (MemoryLayout member : layout.memberLayouts()) {
            int position = index;
            String cName;
            Decl decl;
            long cAlignment;
            if (member instanceof PaddingLayout) {
                cName = "_pad" + pads++;
                decl = new Decl(0, List.of("uint8_t " + cName + "[" + member.byteSize() + "];"));
                cAlignment = 1;
            } else {
                String javaName = member.name().orElseThrow(() -> unsupported(scope.javaPath(),
                        "member #" + position + " (" + member
                                + ") has no name; give it one with withName(...)"));
                List<String> path = append(scope.javaPath(), javaName);
                cName = CNames.member(javaName);
                long natural;
                if (member instanceof ValueLayout value) {
                    natural = value.byteSize();
                    decl = new Decl(0, List.of(scalarType(value, path) + " " + cName + ";"));
                } else if (member instanceof SequenceLayout sequence) {
                    Element element = arrayElement(sequence, path, scope);
                    natural = element.alignment();
                    decl = element.declare(cName);
                } else if (member instanceof StructLayout nested) {
                    if (scope.listFields()) {
                        addField(scope, javaName, cName, javaOffset, member);
                    }
                    Body inner = struct(nested, scope.child(javaName, cName, javaOffset));
                    natural = inner.alignment();
                    decl = new Decl(0, wrap(inner, cName + ";"));
                } else {
                    throw unsupported(path, describeUnsupported(member));
                }
                if (scope.listFields() && !(member instanceof StructLayout)) {
                    addField(scope, javaName, cName, javaOffset, member);
                }
                if (member.byteAlignment() < natural) {
                    throw unsupported(path, "its Java alignment " + member.byteAlignment()
                            + " is below C's natural alignment " + natural + " and C11 cannot under-align a member");
                }
                if (member.byteAlignment() > natural) {
                    decl = decl.withAlignas(member.byteAlignment());
                }
                cAlignment = member.byteAlignment();
            }
            if (!memberNames.add(cName)) {
                throw unsupported(scope.javaPath(), "member #" + index + " maps to the C name '" + cName
                        + "' that an earlier member already has");
            }
            cOffset = alignUp(cOffset, cAlignment);
            if (cOffset != javaOffset) { // cannot happen for a valid StructLayout; kept as the proof's last step
                throw unsupported(append(scope.javaPath(), cName), "C places it at offset " + cOffset
                        + ", Java at " + javaOffset);
            }
            members.add(decl);
            javaOffset += member.byteSize();
            cOffset += member.byteSize();
            naturalAlignment = Math.max(naturalAlignment, cAlignment);
            index++;
        }
        long alignment = layout.byteAlignment();
        if (alignment > naturalAlignment) {
            members.set(0, members.getFirst().withAlignas(alignment));
        } else if (alignment < naturalAlignment) {
            throw unsupported(scope.javaPath(), "struct alignment " + alignment + " is below its members' "
                    + naturalAlignment);
        }
        long cSize = alignUp(cOffset, alignment);
        if (cSize != layout.byteSize()) {
            throw unsupported(scope.javaPath(), "C rounds the struct up to " + cSize + " bytes (a multiple of its "
                    + alignment + "-byte alignment) but the Java layout is " + layout.byteSize()
                    + " bytes; end it with MemoryLayout.paddingLayout(" + (cSize - layout.byteSize()) + ")");
        }
        return new Body(members, alignment);
    }

    /** The innermost element of a (possibly nested) sequence and the array dimensions. */
    private record Element(String typeName, Body struct, String dimensions, long alignment) {
        Decl declare(String cName) {
            return struct == null
                    ? new Decl(0, List.of(typeName + " " + cName + dimensions + ";"))
                    : new Decl(0, wrap(struct, cName + dimensions + ";"));
        }
    }

    private Element arrayElement(SequenceLayout sequence, List<String> path, Scope scope) {
        StringBuilder dimensions = new StringBuilder();
        MemoryLayout element = sequence;
        while (element instanceof SequenceLayout s) {
            if (s.elementCount() == 0) {
                throw unsupported(path, "a zero-length array cannot be declared in C11");
            }
            dimensions.append('[').append(s.elementCount()).append(']');
            element = s.elementLayout();
        }
        if (element instanceof ValueLayout value) {
            return new Element(scalarType(value, path), null, dimensions.toString(), value.byteSize());
        }
        if (element instanceof StructLayout struct) {
            // Members of array elements are not listed as fields (their offsets depend on the index).
            Body body = struct(struct,
                    new Scope(path, "", scope.macroStem(), 0, false));
            return new Element(null, body, dimensions.toString(), body.alignment());
        }
        throw unsupported(path, "array of " + describeUnsupported(element));
    }

    private static List<String> wrap(Body body, String tail) {
        List<String> lines = new ArrayList<>();
        lines.add("struct {");
        lines.addAll(body.indented());
        lines.add("} " + tail);
        return lines;
    }

    private void addField(Scope scope, String javaName, String cName, long offset, MemoryLayout member) {
        String stem = scope.macroStem() + "_" + CNames.macroSegment(javaName);
        fields.add(new CField(scope.designator() + cName, append(scope.javaPath(), javaName), stem + "_OFFSET",
                stem + "_SIZE", scope.base() + offset, member.byteSize()));
    }

    /**
     * The C type of the element of column {@code javaName} of a struct-of-arrays entry; a typedef cannot
     * carry {@code _Alignas}, so the element's alignment must be its size.
     */
    String elementType(ValueLayout column, String javaName) {
        List<String> path = List.of(javaName);
        String type = scalarType(column, path);
        if (column.byteAlignment() != column.byteSize()) {
            throw unsupported(path, "element alignment " + column.byteAlignment() + " differs from its size "
                    + column.byteSize() + " (C's natural alignment), which a C typedef cannot express");
        }
        return type;
    }

    private String scalarType(ValueLayout value, List<String> path) {
        if (value instanceof AddressLayout) {
            throw unsupported(path, "an address (pointer) is meaningless in shared memory; store an offset in a JAVA_LONG");
        }
        if (value.order() != ByteOrder.nativeOrder()) {
            throw unsupported(path, "byte order " + value.order() + " differs from this machine's "
                    + ByteOrder.nativeOrder() + ", so C's native loads would read it wrongly");
        }
        return cType(value);
    }

    /** The C type of a Java value layout's carrier (byte size checked by the header's own asserts). */
    private static String cType(ValueLayout value) {
        Class<?> carrier = value.carrier();
        if (carrier == byte.class) {
            return "int8_t";
        } else if (carrier == boolean.class) {
            return "uint8_t";
        } else if (carrier == short.class) {
            return "int16_t";
        } else if (carrier == char.class) {
            return "uint16_t";
        } else if (carrier == int.class) {
            return "int32_t";
        } else if (carrier == long.class) {
            return "int64_t";
        } else if (carrier == float.class) {
            return "float";
        } else if (carrier == double.class) {
            return "double";
        }
        throw new IllegalArgumentException("no C type for carrier " + carrier.getName());
    }

    private static String describeUnsupported(MemoryLayout layout) {
        return switch (layout) {
            case UnionLayout union -> "union " + union + " is not supported (declare a struct)";
            case PaddingLayout padding -> "padding " + padding + " is not supported here (use one paddingLayout"
                    + " of the total size)";
            default -> layout + " is not supported (only structs, arrays and value layouts translate to C)";
        };
    }

    private IllegalArgumentException unsupported(List<String> path, String reason) {
        String where = path.isEmpty() ? entryName : entryName + "." + String.join(".", path);
        return new IllegalArgumentException("cannot express " + where + " in C11: " + reason);
    }

    private static List<String> append(List<String> path, String name) {
        List<String> out = new ArrayList<>(path);
        out.add(name);
        return out;
    }

    private static long alignUp(long offset, long alignment) {
        return (offset + alignment - 1) & -alignment;
    }
}
