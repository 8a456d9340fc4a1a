/**
 * JMH benchmarks of SHNN's spike rings ({@link org.shnn.memory.ring.SpscRing},
 * {@link org.shnn.memory.ring.MpscRing}) against the queues they replace: {@code ArrayBlockingQueue},
 * JCTools 4.0.7 {@code SpscArrayQueue}/{@code MpscArrayQueue} and Agrona 2.6.0
 * {@code OneToOneRingBuffer}/{@code ManyToOneRingBuffer}.
 *
 * <p>Every contender carries the same spike (a {@code long} time step and an {@code int} neuron id)
 * through one {@link org.shnn.bench.ring.SpikeQueue} adapter, chosen by the {@code impl} parameter; a
 * JMH fork runs one implementation, so the adapter's call sites stay monomorphic and inline. How each
 * contender holds the payload is written on its adapter and in {@code bench/RESULTS.md}.
 */
package org.shnn.bench.ring;
