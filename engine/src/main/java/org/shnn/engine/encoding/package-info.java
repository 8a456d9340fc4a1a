/**
 * Encoders that turn values into spike trains and decoders that read values back from spike trains.
 *
 * <p>Encoders: {@link org.shnn.engine.encoding.PoissonRateEncoder} (rate),
 * {@link org.shnn.engine.encoding.LatencyEncoder} (time to first spike),
 * {@link org.shnn.engine.encoding.GaussianPopulationEncoder} (Gaussian receptive fields),
 * {@link org.shnn.engine.encoding.DeltaEncoder} (send-on-delta with ON/OFF channels),
 * {@link org.shnn.engine.encoding.RankOrderEncoder}, {@link org.shnn.engine.encoding.PhaseEncoder} and
 * {@link org.shnn.engine.encoding.BurstEncoder}. Decoders measure spike trains:
 * {@link org.shnn.engine.encoding.RateDecoder} (counts in a window),
 * {@link org.shnn.engine.encoding.FirstSpikeDecoder} (first-spike latency and rank order),
 * {@link org.shnn.engine.encoding.PopulationVectorDecoder}, {@link org.shnn.engine.encoding.PhaseDecoder}
 * and {@link org.shnn.engine.encoding.DeltaDecoder}; each encoder inverts its own value mapping
 * ({@code valueOf...}).
 *
 * <p>Spike trains are {@code (step, neuron)} pairs given to a {@link org.shnn.engine.encoding.SpikeTrainSink};
 * {@link org.shnn.engine.encoding.SpikeTrainBuffer} stores them off-heap as {@code shnn_spike_record}s.
 * Time is in whole simulation steps of {@code dt} ms; durations given in ms are rounded to the nearest step.
 * Random encoders draw from {@link org.shnn.engine.random.CounterRng} streams keyed by (seed, encoder kind,
 * neuron, start step), so their output for a seed does not depend on call order or thread.
 */
package org.shnn.engine.encoding;
