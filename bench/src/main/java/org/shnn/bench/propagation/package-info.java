/**
 * JMH benchmarks of spike propagation: the engine's off-heap CSR delivery ({@code DeliveryBatch})
 * against heap CSR, dense heap rows, object-per-synapse lists and a dense matrix-vector product on one
 * fixed 1000 x 1000 matrix ({@link org.shnn.bench.propagation.PropagationBenchmark}), and against heap
 * CSR at the size of COBA with 40,000 neurons ({@link org.shnn.bench.propagation.DeliveryBenchmark}); and, not JMH,
 * the thread CPU of the delivery contenders ({@link org.shnn.bench.propagation.CpuTime}) and the CPU and wall time of
 * the whole step loop of two builds of the engine ({@link org.shnn.bench.propagation.StepCpu}).
 */
package org.shnn.bench.propagation;
