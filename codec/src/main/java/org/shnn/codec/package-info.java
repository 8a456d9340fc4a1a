/**
 * The versioned SHNN binary file format: a streaming writer that never leaves a half-written file and a
 * zero-copy reader that maps a file and hands out its sections as {@link java.lang.foreign.MemorySegment} slices.
 */
package org.shnn.codec;
