/** Benchmarks of assembling networks from descriptions ({@code org.shnn.engine.assembly}). */
package org.shnn.bench.assembly;
