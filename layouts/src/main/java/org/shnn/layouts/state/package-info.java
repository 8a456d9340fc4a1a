/**
 * Struct-of-arrays layouts of per-neuron state: {@link org.shnn.layouts.state.SoaLayout} (named, 64-byte
 * aligned columns) and {@link org.shnn.layouts.state.NeuronStateLayouts} (one layout per neuron model).
 */
package org.shnn.layouts.state;
