/** Benchmarks of live runs (engine.live): scheduling a task on the step-keyed timer wheel against the JDK's executors. */
package org.shnn.bench.live;
