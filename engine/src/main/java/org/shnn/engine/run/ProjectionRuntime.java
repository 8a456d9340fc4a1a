package org.shnn.engine.run;

import org.shnn.engine.network.Projection;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.engine.synapse.ShortTermState;

/**
 * A projection at run time: its CSR matrix, the target population, and its Tsodyks-Markram state (one copy
 * per worker; null for static synapses). Immutable references.
 */
record ProjectionRuntime(Projection spec, CsrMatrix csr, PopulationRuntime target, ShortTermState shortTerm) {
}
