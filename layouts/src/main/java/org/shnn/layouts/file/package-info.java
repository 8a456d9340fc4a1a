/**
 * The on-disk layouts of the {@code .shnn} file format (owner: codec): the file header and the section-table
 * entry, declared once as little-endian {@link java.lang.foreign.MemoryLayout}s. The codec derives every offset
 * and {@link java.lang.invoke.VarHandle} from them; the format itself is specified in {@code codec/FORMAT.md}.
 */
package org.shnn.layouts.file;
