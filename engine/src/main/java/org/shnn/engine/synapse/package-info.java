/**
 * Synapse storage and delivery structures: the off-heap {@link org.shnn.engine.synapse.CsrMatrix},
 * its deterministic parallel {@link org.shnn.engine.synapse.CsrBuilder}, and the per-population
 * {@link org.shnn.engine.synapse.DelayRing}.
 */
package org.shnn.engine.synapse;
