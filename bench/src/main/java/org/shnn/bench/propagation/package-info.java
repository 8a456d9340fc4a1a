/**
 * JMH benchmarks of spike propagation: the engine's off-heap CSR delivery ({@code DeliveryBatch})
 * against heap CSR, dense heap rows, object-per-synapse lists and a dense matrix-vector product on one
 * fixed 1000 x 1000 matrix ({@link org.shnn.bench.propagation.PropagationBenchmark}), and against heap
 * CSR at the size of COBA with 40,000 neurons ({@link org.shnn.bench.propagation.DeliveryBenchmark}).
 */
package org.shnn.bench.propagation;
