/** Live spike stream figures: external spike in to output spike out latency ({@link org.shnn.bench.stream.StreamLatency}). */
package org.shnn.bench.stream;
