/**
 * Checkpoints: a running {@link org.shnn.engine.run.Simulation} saved as an SHNN file (every state segment a
 * section, the clock, the recorded spikes and the network's fingerprint in metadata) and opened again so
 * that it resumes bit-identically; the CSR synapses are used in place from the mapped file.
 */
package org.shnn.engine.checkpoint;
