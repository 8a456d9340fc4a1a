/**
 * jcstress tests (OpenJDK's concurrency stress harness, {@code org.openjdk.jcstress}) of the record rings and
 * the live spike streams: each test races a few actors over a fresh ring many million times, on every
 * interleaving and memory-ordering the JIT and the hardware allow, and classifies the outcomes; a forbidden
 * outcome (a torn, lost or duplicated record) fails the run. Run by {@code scripts/bench --jcstress}
 * ({@code --quick}: a short pass, from {@code scripts/test}).
 */
package org.shnn.bench.ring.stress;
