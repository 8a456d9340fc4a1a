/**
 * Layouts of synapse storage: the CSR matrix of a projection ({@link org.shnn.layouts.synapse.CsrLayout})
 * and the per-population delay ring ({@link org.shnn.layouts.synapse.DelayRingLayout}).
 */
package org.shnn.layouts.synapse;
