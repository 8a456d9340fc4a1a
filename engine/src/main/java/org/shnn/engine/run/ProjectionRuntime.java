package org.shnn.engine.run;

import org.shnn.engine.network.Projection;
import org.shnn.engine.synapse.CsrMatrix;

/** A projection at run time: its CSR matrix and the target population's ring. Immutable. */
record ProjectionRuntime(Projection spec, CsrMatrix csr, PopulationRuntime target) {
}
