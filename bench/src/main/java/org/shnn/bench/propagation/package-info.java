/**
 * JMH benchmark of spike propagation: the engine's off-heap CSR delivery loop against heap CSR, dense
 * heap rows, object-per-synapse lists and a dense matrix-vector product, on one fixed random matrix.
 */
package org.shnn.bench.propagation;
