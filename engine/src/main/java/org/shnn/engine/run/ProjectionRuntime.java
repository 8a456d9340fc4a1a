package org.shnn.engine.run;

import org.shnn.engine.network.Projection;
import org.shnn.engine.synapse.CsrMatrix;
import org.shnn.engine.synapse.ShortTermState;

/**
 * A projection at run time: its CSR matrix, the target population, and its Tsodyks-Markram state (one copy
 * per worker; null for static synapses). Immutable references.
 *
 * <p>Creating one asks its matrix whether it is one-to-one ({@link CsrMatrix#diagonal}) now, outside the step: the
 * first ask finds out, later ones read the answer. A first ask inside the step takes a branch that a warm-up's
 * scratch copy never took in its last thousands of steps, and C2's code of the step's delivery deoptimised at the
 * first step of every run and was compiled again inside it (bench/RESULTS.md section 60).
 */
record ProjectionRuntime(Projection spec, CsrMatrix csr, PopulationRuntime target, ShortTermState shortTerm) {

    ProjectionRuntime {
        csr.diagonal(); // found here, once; DeliveryBatch.target reads it every step
    }
}
