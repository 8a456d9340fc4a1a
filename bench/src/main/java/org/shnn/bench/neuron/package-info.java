/** JMH: the neuron update loops of the engine (LIF CUBA, LIF COBA) against the same arithmetic on plain heap arrays. */
package org.shnn.bench.neuron;
