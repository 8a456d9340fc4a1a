/**
 * JMH benchmarks of the {@code memory} module against the JDK facilities it replaces: pooled allocation
 * ({@link org.shnn.memory.pool.ArenaPool}) against an {@link java.lang.foreign.Arena} per request and
 * {@link java.nio.ByteBuffer#allocateDirect(int)}.
 */
package org.shnn.bench.memory;
