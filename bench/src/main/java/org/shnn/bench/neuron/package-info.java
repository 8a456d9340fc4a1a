/** JMH: the neuron update loop of the engine against the same arithmetic on plain heap arrays. */
package org.shnn.bench.neuron;
