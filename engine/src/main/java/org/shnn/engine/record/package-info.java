/**
 * Recording: the off-heap {@link org.shnn.engine.record.SpikeRecorder} (optionally streaming into a
 * ring) and {@link org.shnn.engine.record.PopulationRates}.
 */
package org.shnn.engine.record;
