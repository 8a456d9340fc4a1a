/**
 * The memory format of a live spike stream (owner: {@code org.shnn.engine.stream}): the stream header that
 * precedes a record ring, declared once as a {@link java.lang.foreign.MemoryLayout} and generated into the C
 * header for native producers and consumers in other processes.
 */
package org.shnn.layouts.stream;
