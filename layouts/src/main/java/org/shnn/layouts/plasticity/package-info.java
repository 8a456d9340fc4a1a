/**
 * Off-heap layouts of synaptic plasticity state: per-neuron STDP traces (pair and triplet), homeostatic
 * scaling counters, and the transposed (post-synaptic) synapse index.
 */
package org.shnn.layouts.plasticity;
