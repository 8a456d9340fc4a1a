package org.shnn.layouts.cheader;

import java.util.List;

/**
 * One field of a struct entry as the generated header declares it: a named member of the struct or of a
 * nested struct (members of array elements are not listed; their array is).
 *
 * @param designator the C member designator, usable in {@code offsetof} (e.g. {@code header.tail})
 * @param javaPath the Java member names from the entry's layout down to the field, for
 *        {@code MemoryLayout.PathElement.groupElement} (unmodifiable)
 * @param offsetMacro the macro holding the byte offset from the start of the entry's struct
 * @param sizeMacro the macro holding the field's size in bytes
 * @param offset byte offset from the start of the entry's struct
 * @param size bytes
 */
public record CField(String designator, List<String> javaPath, String offsetMacro, String sizeMacro, long offset,
        long size) {

    /** Copies {@code javaPath}. */
    public CField {
        javaPath = List.copyOf(javaPath);
    }
}
