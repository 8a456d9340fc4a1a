/**
 * The network description ("the spec"): plain immutable records that describe a whole network in
 * PyNN's vocabulary and units (mV, ms, nA, nF, uS, Hz), validated as a whole by
 * {@link org.shnn.engine.spec.NetworkSpec#validate()} before anything is allocated. It is the one
 * source from which a simulation is assembled, saved and reopened, and the one form every host
 * writes: Java directly, network files (JSON), C and Python.
 *
 * <p>Nothing here allocates off-heap memory or draws random numbers; large arrays are referenced
 * ({@link org.shnn.engine.spec.ArrayRef}), never copied through the heap.
 */
package org.shnn.engine.spec;
