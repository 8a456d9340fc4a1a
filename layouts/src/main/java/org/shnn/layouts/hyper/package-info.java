/** Off-heap layouts of hyperedges: the per-hyperedge record, the CSR-like incidence arrays and the coincidence state. */
package org.shnn.layouts.hyper;
