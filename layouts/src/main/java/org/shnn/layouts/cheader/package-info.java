/**
 * The C header generator: writes {@code shnn_layouts.h} (structs, offset/size macros and
 * {@code _Static_assert}s) from the {@link org.shnn.layouts.LayoutCatalog}, so that C code (the native host)
 * reads the same bytes as the Java {@link java.lang.foreign.MemoryLayout}s.
 */
package org.shnn.layouts.cheader;
