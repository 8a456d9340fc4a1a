/**
 * The spike exchange of distributed runs (issue 16) through SHNN's MPI binding against the same exchange in C
 * ({@code bench/mpi/exchange.c}); driven by {@code scripts/bench --mpi} ({@code bench/mpi_bench.py}).
 */
package org.shnn.bench.mpi;
