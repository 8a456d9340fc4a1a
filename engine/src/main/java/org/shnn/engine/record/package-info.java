/**
 * Recording: the off-heap {@link org.shnn.engine.record.SpikeRecorder} (optionally streaming into a
 * ring), the neurons whose spikes it keeps ({@link org.shnn.engine.record.SpikeMonitorSpec},
 * {@link org.shnn.engine.record.SpikeSelection}), state monitors and {@link org.shnn.engine.record.PopulationRates}.
 */
package org.shnn.engine.record;
