/** JMH benchmarks of plasticity in the simulation loop against the same static network. */
package org.shnn.bench.plasticity;
