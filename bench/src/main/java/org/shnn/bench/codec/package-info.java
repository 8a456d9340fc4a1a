/**
 * JMH benchmarks of the codec: saving and opening a network's state (256 MiB to 1 GiB of float, double, int
 * and long arrays) as an SHNN file against {@code DataOutputStream}/{@code DataInputStream} and
 * {@code ObjectOutputStream}/{@code ObjectInputStream} of the same arrays, in the same run.
 */
package org.shnn.bench.codec;
