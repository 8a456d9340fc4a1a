/**
 * Every off-heap structure of SHNN declared once as a {@link java.lang.foreign.MemoryLayout};
 * offsets, {@link java.lang.invoke.VarHandle}s and the generated C header all derive from these declarations.
 */
package org.shnn.layouts;
